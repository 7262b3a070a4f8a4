"""Visits and the union's must-visit occasions."""
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Member
from unionadmin.scoping import organisations_where

from ..filters import VisitFilter, VisitQuery
from ..forms import MustVisitOccasionForm, VisitForm
from ..models import MustVisitOccasion, Visit
from .base import (
    WelfareCreateView,
    WelfareDetailView,
    WelfareListView,
    WelfareUpdateView,
)


class VisitListView(WelfareListView):
    model = Visit
    template_name = "welfare/visit_list.html"
    section = "visits"
    page_title = gettext_lazy("Visits")

    def optimise(self, queryset):
        return queryset.select_related("member", "union", "occasion")

    def get_queryset(self):
        self.filterset = VisitFilter(self.request.GET or None, queryset=super().get_queryset(), user=self.request.user)
        return self.filterset.result

    def get_context_data(self, **kwargs):
        return super().get_context_data(filterset=self.filterset, **kwargs)


class VisitFormMixin:
    model = Visit
    form_class = VisitForm
    section = "visits"

    def form_valid(self, form):
        form.instance.union = form.cleaned_data["member"].union
        if not form.instance.pk:
            form.instance.recorded_by = self.request.user
        messages.success(self.request, _("The visit was recorded."))
        return super().form_valid(form)


class VisitCreateView(VisitFormMixin, WelfareCreateView):
    page_title = gettext_lazy("Record a visit")

    def get_initial(self):
        initial = super().get_initial()
        query = VisitQuery.read(self.request.GET, members=Member.objects.visible_to(self.request.user))
        if query["member"]:
            initial["member"] = query["member"]
        if query["kind"]:
            initial["kind"] = query["kind"]
        return initial


class VisitUpdateView(VisitFormMixin, WelfareUpdateView):
    page_title = gettext_lazy("Edit visit")


class VisitDetailView(WelfareDetailView):
    model = Visit
    template_name = "welfare/visit_detail.html"
    section = "visits"

    def optimise(self, queryset):
        return queryset.select_related("member", "union", "occasion", "recorded_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_change=self.can("change", self.object), **kwargs)


class OccasionListView(WelfareListView):
    model = MustVisitOccasion
    template_name = "welfare/occasion_list.html"
    section = "visits"
    page_title = gettext_lazy("Must-visit occasions")

    def optimise(self, queryset):
        return queryset.select_related("organisation")

    def post(self, request, *args, **kwargs):
        """Start a union's list with the usual five occasions."""
        organisation = organisations_where(request.user, MustVisitOccasion, "change").filter(
            pk=request.POST.get("organisation") or 0).first()
        if organisation is None:
            messages.error(request, _("Choose a union you look after."))
        else:
            for order, name in enumerate(MustVisitOccasion.DEFAULTS, start=1):
                MustVisitOccasion.objects.get_or_create(organisation=organisation, name=str(name),
                                                        defaults={"order": order})
            messages.success(request, _("The usual five occasions were added for %(union)s.") % {"union": organisation})
        return HttpResponseRedirect(reverse("welfare:occasion_list"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organisations=organisations_where(self.request.user, MustVisitOccasion, "change").exclude(level="group"),
            **kwargs,
        )


class OccasionCreateView(WelfareCreateView):
    model = MustVisitOccasion
    form_class = MustVisitOccasionForm
    section = "visits"
    page_title = gettext_lazy("New must-visit occasion")


class OccasionUpdateView(WelfareUpdateView):
    model = MustVisitOccasion
    form_class = MustVisitOccasionForm
    section = "visits"
    page_title = gettext_lazy("Edit must-visit occasion")
