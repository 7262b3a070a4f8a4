"""The demo county: a fictitious county federation with its unions, members and one login per role.

``manage.py load_demo`` loads it; ``data`` holds the county as plain data, ``people`` makes
members' names and identity numbers, ``builder`` writes everything in one transaction.
"""
from .builder import DemoResult, demo_loaded, demo_logins, load_demo

__all__ = ["DemoResult", "demo_loaded", "demo_logins", "load_demo"]
