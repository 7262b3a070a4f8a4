"""The finance pages' forms: entering a voucher (its lines as a formset that must balance),
reversing one, closing a month, choosing a statement, and the chart of accounts.

The forms check what a person typed (a line with an amount but no account, both sides on one
line, debits ≠ credits) so the refusal sits next to the field; the books' rules themselves
(closed months, leaf accounts, numbering) are finance.services', whose refusal the view shows
as a form error too."""
from __future__ import annotations

import secrets
from decimal import Decimal

from django import forms
from django.forms import BaseFormSet, formset_factory, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.models import Organisation
from unionadmin.querystring import QueryForm
from unionadmin.scoping import organisations_where

from .models import Account, Voucher
from .services import FIRST_DATE, date_range_message, last_date

AMOUNT_FIELD = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0"), "required": False}
ENTRY_KEY_MAX = 2 ** 62


def books_of(user, action: str = "view"):
    """The unions whose books ``user`` may ``action`` (not union groups, which keep none)."""
    return (organisations_where(user, Voucher, action).exclude(level=Organisation.Level.GROUP)
            .order_by("path"))


def default_union(user):
    """The union a finance page opens on: the first whose books the person keeps, else the
    first they may read (the top of their scope)."""
    return books_of(user, "change").first() or books_of(user).first()


def leaf_account_choices():
    """Accounts a voucher may post to (in use, without sub-accounts), grouped by element."""
    accounts = Account.objects.filter(is_active=True, children__isnull=True).order_by("code")
    groups: dict[str, list] = {}
    for account in accounts:
        groups.setdefault(account.element, []).append((account.pk, str(account)))
    return [("", "---------")] + [(label, groups[value]) for value, label in Account.Element.choices
                                  if value in groups]


def _years():
    this = timezone.localdate().year
    return [(year, str(year)) for year in range(this + 1, this - 10, -1)]


MONTHS = [(m, str(m)) for m in range(1, 13)]


# --- a voucher -----------------------------------------------------------------------------

class VoucherForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none())
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label=_("Summary"), max_length=200, help_text=_("摘要: what the money was for."))
    receipts = forms.IntegerField(label=_("Receipts attached"), min_value=0, max_value=32767, initial=0)
    # A key made when the page is drawn: the same form posted twice (a double click) posts one
    # voucher, the second request is sent to it (finance.services keeps a source once).
    entry_key = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=ENTRY_KEY_MAX)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unions = books_of(user, "change")
        self.fields["organisation"].queryset = unions
        if len(unions[:2]) == 1:
            self.fields["organisation"].initial = unions[0]
            self.fields["organisation"].widget = forms.HiddenInput()
        self.fields["date"].initial = timezone.localdate()
        self.fields["entry_key"].initial = secrets.randbelow(ENTRY_KEY_MAX - 1) + 1

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not FIRST_DATE <= day <= last_date():
            raise forms.ValidationError(date_range_message(day))
        return day


