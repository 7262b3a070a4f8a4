"""The organisation profile sheet (基层工会基本情况表): the pipeline's own document kind.

One or two A4 pages a federation prints for a unit: its particulars, Workers' Home rating,
the units directly below it and the people holding staff roles there.

What it shows does not depend on who asks (one stored file serves everyone): role holders
appear with name, role and title only, never with user names or contact details.
"""
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Organisation, RoleAssignment
from ..roles import STAFF_ROLES, Role
from .kinds import DocumentKind, registry

# The order the profile lists the people holding a staff role (a role added later comes last).
ROLE_ORDER = [Role.FEDERATION_ADMIN, Role.UNION_CHAIR, Role.UNION_OFFICER, Role.WELFARE_OFFICER,
              Role.FEDERATION_REVIEWER]


def profile_context(organisation: Organisation, options: dict) -> dict:
    children = list(
        organisation.children.annotate(
            units_below=Count("children", distinct=True),
        ).order_by("path")
    )
    subtree = Organisation.objects.subtree_of(organisation, include_self=False)
    grassroots_below = subtree.grassroots().aggregate(
        total=Count("pk"),
        employees=Sum("employee_count"),
        **{f"rating_{value}": Count("pk", filter=Q(home_rating=value)) for value in Organisation.HomeRating.values},
    )
    ratings = [
        (label, grassroots_below[f"rating_{value}"])
        for value, label in Organisation.HomeRating.choices
    ]
    holders = sorted(
        RoleAssignment.objects.filter(organisation=organisation, role__in=STAFF_ROLES).select_related("user"),
        key=lambda a: (ROLE_ORDER.index(a.role) if a.role in ROLE_ORDER else len(ROLE_ORDER),
                       a.user.display_name, a.pk),
    )
    return {
        "organisation": organisation,
        "ancestors": list(organisation.ancestors()),
        "children": children,
        "grassroots_below": grassroots_below,
        "ratings": ratings,
        "role_holders": holders,
        "today": timezone.localdate(),
    }


def profile_filename(organisation: Organisation, options: dict) -> str:
    return gettext("%(name)s profile sheet") % {"name": organisation.name} + ".pdf"


organisation_profile = DocumentKind(
    code="organisation_profile",
    label=_("Organisation profile sheet"),
    model=Organisation,
    template="documents/organisation_profile.html",
    context=profile_context,
    filename=profile_filename,
    organisation=lambda organisation: organisation,
)


def register():
    registry.register(organisation_profile)
