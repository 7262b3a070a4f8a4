"""The access rule a union's surveys add for its members (a member is a login with no role).

``MemberOfUnion`` grants its actions to a person who is a current member (``members.Member``
with ``user`` = the person, status active) of the row's organisation or of a unit below it:
union A's survey reaches A's members and the members of A's branches, never union B's. What
it needs to know about the person (the paths of their current memberships) is read once per
user object and cached on it, like ``role_paths``, so ``allows`` makes no query for it.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from unionadmin.scoping import Match, Rule, _actions, _only_matches, _only_q, ancestor_paths, follow, prefixed


def membership_paths(user) -> frozenset[str]:
    """The organisation paths of the unions where ``user`` is a current member; one query per user object."""
    cached = getattr(user, "_membership_paths_cache", None)
    if cached is None:
        from members.models import Member

        cached = frozenset(Member.objects.filter(user_id=user.pk, status=Member.Status.ACTIVE)
                           .values_list("union__path", flat=True))
        user._membership_paths_cache = cached
    return cached


def reaching_paths(user) -> frozenset[str]:
    """The organisations whose members' rows reach this person: their unions and every one above."""
    paths = membership_paths(user)
    return frozenset(paths | ancestor_paths(paths))


@dataclass(frozen=True, init=False)
class MemberOfUnion(Rule):
    actions: frozenset
    only: Match | None = None

    def __init__(self, actions, *, only: Match | None = None):
        object.__setattr__(self, "actions", _actions(actions))
        object.__setattr__(self, "only", only)

    def q(self, user, policy, action):
        paths = reaching_paths(user)
        if not paths:
            return None
        return _only_q(self.only, Q(**{f"{prefixed('path', policy.org_field)}__in": sorted(paths)}))

    def allows(self, user, policy, action, obj):
        path = getattr(follow(obj, policy.org_field), "path", None)
        return bool(path) and path in reaching_paths(user) and _only_matches(self.only, obj)
