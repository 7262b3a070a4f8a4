"""The budget pages: the versions per union and year with their approvals trail (and what
waits for the union above), drafting a year's budget and its lines, the two committees'
agreements, sending it up, the union above's decision, redrafting, adjusting, and the
execution (spent, committed, left per line) as a page, XLSX and PDF. The rules are
finance.budgets'; a refused step comes back as a message or a form error."""
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, TemplateView

from unionadmin.integrity import DuplicateWrite, saved_once
from unionadmin.views.objects import ObjectActionView, ObjectFormView

from ..budgets import (
    AGREEMENTS,
    adjust,
    budget_in_force,
    decide_budget,
    execution,
    is_editable,
    keeps_budget,
    may_agree,
    may_decide,
    record_agreement,
    redraft,
    save_lines,
    start_budget,
    steps_for,
    submit_budget,
    waiting_for,
)
from ..exports_budgets import execution_response
from ..forms_budgets import (
    AdjustForm,
    AgreementForm,
    BudgetLineFormSet,
    BudgetQuery,
    BudgetStartForm,
    DecisionForm,
    ExecutionQuery,
    budget_unions,
)
from ..models import Account, Budget, BudgetApproval, BudgetLine
from ..services import ZERO, FinanceError
from .base import FinanceMixin

Status = Budget.Status


def _trail(queryset):
    return queryset.select_related("organisation").prefetch_related(
        Prefetch("approvals", queryset=BudgetApproval.objects.select_related("decided_by")))


class BudgetListView(FinanceMixin, ListView):
    """The versions of the budgets the person may read, newest year first, with their status
    and approvals; above them, the versions sent up that wait for this person's decision."""

    model = Budget
    template_name = "finance/budgets/list.html"
    section = "budgets"
    page_title = gettext_lazy("Budgets")
    paginate_by = 40

    def get_queryset(self):
        self.query = BudgetQuery(self.request.GET, user=self.request.user)
        values = self.query.values
        queryset = _trail(super().get_queryset()).order_by("-year", "organisation__path", "-version")
        # An invalid value reads as not given (QueryForm): "" for a choice field, hence truthiness.
        if values["union"]:
            queryset = queryset.filter(organisation=values["union"])
        if values["year"]:
            queryset = queryset.filter(year=values["year"])
        if values["status"]:
            queryset = queryset.filter(status=values["status"])
        return queryset

    def get_context_data(self, **kwargs):
        user = self.request.user
        waiting = waiting_for(user, _trail(Budget.objects.order_by("organisation__path", "year", "version")))
        return super().get_context_data(query=self.query, waiting=waiting,
                                        may_start=budget_unions(user, "change").exists(), **kwargs)


class BudgetCreateView(FinanceMixin, FormView):
    """Draft a union's budget for a year (version 1), empty or from last year's lines."""

    model = Budget
    form_class = BudgetStartForm
    template_name = "finance/form.html"
    section = "budgets"
    page_title = gettext_lazy("Draft a year's budget")
    needs = "change"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(submit_label=_("Draft the budget"), cancel_url=reverse("finance:budget_list"),
                                        **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            budget = start_budget(data["union"], data["year"], user=self.request.user,
                                  copy_last_year=data["copy_last_year"])
        except FinanceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The %(year)s budget of %(union)s is drafted; enter its lines.")
                         % {"year": budget.year, "union": budget.organisation})
        return HttpResponseRedirect(reverse("finance:budget_lines", args=[budget.pk]))


def budget_totals(lines) -> dict:
    """Budgeted income, expenditure and their difference (a balanced budget: income ≥ expenditure)."""
    income = sum((line.amount for line in lines if line.account.element == Account.Element.INCOME), ZERO)
    expenditure = sum((line.amount for line in lines if line.account.element == Account.Element.EXPENDITURE), ZERO)
    return {"income": income, "expenditure": expenditure, "difference": income - expenditure,
            "balanced": income >= expenditure}


