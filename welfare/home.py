"""The welfare officer's home-page panel: re-checks due within 30 days, grants awaiting
approval, overdue pairings. The union chair sees it too; nobody else does."""
from django.utils.translation import gettext_lazy as _

from unionadmin.navigation import HomePanel, NavItem, add_home_panel, add_menu_item
from unionadmin.roles import Role

from .access import may, roles_granted
from .models import Grant, HardshipFile, Pairing


def panel_context(request):
    user = request.user
    if not may(user, "view"):
        return {"show": False}
    due = (HardshipFile.objects.visible_to(user).filter(recheck_due_soon=True)
           .select_related("worker", "union").order_by("next_recheck_due"))
    awaiting = (Grant.objects.visible_to(user, "approve").filter(status=Grant.Status.PROPOSED)
                .select_related("programme", "member", "proposed_by").order_by("proposed_at"))
    return {
        "show": True,
        "due": due[:10],
        "due_count": due.count(),
        "awaiting": awaiting[:10],
        "awaiting_count": awaiting.count(),
        "overdue_pairings": Pairing.objects.visible_to(user).overdue().count(),
        "user_id": user.pk,
    }


def register():
    add_menu_item(NavItem(_("Hardship aid"), "welfare:file_list", frozenset({Role.WELFARE_OFFICER}),
                          icon="heart-pulse", order=40))
    add_home_panel(HomePanel(
        template="welfare/home/_panel.html",
        roles=roles_granted("view"),
        context=panel_context,
        order=20,
    ))
