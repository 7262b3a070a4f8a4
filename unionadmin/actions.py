"""What a person may do next with a stateful record, computed once in Python.

A model lists its steps (``Step``: the states it is possible from, the scope action it
needs, an optional further condition) and gets ``allowed_actions(user)``. Templates only ask
that set (``{% if "approve" in allowed %}``, see the ``allowed_actions`` filter) and the
action views refuse a step not in it, so a button shown is a button that works and a hidden
one is refused — one function decides both.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """``name`` is the step (the action view's ``step``); ``states`` the values of the
    model's ``state_field`` it is possible from (empty: any); ``needs`` the scope action the
    person must be allowed on the record; ``when(obj, user)`` any further condition."""

    name: str
    states: frozenset = frozenset()
    needs: str = "change"
    when: Callable | None = None

    def __init__(self, name, states=(), needs="change", when=None):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "states", frozenset({states} if isinstance(states, str) else states))
        object.__setattr__(self, "needs", needs)
        object.__setattr__(self, "when", when)


class StepsMixin:
    """For models with ``steps`` (a tuple of ``Step``) and a ``scope`` policy."""

    steps: tuple[Step, ...] = ()
    state_field = "state"

    def allowed_actions(self, user) -> frozenset[str]:
        cache = self.__dict__.setdefault("_allowed_actions_cache", {})
        key = getattr(user, "pk", None)
        if key not in cache:
            state = getattr(self, self.state_field, None)
            rights: dict[str, bool] = {}
            allowed = set()
            for step in self.steps:
                if step.states and state not in step.states:
                    continue
                if step.needs not in rights:
                    rights[step.needs] = type(self).scope.allows(user, step.needs, self)
                if rights[step.needs] and (step.when is None or step.when(self, user)):
                    allowed.add(step.name)
            cache[key] = frozenset(allowed)
        return cache[key]

    def forget_allowed_actions(self):
        """After a change of state in the same request."""
        self.__dict__.pop("_allowed_actions_cache", None)
