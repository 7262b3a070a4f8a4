"""Each part of finance registers its menu entries, home panels, indicators, document kinds and
demo steps with the core here; FinanceConfig.ready calls every part's ``register``."""
PARTS = ("allocation", "budgets", "claims", "rules", "reports", "audit")
