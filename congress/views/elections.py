"""The union's own congress and its elections: the list, the congress page (quotas, delegates,
candidates, the count, the results, the approval) and each step.

Who: the union's officers, chair and the federation administrators over it prepare the congress
and enter the count (``change``); the union directly above approves or returns the results
(``approve``, and the step's ``when``). Every object comes through ``visible_to``."""
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView

from unionadmin.scoping import organisations_where
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin

from .. import elections
from ..forms_elections import (
    BallotBoxFiguresForm,
    BallotBoxForm,
    CandidateForm,
    DelegateForm,
    ReturnForm,
    UnionCongressCreateForm,
    UnionCongressForm,
    VotesForm,
)
from ..models import BallotBox, Candidate, UnionCongress, UnionDelegate
from ..services import CongressError
from .base import ObjectActionView, ObjectFormView


class UnionCongressListView(ScopedObjectMixin, ListView):
    model = UnionCongress
    template_name = "congress/elections/list.html"
    paginate_by = 30

    def optimise(self, queryset):
        return queryset.select_related("union", "committee_term")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_create=organisations_where(self.request.user, UnionCongress, "change").exists(), **kwargs)


class UnionCongressCreateView(ScopedObjectMixin, UserFormKwargsMixin, CreateView):
    model = UnionCongress
    form_class = UnionCongressCreateForm
    scope_action = "change"
    template_name = "congress/form.html"
    extra_context = {"page_title": gettext_lazy("New union congress")}

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "union" and not (k == "number" and v is None)}
        try:
            self.object = elections.congress_create(form.cleaned_data["union"], **data)
        except CongressError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The congress was created. Share out the delegate quotas next."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class UnionCongressDetailView(ScopedObjectMixin, DetailView):
    model = UnionCongress
    template_name = "congress/elections/detail.html"

    def optimise(self, queryset):
        return queryset.select_related("union__parent", "committee_term", "decided_by")

    def get_context_data(self, **kwargs):
        congress = self.object
        outcome = elections.results(congress)
        candidates = {}
        for candidate in congress.candidates.select_related("member__union"):
            candidates.setdefault(candidate.body, []).append(candidate)
        lists = [{"body": r.body, "label": r.label, "seats": r.seats,
                  "needed": elections.candidates_needed(congress, r.body),
                  "candidates": candidates.get(r.body, [])} for r in outcome]
        preparing = congress.state == UnionCongress.State.PREPARING
        counting = congress.state in (UnionCongress.State.VOTING, UnionCongress.State.RETURNED)
        return super().get_context_data(
            allowed=congress.allowed_actions(self.request.user), lists=lists, results=outcome,
            shares=elections.delegate_shares(congress), committee_shares=elections.committee_shares(congress),
            delegates=congress.delegates.select_related("member", "unit"),
            boxes=congress.boxes.select_related("entered_by"), entitled=elections.entitled(congress),
            quota_warnings=elections.quota_warnings(congress),
            list_refusals=elections.list_refusals(congress) if preparing else [],
            report_refusals=elections.report_refusals(congress, outcome) if counting else [],
            **kwargs)


class CongressStepFormView(ObjectFormView):
    model = UnionCongress
    scope_action = "change"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "congress": self.object, "user": self.request.user}


class UnionCongressUpdateView(ObjectFormView):
    model = UnionCongress
    scope_action = "change"
    step = "prepare"
    form_class = UnionCongressForm
    page_title = gettext_lazy("Edit the congress")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        form.save()
        if form.reshare:  # the delegates to elect or their shares changed, none recorded yet: share again
            elections.quotas_allocate(self.object)
            return _("Saved; the delegate quotas were shared out again.")
        return _("Saved.")


class QuotasView(ObjectActionView):
    model = UnionCongress
    scope_action = "change"
    step = "prepare"

    def act(self, obj):
        quotas = elections.quotas_allocate(obj)
        return _("%(seats)s delegate seats shared among %(units)s units by membership.") % {
            "seats": sum(q.seats for q in quotas), "units": len(quotas)}


class DelegateAddView(CongressStepFormView):
    step = "prepare"
    form_class = DelegateForm
    page_title = gettext_lazy("Record an elected delegate")

    def perform(self, form):
        delegate = elections.delegate_add(self.object, form.cleaned_data["member"],
                                          frontline=form.cleaned_data["frontline"])
        return _("%(name)s was recorded as a delegate of %(unit)s.") % {"name": delegate.member.name,
                                                                         "unit": delegate.unit.name}


