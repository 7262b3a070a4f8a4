"""Factories for the finance claims part; its cross-tenant entries (model → make(union)) are
merged into tests/finance/factories.py's CROSS_TENANT."""

CROSS_TENANT: dict = {}