class BudgetDetailView(FinanceMixin, DetailView):
    """One version: its lines (category and sub-items), totals, the approvals trail, the steps."""

    model = Budget
    template_name = "finance/budgets/detail.html"
    section = "budgets"

    def get_queryset(self):
        return _trail(super().get_queryset()).select_related("created_by")

    def get_context_data(self, **kwargs):
        budget, user = self.object, self.request.user
        lines = list(BudgetLine.objects.filter(budget=budget).select_related("account").order_by("account__code"))
        recorded = {approval.step for approval in budget.approvals.all()}
        return super().get_context_data(
            page_title=f"{budget.title or budget} · {budget.organisation.name}",
            lines=lines, totals=budget_totals(lines), steps=steps_for(budget, user),
            waiting_for=[label for step, label in BudgetApproval.Step.choices
                         if step in AGREEMENTS and step not in recorded] if budget.status == Status.DRAFT else [],
            in_force=budget_in_force(budget.organisation, budget.year),
            versions=Budget.objects.visible_to(user).filter(organisation=budget.organisation, year=budget.year)
            .order_by("version"),
            **kwargs)


class BudgetStepMixin(FinanceMixin):
    model = Budget
    section = "budgets"
    template_name = "finance/form.html"

    def get_back_url(self):
        return reverse("finance:budget_detail", args=[self.object.pk])


