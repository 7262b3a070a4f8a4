"""Claims (报销): the list (the chair's waiting claims first), entering and editing a draft,
a claim's page, submitting, approving, rejecting, withdrawing, paying, a receipt's download
and a union's finance settings. The rules are finance.claims'; these views read forms and
show the service's refusals."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView

from unionadmin.views.files import UploadedFileView
from unionadmin.views.objects import MSG_STEP_NOT_POSSIBLE, ObjectActionView, ObjectFormView

from ..claims import (
    ClaimProblems,
    approve_claim,
    budget_figures,
    pay_claim,
    problems_of,
    reject_claim,
    save_claim,
    save_settings,
    submit_claim,
    withdraw_claim,
)
from ..forms_claims import (
    ApproveForm,
    ClaimForm,
    ClaimItemFormSet,
    ClaimQuery,
    FinanceSettingsForm,
    PayForm,
    ReasonForm,
    RejectForm,
    SettingsQuery,
    item_initial,
    settings_unions,
)
from ..models import Claim, ClaimItem, ClaimReceipt, FinanceSettings, RuleBreach
from ..services import FinanceError
from .base import FinanceMixin

SECTION = "claims"


def _for_page(queryset):
    return queryset.select_related("organisation", "entered_by", "approved_by", "second_approved_by", "paid_by",
                                   "voucher")


def _with_parts(queryset):
    """The claims with their items, receipts and breaches read for the page."""
    return queryset.prefetch_related(
        Prefetch("items", queryset=ClaimItem.objects.select_related("account").order_by("position", "pk")),
        Prefetch("receipts", queryset=ClaimReceipt.objects.order_by("pk")),
        Prefetch("breaches", queryset=RuleBreach.objects.select_related(
            "rule", "budget_line__account", "item", "recorded_by").order_by("recorded_at", "pk")))


class ClaimListView(FinanceMixin, ListView):
    """A union's (or every readable union's) claims; those waiting for this person's decision first."""

    model = Claim
    template_name = "finance/claims/claim_list.html"
    section = SECTION
    page_title = gettext_lazy("Claims")
    paginate_by = 50

    def get_queryset(self):
        self.query = ClaimQuery(self.request.GET, user=self.request.user)
        values = self.query.values
        queryset = super().get_queryset().select_related("organisation")
        if values["union"] is not None:
            queryset = queryset.filter(organisation__path__startswith=values["union"].path)
        if values["year"]:
            queryset = queryset.filter(year=values["year"])
        if values["status"]:
            queryset = queryset.filter(status=values["status"])
        mine = waiting_for(self.request.user)
        shown = set(queryset.filter(pk__in=[claim.pk for claim in mine]).values_list("pk", flat=True))
        self.waiting = [claim for claim in mine if claim.pk in shown]
        waiting = [claim.pk for claim in self.waiting]
        return queryset.annotate(waiting_first=Case(When(pk__in=waiting, then=Value(0)), default=Value(1),
                                                    output_field=IntegerField())
                                 ).order_by("waiting_first", "-year", "-number", "organisation__path")

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, waiting=self.waiting,
                                        waiting_pks={claim.pk for claim in self.waiting},
                                        may_settings=settings_unions(self.request.user).exists(), **kwargs)


class ClaimEntryMixin:
    """The header form with the items formset, for entering and editing a draft."""

    template_name = "finance/claims/claim_form.html"
    section = SECTION

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_formset(self):
        if self.request.method == "POST":
            return ClaimItemFormSet(self.request.POST, prefix="items")
        claim = getattr(self, "object", None)
        return ClaimItemFormSet(prefix="items", initial=item_initial(claim) if claim else None)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.get_formset())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form, formset = self.get_form(), self.get_formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        try:
            claim = self.save(form, formset)
        except FinanceError as error:
            saved = getattr(error, "claim", None)
            if saved is not None:  # the same new claim sent twice
                messages.info(request, _("This claim was already saved as number %(number)s; it is shown here "
                                         "(the form was sent twice).") % {"number": saved.display_number})
                return HttpResponseRedirect(saved.get_absolute_url())
            field = getattr(error, "field", None)
            form.add_error(field if field in form.fields else None, error.message)
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        messages.success(request, _("Claim %(number)s was saved as a draft. Submit it for approval when its "
                                    "receipts are attached.") % {"number": claim.display_number})
        return HttpResponseRedirect(claim.get_absolute_url())