class VoucherLineForm(forms.Form):
    account = forms.ModelChoiceField(label=_("Account"), queryset=Account.objects.none(), required=False)
    summary = forms.CharField(label=_("Line summary"), max_length=200, required=False)
    debit = forms.DecimalField(label=_("Debit"), **AMOUNT_FIELD,
                               widget=forms.NumberInput(attrs={"step": "0.01", "class": "text-end", "data-side": "debit"}))
    credit = forms.DecimalField(label=_("Credit"), **AMOUNT_FIELD,
                                widget=forms.NumberInput(attrs={"step": "0.01", "class": "text-end",
                                                                "data-side": "credit"}))

    def __init__(self, *args, account_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        field.queryset = Account.objects.filter(is_active=True, children__isnull=True)
        field.widget.choices = account_choices if account_choices is not None else leaf_account_choices()

    @property
    def line(self):
        data = self.cleaned_data
        return data["account"], data.get("debit") or Decimal("0"), data.get("credit") or Decimal("0"), \
            data.get("summary", "")

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("account") and not data.get("debit") and not data.get("credit")

    def clean(self):
        data = super().clean()
        account, debit, credit = data.get("account"), data.get("debit"), data.get("credit")
        if debit and credit:
            raise forms.ValidationError(_("A line is a debit or a credit, not both."))
        if (debit or credit) and not account:
            self.add_error("account", _("Choose the account of this amount."))
        if account and not debit and not credit and not self.errors:
            raise forms.ValidationError(_("Enter a debit or a credit above zero for %(account)s.")
                                        % {"account": account})
        return data


class BaseVoucherLineFormSet(BaseFormSet):
    def get_form_kwargs(self, index):
        if not hasattr(self, "_account_choices"):
            self._account_choices = leaf_account_choices()
        return {**super().get_form_kwargs(index), "account_choices": self._account_choices}

    def lines(self):
        return [form.line for form in self.forms if form.is_valid() and not form.is_blank()]

    def clean(self):
        if any(self.errors):
            return
        lines = self.lines()
        if len(lines) < 2:
            raise forms.ValidationError(_("A voucher needs at least two lines: an account debited and an account "
                                          "credited."))
        debits = sum(line[1] for line in lines)
        credits = sum(line[2] for line in lines)
        if debits != credits:
            raise forms.ValidationError(
                _("Debits and credits do not balance: debits %(debits)s, credits %(credits)s, a difference of "
                  "%(difference)s. Correct the amounts before saving.")
                % {"debits": f"{debits:,.2f}", "credits": f"{credits:,.2f}",
                   "difference": f"{abs(debits - credits):,.2f}"})


VoucherLineFormSet = formset_factory(VoucherLineForm, formset=BaseVoucherLineFormSet, extra=4, max_num=40,
                                     validate_max=True, absolute_max=40)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Why is it reversed?"), max_length=150,
                             help_text=_("It becomes part of the reversal's summary."))


# --- months and statements -----------------------------------------------------------------

class BooksQuery(QueryForm):
    """Which union's books a page shows (``union``), and the year; an id outside the person's
    reach, or letters, reads as not given (the default union)."""

    union = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none(), required=False)
    year = forms.TypedChoiceField(label=_("Year"), choices=_years, coerce=int, required=False, empty_value=None)

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["union"].queryset = books_of(user)
        self.fields["union"].empty_label = None
        self.user = user

    @property
    def values(self) -> dict:
        if not hasattr(self, "_values"):
            values = super().values
            values["union"] = values["union"] or default_union(self.user)
            values["year"] = values["year"] or timezone.localdate().year
            self._values = self.complete(values)
        return self._values

    def complete(self, values: dict) -> dict:
        return values

    def shown(self):
        """The form as the page shows it: the values in use selected, defaults included."""
        data = {name: getattr(value, "pk", value) for name, value in self.values.items() if value is not None}
        return type(self)(data, user=self.user)


class StatementQuery(BooksQuery):
    KINDS = [("income", _("Income and expenditure statement (收入支出表)")),
             ("balance", _("Balance sheet (资产负债表)"))]

    kind = forms.ChoiceField(label=_("Statement"), choices=KINDS, required=False)
    month = forms.TypedChoiceField(label=_("Month"), choices=MONTHS, coerce=int, required=False, empty_value=None)

    field_order = ["kind", "union", "year", "month"]

    def complete(self, values: dict) -> dict:
        today = timezone.localdate()
        values["kind"] = values["kind"] or "income"
        values["month"] = values["month"] or (today.month if values["year"] == today.year else 12)
        return values


class CloseMonthForm(forms.Form):
    union = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none())
    year = forms.IntegerField(min_value=2000, max_value=2999)
    month = forms.IntegerField(min_value=1, max_value=12)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = books_of(user, "close")


# --- the chart -----------------------------------------------------------------------------

class AccountForm(forms.ModelForm):
    class Meta:
        model = Account
        fields = ["code", "name", "element", "parent"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Account.objects.filter(parent__isnull=True).order_by("code")
        self.fields["parent"].help_text = _("A sub-account takes its parent's element; vouchers post to "
                                            "sub-accounts once an account has them.")

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not (code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("An account code is digits only, like 50106."))
        return code

    def clean(self):
        data = super().clean()
        parent, code = data.get("parent"), data.get("code")
        if parent is not None:
            data["element"] = parent.element
            if code and not code.startswith(parent.code):
                self.add_error("code", _("A sub-account's code begins with its parent's (%(code)s).")
                               % {"code": parent.code})
        return data


ChartFormSet = modelformset_factory(Account, fields=["name", "is_active"], extra=0, max_num=500, absolute_max=500,
                                    validate_max=True, edit_only=True)
