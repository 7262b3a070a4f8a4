"""The budget pages' forms: which budgets to list, drafting a year's budget, its lines (a
formset checked by the same rule as the service, finance.budgets.check_lines), a committee's
agreement, the union above's decision, an adjustment's reason, and the execution's union and
year."""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.models import Organisation
from unionadmin.querystring import QueryForm
from unionadmin.roles import FINANCE_ROLES
from unionadmin.scoping import organisations_where, role_paths

from .budgets import BUDGET_ELEMENTS, check_lines
from .forms import BooksQuery
from .models import Account, Budget, BudgetApproval
from .services import FinanceError


def _years():
    this = timezone.localdate().year
    return [(year, str(year)) for year in range(this + 1, this - 10, -1)]


def budget_unions(user, action: str = "view"):
    """The unions whose budgets ``user`` may ``action`` (never a union group); for "change",
    only the unions where the user is the finance officer themselves (finance.budgets.keeps_budget)."""
    unions = organisations_where(user, Budget, action).exclude(level=Organisation.Level.GROUP).order_by("path")
    if action == "change" and not user.is_superuser:
        unions = unions.filter(path__in=[path for role in FINANCE_ROLES for path in role_paths(user).get(role, ())])
    return unions


class BudgetQuery(QueryForm):
    """The list's filters: a union, a year, a status (each may be left empty)."""

    union = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none(), required=False,
                                   empty_label=_("All unions"))
    year = forms.TypedChoiceField(label=_("Year"), choices=lambda: [("", _("All years"))] + _years(), coerce=int,
                                  required=False, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any status"))] + Budget.Status.choices,
                               required=False)

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["union"].queryset = budget_unions(user)


class BudgetStartForm(forms.Form):
    union = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), choices=_years, coerce=int)
    copy_last_year = forms.BooleanField(label=_("Start from last year's budget"), required=False,
                                        help_text=_("Its lines and amounts, to change as needed."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unions = budget_unions(user, "change")
        self.fields["union"].queryset = unions
        if len(unions[:2]) == 1:
            self.fields["union"].initial = unions[0]
        self.fields["year"].initial = timezone.localdate().year


def budget_account_choices():
    """Income and expenditure accounts in use, categories and their sub-items (indented)."""
    accounts = Account.objects.filter(is_active=True, element__in=BUDGET_ELEMENTS).order_by("code")
    groups: dict[str, list] = {}
    for account in accounts:
        label = f"{'　' if account.parent_id else ''}{account.code} {account.name}"
        groups.setdefault(account.element, []).append((account.pk, label))
    return [("", "---------")] + [(label, groups[value]) for value, label in Account.Element.choices
                                  if value in groups]


class BudgetLineForm(forms.Form):
    account = forms.ModelChoiceField(label=_("Account"), queryset=Account.objects.none(), required=False)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=14, decimal_places=2, min_value=Decimal("0"),
                                required=False, widget=forms.NumberInput(attrs={"step": "0.01", "class": "text-end",
                                                                                "data-amount": ""}))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, account_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        field.queryset = Account.objects.filter(is_active=True, element__in=BUDGET_ELEMENTS)
        field.widget.choices = account_choices if account_choices is not None else budget_account_choices()

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("account") and data.get("amount") in (None, "") and not data.get("note")

    def clean(self):
        data = super().clean()
        if data.get("amount") is not None and not data.get("account"):
            self.add_error("account", _("Choose the account of this amount."))
        if data.get("account") and data.get("amount") is None:
            self.add_error("amount", _("Enter the amount for %(account)s (0 if none).") % {"account": data["account"]})
        return data


class BaseBudgetLineFormSet(BaseFormSet):
    def get_form_kwargs(self, index):
        if not hasattr(self, "_account_choices"):
            self._account_choices = budget_account_choices()
        return {**super().get_form_kwargs(index), "account_choices": self._account_choices}

    def lines(self):
        return [(form.cleaned_data["account"], form.cleaned_data["amount"], form.cleaned_data.get("note", ""))
                for form in self.forms if form.is_valid() and not form.is_blank()]

    def clean(self):
        if any(self.errors):
            return
        try:
            check_lines(self.lines())
        except FinanceError as error:
            raise forms.ValidationError(error.message) from None


BudgetLineFormSet = formset_factory(BudgetLineForm, formset=BaseBudgetLineFormSet, extra=3, max_num=80,
                                    validate_max=True, absolute_max=80)


class AgreementForm(forms.Form):
    meeting = forms.CharField(label=_("Meeting"), max_length=200,
                              help_text=_("The meeting that agreed to it, e.g. 工会委员会 2026年第1次会议."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    DECISIONS = [(BudgetApproval.Step.APPROVED, _("Approve")), (BudgetApproval.Step.FILED, _("Accept for filing")),
                 (BudgetApproval.Step.RETURNED, _("Return to the union"))]

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required when it is returned: what the union should change."))

    def clean(self):
        data = super().clean()
        if data.get("decision") == BudgetApproval.Step.RETURNED and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why it is returned, so the union knows what to change."))
        return data


class AdjustForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the adjustment"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Why income or spending changes this year (调整事由)."))


class ExecutionQuery(BooksQuery):
    """Which union's execution and which year (the default union and this year)."""