class ClaimCreateView(FinanceMixin, ClaimEntryMixin, FormView):
    model = Claim
    form_class = ClaimForm
    page_title = gettext_lazy("Enter a claim")
    needs = "change"

    def save(self, form, formset):
        data = form.cleaned_data
        return save_claim(data["organisation"], user=self.request.user, header=form.header, items=formset.items(),
                          receipts=data["receipts"], entry_key=data.get("entry_key"))


class ClaimEditView(FinanceMixin, ClaimEntryMixin, ObjectFormView):
    model = Claim
    form_class = ClaimForm
    scope_action = "change"
    step = "edit"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_page_title(self):
        return _("Edit claim %(number)s") % {"number": self.object.display_number}

    def save(self, form, formset):
        data = form.cleaned_data
        return save_claim(self.object.organisation, user=self.request.user, header=form.header,
                          items=formset.items(), receipts=data["receipts"],
                          remove_receipts=data.get("remove_receipts") or (), claim=self.object)


class ClaimDetailView(FinanceMixin, DetailView):
    model = Claim
    template_name = "finance/claims/claim_detail.html"
    section = SECTION

    def get_queryset(self):
        return _with_parts(_for_page(super().get_queryset()))

    def get_context_data(self, **kwargs):
        claim = self.object
        return super().get_context_data(
            page_title=_("Claim %(number)s: %(title)s") % {"number": claim.display_number, "title": claim.title},
            allowed=claim.allowed_actions(self.request.user), **kwargs)


class ClaimStepView(FinanceMixin, ObjectFormView):
    """A step on a claim with a form: the claim's summary above, problems found listed."""

    model = Claim
    template_name = "finance/claims/claim_step.html"
    section = SECTION
    steps_offered: tuple = ()

    def step_refusal(self):
        if not self.object.allowed_actions(self.request.user) & set(self.steps_offered):
            return MSG_STEP_NOT_POSSIBLE
        return None

    def get_back_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("problems", getattr(self, "problems", None))
        return super().get_context_data(claim=self.object, **kwargs)


