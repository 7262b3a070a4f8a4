"""The one scoping mechanism: who may do what to which rows, declared next to each model.

Every scoped model declares a ``ScopePolicy``: the lookup from the model to its organisation
and a tuple of small **rules**, each granting some actions to some people::

    scope = ScopePolicy(
        org_field="union",
        rules=(
            Within(STAFF_ROLES, actions={"view"}),          # staff of the union or above it
            Within(MANAGING_ROLES, actions={"change"}),
            FromAbove(actions={"view"}, only=Match(state="issued")),  # units below it, once issued
            Own("proposer__user", actions={"view"}),        # the person's own rows
        ),
    )

and uses ``ScopedManager`` (or a queryset deriving from ``ScopedQuerySet``). Then

* ``Model.objects.visible_to(user, action)`` is the queryset of rows the user may ``action``
  (one SQL filter, the OR of the rules granting that action; nothing granted → no rows), and
* ``Model.scope.allows(user, action, obj)`` answers the same question for one object without
  a query for the user's rights: the roles are read once per user object (once per request)
  and the object's own fields are compared in Python.

Both are computed from the same declaration, and tests/unionadmin/test_scope_rules.py checks
for every scoped model, every demo role and every action that they agree. Nobody overrides
``visible_to``: a rule an app needs beyond these (a delegate's sessions, a judge's
assignments) is a ``Rule`` subclass in that app's ``scope.py``. Views take their objects only
through ``ScopedObjectMixin`` (views/mixins.py), so an object outside the user's scope is a 404.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db import models
from django.db.models import Q

from .roles import STAFF_ROLES

# ---------------------------------------------------------------------------------------------
# The user's roles, read once per user object


def role_paths(user) -> dict[str, list[str]]:
    """{role: [organisation path, …]} for the user, read once per user object (one query)."""
    cached = getattr(user, "_role_paths_cache", None)
    if cached is None:
        cached, names = {}, {}
        for role, path, name in user.role_assignments.values_list("role", "organisation__path",
                                                                   "organisation__name"):
            cached.setdefault(role, []).append(path)
            names[path] = name
        user._role_paths_cache, user._role_organisation_names = cached, names
    return cached


def role_organisation_names(user) -> dict[str, str]:
    """{organisation path: name} of the organisations where the user holds a role (read by the
    same query as role_paths, so naming them costs nothing)."""
    role_paths(user)
    return user._role_organisation_names


def holds(user, roles) -> bool:
    """Whether the user holds any of ``roles`` anywhere."""
    held = role_paths(user)
    return any(role in held for role in roles)


def covering_paths(user, roles) -> list[str]:
    """The tree paths under which ``user`` holds any of ``roles``, with nested ones removed."""
    paths = sorted({p for r in roles for p in role_paths(user).get(r, [])})
    minimal: list[str] = []
    for p in paths:  # sorted, so an ancestor comes before its descendants
        if not minimal or not p.startswith(minimal[-1]):
            minimal.append(p)
    return minimal


def ancestor_paths(paths) -> set[str]:
    """Every proper ancestor of the given organisation paths ("0000001/0000004/" → {"0000001/"})."""
    result = set()
    for path in paths:
        segments = [s for s in path.split("/") if s]
        for depth in range(1, len(segments)):
            result.add("/".join(segments[:depth]) + "/")
    return result


def subtree_q(paths, path_lookup: str) -> Q | None:
    """Rows whose organisation path lies under one of ``paths``; None when there are none."""
    if not paths:
        return None
    return reduce(or_, (Q(**{f"{path_lookup}__startswith": p}) for p in paths))


def any_of(*qs: Q | None) -> Q | None:
    """OR of the given filters, ignoring the Nones; None when all are None."""
    present = [q for q in qs if q is not None]
    return reduce(or_, present) if present else None


def prefixed(lookup: str, prefix: str) -> str:
    return f"{prefix}__{lookup}" if prefix and lookup else (prefix or lookup)


def follow(obj, lookup: str):
    """The value at ``lookup`` ("session__union") from ``obj``, following loaded relations;
    None as soon as a link is empty."""
    value = obj
    for part in lookup.split("__") if lookup else ():
        if value is None:
            return None
        value = getattr(value, part)
    return value


# ---------------------------------------------------------------------------------------------
# Conditions on a row, usable both as a filter and on one object

_LOOKUPS = {
    "exact": lambda value, arg: value == arg,
    "in": lambda value, arg: value in arg,
    "isnull": lambda value, arg: (value is None) == arg,  # as SQL: an empty string is not NULL
}


@dataclass(frozen=True, init=False)
class Match:
    """A condition on the row's own fields: ``Match(state="issued")``,
    ``Match(state__in=[…])``, ``Match(results_published_at__isnull=False)``; ``~Match(…)``
    negates it. Only exact, in and isnull, so it means the same as a filter and in Python."""

    lookups: tuple
    negated: bool = False

    def __init__(self, _lookups: tuple = (), _negated: bool = False, **lookups):
        object.__setattr__(self, "lookups", tuple(_lookups) + tuple(sorted(lookups.items())))
        object.__setattr__(self, "negated", _negated)
        for key, _value in self.lookups:
            last = key.rpartition("__")[2]
            if last in models.Field.get_lookups() and last not in _LOOKUPS:
                raise ValueError(f"Match supports exact, in and isnull lookups, not {key!r}")

    def __invert__(self):
        return Match(self.lookups, not self.negated)

    @staticmethod
    def _split(key: str):
        path, _, last = key.rpartition("__")
        if last in _LOOKUPS:
            return path, last
        return key, "exact"

    def q(self, prefix: str = "") -> Q:
        condition = Q(**{prefixed(key, prefix): value for key, value in self.lookups})
        return ~condition if self.negated else condition

    def matches(self, obj) -> bool:
        result = True
        for key, arg in self.lookups:
            path, lookup = self._split(key)
            if lookup == "isnull" and path.endswith("_id") is False and hasattr(type(obj), f"{path}_id"):
                path = f"{path}_id"  # a foreign key: compare its id, not the loaded row
            value = follow(obj, path)
            if not _LOOKUPS[lookup](value, arg):
                result = False
                break
        return result != self.negated


def _only_q(only: Match | None, q: Q | None) -> Q | None:
    if q is None or only is None:
        return q
    return q & only.q()


def _only_matches(only: Match | None, obj) -> bool:
    return only is None or only.matches(obj)


# ---------------------------------------------------------------------------------------------
# Rules


class Rule:
    """One grant: for the ``actions`` it names, rows matching ``q`` (a filter on the model's
    queryset) — and the same rows one at a time by ``allows``. ``q`` returns None when the
    user gets nothing from this rule (no SQL is built for it)."""

    actions: frozenset = frozenset()

    def grants(self, action: str) -> bool:
        return action in self.actions

    def q(self, user, policy: ScopePolicy, action: str) -> Q | None:
        raise NotImplementedError

    def allows(self, user, policy: ScopePolicy, action: str, obj) -> bool:
        raise NotImplementedError

    def organisation_paths(self, user, policy: ScopePolicy, action: str) -> list[str]:
        """The subtrees where this rule lets the user create rows (only ``Within`` does)."""
        return []


def _actions(actions) -> frozenset:
    return frozenset({actions} if isinstance(actions, str) else actions)


@dataclass(frozen=True, init=False)
class Within(Rule):
    """People holding one of ``roles`` at the row's organisation or above it (a role covers
    the organisation's subtree). ``org_field`` overrides the policy's (a transfer is seen from
    either end); ``only`` narrows the rows (staff do not see other people's drafts)."""

    roles: frozenset
    actions: frozenset
    org_field: str | None = None
    only: Match | None = None

    def __init__(self, roles, actions, *, org_field: str | None = None, only: Match | None = None):
        object.__setattr__(self, "roles", frozenset(roles))
        object.__setattr__(self, "actions", _actions(actions))
        object.__setattr__(self, "org_field", org_field)
        object.__setattr__(self, "only", only)

    def _org_field(self, policy):
        return policy.org_field if self.org_field is None else self.org_field

    def q(self, user, policy, action):
        lookup = prefixed("path", self._org_field(policy))
        return _only_q(self.only, subtree_q(covering_paths(user, self.roles), lookup))

    def allows(self, user, policy, action, obj):
        paths = covering_paths(user, self.roles)
        if not paths:
            return False
        org = follow(obj, self._org_field(policy))
        path = getattr(org, "path", None)
        return bool(path) and any(path.startswith(p) for p in paths) and _only_matches(self.only, obj)

    def organisation_paths(self, user, policy, action):
        return covering_paths(user, self.roles) if self.org_field is None else []


@dataclass(frozen=True, init=False)
class FromAbove(Rule):
    """People holding one of ``roles`` (staff, by default) at a unit *below* the row's
    organisation: what a federation issues to the units under it (a work plan, a rubric, a
    competition), usually ``only`` once it is issued."""

    roles: frozenset
    actions: frozenset
    org_field: str | None = None
    only: Match | None = None

    def __init__(self, actions=("view",), *, roles=STAFF_ROLES, org_field: str | None = None,
                 only: Match | None = None):
        object.__setattr__(self, "roles", frozenset(roles))
        object.__setattr__(self, "actions", _actions(actions))
        object.__setattr__(self, "org_field", org_field)
        object.__setattr__(self, "only", only)

    def _above(self, user) -> set[str]:
        return ancestor_paths({p for role in self.roles for p in role_paths(user).get(role, [])})

    def q(self, user, policy, action):
        above = self._above(user)
        if not above:
            return None
        org_field = policy.org_field if self.org_field is None else self.org_field
        return _only_q(self.only, Q(**{f"{prefixed('path', org_field)}__in": sorted(above)}))

    def allows(self, user, policy, action, obj):
        org_field = policy.org_field if self.org_field is None else self.org_field
        org = follow(obj, org_field)
        return getattr(org, "path", None) in self._above(user) and _only_matches(self.only, obj)


@dataclass(frozen=True, init=False)
class Below(Within):
    """People holding one of ``roles`` at an organisation strictly *above* the row's: what the
    union above keeps for the units under it (the federation records a unit's 2% allocation,
    approves its budget, inspects it), which the unit's own holders of the role may not."""

    def q(self, user, policy, action):
        lookup = prefixed("path", self._org_field(policy))
        paths = covering_paths(user, self.roles)
        if not paths:
            return None
        below = reduce(or_, (Q(**{f"{lookup}__startswith": p}) & ~Q(**{lookup: p}) for p in paths))
        return _only_q(self.only, below)

    def allows(self, user, policy, action, obj):
        paths = covering_paths(user, self.roles)
        org = follow(obj, self._org_field(policy))
        path = getattr(org, "path", None)
        return (bool(path) and any(path.startswith(p) and path != p for p in paths)
                and _only_matches(self.only, obj))

    def organisation_paths(self, user, policy, action):
        return []


@dataclass(frozen=True, init=False)
class Own(Rule):
    """The person the row names in ``user_field`` ("requested_by", "proposer__user")."""

    user_field: str
    actions: frozenset
    only: Match | None = None

    def __init__(self, user_field: str, actions, *, only: Match | None = None):
        object.__setattr__(self, "user_field", user_field)
        object.__setattr__(self, "actions", _actions(actions))
        object.__setattr__(self, "only", only)

    def q(self, user, policy, action):
        return _only_q(self.only, Q(**{f"{self.user_field}_id" if "__" not in self.user_field
                                       else f"{self.user_field}__pk": user.pk}))

    def allows(self, user, policy, action, obj):
        if "__" in self.user_field:
            person = follow(obj, self.user_field)
            owner = getattr(person, "pk", None)
        else:
            owner = getattr(obj, f"{self.user_field}_id")
        return owner == user.pk and _only_matches(self.only, obj)


@dataclass(frozen=True, init=False)
class AsParent(Rule):
    """A part of another scoped row (a plan's items, a proposal's attachments) may be
    ``action``-ed exactly when its ``parent`` may (``as_action`` maps an action to the
    parent's, e.g. {"change": "edit"})."""

    parent: str
    actions: frozenset
    as_action: tuple = ()

    def __init__(self, parent: str, actions=("view",), *, as_action: dict | None = None):
        object.__setattr__(self, "parent", parent)
        object.__setattr__(self, "actions", _actions(actions))
        object.__setattr__(self, "as_action", tuple(sorted((as_action or {}).items())))

    def _parent_action(self, action):
        return dict(self.as_action).get(action, action)

    def _parent_model(self, policy):
        return policy.model._meta.get_field(self.parent).related_model

    def q(self, user, policy, action):
        parents = self._parent_model(policy).objects.visible_to(user, self._parent_action(action))
        return Q(**{f"{self.parent}__in": parents.values("pk")})

    def allows(self, user, policy, action, obj):
        parent = getattr(obj, self.parent)
        return parent is not None and type(parent).scope.allows(user, self._parent_action(action), parent)


@dataclass(frozen=True, init=False)
class AllOf(Rule):
    """Rows every one of ``rules`` grants, for the actions they all name (e.g. reviewing an
    assessment sheet needs a role over both the unit and the rubric's federation)."""

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


# ---------------------------------------------------------------------------------------------
# The policy


@dataclass(frozen=True)
class ScopePolicy:
    """``org_field`` is the lookup from the model to its Organisation ("" for Organisation).
    ``roles`` ({action: roles}) is shorthand for ``Within(roles, action)`` rules."""

    org_field: str
    roles: dict[str, frozenset] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    model: Any = field(default=None, compare=False, repr=False)

    def contribute_to_class(self, cls, name):
        # A policy is declared as a class attribute; knowing its model lets AsParent find the
        # parent's model. A policy shared by several models is copied for each.
        from dataclasses import replace

        setattr(cls, name, replace(self, model=cls))

    @property
    def path_lookup(self) -> str:
        return prefixed("path", self.org_field)

    @property
    def all_rules(self) -> tuple[Rule, ...]:
        return tuple(Within(roles, action) for action, roles in self.roles.items()) + tuple(self.rules)

    def actions(self) -> set[str]:
        return {action for rule in self.all_rules for action in rule.actions}

    def roles_for(self, action: str) -> frozenset:
        """The roles a ``Within`` rule grants ``action`` to (for pages that list who may act)."""
        return frozenset().union(*(r.roles for r in self.all_rules if isinstance(r, Within) and r.grants(action)))

    def q(self, user, action: str) -> Q | None:
        return any_of(*(rule.q(user, self, action) for rule in self.all_rules if rule.grants(action)))

    def allows(self, user, action: str, obj) -> bool:
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return True
        return any(rule.allows(user, self, action, obj) for rule in self.all_rules if rule.grants(action))

    def whole_subtrees(self, user, action: str = "view"):
        """The organisation paths under which ``user`` may ``action`` every row (``EVERY_ROW``
        for a superuser), or None when the rules granting it are anything else than whole
        subtrees (an own row, a narrowed rule, another organisation field): for figures kept
        per organisation (members.MemberTally), which can answer only for whole subtrees."""
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if user.is_superuser:
            return EVERY_ROW
        granting = [rule for rule in self.all_rules if rule.grants(action)]
        if not all(type(rule) is Within and rule.org_field is None and rule.only is None for rule in granting):
            return None
        return self.organisation_paths(user, action)

    def organisation_paths(self, user, action: str) -> list[str]:
        paths = [p for rule in self.all_rules if rule.grants(action)
                 for p in rule.organisation_paths(user, self, action)]
        minimal: list[str] = []
        for p in sorted(set(paths)):
            if not minimal or not p.startswith(minimal[-1]):
                minimal.append(p)
        return minimal


EVERY_ROW = object()  # ScopePolicy.whole_subtrees for a superuser: no subtree limits the rows


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        q = self.model.scope.q(user, action)
        return self.none() if q is None else self.filter(q)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def user_can(user, action: str, obj) -> bool:
    """Whether ``user`` may ``action`` this object (no query for the user's rights)."""
    return type(obj).scope.allows(user, action, obj)


def organisations_where(user, model, action: str):
    """The organisations at which ``user`` may ``action`` rows of ``model`` (for create forms)."""
    from .models import Organisation

    if user.is_superuser:
        return Organisation.objects.all()
    q = subtree_q(model.scope.organisation_paths(user, action), "path")
    return Organisation.objects.none() if q is None else Organisation.objects.filter(q)