class CandidateAddView(CongressStepFormView):
    step = "prepare"
    form_class = CandidateForm
    page_title = gettext_lazy("Add a candidate")

    def perform(self, form):
        candidate = elections.candidate_add(self.object, form.cleaned_data["body"], form.cleaned_data["member"])
        return _("%(name)s is a candidate for %(body)s.") % {"name": candidate.member.name,
                                                            "body": candidate.get_body_display().lower()}


class OpenVotingView(ObjectActionView):
    model = UnionCongress
    scope_action = "change"
    step = "open_voting"

    def act(self, obj):
        elections.open_voting(obj)
        return _("The candidate lists are closed; enter the ballots as they are counted.")


class BoxCreateView(CongressStepFormView):
    step = "count"
    form_class = BallotBoxForm
    page_title = gettext_lazy("Enter a ballot box")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("congress"), kwargs.pop("user")
        return kwargs

    def perform(self, form):
        self.box = elections.box_create(self.object, by=self.request.user, **form.cleaned_data)
        return _("Now enter each candidate's votes.")

    def get_success_url(self):
        return self.box.get_absolute_url()


class BoxVotesView(ObjectFormView):
    model = BallotBox
    scope_action = "change"
    form_class = VotesForm

    def optimise(self, queryset):
        return queryset.select_related("congress__union")

    def refusal(self):
        if "count" not in self.object.congress.allowed_actions(self.request.user):
            return _("The ballots of this congress are not being counted now.")
        return None

    def get_back_url(self):
        return self.object.congress.get_absolute_url()

    def get_page_title(self):
        return _("Votes: %(box)s") % {"box": self.object}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "box": self.object}

    def perform(self, form):
        elections.votes_enter(self.object, form.votes(), by=self.request.user)
        return _("The votes of ballot box %(label)s were entered.") % {"label": self.object.label}


class BoxUpdateView(ObjectFormView):
    model = BallotBox
    scope_action = "change"
    form_class = BallotBoxFiguresForm
    refusal = BoxVotesView.refusal
    get_back_url = BoxVotesView.get_back_url

    def optimise(self, queryset):
        return queryset.select_related("congress__union")

    def get_page_title(self):
        return _("Correct the figures: %(box)s") % {"box": self.object}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": BallotBox.objects.get(pk=self.object.pk)}

    def perform(self, form):
        elections.box_update(self.object, **form.cleaned_data)
        return _("The figures of ballot box %(label)s were corrected.") % {"label": self.object.label}

    def get_success_url(self):
        return self.object.congress.get_absolute_url()


class _RemoveView(ObjectActionView):
    """Takes off a row entered by mistake; the service checks the congress's state under its lock
    (the row's history is kept)."""

    scope_action = "change"

    def optimise(self, queryset):
        return queryset.select_related("congress")

    def get_success_url(self):
        return self.object.congress.get_absolute_url()


class CandidateRemoveView(_RemoveView):
    model = Candidate

    def act(self, obj):
        elections.candidate_remove(obj)
        return _("%(name)s is no longer a candidate for %(body)s.") % {"name": obj.member.name,
                                                                      "body": obj.get_body_display().lower()}


class DelegateRemoveView(_RemoveView):
    model = UnionDelegate

    def act(self, obj):
        elections.delegate_remove(obj)
        return _("%(name)s is no longer recorded as a delegate.") % {"name": obj.member.name}


class BoxDeleteView(_RemoveView):
    model = BallotBox

    def act(self, obj):
        elections.box_delete(obj)
        return _("Ballot box %(box)s was removed; enter it again with the right figures.") % {"box": obj}


class ReportView(ObjectActionView):
    model = UnionCongress
    scope_action = "change"
    step = "report"

    def act(self, obj):
        elections.report(obj, by=self.request.user)
        return _("The results were reported to %(union)s for approval.") % {"union": obj.union.parent.name}


class ApproveView(ObjectActionView):
    model = UnionCongress
    scope_action = "approve"
    step = "approve"

    def act(self, obj):
        congress = elections.approve(obj, by=self.request.user)
        return _("Approved: the %(term)s of %(union)s begins; re-election is due by %(due)s.") % {
            "term": congress.committee_term, "union": obj.union.name, "due": congress.committee_term.ends_on}


class ReturnView(ObjectFormView):
    model = UnionCongress
    scope_action = "approve"
    step = "return"
    form_class = ReturnForm
    page_title = gettext_lazy("Return the results")

    def perform(self, form):
        elections.return_results(self.object, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("The results were returned to %(union)s.") % {"union": self.object.union.name}
