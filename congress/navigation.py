"""The congress's menu entries and home-page panels."""
import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.navigation import HomePanel, NavItem, add_home_panel, add_menu_item
from unionadmin.roles import OFFICER_ROLES, STAFF_ROLES, Role


def delegate_panel(request):
    from .models import Delegate, Proposal, Session

    user = request.user
    now = timezone.now()
    sessions = list(
        Session.objects.visible_to(user).filter(term__delegates__user=user, term__delegates__is_active=True)
        .select_related("term__congress__union").order_by("-held_on")[:3]
    )
    mine = Proposal.objects.filter(proposer__user=user)
    counts = mine.aggregate(
        drafts=Count("pk", filter=Q(state=Proposal.State.DRAFT)),
        to_rate=Count("pk", filter=Q(state=Proposal.State.REPLIED)),
        total=Count("pk"),
    )
    seats = Delegate.objects.filter(user=user, is_active=True).count()
    return {"sessions": [(s, s.window_state(now)) for s in sessions], "counts": counts, "seats": seats}


def department_panel(request):
    from .models import Proposal

    assigned = Proposal.objects.visible_to(request.user, "reply")
    today = timezone.localdate()
    return assigned.aggregate(
        waiting=Count("pk", filter=Q(state=Proposal.State.ASSIGNED)),
        overdue=Count("pk", filter=Q(state=Proposal.State.ASSIGNED, deadline__lt=today)),
    )


def officer_panel(request):
    from .models import CollectiveContract, Proposal

    user = request.user
    today = timezone.localdate()
    proposals = Proposal.objects.visible_to(user, "change").aggregate(
        to_review=Count("pk", filter=Q(state=Proposal.State.SUBMITTED)),
        to_assign=Count("pk", filter=Q(state=Proposal.State.ACCEPTED)),
        overdue=Count("pk", filter=Q(state=Proposal.State.ASSIGNED, deadline__lt=today)),
    )
    expiring = CollectiveContract.objects.visible_to(user, "change").in_force(today).filter(
        ends_on__lte=today + datetime.timedelta(days=60)).count()
    return {**proposals, "expiring": expiring}


def register():
    add_menu_item(NavItem(_("Congress"), "congress:index", STAFF_ROLES, icon="megaphone", order=40,
                          group="democracy"))
    add_menu_item(NavItem(_("My proposals"), "congress:delegate_home", frozenset({Role.DELEGATE}),
                          icon="pencil-square", order=41))
    add_menu_item(NavItem(_("Assigned proposals"), "congress:department_home", frozenset({Role.DEPARTMENT}),
                          icon="inbox", order=42))
    add_home_panel(HomePanel("congress/home/_delegate.html", frozenset({Role.DELEGATE}), delegate_panel, order=20))
    add_home_panel(HomePanel("congress/home/_department.html", frozenset({Role.DEPARTMENT}), department_panel,
                             order=21))
    add_home_panel(HomePanel("congress/home/_officer.html", OFFICER_ROLES, officer_panel,
                             order=22))
