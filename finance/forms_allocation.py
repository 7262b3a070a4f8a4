"""The allocation pages' forms: the federation's table query, a unit's terms and its twelve
months, reminders, 建会筹备金 and posting the month's dues. Every GET parameter is read
through one of these (an id outside the person's reach reads as not given)."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.models import Organisation
from unionadmin.querystring import QueryForm
from unionadmin.roles import FEDERATION_FINANCE_ROLES
from unionadmin.scoping import covering_paths, organisations_where

from .forms import MONTHS, books_of
from .models.allocation import AllocationTerms, CollectionMode, PreparatoryFund
from .services import FIRST_DATE, date_range_message, last_date

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}
DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
CELL = {"class": "form-control form-control-sm"}


def _cell(step="0.01"):
    return forms.NumberInput(attrs={**CELL, "step": step, "class": CELL["class"] + " text-end"})


def _day_cell():
    return forms.DateInput(attrs={**CELL, "type": "date"}, format="%Y-%m-%d")


def _years():
    this = timezone.localdate().year
    return [(year, str(year)) for year in range(this + 1, this - 10, -1)]


def _checked_day(day):
    if day is not None and not FIRST_DATE <= day <= last_date():
        raise forms.ValidationError(date_range_message(day))
    return day


def allocation_roots(user):
    """The parts of the tree (federations, industry unions) whose units ``user`` may read."""
    return books_of(user).filter(level__in=[Organisation.Level.FEDERATION, Organisation.Level.INDUSTRY])


class YearQuery(QueryForm):
    year = forms.TypedChoiceField(label=_("Year"), choices=_years, coerce=int, required=False, empty_value=None)

    def __init__(self, data=None, *args, **kwargs):
        # A year not given (or not one of the choices) reads as this year, and shows as it.
        data = data.copy() if data is not None else {}
        try:
            self.base_fields["year"].clean(data.get("year"))
            given = data.get("year") not in (None, "")
        except forms.ValidationError:
            given = False
        if not given:
            data["year"] = str(timezone.localdate().year)
        super().__init__(data, *args, **kwargs)

    @property
    def chosen_year(self) -> int:
        return self.values["year"] or timezone.localdate().year


class AllocationQuery(YearQuery):
    """The federation's table: year, part of the tree, mode, in arrears only, order."""

    ORDERS = [("name", _("By union")), ("arrears", _("Largest arrears first"))]

    union = forms.ModelChoiceField(label=_("Unions under"), queryset=Organisation.objects.none(), required=False)
    mode = forms.ChoiceField(label=_("Collection mode"), choices=[("", _("All modes"))] + CollectionMode.choices,
                             required=False)
    arrears = forms.BooleanField(label=_("In arrears only"), required=False)
    order = forms.ChoiceField(label=_("Order"), choices=ORDERS, required=False)

    field_order = ["year", "union", "mode", "arrears", "order"]

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["union"].queryset = allocation_roots(user)
        self.fields["union"].empty_label = _("Every union I may read")


class TermsForm(forms.ModelForm):
    class Meta:
        model = AllocationTerms
        fields = ["mode", "grassroots_share", "small_payer", "bank_name", "bank_account"]

    def clean_bank_account(self):
        value = "".join(self.cleaned_data["bank_account"].split())
        if value and not (value.isascii() and value.isdigit()):
            raise forms.ValidationError(_("A bank account number is digits only."))
        return value


class NewTermsForm(TermsForm):
    """Terms for a unit that has none yet: the unit is chosen among those below the person's
    federation."""

    organisation = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none())

    class Meta(TermsForm.Meta):
        fields = ["organisation", *TermsForm.Meta.fields]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = units_kept_by(user).filter(allocation_terms__isnull=True)


def units_kept_by(user):
    """Grassroots unions strictly below a union where ``user`` keeps the allocations (the
    ``Below`` rule of the models' scope)."""
    units = Organisation.objects.filter(level=Organisation.Level.GRASSROOTS, is_active=True).order_by("path")
    if user.is_superuser:
        return units
    paths = covering_paths(user, FEDERATION_FINANCE_ROLES)
    if not paths:
        return units.none()
    below = Q(pk__in=[])
    for path in paths:
        below |= Q(path__startswith=path) & ~Q(path=path)
    return units.filter(below)


