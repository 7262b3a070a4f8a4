"""The reports pages' forms: which union and year a page shows, closing a year, preparing a
disclosure. The books' rules themselves are finance.reports'; its refusal shows as a form
error or a message."""
from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.models import Organisation
from unionadmin.scoping import organisations_where, role_paths

from .forms import MONTHS, BooksQuery, books_of
from .models import Disclosure
from .reports import DISCLOSING_ROLES, disclosure_refusal


class ReportsQuery(BooksQuery):
    """The union and year of the reports page and the 决算; the 决算 opens on last year."""

    def __init__(self, data=None, *, user, default_year=None):
        self.default_year = default_year
        super().__init__(data, user=user)

    def complete(self, values: dict) -> dict:
        if self.default_year and not self.cleaned_data.get("year"):
            values["year"] = self.default_year
        return values

    def shown(self):
        data = {name: getattr(value, "pk", value) for name, value in self.values.items() if value is not None}
        return type(self)(data, user=self.user, default_year=self.default_year)


class CarryForwardForm(forms.Form):
    union = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none())
    year = forms.IntegerField(min_value=2000, max_value=2999)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = books_of(user, "close")


def _years():
    this = timezone.localdate().year
    return [(year, str(year)) for year in range(this, this - 10, -1)]


class DisclosureForm(forms.ModelForm):
    year = forms.TypedChoiceField(label=_("Year"), choices=_years, coerce=int)
    month = forms.TypedChoiceField(label=_("Through month"), choices=MONTHS, coerce=int,
                                   help_text=_("The figures run from January to the end of this month."))

    class Meta:
        model = Disclosure
        fields = ["organisation", "year", "month", "title", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"note": _("Shown to members under the figures. Name no person and no bank account.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unions = (organisations_where(user, Disclosure, "change").exclude(level=Organisation.Level.GROUP)
                  .order_by("path"))
        if not user.is_superuser:  # the union's own finance officer or chair (finance.reports.discloses_for)
            unions = unions.filter(path__in=[path for role in DISCLOSING_ROLES for path in role_paths(user).get(role, ())])
        self.fields["organisation"].queryset = unions
        self.fields["organisation"].empty_label = None
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Left empty: “<union> income and spending, January to <month>”.")
        today = timezone.localdate()
        last = today.replace(day=1) - datetime.timedelta(days=1)
        self.fields["year"].initial = last.year
        self.fields["month"].initial = last.month

    def clean(self):
        data = super().clean()
        year, month = data.get("year"), data.get("month")
        if year and month:
            refusal = disclosure_refusal(year, month)
            if refusal:
                self.add_error("month", refusal)
            elif not data.get("title") and data.get("organisation"):
                data["title"] = f"{data['organisation'].name}{year}年1—{month}月经费收支情况公开"
        return data
