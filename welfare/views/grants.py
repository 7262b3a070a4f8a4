"""Aid programmes with their yearly budgets, and grants: the ledger, proposing, approving,
rejecting, and the XLSX export."""
from django.contrib import messages
from django.db.models import Count, Prefetch, Q, Sum
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Member
from unionadmin.querystring import ObjectQuery

from ..exports import grant_ledger_response
from ..filters import GrantFilter, LedgerQuery, YearQuery
from ..forms import AidProgrammeForm, GrantForm, ProgrammeBudgetForm, RejectGrantForm
from ..models import AidProgramme, Grant, HardshipFile, ProgrammeBudget
from ..services import WelfareError, grant_approve, grant_propose, grant_reject
from .base import (
    WelfareActionView,
    WelfareCreateView,
    WelfareDetailView,
    WelfareFormView,
    WelfareListView,
    WelfareUpdateView,
)


class ProgrammeListView(WelfareListView):
    model = AidProgramme
    template_name = "welfare/programme_list.html"
    section = "programmes"
    page_title = gettext_lazy("Aid programmes")

    def optimise(self, queryset):
        self.year = _year(self.request)
        return queryset.select_related("organisation").prefetch_related(
            Prefetch("budgets", queryset=ProgrammeBudget.objects.filter(year=self.year), to_attr="year_budgets")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.year, years=_years(), **kwargs)


def _year(request) -> int:
    return YearQuery.read(request.GET)["year"] or timezone.localdate().year


def _years():
    this = timezone.localdate().year
    return list(range(this + 1, this - 5, -1))


class ProgrammeCreateView(WelfareCreateView):
    model = AidProgramme
    form_class = AidProgrammeForm
    section = "programmes"
    page_title = gettext_lazy("New aid programme")

    def form_valid(self, form):
        messages.success(self.request, _("The programme was created. Give it a budget for the year."))
        return super().form_valid(form)


class ProgrammeDetailView(WelfareDetailView):
    model = AidProgramme
    template_name = "welfare/programme_detail.html"
    section = "programmes"

    def optimise(self, queryset):
        return queryset.select_related("organisation")

    def get_context_data(self, **kwargs):
        programme = self.object
        user = self.request.user
        grants = (Grant.objects.visible_to(user).filter(programme=programme)
                  .select_related("member", "union", "proposed_by", "approved_by")[:50])
        return super().get_context_data(
            budgets=programme.budgets.annotate(
                pending=Sum("grants__amount", filter=Q(grants__status=Grant.Status.PROPOSED)),
                approved=Count("grants", filter=Q(grants__status=Grant.Status.APPROVED)),
            ),
            grants=grants,
            can_change=self.can("change", programme),
            **kwargs,
        )


class ProgrammeUpdateView(WelfareUpdateView):
    model = AidProgramme
    form_class = AidProgrammeForm
    section = "programmes"
    page_title = gettext_lazy("Edit aid programme")


class BudgetCreateView(WelfareFormView):
    model = AidProgramme
    form_class = ProgrammeBudgetForm
    section = "programmes"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.object}

    def get_page_title(self):
        return _("New budget for %(programme)s") % {"programme": self.object}

    def perform(self, form):
        form.save()
        return _("The budget was saved.")


class BudgetUpdateView(WelfareUpdateView):
    model = ProgrammeBudget
    form_class = ProgrammeBudgetForm
    section = "programmes"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return {**kwargs, "programme": self.object.programme}

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Edit budget: %(budget)s") % {"budget": self.object},
                                        cancel_url=self.object.get_absolute_url(), **kwargs)

    def form_valid(self, form):
        messages.success(self.request, _("The budget was saved."))
        return super().form_valid(form)


# --- grants ---------------------------------------------------------------------------------
class GrantListView(WelfareListView):
    """The grant ledger (救助发放台账)."""

    model = Grant
    template_name = "welfare/grant_list.html"
    section = "grants"
    page_title = gettext_lazy("Grant ledger")

    def optimise(self, queryset):
        return queryset.select_related("programme", "member", "union", "proposed_by", "approved_by")

    def get_queryset(self):
        self.filterset = GrantFilter(self.request.GET or None, queryset=super().get_queryset(), user=self.request.user)
        return self.filterset.result

    def get_context_data(self, **kwargs):
        totals = self.object_list.order_by().aggregate(
            approved=Sum("amount", filter=Q(status=Grant.Status.APPROVED)),
            pending=Sum("amount", filter=Q(status=Grant.Status.PROPOSED)),
            count=Count("pk"),
        )
        return super().get_context_data(filterset=self.filterset, totals=totals,
                                        query=self.request.GET.urlencode(), **kwargs)


