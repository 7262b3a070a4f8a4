"""What each app adds to the demo county, registered in its AppConfig.ready().

``manage.py load_demo`` builds the county itself (organisations, logins, members), then runs
every registered step in order with the county federation and the demo users by username.
Each step must be idempotent: it adds its data once and does nothing on later runs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class DemoStep:
    name: str
    order: int
    load: Callable  # (federation, users: dict[str, User]) -> anything
    # Logins the step adds that a demo is walked through with: (username, what to try with it).
    # load_demo prints them under the one-per-role table, read from the database.
    logins: tuple[tuple[str, str], ...] = ()


steps: list[DemoStep] = []


def add_demo_step(step: DemoStep):
    if any(existing.name == step.name for existing in steps):
        raise ValueError(f"demo step {step.name!r} is registered twice")
    steps.append(step)
    steps.sort(key=lambda s: s.order)
