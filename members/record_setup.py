"""What "my record" and "my data" (issue 19) register with the core: the members app's record
sections and personal-data sources, the "my data" document kind, the notification kinds of
members' requests, and the officers' request lists in the menu (the portal's home and its
menu link to the two pages themselves)."""
from django.utils.translation import gettext_lazy as _


def register():
    from unionadmin.navigation import NavItem, add_menu_item
    from unionadmin.notifications import register_kinds
    from unionadmin.roles import STAFF_ROLES

    from . import personal_data_export, record
    from .portal_requests import RequestVerb

    record.register()
    personal_data_export.register()
    register_kinds(RequestVerb)
    add_menu_item(NavItem(_("Members' requests"), "members:correction_request_list", STAFF_ROLES,
                          icon="envelope-open", order=25, group="organisation"))
