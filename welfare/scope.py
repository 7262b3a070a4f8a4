"""Who sees welfare data: welfare officers and the chair of the household's union, and
federation welfare staff above it. Nobody else — not delegates, judges, departments or
other union officers, who get 404.

This is still the one scoping mechanism (unionadmin/scoping.py): every welfare model
declares a ``WelfareScopePolicy`` and uses ``WelfareQuerySet``, whose ``visible_to`` starts
from the policy's roles (a role covers the organisation's subtree) and adds the union chairs
for the actions the policy grants them. A chair is a ``union_officer`` role assignment whose
title says so (``CHAIR_TITLES``); the user's welfare paths are read in one query and cached
on the user object, like ``role_paths``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q

from unionadmin.roles import Role
from unionadmin.scoping import ScopedQuerySet, ScopePolicy

# Titles that make a union officer the union's chair (the demo county writes "工会主席").
CHAIR_TITLES = ("主席", "工会主席", "chair", "Chair", "CHAIR")
WELFARE_ROLES = frozenset({Role.WELFARE_OFFICER})

CHAIR = "chair"  # the pseudo-role key used in the cached paths


@dataclass(frozen=True)
class WelfareScopePolicy(ScopePolicy):
    """A ScopePolicy whose ``chair_actions`` are also granted to the chair of the union."""

    chair_actions: frozenset = frozenset()


def welfare_role_paths(user) -> dict[str, list[str]]:
    """{role or CHAIR: [organisation path, …]} for welfare purposes; one query per user object."""
    cached = getattr(user, "_welfare_paths_cache", None)
    if cached is None:
        cached = {}
        rows = user.role_assignments.filter(
            Q(role=Role.WELFARE_OFFICER) | Q(role=Role.UNION_OFFICER, title__in=CHAIR_TITLES)
        ).values_list("role", "organisation__path")
        for role, path in rows:
            cached.setdefault(CHAIR if role == Role.UNION_OFFICER else role, []).append(path)
        user._welfare_paths_cache = cached
    return cached


def _minimal(paths) -> list[str]:
    minimal: list[str] = []
    for p in sorted(set(paths)):  # sorted, so an ancestor comes before its descendants
        if not minimal or not p.startswith(minimal[-1]):
            minimal.append(p)
    return minimal


def welfare_paths(user, policy: ScopePolicy, action: str) -> list[str]:
    held = welfare_role_paths(user)
    paths = [p for role in policy.roles_for(action) for p in held.get(role, [])]
    if action in getattr(policy, "chair_actions", frozenset()):
        paths += held.get(CHAIR, [])
    return _minimal(paths)


def has_welfare_scope(user) -> bool:
    """Whether the person may see any welfare data at all (menu, pages)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(welfare_role_paths(user))


def may_change_anywhere(user) -> bool:
    return user.is_superuser or bool(welfare_role_paths(user).get(Role.WELFARE_OFFICER))


class WelfareQuerySet(ScopedQuerySet):
    def visible_to(self, user, action: str = "view"):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        policy = self.model.scope
        paths = welfare_paths(user, policy, action)
        if not paths:
            return self.none()
        lookup = f"{policy.path_lookup}__startswith"
        return self.filter(reduce(or_, (Q(**{lookup: p}) for p in paths)))


def welfare_organisations(user, model, action: str = "change"):
    """The organisations where ``user`` may ``action`` rows of ``model`` (for create forms)."""
    from unionadmin.models import Organisation

    if user.is_superuser:
        return Organisation.objects.all()
    paths = welfare_paths(user, model.scope, action)
    if not paths:
        return Organisation.objects.none()
    return Organisation.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths)))


def policy(org_field: str, *, chair=("view", "reveal", "approve", "export")) -> WelfareScopePolicy:
    """The welfare policy: officers do everything in their subtree; chairs see, reveal,
    approve and export but do not edit."""
    officer = WELFARE_ROLES
    return WelfareScopePolicy(
        org_field=org_field,
        roles={action: officer for action in ("view", "change", "reveal", "approve", "export")},
        chair_actions=frozenset(chair),
    )
