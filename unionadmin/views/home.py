from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from ..dashboard import tiles_for
from ..indicators import Tally
from ..models import Organisation
from ..navigation import HomePanel, add_home_panel, panels_for
from ..portal import member_of
from ..roles import STAFF_ROLES, Role


class HomeView(LoginRequiredMixin, TemplateView):
    """One home page; what is on it depends on the roles the person holds."""

    template_name = "unionadmin/home.html"

    def get(self, request, *args, **kwargs):
        if not request.user.is_superuser and not request.user.held_roles() and member_of(request.user):
            return redirect("portal:home")  # a member's own login: the member portal is their home
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        request = self.request
        panels = [(panel.template, panel.context(request)) for panel in panels_for(request.user)]
        assignments = request.user.role_assignments.select_related("organisation").order_by("organisation__path")
        return super().get_context_data(panels=panels, assignments=assignments, **kwargs)


def _top_organisations(user):
    """The organisations at the top of the part of the tree the user may see."""
    paths = Organisation.scope.organisation_paths(user, "view")
    return list(Organisation.objects.filter(path__in=paths).select_related("parent"))


def overview_context(request):
    """For managers and reviewers: each organisation at the top of their scope, with the
    subtree's units by category and every registered indicator."""
    year = timezone.localdate().year
    roots = []
    for organisation in _top_organisations(request.user):
        by_category = (
            Organisation.objects.subtree_of(organisation).grassroots().filter(is_active=True)
            .values("category")
            .annotate(units=Count("pk"), employees=Sum("employee_count"),
                      homes=Count("pk", filter=~Q(home_rating=Organisation.HomeRating.NONE)))
            .order_by("category")
        )
        labels = dict(Organisation.Category.choices)
        roots.append({
            "organisation": organisation,
            "by_category": [{**row, "label": labels.get(row["category"], row["category"])} for row in by_category],
            "tiles": tiles_for(Tally(organisation), year, compare=False),
        })
    return {"roots": roots, "year": year}


add_home_panel(HomePanel(
    template="unionadmin/home/_overview.html",
    roles=STAFF_ROLES,
    context=overview_context,
    order=10,
))
add_home_panel(HomePanel(
    template="unionadmin/home/_roles.html",
    roles=frozenset(Role),
    context=lambda request: {},
    order=900,
))
