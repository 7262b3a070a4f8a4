"""What the women part offers the core's registries."""


def register() -> None:
    pass
