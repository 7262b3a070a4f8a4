"""The competitions' own scoping rules, beyond the core's (unionadmin/scoping.py).

Union staff see competitions, entries and proposals through each model's ``ScopePolicy``
(``Within`` the organiser's or the union's subtree, ``FromAbove`` for the units below the
organiser). Beyond that, and only within the subtree where the person holds the role that
lets them in:

* a **judge** (``Role.JUDGE`` held at the organiser or above it) sees the competitions they
  are assigned to (for the whole competition or for some entries), the entries assigned to
  them, and only their own scores, recusals and assignments;
* an **evaluator** (``Role.DEPARTMENT`` or ``Role.JUDGE``) sees the rationalisation proposals
  routed to them.

Revoking the role ends the access at once, whatever rows still name the person.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from django.db.models import Q

from unionadmin.roles import Role
from unionadmin.scoping import Match, Rule, Within, _actions

EVALUATOR_ROLES = frozenset({Role.DEPARTMENT, Role.JUDGE})
JUDGE_ROLES = frozenset({Role.JUDGE})


class Assignments(NamedTuple):
    competitions: frozenset  # every competition the person judges, whole or by some entries
    whole: frozenset  # the competitions they judge as a whole
    entries: frozenset  # the entries assigned to them one by one


def judge_assignments(user) -> Assignments:
    """The person's judge assignments, read once per user object (one query), like role_paths."""
    cached = getattr(user, "_judge_assignments_cache", None)
    if cached is None:
        from .models import JudgeAssignment

        rows = list(JudgeAssignment.objects.filter(judge=user).values_list("competition_id", "entry_id"))
        cached = Assignments(frozenset(c for c, _e in rows), frozenset(c for c, e in rows if e is None),
                             frozenset(e for _c, e in rows if e is not None))
        user._judge_assignments_cache = cached
    return cached


@dataclass(frozen=True, init=False)
class _Named(Rule):
    """People holding one of ``roles`` at the row's organisation or above it, and named by the
    row (``named_q``/``names``): both must hold, so a revoked role ends the access."""

    roles: ClassVar[frozenset] = frozenset()
    actions: frozenset
    only: Match | None = None

    def __init__(self, actions, *, only: Match | None = None):
        object.__setattr__(self, "actions", _actions(actions))
        object.__setattr__(self, "only", only)

    def _cover(self) -> Within:
        return Within(self.roles, self.actions, only=self.only)

    def q(self, user, policy, action):
        cover = self._cover().q(user, policy, action)
        return None if cover is None else cover & self.named_q(user)

    def allows(self, user, policy, action, obj):
        return self._cover().allows(user, policy, action, obj) and self.names(user, obj)

    def named_q(self, user) -> Q:
        raise NotImplementedError

    def names(self, user, obj) -> bool:
        raise NotImplementedError


class JudgeOfCompetition(_Named):
    """A judge assigned to the competition, as a whole or for some of its entries."""

    roles = JUDGE_ROLES

    def named_q(self, user):
        from .models import JudgeAssignment

        return Q(pk__in=JudgeAssignment.objects.filter(judge=user).values("competition_id"))

    def names(self, user, obj):
        return obj.pk in judge_assignments(user).competitions


class JudgeOfEntry(_Named):
    """A judge assigned to the entry, or to its whole competition."""

    roles = JUDGE_ROLES

    def named_q(self, user):
        from .models import JudgeAssignment

        mine = JudgeAssignment.objects.filter(judge=user)
        return (Q(competition__in=mine.filter(entry__isnull=True).values("competition_id"))
                | Q(pk__in=mine.filter(entry__isnull=False).values("entry_id")))

    def names(self, user, obj):
        assigned = judge_assignments(user)
        return obj.competition_id in assigned.whole or obj.pk in assigned.entries


class OwnAsJudge(_Named):
    """A judge's own rows (their scores, recusals, assignments): never another judge's."""

    roles = JUDGE_ROLES

    def named_q(self, user):
        return Q(judge_id=user.pk)

    def names(self, user, obj):
        return obj.judge_id == user.pk


class RoutedEvaluator(_Named):
    """The evaluator a proposal was routed to (use with ``only=~Match(state="submitted")``)."""

    roles = EVALUATOR_ROLES

    def named_q(self, user):
        return Q(evaluator_id=user.pk)

    def names(self, user, obj):
        return obj.evaluator_id == user.pk
