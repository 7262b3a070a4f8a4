"""Parts of congress added for the union's own congress and its people (issue 18) register their
menu entries, home and object panels, indicators, document kinds, notification kinds and demo
steps with the core here; CongressConfig.ready calls every part's ``register``."""

PARTS = ("elections", "reelection", "women")
