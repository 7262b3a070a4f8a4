"""The congress's extra visibility rules, built on the one scoping mechanism.

Union staff see congress records through each model's ``ScopePolicy`` (their subtree).
Two kinds of people see more narrowly, and only within the subtree where they hold the role:

* a **delegate** (``Role.DELEGATE``) sees the sessions of the terms they sit in, and the
  proposals of those sessions (not other delegates' drafts or withdrawn proposals);
* a **handling department** (``Role.DEPARTMENT``) sees only the proposals assigned to it as
  lead or co-handling department. A department user is linked to a ``HandlingDepartment``
  by their role assignment: held at the department's union, with the department's name as
  its title (docs/decisions.md, "Congress").

Revoking the role ends the access at once, whatever rows still name the person.
"""
from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q

from unionadmin.roles import Role
from unionadmin.scoping import covering_paths, role_paths


def within_role_q(user, role, path_lookup: str) -> Q | None:
    """Rows whose organisation lies in a subtree where ``user`` holds ``role``; None if nowhere."""
    paths = covering_paths(user, {role})
    if not paths:
        return None
    return reduce(or_, (Q(**{f"{path_lookup}__startswith": p}) for p in paths))


def holds(user, role) -> bool:
    return role in role_paths(user)


def combine(*qs: Q | None) -> Q | None:
    """OR of the given filters, ignoring the Nones; None when all are None."""
    present = [q for q in qs if q is not None]
    return reduce(or_, present) if present else None


def delegate_terms(user):
    """The terms in which ``user`` is an active delegate (a subquery of ids)."""
    from .models import Delegate

    return Delegate.objects.filter(user=user, is_active=True).values("term_id")


def departments_of(user):
    """The handling departments ``user`` answers for: a department role held at the
    department's union whose title is the department's name (a queryset, used as a subquery)."""
    from unionadmin.models import RoleAssignment

    from .models import HandlingDepartment

    return HandlingDepartment.objects.filter(
        Exists(RoleAssignment.objects.filter(
            user=user, role=Role.DEPARTMENT, organisation_id=OuterRef("union_id"), title=OuterRef("name"),
        ))
    )
