"""The forms of the 经审会 and inspection pages. They check what was typed; the rules (who may
sit on the committee, which step a round allows) are finance/audit.py's, whose refusal the
view shows next to the field it names."""
from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import Member
from unionadmin import uploads
from unionadmin.auth import find_user
from unionadmin.models import Organisation
from unionadmin.pickers import SearchSelect
from unionadmin.querystring import QueryForm
from unionadmin.scoping import organisations_where

from .audit import CHECK_RESULTS, TERM_YEARS, login_is_members_own, unions_with_seat, units_below
from .models import AnnualAudit, AuditCommittee, AuditCommitteeMember, CheckItem, Finding, InspectionRound

DATE = {"type": "date"}


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"), **kwargs)


def _years():
    this = timezone.localdate().year
    return [(year, str(year)) for year in range(this, this - 10, -1)]


def _unions(user, model):
    return (organisations_where(user, model, "change").exclude(level=Organisation.Level.GROUP)
            .order_by("path"))


def _one_choice_hidden(field):
    queryset = field.queryset
    if len(queryset[:2]) == 1:
        field.initial = queryset[0]
        field.widget = forms.HiddenInput()


# --- the committee ---------------------------------------------------------------------------

class CommitteeForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none())
    term_start = _date(_("Elected on"), help_text=_("The term begins on the day of the election."))
    years = forms.TypedChoiceField(label=_("Term"), coerce=int, initial=5,
                                   help_text=_("The same term as the union committee's."))
    elected_at = forms.CharField(label=_("Elected at"), max_length=200, required=False,
                                 help_text=_("The members' congress that elected it."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _unions(user, AuditCommittee)
        _one_choice_hidden(self.fields["organisation"])
        # Built here, so each request reads them in its own language.
        self.fields["years"].choices = [(n, gettext("%(n)s years") % {"n": n}) for n in TERM_YEARS]

    def clean_term_start(self):
        term_start = self.cleaned_data["term_start"]
        if term_start > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("The election cannot be more than a year ahead."))
        return term_start


class SeatForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none(),
                                    widget=SearchSelect("member", context="view"))
    position = forms.ChoiceField(label=_("Position"), choices=AuditCommitteeMember.Position.choices,
                                 initial=AuditCommitteeMember.Position.MEMBER)
    login = forms.CharField(label=_("Login (optional)"), max_length=150, required=False,
                            help_text=_("Username or mobile number of the member's account: it is given the funds "
                                        "audit committee role at the union, to read the books and write the audit."))
    handles_money_or_goods = forms.BooleanField(
        label=_("Handles the union's money or goods"), required=False,
        help_text=_("A cashier, storekeeper or anyone else handling money or goods may not sit on the committee."))

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(
            union__path__startswith=committee.organisation.path, status=Member.Status.ACTIVE).select_related("union")

    def clean(self):
        """The login is looked up among the member's own accounts only (its mobile number is the
        member's): the refusal is the same whether or not the name is someone else's."""
        data = super().clean()
        login, member = data.get("login", "").strip(), data.get("member")
        data["login"] = None
        if login and member is not None:
            user = find_user(login)
            if user is None or not user.is_active or not login_is_members_own(user, member):
                self.add_error("login", _("%(name)s has no active account with the username or mobile number "
                                          "%(login)s (the account's mobile number must be the member's).")
                               % {"name": member.name, "login": login})
            else:
                data["login"] = user
        return data


class CommitteeEndForm(forms.Form):
    on = _date(_("Term ends on"), help_text=_("The last day of this committee's term (e.g. the day before the new "
                                              "committee's election). Its members' logins lose the role."))


# --- the annual audit ------------------------------------------------------------------------

class AuditStartForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none())
    year = forms.TypedChoiceField(label=_("Year audited"), choices=_years, coerce=int)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The audit is the committee's: only the unions whose 经审会 in office the person sits on.
        self.fields["organisation"].queryset = _unions(user, AnnualAudit).filter(pk__in=unions_with_seat(user))
        _one_choice_hidden(self.fields["organisation"])
        self.fields["year"].initial = timezone.localdate().year - 1


