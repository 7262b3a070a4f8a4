"""Who sees welfare data, declared once for every welfare model: welfare officers do
everything in their subtree; the union chair (the ``union_chair`` role, never a job title)
sees, reveals, approves and exports. Nobody else — not delegates, judges, departments or
other union officers, who get 404 on every welfare page.

Each welfare model declares ``scope = ScopePolicy(org_field=…, rules=WELFARE_RULES)``; the
one scoping mechanism (unionadmin/scoping.py) turns the rules into ``visible_to`` and
``allows``. ``may`` answers the coarser question the menu and the create pages ask: may the
person ``action`` welfare data anywhere at all.
"""
from __future__ import annotations

from unionadmin.roles import Role
from unionadmin.scoping import Within, holds

WELFARE_RULES = (
    Within({Role.WELFARE_OFFICER}, {"view", "change", "reveal", "approve", "export"}),
    Within({Role.UNION_CHAIR}, {"view", "reveal", "approve", "export"}),
)


def roles_granted(action: str) -> frozenset:
    """The roles the welfare rules grant ``action`` to."""
    return frozenset().union(*(rule.roles for rule in WELFARE_RULES if rule.grants(action)))


def may(user, action: str = "view") -> bool:
    """Whether ``user`` may ``action`` welfare data somewhere (which rows: each model's policy)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or holds(user, roles_granted(action))
