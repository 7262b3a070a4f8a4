"""What the satisfaction surveys offer the core's registries: the menu entry (民主管理) and the
member portal's parts (congress/portal.py: the "answer a survey" action, the workers' congress
part of my record, the congress's rows of my data)."""
from django.utils.translation import gettext_lazy as _

from unionadmin.navigation import NavItem, add_menu_item
from unionadmin.roles import STAFF_ROLES


def register() -> None:
    from congress import portal

    add_menu_item(NavItem(_("Satisfaction surveys"), "congress:survey_list", STAFF_ROLES, icon="clipboard-check",
                          order=46, group="democracy"))
    portal.register()
