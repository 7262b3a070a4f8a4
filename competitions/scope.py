"""The competitions' extra visibility rules, built on the one scoping mechanism.

Union staff see competitions, entries and proposals through each model's ``ScopePolicy``
(the organiser's or the union's subtree). Beyond that, and only within the subtree where
the person holds the role that lets them in:

* a **judge** (``Role.JUDGE`` held at the organiser or above it) sees the competitions they
  are assigned to (for the whole competition or for some entries), the entries assigned to
  them, and only their own scores and recusals;
* **units below the organiser** (staff of a unit under it) see a competition once it is open
  for entries (its rules, their own entries), and its results once they are on public
  notice or published;
* an **evaluator** (``Role.DEPARTMENT`` or ``Role.JUDGE``) sees the rationalisation proposals
  routed to them.

Revoking the role ends the access at once, whatever rows still name the person.
"""
from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from unionadmin.roles import STAFF_ROLES, Role
from unionadmin.scoping import covering_paths, role_paths

EVALUATOR_ROLES = frozenset({Role.DEPARTMENT, Role.JUDGE})


def combine(*qs: Q | None) -> Q | None:
    """OR of the given filters, ignoring the Nones; None when all are None."""
    present = [q for q in qs if q is not None]
    return reduce(or_, present) if present else None


def within_roles_q(user, roles, path_lookup: str) -> Q | None:
    """Rows whose organisation lies in a subtree where ``user`` holds one of ``roles``."""
    paths = covering_paths(user, roles)
    if not paths:
        return None
    return reduce(or_, (Q(**{f"{path_lookup}__startswith": p}) for p in paths))


def holds_any(user, roles) -> bool:
    return bool(set(role_paths(user)) & set(roles))


def ancestor_paths(paths) -> set[str]:
    """Every proper ancestor of the given organisation paths ("0000001/0000004/" → {"0000001/"})."""
    result = set()
    for path in paths:
        segments = [s for s in path.split("/") if s]
        for depth in range(1, len(segments)):
            result.add("/".join(segments[:depth]) + "/")
    return result


def staff_paths(user) -> list[str]:
    return sorted({p for role in STAFF_ROLES for p in role_paths(user).get(role, [])})


def from_above_q(user, path_lookup: str) -> Q | None:
    """Rows whose organisation stands above a unit where ``user`` holds a staff role."""
    above = ancestor_paths(staff_paths(user))
    return Q(**{f"{path_lookup}__in": sorted(above)}) if above else None


def judge_q(user, path_lookup: str) -> Q | None:
    """Rows whose organiser lies where ``user`` holds the judge role (None: nowhere)."""
    return within_roles_q(user, {Role.JUDGE}, path_lookup)
