"""What the women part offers the core's registries: its menu entry, the 女职工 tab on a union's
page, the special contract's signing rate and the demo step."""
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from unionadmin.demo_steps import DemoStep, add_demo_step
from unionadmin.indicators import Indicator, registry
from unionadmin.navigation import NavItem, ObjectPanel, add_menu_item, add_object_panel
from unionadmin.roles import STAFF_ROLES


def register() -> None:
    from congress.demo_women import load_demo_women
    from congress.indicators import SECTION
    from congress.models import CollectiveContract
    from congress.views.women import women_panel
    from congress.women import count_women_contracts

    add_menu_item(NavItem(_("Women workers"), "congress:women_overview", STAFF_ROLES, icon="gender-female", order=45,
                          group="democracy"))
    add_object_panel("organisation", ObjectPanel("women", _("Women workers"), "congress/women/_union_panel.html",
                                                 women_panel, order=50))
    registry.add_source("women_contracts", count_women_contracts, models=[CollectiveContract])
    registry.register(Indicator(
        code="women_contract_rate", label=_("Women workers' special contract signing rate"), unit="percent",
        numerator="women_contracts:women_signed", denominator="women_contracts:enterprises",
        default_target=Decimal("80"), section=SECTION,
        description=_("Enterprise unions with a special collective contract for women workers' rights in force at "
                      "the period's end, out of all enterprise unions."),
    ))
    add_demo_step(DemoStep("women", 47, load_demo_women))
