"""What "my record" and "my data" (issue 19) register with the core: the members app's record
sections and personal-data sources, the "my data" document kind, the notification kinds of
members' requests, the portal's links to the two pages and the officers' request lists."""
from django.utils.translation import gettext_lazy as _


def register():
    from unionadmin.navigation import NavItem, add_menu_item
    from unionadmin.notifications import register_kinds
    from unionadmin.portal import PortalAction, add_portal_action
    from unionadmin.roles import STAFF_ROLES

    from . import personal_data_export, record
    from .portal_requests import RequestVerb

    record.register()
    personal_data_export.register()
    register_kinds(RequestVerb)
    add_portal_action(PortalAction("record", _("My record"), "portal:record", icon="journal-text",
                                   description=_("Membership, dues, honours; ask for a correction"), order=20))
    add_portal_action(PortalAction("my_data", _("My data"), "portal:my_data", icon="shield-lock",
                                   description=_("Download it, see who viewed it, your rights over it"), order=90))
    add_menu_item(NavItem(_("Members' requests"), "members:correction_request_list", STAFF_ROLES,
                          icon="envelope-open", order=25, group="organisation"))
