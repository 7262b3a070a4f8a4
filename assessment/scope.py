"""The assessment's one rule beyond the core ones (unionadmin/scoping.py).

Reviewing a sheet needs a federation role that covers *both* the unit and the rubric's
federation: a reviewer of a district federation below the city does not review the city's
rubric for a unit of the district. ``AllOf`` grants what every one of its rules grants.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import and_

from unionadmin.scoping import Rule


@dataclass(frozen=True, init=False)
class AllOf(Rule):
    """Rows every one of ``rules`` grants, for the actions they all name."""

    rules: tuple
    actions: frozenset

    def __init__(self, *rules: Rule):
        object.__setattr__(self, "rules", tuple(rules))
        object.__setattr__(self, "actions", frozenset.intersection(*(frozenset(r.actions) for r in rules)))

    def q(self, user, policy, action):
        parts = [rule.q(user, policy, action) for rule in self.rules]
        return None if any(q is None for q in parts) else reduce(and_, parts)

    def allows(self, user, policy, action, obj):
        return all(rule.allows(user, policy, action, obj) for rule in self.rules)
