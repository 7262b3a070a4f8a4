"""Women workers' work: the committee of a union and its seats, activities, and the
federation's overview. Every page takes its rows through ``visible_to``; the rules are in
congress/women.py."""
from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from members.views.base import may_act_at
from unionadmin.models import Organisation
from unionadmin.ordering import in_choice_order
from unionadmin.scoping import organisations_where, user_can
from unionadmin.views.dashboard import xlsx_response
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin

from .. import women
from ..filters_women import ActivityFilter, OverviewQuery
from ..forms_women import CommitteeEndForm, SeatForm, SeatRemoveForm, WomenActivityForm, WomenCommitteeForm
from ..models import WomenActivity, WomenCommittee, WomenCommitteeMember
from .base import FileDownloadView, ObjectFormView


def union_tab_url(union) -> str:
    return reverse("organisation_detail", args=[union.pk]) + "#tab-women"


# --- the committee -------------------------------------------------------------------------------
class CommitteeCreateView(ObjectFormView):
    """A new committee term for the union the URL names."""

    model = Organisation
    form_class = WomenCommitteeForm
    page_title = gettext_lazy("New women workers' committee")

    def refusal(self):
        if not may_act_at(self.request.user, WomenCommittee, "change", self.object):
            return _("You may not record a women workers' committee for this union.")
        return None

    def get_back_url(self):
        return union_tab_url(self.object)

    def perform(self, form):
        self.committee = women.committee_create(self.object, **form.cleaned_data)
        return _("The women workers' committee was recorded.")

    def get_success_url(self):
        return self.committee.get_absolute_url()


class CommitteeDetailView(ScopedObjectMixin, DetailView):
    model = WomenCommittee
    template_name = "congress/women/committee_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("union")

    def get_context_data(self, **kwargs):
        committee = self.object
        can_change = user_can(self.request.user, "change", committee)
        return super().get_context_data(
            seats=committee.seats.select_related("member", "cadre_post").order_by(
                "left_on", in_choice_order("position", WomenCommitteeMember.Position), "pk"),
            can_change=can_change,
            seat_form=SeatForm(committee=committee, user=self.request.user) if can_change else None,
            union_url=union_tab_url(committee.union), **kwargs)


class CommitteeUpdateView(ScopedObjectMixin, UpdateView):
    """The note only: the dates move through ending the term (the director's post with them)."""

    model = WomenCommittee
    scope_action = "change"
    fields = ["note"]
    template_name = "congress/form.html"
    extra_context = {"page_title": gettext_lazy("Edit the women workers' committee")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.object.get_absolute_url(), **kwargs)

    def form_valid(self, form):
        messages.success(self.request, _("The women workers' committee was saved."))
        return super().form_valid(form)


class CommitteeEndView(ObjectFormView):
    model = WomenCommittee
    scope_action = "change"
    form_class = CommitteeEndForm
    page_title = gettext_lazy("End the committee's term")

    def perform(self, form):
        women.committee_end(self.object, on=form.cleaned_data["on"])
        return _("The committee's term now ends on %(date)s; the director's post ends with it.") % {
            "date": form.cleaned_data["on"].isoformat()}


class SeatAddView(ObjectFormView):
    model = WomenCommittee
    scope_action = "change"
    form_class = SeatForm
    page_title = gettext_lazy("Add a committee member")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "committee": self.object, "user": self.request.user}

    def perform(self, form):
        seat = women.seat_add(self.object, **form.cleaned_data)
        return _("%(name)s was added as %(position)s.") % {"name": seat.member.name,
                                                           "position": seat.get_position_display()}


class SeatRemoveView(ObjectFormView):
    model = WomenCommitteeMember
    scope_action = "change"
    form_class = SeatRemoveForm
    page_title = gettext_lazy("Remove from the committee")

    def optimise(self, queryset):
        return queryset.select_related("member", "committee")

    def refusal(self):
        if self.object.left_on:
            return _("%(name)s has already been removed.") % {"name": self.object.member.name}
        return None

    def perform(self, form):
        women.seat_remove(self.object, on=form.cleaned_data["on"])
        return _("%(name)s was removed from the committee.") % {"name": self.object.member.name}


def _export_organisation(user, model):
    """Where an export's audit event is filed: the top of the subtree in which the user sees
    ``model`` (their own role's union); none (a person with no role) is a 404, as the 换届
    export does: nothing to export and nowhere to log it."""
    organisation = organisations_where(user, model, "view").order_by("path").first()
    if organisation is None:
        raise Http404
    return organisation


# --- activities ----------------------------------------------------------------------------------
def _activity_queryset(view):
    view.filterset = ActivityFilter(view.request.GET, queryset=WomenActivity.objects.visible_to(view.request.user))
    return view.filterset.qs.select_related("union").order_by("-held_on", "-pk")


