"""The menu entry and the home-page panels of the competitions app."""
from django.utils.translation import gettext_lazy as _

from unionadmin.navigation import HomePanel, NavItem, add_home_panel, add_menu_item
from unionadmin.roles import STAFF_ROLES, Role

from .scope import EVALUATOR_ROLES


def judge_panel(request):
    """Entries awaiting the judge's scores, per competition being scored."""
    from .views.home import judge_awaiting

    return judge_awaiting(request.user)


def evaluator_panel(request):
    from .models import ImprovementProposal

    proposals = (ImprovementProposal.objects.visible_to(request.user, "evaluate")
                 .filter(evaluator=request.user, state=ImprovementProposal.State.ROUTED)
                 .select_related("union").order_by("routed_at")[:10])
    return {"proposals": list(proposals)}


def register():
    add_menu_item(NavItem(_("Competitions"), "competitions:competition_list", STAFF_ROLES | {Role.JUDGE},
                          icon="trophy", order=50, group="competitions"))
    add_home_panel(HomePanel("competitions/home/_judge.html", frozenset({Role.JUDGE}), judge_panel, order=15))
    add_home_panel(HomePanel("competitions/home/_evaluator.html", EVALUATOR_ROLES, evaluator_panel, order=16))