class ClaimDecisionMixin:
    """Approving or rejecting: the decider sees what she decides on — the items, the receipts,
    the problems recorded with their figures and reason, and the budget lines' figures."""

    def get_queryset(self):
        return _with_parts(super().get_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(show_body=True, lines=budget_figures(self.object), **kwargs)


class ClaimSubmitView(ClaimStepView):
    form_class = ReasonForm
    steps_offered = ("submit",)
    submit_label = gettext_lazy("Submit for approval")

    def get_page_title(self):
        return _("Submit claim %(number)s") % {"number": self.object.display_number}

    def get_context_data(self, **kwargs):
        if getattr(self, "problems", None) is None and self.request.method == "GET":
            self.problems = problems_of(self.object)  # what the submission will find, shown beforehand
        return super().get_context_data(**kwargs)

    def perform(self, form):
        try:
            claim = submit_claim(self.object, user=self.request.user, reason=form.cleaned_data["reason"])
        except ClaimProblems as error:
            self.problems = error.problems
            raise
        return _("Claim %(number)s was submitted for approval.") % {"number": claim.display_number}


class ClaimApproveView(ClaimDecisionMixin, ClaimStepView):
    form_class = ApproveForm
    steps_offered = ("approve", "approve_second")
    submit_label = gettext_lazy("Approve")

    def get_page_title(self):
        if self.object.approved_by_id:
            return _("Second approval of claim %(number)s") % {"number": self.object.display_number}
        return _("Approve claim %(number)s") % {"number": self.object.display_number}

    def perform(self, form):
        data = form.cleaned_data
        try:
            claim = approve_claim(self.object, user=self.request.user, note=data["note"], reason=data["reason"])
        except ClaimProblems as error:
            self.problems = error.problems
            raise
        if claim.status == Claim.Status.APPROVED:
            return _("Claim %(number)s is approved; the finance officer can pay it.") % {
                "number": claim.display_number}
        return _("Claim %(number)s is approved by you; above %(limit)s yuan it needs a second approval by someone "
                 "else.") % {"number": claim.display_number, "limit": f"{claim.second_approval_above:,.2f}"}


class ClaimRejectView(ClaimDecisionMixin, ClaimStepView):
    form_class = RejectForm
    steps_offered = ("reject", "reject_second")
    submit_label = gettext_lazy("Reject the claim")

    def get_page_title(self):
        return _("Reject claim %(number)s") % {"number": self.object.display_number}

    def perform(self, form):
        claim = reject_claim(self.object, user=self.request.user, note=form.cleaned_data["note"])
        return _("Claim %(number)s was rejected.") % {"number": claim.display_number}


class ClaimPayView(ClaimStepView):
    form_class = PayForm
    steps_offered = ("pay",)
    scope_action = "pay"
    submit_label = gettext_lazy("Record the payment and post the voucher")

    def step_refusal(self):
        if self.object.status == Claim.Status.PAID and self.object.voucher_id:  # paid already: a second click
            return _("Claim %(number)s is already paid: voucher %(voucher)s of %(year)s.") % {
                "number": self.object.display_number, "voucher": self.object.voucher.display_number,
                "year": self.object.voucher.year}
        return super().step_refusal()

    def get_page_title(self):
        return _("Pay claim %(number)s") % {"number": self.object.display_number}

    def perform(self, form):
        data = form.cleaned_data
        try:
            claim = pay_claim(self.object, user=self.request.user, paid_on=data["paid_on"],
                              reference=data["reference"])
        except FinanceError as error:
            if getattr(error, "field", None) == "date":
                error.field = "paid_on"
            raise
        return _("Claim %(number)s is paid; voucher %(voucher)s was posted.") % {
            "number": claim.display_number, "voucher": claim.voucher.display_number}


class ClaimWithdrawView(FinanceMixin, ObjectActionView):
    model = Claim
    scope_action = "change"
    step = "withdraw"

    def act(self, claim):
        claim = withdraw_claim(claim, user=self.request.user)
        return _("Claim %(number)s was withdrawn.") % {"number": claim.display_number}


class ReceiptDownloadView(FinanceMixin, UploadedFileView):
    """A claim's receipt, for those who may read the claim (404 for anyone else)."""

    model = ClaimReceipt

    def download_name(self, obj) -> str:
        return obj.name


class FinanceSettingsView(FinanceMixin, FormView):
    """A union's finance settings: the second-approval threshold and the province's rules."""

    form_class = FinanceSettingsForm
    template_name = "finance/claims/settings.html"
    section = SECTION
    page_title = gettext_lazy("Claim settings")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            unions = settings_unions(request.user)
            self.union = SettingsQuery(request.GET, user=request.user).values["union"] or unions.first()
            if self.union is None:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        instance = (FinanceSettings.objects.filter(organisation=self.union).first()
                    or FinanceSettings(organisation=self.union))
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs):
        return super().get_context_data(union=self.union,
                                        query=SettingsQuery({"union": self.union.pk}, user=self.request.user),
                                        **kwargs)

    def form_valid(self, form):
        save_settings(self.union, **{name: form.cleaned_data[name] for name in form.Meta.fields})
        messages.success(self.request, _("The finance settings of %(union)s were saved.") % {"union": self.union})
        return HttpResponseRedirect(f"{reverse('finance:claim_settings')}?union={self.union.pk}")


def waiting_for(user):
    """Claims waiting for ``user``'s approval (the home panel, the list's first rows)."""
    submitted = Claim.objects.visible_to(user, "approve").filter(status=Claim.Status.SUBMITTED)
    second = Claim.objects.visible_to(user, "approve_second").filter(
        status=Claim.Status.SUBMITTED, approved_by__isnull=False).exclude(approved_by=user)
    queryset = _for_page(Claim.objects.filter(
        Q(pk__in=submitted.filter(approved_by__isnull=True).values("pk")) | Q(pk__in=second.values("pk"))))
    return [claim for claim in queryset.order_by("submitted_at")[:50]
            if claim.allowed_actions(user) & {"approve", "approve_second"}]
