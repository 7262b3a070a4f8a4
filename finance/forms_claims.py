"""The claims pages' forms: a claim's header with its receipts, its items as a formset with a
running total, the reason to go on, the chair's decision, the payment, the list's filters and
a union's finance settings.

The forms check what was typed (an item with an amount but no category, a receipt that is not
a PDF or an image); the claim's rules (draft-only edits, the budget, the spending rules,
approvers) are finance.claims', whose refusals the views show as form errors."""
from __future__ import annotations

import secrets
from decimal import Decimal

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin import uploads
from unionadmin.models import Organisation
from unionadmin.querystring import QueryForm
from unionadmin.scoping import organisations_where

from .claims import MAX_TOTAL, spending_accounts
from .forms import ENTRY_KEY_MAX, _years, books_of
from .models import Claim, ClaimItem, FinanceSettings, SpendingRule
from .services import FIRST_DATE, date_range_message, last_date


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ReceiptsField(forms.FileField):
    """One or more receipts, each checked by the RECEIPT upload policy (content, size)."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", uploads.RECEIPT.help_text_lazy)
        super().__init__(*args, **kwargs)
        self.widget.attrs["accept"] = uploads.RECEIPT.accept

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        checked = [super(ReceiptsField, self).clean(upload, initial) for upload in files]
        errors = []
        for upload in checked:
            try:
                uploads.RECEIPT.check(upload)
            except uploads.UploadRefused as refusal:
                errors.append(refusal.message)
        if errors:
            raise forms.ValidationError(errors)
        if len(checked) > 20:
            raise forms.ValidationError(_("Attach at most 20 receipts at a time."))
        return [upload for upload in checked if upload]


class ClaimForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none())
    receipts = ReceiptsField(label=_("Receipts"))
    remove_receipts = forms.ModelMultipleChoiceField(label=_("Remove these receipts"), required=False,
                                                     queryset=Claim.objects.none(),
                                                     widget=forms.CheckboxSelectMultiple)
    # A key made when the page is drawn: the same new claim sent twice saves one claim.
    entry_key = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=ENTRY_KEY_MAX, required=False)

    class Meta:
        model = Claim
        fields = ["organisation", "title", "spent_on", "payee", "payee_bank", "payee_account"]
        widgets = {"spent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unions = books_of(user, "change")
        field = self.fields["organisation"]
        if self.instance.pk:
            del self.fields["organisation"], self.fields["entry_key"]
            self.fields["remove_receipts"].queryset = self.instance.receipts.all()
            self.fields["remove_receipts"].label_from_instance = lambda receipt: receipt.name
            if not self.instance.receipts.exists():
                del self.fields["remove_receipts"]
        else:
            del self.fields["remove_receipts"]
            field.queryset = unions
            if len(unions[:2]) == 1:
                field.initial = unions[0]
                field.widget = forms.HiddenInput()
            self.fields["spent_on"].initial = timezone.localdate()
            self.fields["entry_key"].initial = secrets.randbelow(ENTRY_KEY_MAX - 1) + 1

    def clean_spent_on(self):
        day = self.cleaned_data["spent_on"]
        if not FIRST_DATE <= day <= last_date():
            raise forms.ValidationError(date_range_message(day))
        return day

    @property
    def header(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("title", "spent_on", "payee", "payee_bank",
                                                               "payee_account")}


def spending_account_choices():
    """Expenditure leaves grouped under their category: "50105 会员活动" under 501."""
    accounts = list(spending_accounts().select_related("parent"))
    groups: dict[str, list] = {}
    for account in accounts:
        group = str(account.parent) if account.parent_id else str(_("Expenditure"))
        groups.setdefault(group, []).append((account.pk, str(account)))
    return [("", "---------")] + list(groups.items())


class ClaimItemForm(forms.Form):
    account = forms.ModelChoiceField(label=_("Spending category"), queryset=ClaimItem.objects.none(), required=False)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"),
                                required=False,
                                widget=forms.NumberInput(attrs={"step": "0.01", "class": "text-end",
                                                                "data-claim-amount": ""}))
    item = forms.ChoiceField(label=_("Item (for the spending rules)"), required=False,
                             choices=[("", "---------")] + list(ClaimItem._meta.get_field("item").choices))
    form = forms.ChoiceField(label=_("Form of payment"), choices=ClaimItem._meta.get_field("form").choices,
                             initial=ClaimItem._meta.get_field("form").default, required=False)
    members_covered = forms.IntegerField(label=_("Members covered"), min_value=1, max_value=10_000_000,
                                         required=False)

    def __init__(self, *args, account_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        field.queryset = spending_accounts()
        field.widget.choices = account_choices if account_choices is not None else spending_account_choices()

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("account") and not data.get("amount") and not data.get("description")

    def clean(self):
        data = super().clean()
        if self.errors or self.is_blank():
            return data
        if not data.get("account"):
            self.add_error("account", _("Choose the spending category of this item."))
        if not data.get("amount"):
            self.add_error("amount", _("Enter the amount of this item."))
        if not (data.get("description") or "").strip():
            self.add_error("description", _("Say what this item is."))
        return data


class BaseClaimItemFormSet(BaseFormSet):
    def get_form_kwargs(self, index):
        if not hasattr(self, "_account_choices"):
            self._account_choices = spending_account_choices()
        return {**super().get_form_kwargs(index), "account_choices": self._account_choices}

    def items(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.is_valid() and not form.is_blank()]

    def clean(self):
        if any(self.errors):
            return
        if not self.items():
            raise forms.ValidationError(_("A claim needs at least one item: what was bought or paid for, and how "
                                          "much."))
        if sum(item["amount"] for item in self.items()) > MAX_TOTAL:
            raise forms.ValidationError(_("A claim's total is at most %(max)s yuan.") % {"max": f"{MAX_TOTAL:,.2f}"})


ClaimItemFormSet = formset_factory(ClaimItemForm, formset=BaseClaimItemFormSet, extra=3, max_num=30,
                                   validate_max=True, absolute_max=30)


def item_initial(claim) -> list[dict]:
    return [{"account": item.account_id, "description": item.description, "amount": item.amount,
             "item": item.item, "form": item.form, "members_covered": item.members_covered}
            for item in claim.items.all()]


class ReasonForm(forms.Form):
    """Submitting: the reason is needed only when problems are found."""

    reason = forms.CharField(label=_("Reason to go on"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Needed only when the claim exceeds its budget or breaks a spending rule; "
                                         "it is kept with each problem for the funds audit committee."))


class ApproveForm(ReasonForm):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ["note", "reason"]


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Why is it rejected?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class PayForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Transfer reference"), max_length=100,
                                help_text=_("The bank's reference of the transfer to the payee."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()

    def clean_paid_on(self):
        day = self.cleaned_data["paid_on"]
        if not FIRST_DATE <= day <= last_date():
            raise forms.ValidationError(date_range_message(day))
        if day > timezone.localdate():
            raise forms.ValidationError(_("A payment is recorded once it is made: the date paid is today or "
                                          "earlier."))
        return day


class ClaimQuery(QueryForm):
    """The list's filters: union, year, status; anything else reads as not given."""

    union = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none(), required=False)
    year = forms.TypedChoiceField(label=_("Year"), choices=_years, coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any"))] + Claim.Status.choices)

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["union"].queryset = books_of(user)
        self.fields["union"].empty_label = _("Any")
        self.fields["year"].choices = [("", _("Any"))] + _years()


class SettingsQuery(QueryForm):
    union = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none(), required=False)

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["union"].queryset = settings_unions(user)


def settings_unions(user):
    """The unions whose finance settings ``user`` may change (their chair, their finance officer)."""
    return (organisations_where(user, FinanceSettings, "change").exclude(level=Organisation.Level.GROUP)
            .order_by("path"))


class FinanceSettingsForm(forms.ModelForm):
    province = forms.ChoiceField(label=_("Province"), required=False)

    class Meta:
        model = FinanceSettings
        fields = ["second_approval_above", "province"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = sorted(set(SpendingRule.objects.values_list("province", flat=True)))
        self.fields["province"].choices = [("", _("The installation's province"))] + [(p, p) for p in provinces]
        self.fields["province"].help_text = FinanceSettings._meta.get_field("province").help_text