class AuditTextForm(forms.ModelForm):
    class Meta:
        model = AnnualAudit
        fields = ["scope_text", "findings", "conclusion"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}
        help_texts = {
            "scope_text": _("E.g. the year's income and spending, assets, special funds, the budget's execution."),
            "conclusion": _("The committee's opinion on the year's books, for the members' congress."),
        }


# --- inspection rounds -----------------------------------------------------------------------

class RoundForm(forms.Form):
    federation = forms.ModelChoiceField(label=_("Federation"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("E.g. 2026年基层工会财务检查."))
    starts_on = _date(_("From"))
    ends_on = _date(_("To"))
    plan = forms.CharField(label=_("Plan"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("What is checked, how and by whom; sent to the units with the notice."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["federation"].queryset = _unions(user, InspectionRound).filter(
            level__in=[Organisation.Level.FEDERATION, Organisation.Level.INDUSTRY])
        _one_choice_hidden(self.fields["federation"])

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The round cannot end before it starts."))
        return data


class RoundUnitsForm(forms.Form):
    units = forms.ModelMultipleChoiceField(label=_("Unions to inspect"), queryset=Organisation.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["units"]
        field.queryset = units_below(inspection.federation).order_by("path")
        chosen = list(inspection.units.values_list("unit_id", flat=True))
        field.initial = chosen or list(field.queryset.values_list("pk", flat=True))


class FieldworkForm(forms.Form):
    RESULTS = [("", _("not checked")), *zip(CHECK_RESULTS, (_("In order"), _("Problem found"), _("Not applicable")))]

    visited_on = _date(_("Visited on"))
    feedback = forms.CharField(label=_("On-site feedback"), required=False,
                               widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, inspected, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = inspected.visited_on or timezone.localdate()
        self.fields["feedback"].initial = inspected.feedback
        for value, label in CheckItem.choices:
            self.fields[f"check_{value}"] = forms.ChoiceField(label=label, choices=self.RESULTS, required=False,
                                                              initial=inspected.checklist.get(value, ""))
        self.order_fields(["visited_on", *[f"check_{value}" for value in CheckItem.values], "feedback"])

    @property
    def checklist(self) -> dict:
        return {value: self.cleaned_data[f"check_{value}"] for value in CheckItem.values
                if self.cleaned_data.get(f"check_{value}")}


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["category", "severity", "amount", "description", "opinion", "deadline"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "opinion": forms.Textarea(attrs={"rows": 3}),
                   "deadline": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                   "amount": forms.NumberInput(attrs={"step": "0.01", "min": "0"})}
        help_texts = {"amount": _("Yuan, when the finding involves an amount.")}


class RectificationForm(forms.Form):
    report = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000)
    file = forms.FileField(label=_("Attachment (optional)"), required=False,
                           validators=[uploads.RECTIFICATION.validator])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = uploads.RECTIFICATION.help_text_lazy
        self.fields["file"].widget.attrs["accept"] = uploads.RECTIFICATION.accept


class VerifyForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), widget=forms.RadioSelect, choices=[
        ("accept", _("Accept: the finding is rectified and closed")),
        ("return", _("Return: more work is needed"))])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required when returning the report: what is still missing."))

    def clean(self):
        data = super().clean()
        if data.get("verdict") == "return" and not data.get("note", "").strip():
            self.add_error("note", _("Say what is still missing when returning the report."))
        return data


class CloseRoundForm(forms.Form):
    with_open = forms.BooleanField(label=_("Close it with the findings still open listed"), required=False)


class InspectionQuery(QueryForm):
    """The inspection list's year (empty: every year)."""

    year = forms.TypedChoiceField(label=_("Year"), choices=lambda: [("", _("All years")), *_years()], coerce=int,
                                  required=False, empty_value=None)