class MonthForm(forms.Form):
    """One month of a unit's allocation on the entry page (a blank payroll: not recorded)."""

    month = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=12)
    payroll = forms.DecimalField(label=_("Payroll"), required=False, widget=_cell(), **MONEY)
    paid = forms.DecimalField(label=_("Paid"), required=False, widget=_cell(), **MONEY)
    paid_on = forms.DateField(label=_("Paid on"), required=False, widget=_day_cell())
    sent_up = forms.DecimalField(label=_("Share sent up"), required=False, widget=_cell(), **MONEY)
    sent_up_on = forms.DateField(label=_("Sent up on"), required=False, widget=_day_cell())
    returned = forms.DecimalField(label=_("Share returned"), required=False, widget=_cell(), **MONEY)
    returned_on = forms.DateField(label=_("Returned on"), required=False, widget=_day_cell())
    note = forms.CharField(label=_("Note"), max_length=200, required=False, widget=forms.TextInput(attrs=CELL))

    def clean(self):
        data = super().clean()
        for day in ("paid_on", "sent_up_on", "returned_on"):
            try:
                _checked_day(data.get(day))
            except forms.ValidationError as error:
                self.add_error(day, error)
        for amount, day in (("paid", "paid_on"), ("sent_up", "sent_up_on"), ("returned", "returned_on")):
            if data.get(amount) and not data.get(day):
                self.add_error(day, _("Enter the date of this amount."))
        if data.get("payroll") is None and any(data.get(f) for f in ("paid", "sent_up", "returned")):
            self.add_error("payroll", _("Enter the month's payroll first: what is due is computed from it."))
        return data


class BaseMonthFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        months = [form.cleaned_data.get("month") for form in self.forms]
        if sorted(m for m in months if m) != list(range(1, 13)):
            raise forms.ValidationError(_("The page was changed before it was sent; reload it and enter the months "
                                          "again."))

    def months(self) -> dict[int, dict]:
        return {form.cleaned_data["month"]: form.cleaned_data for form in self.forms}


MonthFormSet = formset_factory(MonthForm, formset=BaseMonthFormSet, extra=0, min_num=12, max_num=12,
                               validate_min=True, validate_max=True, absolute_max=12)


class TakeReceiptsForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2999)


class ReminderForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2999)
    units = forms.ModelMultipleChoiceField(label=_("Unions"), queryset=Organisation.objects.none(),
                                           error_messages={"required": _("Choose at least one union in arrears.")})
    message = forms.CharField(label=_("Message"), max_length=1000, required=False, widget=forms.Textarea(
        attrs={"rows": 2}), help_text=_("Left empty, the reminder states the arrears."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units_kept_by(user)


class PreparatoryFundForm(forms.ModelForm):
    class Meta:
        model = PreparatoryFund
        fields = ["federation", "employer", "credit_code", "period", "amount", "received_on"]
        widgets = {"received_on": DATE["widget"]}

    period = forms.DateField(label=_("Month"), input_formats=["%Y-%m", "%Y-%m-%d"],
                             widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        federations = organisations_where(user, PreparatoryFund, "change").exclude(
            level__in=[Organisation.Level.GRASSROOTS, Organisation.Level.BRANCH, Organisation.Level.GROUP]
        ).order_by("path")
        self.fields["federation"].queryset = federations
        if len(federations[:2]) == 1:
            self.fields["federation"].initial = federations[0]

    def clean_period(self):
        return self.cleaned_data["period"].replace(day=1)

    def clean_received_on(self):
        return _checked_day(self.cleaned_data["received_on"])


class ReturnFundForm(forms.Form):
    union = forms.ModelChoiceField(label=_("The new union"), queryset=Organisation.objects.none())
    returned_on = forms.DateField(label=_("Returned on"), **DATE)

    def __init__(self, *args, fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = (Organisation.objects.subtree_of(fund.federation, include_self=False)
                                         .filter(level=Organisation.Level.GRASSROOTS).order_by("path"))
        self.fields["returned_on"].initial = timezone.localdate()

    def clean_returned_on(self):
        return _checked_day(self.cleaned_data["returned_on"])


class DuesQuery(YearQuery):
    union = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none(), required=False)
    month = forms.TypedChoiceField(label=_("Month"), choices=MONTHS, coerce=int, required=False, empty_value=None)

    field_order = ["union", "year", "month"]

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["union"].queryset = books_of(user, "change")
        self.fields["union"].empty_label = None

    @property
    def chosen(self) -> dict:
        values = self.values
        today = timezone.localdate()
        year = values["year"] or today.year
        previous = today.replace(day=1) - datetime.timedelta(days=1)
        month = values["month"] or (previous.month if year == previous.year else 12)
        return {"union": values["union"] or self.fields["union"].queryset.first(), "year": year, "month": month}


class PostDuesForm(forms.Form):
    union = forms.ModelChoiceField(queryset=Organisation.objects.none(), widget=forms.HiddenInput)
    year = forms.IntegerField(min_value=2000, max_value=2999, widget=forms.HiddenInput)
    month = forms.IntegerField(min_value=1, max_value=12, widget=forms.HiddenInput)
    date = forms.DateField(label=_("Voucher date"), **DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = books_of(user, "change")

    def clean_date(self):
        return _checked_day(self.cleaned_data["date"])
