"""The congress's own access rules, declared on the models' ``ScopePolicy`` next to the
common ones (unionadmin/scoping.py).

Union staff see congress records by the common ``Within`` rules (their subtree). Two kinds
of people see more narrowly, and only within the subtree where they hold the role:

* a **delegate** (``Role.DELEGATE``) sees the sessions of the terms they sit in, and the
  proposals of those sessions — not other delegates' drafts or withdrawn proposals
  (``SeatInTerm``);
* a **handling department** (``Role.DEPARTMENT``) sees the proposals assigned to its
  departments as lead or co-handling department (``AssignedDepartment``). A person answers
  for the departments that name them among their officers (``HandlingDepartment.officers``),
  and only while they hold the department role at the department's union.

Revoking the role ends the access at once, whatever rows still name the person. What these
rules need to know about the person (their terms, their departments) is read once per user
object and cached on it, like ``role_paths``, so ``allows`` makes no query for the person's
rights.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from unionadmin.roles import Role
from unionadmin.scoping import Match, Rule, covering_paths, follow, prefixed, role_paths, subtree_q


def delegate_term_ids(user) -> frozenset[int]:
    """The terms in which ``user`` is a serving delegate; one query per user object."""
    cached = getattr(user, "_delegate_term_ids_cache", None)
    if cached is None:
        from .models import Delegate

        cached = frozenset(Delegate.objects.filter(user=user, is_active=True).values_list("term_id", flat=True))
        user._delegate_term_ids_cache = cached
    return cached


def department_ids(user) -> frozenset[int]:
    """The handling departments ``user`` answers for: those naming them among their officers,
    at a union where they hold the department role; one query per user object."""
    cached = getattr(user, "_department_ids_cache", None)
    if cached is None:
        held = set(role_paths(user).get(Role.DEPARTMENT, []))
        if not held:
            cached = frozenset()
        else:
            from .models import HandlingDepartment

            cached = frozenset(
                pk for pk, path in HandlingDepartment.objects.filter(officers=user).values_list("pk", "union__path")
                if path in held
            )
        user._department_ids_cache = cached
    return cached


def _within(user, role, org, obj) -> bool:
    path = getattr(follow(obj, org), "path", None)
    return bool(path) and any(path.startswith(p) for p in covering_paths(user, {role}))


@dataclass(frozen=True, init=False)
class SeatInTerm(Rule):
    """A delegate sees the rows of the terms they sit in (``term_field``: "term",
    "session__term"), within the subtree where they hold the delegate role. Rows matching
    ``private`` (drafts, withdrawn proposals) only the delegate named in ``owner`` sees."""

    term_field: str
    actions: frozenset
    org_field: str | None = None
    private: Match | None = None
    owner: str | None = None

    def __init__(self, term_field: str, actions=("view",), *, org_field: str | None = None,
                 private: Match | None = None, owner: str | None = None):
        object.__setattr__(self, "term_field", term_field)
        object.__setattr__(self, "actions", frozenset({actions} if isinstance(actions, str) else actions))
        object.__setattr__(self, "org_field", org_field)
        object.__setattr__(self, "private", private)
        object.__setattr__(self, "owner", owner)

    def _org(self, policy):
        return policy.org_field if self.org_field is None else self.org_field

    def q(self, user, policy, action):
        within = subtree_q(covering_paths(user, {Role.DELEGATE}), prefixed("path", self._org(policy)))
        terms = delegate_term_ids(user)
        if within is None or not terms:
            return None
        q = within & Q(**{f"{self.term_field}_id__in": sorted(terms)})
        if self.private is not None:
            q &= ~self.private.q() | Q(**{f"{self.owner}_id": user.pk})
        return q

    def allows(self, user, policy, action, obj):
        if follow(obj, f"{self.term_field}_id") not in delegate_term_ids(user):
            return False
        if not _within(user, Role.DELEGATE, self._org(policy), obj):
            return False
        return (self.private is None or not self.private.matches(obj)
                or follow(obj, f"{self.owner}_id") == user.pk)


@dataclass(frozen=True, init=False)
class AssignedDepartment(Rule):
    """A department's officers see the rows assigned to one of their departments, as lead
    (``lead_field``) or co-handling department (``co_field``, a many-to-many), within the
    subtree where they hold the department role; ``only`` narrows the rows (handling states)."""

    actions: frozenset
    lead_field: str = "lead_department"
    co_field: str = "co_departments"
    org_field: str | None = None
    only: Match | None = None

    def __init__(self, actions, *, lead_field="lead_department", co_field="co_departments",
                 org_field: str | None = None, only: Match | None = None):
        object.__setattr__(self, "actions", frozenset({actions} if isinstance(actions, str) else actions))
        object.__setattr__(self, "lead_field", lead_field)
        object.__setattr__(self, "co_field", co_field)
        object.__setattr__(self, "org_field", org_field)
        object.__setattr__(self, "only", only)

    def _org(self, policy):
        return policy.org_field if self.org_field is None else self.org_field

    def q(self, user, policy, action):
        within = subtree_q(covering_paths(user, {Role.DEPARTMENT}), prefixed("path", self._org(policy)))
        departments = sorted(department_ids(user))
        if within is None or not departments:
            return None
        co = policy.model._meta.get_field(self.co_field)
        through = co.remote_field.through
        assigned = Q(**{f"{self.lead_field}_id__in": departments}) | Q(pk__in=through.objects.filter(
            **{f"{co.m2m_reverse_field_name()}__in": departments}).values(co.m2m_field_name()))
        q = within & assigned
        return q & self.only.q() if self.only is not None else q

    def allows(self, user, policy, action, obj):
        departments = department_ids(user)
        if not departments or (self.only is not None and not self.only.matches(obj)):
            return False
        if not _within(user, Role.DEPARTMENT, self._org(policy), obj):
            return False
        if getattr(obj, f"{self.lead_field}_id") in departments:
            return True
        return any(d.pk in departments for d in getattr(obj, self.co_field).all())
