"""What the elections part offers the core's registries: the menu entry (union congresses), the
"committee" tab on a union's page (its committee in office, 经审会 and next 换届 date), the
notification kinds of the results' approval, and the demo step (order 45)."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from unionadmin.roles import STAFF_ROLES


def committee_panel(request, union):
    """The union's committee in office, for staff who may read the union's committee terms."""
    from ..elections import committee_in_office
    from ..models import CommitteeTerm

    if not CommitteeTerm.scope.allows(request.user, "view", CommitteeTerm(union=union)):
        return None
    return committee_in_office(union)


def register() -> None:
    from unionadmin.demo_steps import DemoStep, add_demo_step
    from unionadmin.navigation import NavItem, ObjectPanel, add_menu_item, add_object_panel
    from unionadmin.notifications import register_kinds

    from ..demo_elections import load_demo_elections
    from ..elections import Notice

    add_menu_item(NavItem(_("Union congresses"), "congress:union_congress_list", STAFF_ROLES, icon="people",
                          order=43, group="democracy"))
    add_object_panel("organisation", ObjectPanel("committee", _("Union committee"),
                                                 "congress/elections/_committee_panel.html", committee_panel,
                                                 order=30))
    register_kinds(Notice)
    add_demo_step(DemoStep("union_congress", 45, load_demo_elections))
