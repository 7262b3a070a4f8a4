"""What the satisfaction surveys offer the core's registries: the menu entry (民主管理) and the
member portal's parts and the demo step (congress/portal.py: the "answer a survey" action, the workers' congress
part of my record, the congress's rows of my data)."""
from django.utils.translation import gettext_lazy as _

from unionadmin.demo_steps import DemoStep, add_demo_step
from unionadmin.navigation import NavItem, add_menu_item
from unionadmin.roles import STAFF_ROLES


def register() -> None:
    from congress import portal
    from congress.demo_surveys import load_demo_surveys

    add_menu_item(NavItem(_("Satisfaction surveys"), "congress:survey_list", STAFF_ROLES, icon="clipboard-check",
                          order=46, group="democracy"))
    portal.register()
    add_demo_step(DemoStep("surveys", 48, load_demo_surveys))