class GrantExportView(WelfareListView):
    """The ledger as XLSX: the same filters, masked unless the person asks for full details
    and may reveal them; an AuditEvent (EXPORT) records every export."""

    model = Grant
    scope_action = "export"

    def get(self, request, *args, **kwargs):
        queryset = self.get_queryset().select_related(
            "programme", "member", "union", "file", "proposed_by", "approved_by", "donation_drive")
        filterset = GrantFilter(request.GET or None, queryset=queryset, user=request.user)
        applied = filterset.is_bound and filterset.is_valid()
        within = filterset.form.cleaned_data.get("within") if applied else None
        # The filters as applied (a bad value made the FilterSet invalid, so none was).
        filters = {k: v for k, v in filterset.form.data.items() if v and k in filterset.filters} if applied else {}
        return grant_ledger_response(request, filterset.result, full=LedgerQuery.read(request.GET)["full"],
                                     within=within, filters=filters)


class GrantCreateView(WelfareCreateView):
    model = Grant
    form_class = GrantForm
    section = "grants"
    page_title = gettext_lazy("Propose a grant")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        user = self.request.user
        query = ObjectQuery.read(self.request.GET, file=HardshipFile.objects.visible_to(user, "change").on_file(),
                                 member=Member.objects.visible_to(user),
                                 programme=AidProgramme.objects.visible_to(user, "change"))
        file = query["file"]
        if file:
            initial.update(file=file, member=file.worker)
        member = query["member"]
        if member:
            initial["member"] = member
        programme = query["programme"]
        if programme:
            initial["programme"] = programme
            if programme.standard_amount:
                initial["amount"] = programme.standard_amount
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = grant_propose(
                programme=data["programme"], member=data["member"], file=data.get("file"), by=self.request.user,
                kind=data["kind"], amount=data["amount"], description=data.get("description", ""),
                granted_on=data["granted_on"], repeat_reason=data.get("repeat_reason", ""),
                donation_drive=data.get("donation_drive"), note=data.get("note", ""),
            )
        except WelfareError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The grant was proposed. Another person must approve it."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class GrantDetailView(WelfareDetailView):
    model = Grant
    template_name = "welfare/grant_detail.html"
    section = "grants"

    def optimise(self, queryset):
        return queryset.select_related("programme__organisation", "budget", "member", "union", "file",
                                       "proposed_by", "approved_by", "rejected_by", "donation_drive")

    def get_context_data(self, **kwargs):
        grant = self.object
        user = self.request.user
        allowed = grant.allowed_actions(user)
        return super().get_context_data(
            allowed=allowed,
            own_proposal=grant.proposed_by_id == user.pk,
            reject_form=RejectGrantForm() if "reject" in allowed else None,
            earlier=Grant.objects.visible_to(user).filter(member=grant.member, programme=grant.programme,
                                                          year=grant.year).exclude(pk=grant.pk),
            **kwargs,
        )


class GrantApproveView(WelfareActionView):
    model = Grant
    scope_action = "approve"
    step = "approve"

    def act(self, grant):
        grant_approve(grant, by=self.request.user)
        return _("The grant was approved; the budget has been charged.")


class GrantRejectView(WelfareFormView):
    model = Grant
    scope_action = "approve"
    step = "reject"
    form_class = RejectGrantForm
    section = "grants"

    def step_refusal(self):
        if "reject" not in self.object.allowed_actions(self.request.user):
            return _("This grant is no longer waiting for approval.")
        return None

    def get_page_title(self):
        return _("Reject %(grant)s") % {"grant": self.object}

    def perform(self, form):
        grant_reject(self.object, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("The grant was rejected.")


def awaiting_approval(user):
    """Grants the person could approve now (proposed by someone else)."""
    return (Grant.objects.visible_to(user, "approve").filter(status=Grant.Status.PROPOSED)
            .exclude(proposed_by=user).select_related("programme", "member"))


__all__ = [
    "BudgetCreateView", "BudgetUpdateView", "GrantApproveView", "GrantCreateView", "GrantDetailView",
    "GrantExportView", "GrantListView", "GrantRejectView", "ProgrammeCreateView", "ProgrammeDetailView",
    "ProgrammeListView", "ProgrammeUpdateView", "awaiting_approval",
]
