"""What the elections part offers the core's registries."""


def register() -> None:
    pass
