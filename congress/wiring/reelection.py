"""What the reelection part offers the core's registries."""


def register() -> None:
    pass
