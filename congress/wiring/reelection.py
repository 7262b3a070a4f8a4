"""What the reelection part offers the core's registries: the 按期换届率 indicator (and its
source), the reminder's notification kinds, the "terms" tab on a union's page, the menu entry
and home panel for federation officers, and the demo step (order 46)."""
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import ORGANISATION_SECTION, Indicator, registry
from unionadmin.roles import Role

# The federation's people: they watch the county's re-elections.
FEDERATION_ROLES = frozenset({Role.FEDERATION_ADMIN, Role.FEDERATION_REVIEWER})


def terms_tab(request, union):
    """The union's term history; hidden where no committee is elected (a branch, a group) and for
    people who may not see its terms."""
    from unionadmin.models import Organisation
    from unionadmin.scoping import user_can

    from ..models import CommitteeTerm
    from ..reelection import union_terms_context

    if union.level != Organisation.Level.GRASSROOTS:
        return None
    if not user_can(request.user, "view", CommitteeTerm(union=union)):
        return None
    return union_terms_context(union, request.user)


def federation_panel(request):
    from unionadmin.models import Organisation

    from ..reelection import status_counts

    return status_counts(Organisation.objects.visible_to(request.user), timezone.localdate())


def register() -> None:
    from unionadmin.demo_steps import DemoStep, add_demo_step
    from unionadmin.navigation import HomePanel, NavItem, ObjectPanel, add_home_panel, add_menu_item, add_object_panel
    from unionadmin.notifications import register_kinds

    from .. import tasks_reelection  # noqa: F401  (the beat task registers on import)
    from ..demo_reelection import load_demo_reelection
    from ..models import CommitteeTerm
    from ..reelection import ReelectionKind, count_terms

    registry.add_source("reelection", count_terms, models=[CommitteeTerm])
    registry.register(Indicator(
        code="on_time_reelection_rate", label=_("On-time re-election rate"), unit="percent",
        numerator="reelection:on_time", denominator="reelection:recorded", default_target=Decimal("100"),
        section=ORGANISATION_SECTION, denominator_entered=True,
        description=_("Grassroots unions whose committee's term has not run out (at the year's end, "
                      "today for this year), out of those with a term recorded; a union with no term recorded "
                      "is counted as incomplete data."),
    ))
    register_kinds(ReelectionKind)
    add_object_panel("organisation", ObjectPanel("terms", _("Committee terms"), "congress/reelection/_tab.html",
                                                 terms_tab, order=40))
    add_menu_item(NavItem(_("Re-election"), "congress:reelection_list", FEDERATION_ROLES, icon="calendar-check",
                          order=43, group="organisation"))
    add_home_panel(HomePanel("congress/reelection/_home.html", FEDERATION_ROLES, federation_panel, order=23))
    add_demo_step(DemoStep("congress_reelection", 46, load_demo_reelection))
