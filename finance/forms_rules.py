"""The spending-rule pages' forms: which province and year the rule table shows, adding a rule,
ending or deleting one, the breach list's filters, and posting a welfare grant again.

Choices are scoped here: the breach list's unions are the person's books, the grants to post
are those of the books the person keeps; an id outside them reads as not given (queries) or
is refused next to the field (steps)."""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.models import Organisation
from unionadmin.querystring import QueryForm

from .forms import books_of, default_union
from .models import Account, RuleBreach, SpendingRule
from .spending_rules import in_force, province_of

YEAR_MIN, YEAR_MAX = 2000, 2999


def _years():
    this = timezone.localdate().year
    return [(year, str(year)) for year in range(this + 1, 2016, -1)]


def provinces() -> list[str]:
    """The provinces the rule table has, the installation's first."""
    known = set(SpendingRule.objects.values_list("province", flat=True))
    own = settings.UNIONADMIN_PROVINCE
    return [own] + sorted(known - {own})


def home_province(user) -> str:
    union = default_union(user)
    return province_of(union) if union is not None else settings.UNIONADMIN_PROVINCE


class RuleQuery(QueryForm):
    """The rule table's province (default: the person's union's) and year (empty: every year)."""

    province = forms.ChoiceField(label=_("Province"), choices=(), required=False)
    year = forms.TypedChoiceField(label=_("In force in"), choices=(), coerce=int, required=False, empty_value=None)

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.user = user
        self.fields["province"].choices = [(p, p) for p in provinces()]
        self.fields["year"].choices = [("", _("every year"))] + _years()

    @property
    def values(self) -> dict:
        values = super().values
        values["province"] = values["province"] or home_province(self.user)
        return values

    def rules(self):
        values = self.values
        rules = SpendingRule.objects.filter(province=values["province"]).select_related("account")
        if values["year"]:
            rules = rules.filter(in_force(values["year"]))
        return rules.order_by("item", "kind", "form", "-year_from", "condition")


class SpendingRuleForm(forms.ModelForm):
    class Meta:
        model = SpendingRule
        fields = ["province", "item", "kind", "limit", "share", "form", "condition", "account", "year_from",
                  "year_to", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = Account.objects.filter(
            element=Account.Element.EXPENDITURE, is_active=True, children__isnull=True).order_by("code")
        for name in ("year_from", "year_to"):
            self.fields[name].min_value = YEAR_MIN
            self.fields[name].max_value = YEAR_MAX
            self.fields[name].widget.attrs.update(min=YEAR_MIN, max=YEAR_MAX)
        self.fields["share"].help_text = _("A share of the year's budgeted income, e.g. 0.5 for half.")
        self.fields["province"].initial = settings.UNIONADMIN_PROVINCE

    def clean_province(self):
        return self.cleaned_data["province"].strip()

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in (SpendingRule.Kind.PER_MEMBER_YEAR, SpendingRule.Kind.PER_EVENT):
            if data.get("limit") is None:
                self.add_error("limit", _("Enter the limit in yuan per member."))
            data["share"], data["form"] = None, ""
        elif kind == SpendingRule.Kind.INCOME_SHARE:
            if data.get("share") is None:
                self.add_error("share", _("Enter the share of the budgeted income, between 0 and 1."))
            data["limit"], data["form"] = None, ""
        elif kind == SpendingRule.Kind.FORBIDDEN:
            if not data.get("form"):
                self.add_error("form", _("Choose the form of payment that is forbidden."))
            data["limit"], data["share"] = None, None
        if kind and kind != SpendingRule.Kind.FORBIDDEN and not data.get("item"):
            self.add_error("item", _("Choose the item the limit is for."))
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from and year_to and year_to < year_from:
            self.add_error("year_to", _("The last year cannot be before the first."))
        if not self.errors and self._same_rule_exists(data):
            raise forms.ValidationError(_("The same rule is already in the table (the form may have been sent "
                                          "twice); end that rule before adding a new one."))
        return data

    def _same_rule_exists(self, data) -> bool:
        year_to = data.get("year_to") or YEAR_MAX
        return SpendingRule.objects.filter(
            province=data["province"], item=data.get("item", ""), kind=data["kind"], form=data.get("form", ""),
            condition=data.get("condition", ""), year_from__lte=year_to,
        ).exclude(year_to__lt=data["year_from"]).exists()


class EndRuleForm(forms.Form):
    """End a rule still in force: its last year (it stays in the table for the years it held)."""

    rule = forms.ModelChoiceField(queryset=SpendingRule.objects.filter(year_to__isnull=True),
                                  error_messages={"invalid_choice": _("This rule has already been ended.")})
    year_to = forms.IntegerField(label=_("Last year in force"), min_value=YEAR_MIN, max_value=YEAR_MAX)

    def clean(self):
        data = super().clean()
        rule, year_to = data.get("rule"), data.get("year_to")
        if rule and year_to and year_to < rule.year_from:
            self.add_error("year_to", _("The rule is in force from %(year)s; its last year cannot be before that.")
                           % {"year": rule.year_from})
        return data


class DeleteRuleForm(forms.Form):
    """Delete a rule entered by mistake; a rule a breach names is never deleted, only ended."""

    rule = forms.ModelChoiceField(
        queryset=SpendingRule.objects.filter(breaches__isnull=True),
        error_messages={"invalid_choice": _("A breach on record names this rule, so it is kept; end it instead.")})


class BreachQuery(QueryForm):
    union = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none(), required=False,
                                   empty_label=_("every union"))
    year = forms.TypedChoiceField(label=_("Year"), choices=(), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("every kind"))] + RuleBreach.Kind.choices,
                             required=False)

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["union"].queryset = books_of(user)
        self.fields["year"].choices = [("", _("every year"))] + _years()

    def filter(self, breaches):
        values = self.values
        if values["union"] is not None:
            breaches = breaches.filter(claim__organisation__path__startswith=values["union"].path)
        if values["year"]:
            breaches = breaches.filter(claim__year=values["year"])
        if values["kind"]:
            breaches = breaches.filter(kind=values["kind"])
        return breaches

    def applied(self) -> dict:
        """The filters in use, for the export's audit record."""
        return {k: getattr(v, "pk", v) for k, v in self.values.items() if v}


class GrantPostForm(forms.Form):
    """Post an approved welfare grant whose voucher the books refused before."""

    grant = forms.ModelChoiceField(queryset=None,
                                   error_messages={"invalid_choice": _("This grant is posted already or is not "
                                                                       "one of the books you keep.")})

    def __init__(self, *args, grants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = grants
