"""换届 pages: a union's committee terms (list, record by hand, edit) and the county's list of
grassroots unions by their re-election date, with its XLSX export. Rules are in
congress/reelection.py; every row comes through ``visible_to``."""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from unionadmin.models import Organisation
from unionadmin.views.dashboard import xlsx_response
from unionadmin.views.mixins import ScopedObjectMixin

from .. import reelection
from ..filters_reelection import ReelectionFilter
from ..forms_reelection import CommitteeTermForm
from ..models import CommitteeTerm
from .base import ObjectFormView


def county_rows(request):
    """The grassroots unions this person may see, with their current term, filtered by the
    query string (``show``) and sorted worst first; and the chosen filter."""
    today = timezone.localdate()
    unions = reelection.with_current_term(Organisation.objects.visible_to(request.user), today)
    filterset = ReelectionFilter(request.GET, queryset=unions)
    return reelection.worst_first(filterset.qs), filterset.chosen("show", "all"), today


class ReelectionListView(LoginRequiredMixin, ListView):
    """The federation's 换届 page (a grassroots union's officer sees their own union only)."""

    template_name = "congress/reelection/county.html"
    paginate_by = 50

    def get_queryset(self):
        rows, self.show, self.today = county_rows(self.request)
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = Organisation.objects.visible_to(self.request.user)
        return {**context, "show": self.show, "today": self.today,
                "rows": [reelection.describe(union, self.today) for union in context["object_list"]],
                "counts": reelection.status_counts(visible, self.today),
                "due_months": reelection.DUE_MONTHS}


class ReelectionExportView(LoginRequiredMixin, View):
    """The same list (same filter) as XLSX; the export is logged as an audit event."""

    def get(self, request):
        rows, show, today = county_rows(request)
        top = Organisation.objects.visible_to(request.user).order_by("path").first()
        if top is None:  # no union to list: nothing to export (and no organisation to log it at)
            raise Http404
        header = [_("Union"), _("Current term"), _("Elected on"), _("Re-election due on"), _("Days left"),
                  _("Days overdue"), _("Status")]

        def cells():
            for union in rows.iterator():
                row = reelection.describe(union, today)
                yield [union.name, union.term_number, _date(union.term_starts_on), _date(union.term_ends_on),
                       row["days_left"] if row["days_left"] is not None and row["days_left"] >= 0 else None,
                       row["days_overdue"], str(row["status_label"])]

        return xlsx_response(request, organisation=top, filename=f"reelection-{today:%Y%m%d}.xlsx",
                             sheet=_("Re-election"), header=header, rows=cells(),
                             detail="congress:reelection_export", query=f"show={show}")


def _date(day):
    return day.isoformat() if day else None


class UnionTermsView(ScopedObjectMixin, DetailView):
    """A union's committee terms: the history and the next 换届 date."""

    model = Organisation
    template_name = "congress/reelection/union_terms.html"
    context_object_name = "union"

    def get_context_data(self, **kwargs):
        return super().get_context_data(panel=reelection.union_terms_context(self.object, self.request.user),
                                        **kwargs)


class TermFormMixin:
    form_class = CommitteeTermForm
    scope_action = "change"
    template_name = "congress/form.html"

    def union(self):
        raise NotImplementedError

    def get_back_url(self):
        return reverse("congress:committee_term_list", args=[self.union().pk])

    def perform(self, form):
        data = form.cleaned_data
        term = reelection.committee_term_record(
            self.union(), number=data["number"], length_years=data["length_years"], starts_on=data["starts_on"],
            note=data["note"], term=self.term(), by=self.request.user)
        return _("%(term)s was saved; re-election is due on %(date)s.") % {
            "term": term, "date": term.ends_on.isoformat()}


class CommitteeTermCreateView(TermFormMixin, ObjectFormView):
    """Records a term by hand (a union whose last congress predates the system)."""

    model = Organisation
    page_title = gettext_lazy("Record a committee term")

    def union(self):
        return self.object

    def term(self):
        return None

    def refusal(self):
        if self.object.level != Organisation.Level.GRASSROOTS:
            return _("Committee terms are recorded for grassroots unions.")
        # Said before the form is filled; a POST is held to the same rule by the service, under the
        # union's lock, so that a double click on the first term reads "already recorded".
        if self.request.method != "POST" and not reelection.may_record_new(self.object, self.request.user):
            return _("%(union)s already has a committee term: its next term comes from its approved union congress, "
                     "or is recorded by the union above.") % {"union": self.object.name}
        return None

    def get_back_url(self):
        if self.object.level != Organisation.Level.GRASSROOTS:
            return reverse("organisation_detail", args=[self.object.pk])
        return super().get_back_url()

    def get_initial(self):
        return {"number": reelection.next_term_number(self.object), "length_years": CommitteeTerm.Length.FIVE}


class CommitteeTermUpdateView(TermFormMixin, ObjectFormView):
    model = CommitteeTerm
    page_title = gettext_lazy("Edit the committee term")

    def optimise(self, queryset):
        return queryset.select_related("union")

    def union(self):
        return self.object.union

    def term(self):
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object,
                "note_only": reelection.edits_note_only(self.object, self.request.user)}