class BudgetLinesView(BudgetStepMixin, ObjectFormView):
    """The lines of a draft as a formset; the totals of income and expenditure and the
    difference are shown as one types (finance/budget_lines.js) and again on the version."""

    scope_action = "change"
    form_class = BudgetLineFormSet
    template_name = "finance/budgets/lines.html"
    prefix = "lines"

    def refusal(self):
        if not keeps_budget(self.request.user, self.object):
            return _("Only the union's own finance officer edits its budget.")
        if not is_editable(self.object):
            return _("This version can no longer be edited: a committee has agreed to it (or it went further), and "
                     "changing it would change what was agreed.")
        return None

    def get_page_title(self):
        return _("Lines of %(title)s") % {"title": self.object.title or self.object}

    def get_context_data(self, **kwargs):
        income = Account.objects.filter(element=Account.Element.INCOME).values_list("pk", flat=True)
        return super().get_context_data(income_accounts=list(income), **kwargs)

    def get_initial(self):
        return [{"account": line.account_id, "amount": line.amount, "note": line.note}
                for line in self.object.lines.order_by("account__code")]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def form_valid(self, form):
        try:
            with saved_once():
                save_lines(self.object, form.lines(), user=self.request.user)
        except (DuplicateWrite, FinanceError) as error:
            form.non_form_errors().append(error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The lines are saved."))
        return HttpResponseRedirect(self.get_back_url())


class BudgetAgreeView(BudgetStepMixin, ObjectFormView):
    """Record a committee's agreement (``step``): the chair for the union committee, a 经审会
    member for the funds audit committee, each naming the meeting."""

    step_name = BudgetApproval.Step.COMMITTEE
    form_class = AgreementForm
    submit_label = gettext_lazy("Record the agreement")

    @property
    def scope_action(self):
        return AGREEMENTS[self.step_name]

    def refusal(self):
        budget = self.object
        done = budget.approvals.filter(step=self.step_name).first()
        if done is not None:
            return _("%(step)s is already recorded for this version.") % {"step": done.get_step_display()}
        if budget.status != Status.DRAFT:
            return _("This version is %(status)s; committees agree to a draft.") % {
                "status": budget.get_status_display()}
        if not may_agree(self.request.user, self.step_name, budget):
            return _("Only the union's chair records the union committee's agreement, and only a member of its funds "
                     "audit committee records that committee's.")
        return None

    def get_page_title(self):
        return f"{BudgetApproval.Step(self.step_name).label} · {self.object.title or self.object}"

    def perform(self, form):
        record_agreement(self.object, self.step_name, user=self.request.user, **form.cleaned_data)
        self.object.refresh_from_db()
        if self.object.status == Status.AGREED:
            return _("Both committees have agreed; the finance officer can now send it to the union above.")
        return _("The agreement is recorded; the other committee's is still to come.")


class BudgetSubmitView(BudgetStepMixin, ObjectActionView):
    """Send a version both committees agreed to up to the union above (POST only)."""

    scope_action = "change"

    def act(self, budget):
        submit_budget(budget, user=self.request.user)
        return _("Sent to the union above.")

    def get_success_url(self):
        return reverse("finance:budget_detail", args=[self.object.pk])


class BudgetDecideView(BudgetStepMixin, ObjectFormView):
    """The union above approves a version sent to it, accepts it for filing, or returns it."""

    scope_action = "approve"
    form_class = DecisionForm
    submit_label = gettext_lazy("Record the decision")

    def refusal(self):
        if self.object.status != Status.SUBMITTED:
            return _("This version is %(status)s; the union above decides on a version sent to it.") % {
                "status": self.object.get_status_display()}
        if not may_decide(self.request.user, self.object):
            return _("Only the union directly above decides on a budget sent to it, and never the person who sent "
                     "it up.")
        return None

    def get_page_title(self):
        return _("Decide on %(title)s of %(union)s") % {"title": self.object.title or self.object,
                                                         "union": self.object.organisation.name}

    def perform(self, form):
        data = form.cleaned_data
        decide_budget(self.object, data["decision"], user=self.request.user, note=data["note"])
        return _("Recorded: %(decision)s.") % {"decision": BudgetApproval.Step(data["decision"]).label}


class BudgetRedraftView(BudgetStepMixin, ObjectActionView):
    """Redraft a returned version as the next version (POST only)."""

    scope_action = "change"

    def act(self, budget):
        self.new = redraft(budget, user=self.request.user)
        return _("Version %(version)s is drafted from the returned one; change its lines.") % {
            "version": self.new.version}

    def get_success_url(self):
        new = getattr(self, "new", None)
        return reverse("finance:budget_lines", args=[new.pk]) if new else \
            reverse("finance:budget_detail", args=[self.object.pk])


class BudgetAdjustView(BudgetStepMixin, ObjectFormView):
    """Adjust the budget in force: the next version with its lines and the reason."""

    scope_action = "change"
    form_class = AdjustForm
    submit_label = gettext_lazy("Start the adjustment")

    def refusal(self):
        if "adjust" not in steps_for(self.object, self.request.user):
            return _("Only the budget in force is adjusted, and only when no other version is in progress.")
        return None

    def get_page_title(self):
        return _("Adjust %(title)s") % {"title": self.object.title or self.object}

    def perform(self, form):
        self.new = adjust(self.object, user=self.request.user, reason=form.cleaned_data["reason"])
        return _("Adjustment version %(version)s is drafted; change its lines.") % {"version": self.new.version}

    def get_success_url(self):
        return reverse("finance:budget_lines", args=[self.new.pk])


class ExecutionMixin(FinanceMixin):
    model = Budget

    def execution(self):
        self.query = ExecutionQuery(self.request.GET, user=self.request.user)
        values = self.query.values
        self.union, self.year = values["union"], values["year"]
        return execution(self.union, self.year) if self.union is not None else None


class BudgetExecutionView(ExecutionMixin, TemplateView):
    """Budget execution live: per line budget, spent, committed, left, rate; category subtotals."""

    template_name = "finance/budgets/execution.html"
    section = "budgets"
    page_title = gettext_lazy("Budget execution")

    def get_context_data(self, **kwargs):
        rows = self.execution()
        return super().get_context_data(rows=rows, query=self.query.shown(), union=self.union, year=self.year,
                                        **kwargs)


class BudgetExecutionExportView(ExecutionMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        return execution_response(request, self.execution(), self.union, self.year)
