"""What the audit part of finance offers the core's registries (menu, home panels, indicators,
documents, demo steps); called once from FinanceConfig.ready."""


def register() -> None:
    """Nothing is registered yet."""
