"""The one scoping mechanism: who may see or act on which rows.

Every scoped model declares a ``ScopePolicy`` (which field leads to its organisation and
which roles grant each action) and uses ``ScopedManager``. ``Model.objects.visible_to(user,
action)`` then returns exactly the rows in the subtrees where the user holds a granting
role; everything else is denied by default. Views get their querysets only through
``ScopedObjectMixin`` (views/mixins.py), so an object outside the user's scope is a 404.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class ScopePolicy:
    """``org_field`` is the lookup from the model to its Organisation ("" for Organisation)."""

    org_field: str
    roles: dict[str, frozenset] = field(default_factory=dict)

    @property
    def path_lookup(self) -> str:
        return f"{self.org_field}__path" if self.org_field else "path"

    def roles_for(self, action: str) -> frozenset:
        return self.roles.get(action, frozenset())


def role_paths(user) -> dict[str, list[str]]:
    """{role: [organisation path, …]} for the user, read once per user object (one query)."""
    cached = getattr(user, "_role_paths_cache", None)
    if cached is None:
        cached = {}
        for role, path in user.role_assignments.values_list("role", "organisation__path"):
            cached.setdefault(role, []).append(path)
        user._role_paths_cache = cached
    return cached


def covering_paths(user, roles) -> list[str]:
    """The tree paths under which ``user`` holds any of ``roles``, with nested ones removed."""
    paths = sorted({p for r in roles for p in role_paths(user).get(r, [])})
    minimal: list[str] = []
    for p in paths:  # sorted, so an ancestor comes before its descendants
        if not minimal or not p.startswith(minimal[-1]):
            minimal.append(p)
    return minimal


def scope_q(user, policy: ScopePolicy, action: str) -> Q | None:
    """The filter for rows ``user`` may ``action``; None means nothing at all."""
    paths = covering_paths(user, policy.roles_for(action))
    if not paths:
        return None
    lookup = f"{policy.path_lookup}__startswith"
    return reduce(or_, (Q(**{lookup: p}) for p in paths))


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        q = scope_q(user, self.model.scope, action)
        return self.none() if q is None else self.filter(q)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def user_can(user, action: str, obj) -> bool:
    return type(obj)._default_manager.visible_to(user, action).filter(pk=obj.pk).exists()


def organisations_where(user, model, action: str):
    """The organisations at which ``user`` may ``action`` rows of ``model`` (for create forms)."""
    from .models import Organisation

    if user.is_superuser:
        return Organisation.objects.all()
    paths = covering_paths(user, model.scope.roles_for(action))
    if not paths:
        return Organisation.objects.none()
    return Organisation.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths)))