class ActivityListView(LoginRequiredMixin, ListView):
    template_name = "congress/women/activity_list.html"
    paginate_by = 50

    def get_queryset(self):
        return _activity_queryset(self)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset, totals=women.activity_totals(self.filterset.qs),
            can_create=organisations_where(self.request.user, WomenActivity, "change").exists(), **kwargs)


class ActivityExportView(LoginRequiredMixin, ListView):
    """The filtered activities as XLSX (logged as an export)."""

    def get_queryset(self):
        return _activity_queryset(self)

    def get(self, request, *args, **kwargs):
        organisation = _export_organisation(request.user, WomenActivity)
        rows = [[a.union.name, a.get_kind_display(), a.held_on.isoformat(), a.title, a.place, a.participants,
                 a.members_taking_part, a.cost, a.note] for a in self.get_queryset()]
        header = [_("Union"), _("Kind"), _("Date"), pgettext("women workers' activity", "Title"), _("Place"), _("Women taking part"),
                  _("Of whom union members"), _("Cost (yuan)"), _("Note")]
        return xlsx_response(request, organisation=organisation, filename="women-activities.xlsx",
                             sheet=_("Women workers' activities"), header=header, rows=rows,
                             detail=_("Women workers' activities"), query=request.GET.urlencode())


class ActivityFormMixin(ScopedObjectMixin, UserFormKwargsMixin):
    model = WomenActivity
    form_class = WomenActivityForm
    scope_action = "change"
    template_name = "congress/women/activity_form.html"

    def get_success_url(self):
        return reverse("congress:women_activity_list")

    def form_valid(self, form):
        messages.success(self.request, _("The activity was saved."))
        return super().form_valid(form)


class ActivityCreateView(ActivityFormMixin, CreateView):
    extra_context = {"page_title": gettext_lazy("New women workers' activity")}

    def get_initial(self):
        return {"held_on": timezone.localdate()}


class ActivityUpdateView(ActivityFormMixin, UpdateView):
    extra_context = {"page_title": gettext_lazy("Edit the activity")}


class ActivityFileView(FileDownloadView):
    model = WomenActivity

    def download_name(self, activity):
        return activity.file_name or (activity.title + os.path.splitext(activity.file.name)[1])


# --- the federation's overview --------------------------------------------------------------------
class OverviewView(LoginRequiredMixin, TemplateView):
    """Every grassroots union below the chosen one: committee, women's special contract,
    activities of the year, and the shares of women; as a page or XLSX."""

    template_name = "congress/women/overview.html"

    def get(self, request, *args, **kwargs):
        form = OverviewQuery(request.GET, user=request.user)
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        self.year = data.get("year") or timezone.localdate().year
        self.root = data.get("union") or form.fields["union"].queryset.order_by("path").first()
        self.form = form
        self.rows = women.overview_rows(self.root, request.user, year=self.year)
        if data.get("format") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        def share(s):
            return s["percent"]

        organisation = self.root or _export_organisation(self.request.user, WomenCommittee)
        header = [_("Union"), _("Committee in place"), _("Women's special contract in force"),
                  _("Activities this year"), _("Women among workers' congress delegates (percent)"),
                  _("Women among union congress delegates (percent)"),
                  _("Women on the union's own committee (percent)"),
                  _("Women among members, branches included (percent)")]
        yes, no = _("Yes"), _("No")
        rows = [[r["union"].name, yes if r["union"].has_committee else no, yes if r["union"].has_contract else no,
                 r["union"].activities, share(r["shares"]["delegates"]), share(r["shares"]["union_delegates"]),
                 share(r["shares"]["committee"]), share(r["shares"]["members"])] for r in self.rows]
        return xlsx_response(self.request, organisation=organisation, filename=f"women-overview-{self.year}.xlsx",
                             sheet=_("Women workers' work"), header=header, rows=rows,
                             detail=_("Women workers' work overview %(year)s") % {"year": self.year},
                             query=self.request.GET.urlencode())

    def get_context_data(self, **kwargs):
        rows = self.rows
        return super().get_context_data(
            form=self.form, root=self.root, year=self.year, rows=rows,
            summary={"units": len(rows), "committees": sum(r["union"].has_committee for r in rows),
                     "contracts": sum(r["union"].has_contract for r in rows)}, **kwargs)


def women_panel(request, union):
    """The 女职工 tab on a union's page: nothing for a person who may not see the union's
    committees (the tab is left out)."""
    user = request.user
    if not (user.is_superuser or any(union.path.startswith(p) for p in
                                     WomenCommittee.scope.organisation_paths(user, "view"))):
        return None
    summary = women.union_summary(union, user)
    summary["can_change"] = may_act_at(user, WomenCommittee, "change", union)
    return summary
