"""The roles a user can hold at an organisation. A role covers the organisation's subtree."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FEDERATION_ADMIN = "federation_admin", _("Federation administrator")
    FEDERATION_REVIEWER = "federation_reviewer", _("Federation reviewer")
    UNION_OFFICER = "union_officer", _("Union officer")
    UNION_CHAIR = "union_chair", _("Union chair")
    WELFARE_OFFICER = "welfare_officer", _("Welfare officer")
    DELEGATE = "delegate", _("Congress delegate")
    DEPARTMENT = "department", _("Handling department")
    JUDGE = "judge", _("Judge")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    AUDIT_COMMITTEE = "audit_committee", _("Funds audit committee member")


# Roles that run a union's day-to-day work and may read its organisation records.
STAFF_ROLES = frozenset(
    {Role.FEDERATION_ADMIN, Role.FEDERATION_REVIEWER, Role.UNION_OFFICER, Role.UNION_CHAIR, Role.WELFARE_OFFICER}
)
# The union's own officers: a chair is one, with a chair's further rights.
OFFICER_ROLES = frozenset({Role.UNION_OFFICER, Role.UNION_CHAIR})
# Roles that may edit a union's own records (not welfare files, which have their own rule).
# The chair runs the union: everything an officer may, and a chair's own rights (approving
# hardship files) that come from this role, never from a job title.
MANAGING_ROLES = frozenset({Role.FEDERATION_ADMIN, Role.UNION_OFFICER, Role.UNION_CHAIR})

# Who keeps a union's books (enters and posts vouchers, closes months), and who may read them:
# the chair, and the federation above (amounts are seen by no other role).
FINANCE_ROLES = frozenset({Role.FINANCE_OFFICER})
FINANCE_VIEW_ROLES = frozenset({Role.FINANCE_OFFICER, Role.UNION_CHAIR, Role.FEDERATION_ADMIN,
                                Role.FEDERATION_REVIEWER, Role.AUDIT_COMMITTEE})
# The funds-audit committee (经审会): members read their union's books, agree its budget and
# audit it; they never keep the books or approve spending (FINANCE.md: the chair and finance
# staff may not sit on it).
AUDIT_ROLES = frozenset({Role.AUDIT_COMMITTEE})
# Who approves spending ("一支笔"): the chair.
CHAIR_ROLES = frozenset({Role.UNION_CHAIR})
# The federation's own finance oversight of the units below it (拨缴, budgets filed, inspections).
FEDERATION_FINANCE_ROLES = frozenset({Role.FEDERATION_ADMIN, Role.FINANCE_OFFICER})

# When a person holds several roles, the home page shows the first of these they hold.
HOME_ORDER = [
    Role.FEDERATION_ADMIN,
    Role.FEDERATION_REVIEWER,
    Role.UNION_CHAIR,
    Role.UNION_OFFICER,
    Role.WELFARE_OFFICER,
    Role.FINANCE_OFFICER,
    Role.AUDIT_COMMITTEE,
    Role.DEPARTMENT,
    Role.JUDGE,
    Role.DELEGATE,
]
