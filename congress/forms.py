"""Forms of the congress pages. Choices of scoped models are limited to what the user may
see or change (ScopedFormMixin); the rules themselves are in the services."""
from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin import uploads
from unionadmin.forms import ScopedFormMixin
from unionadmin.models import Organisation
from unionadmin.pickers import organisation_widget
from unionadmin.roles import Role
from unionadmin.validators import validate_mobile

from .models import (
    AgendaItem,
    CollectiveContract,
    Congress,
    ContractReport,
    Delegate,
    Delegation,
    HandlingDepartment,
    LabourRisk,
    Proposal,
    Resolution,
    Session,
    SessionDocument,
    Term,
)

DATE = {"type": "date"}
DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def date_input():
    return forms.DateInput(attrs=DATE, format=DATE_FORMAT)


def datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def checked_upload(upload, policy=uploads.CONGRESS_DOCUMENT):
    """A new upload passed through the project's upload policy (unionadmin/uploads.py)."""
    policy.validator(upload)
    return upload


class CongressForm(ScopedFormMixin, forms.ModelForm):
    scoped_actions = {"union": "change"}

    class Meta:
        model = Congress
        fields = ["union", "kind", "min_front_line_percent", "max_leaders_percent", "min_women_percent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = self.fields["union"].queryset.filter(level=Organisation.Level.GRASSROOTS)
        organisation_widget(self.fields["union"], Organisation, "change", [Organisation.Level.GRASSROOTS])
        if self.instance.pk:
            self.fields["union"].disabled = True


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["number", "starts_on", "ends_on"]
        widgets = {"starts_on": date_input(), "ends_on": date_input()}


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["number", "held_on", "venue", "collection_opens_at", "collection_closes_at", "min_cosigners",
                  "reply_days"]
        widgets = {"held_on": date_input(), "collection_opens_at": datetime_input(),
                   "collection_closes_at": datetime_input()}


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "presenter"]


class SessionDocumentForm(forms.ModelForm):
    class Meta:
        model = SessionDocument
        fields = ["title", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = uploads.CONGRESS_DOCUMENT.help_text()

    def clean_file(self):
        return checked_upload(self.cleaned_data.get("file"))


class ResolutionForm(forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["title", "text", "delegates_entitled", "votes_for", "votes_against", "abstentions"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class DelegationForm(forms.ModelForm):
    class Meta:
        model = Delegation
        fields = ["name", "leader"]


class DelegateAddForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    mobile = forms.CharField(label=_("Mobile number"), max_length=11, validators=[validate_mobile],
                             help_text=_("The delegate logs in with it."),
                             widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    gender = forms.ChoiceField(label=_("Gender"), choices=Delegate.Gender.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Delegate.Category.choices)
    delegation = forms.ModelChoiceField(label=_("Delegation"), queryset=Delegation.objects.none(), required=False)
    post = forms.CharField(label=_("Post"), max_length=50, required=False)
    initial_password = forms.CharField(
        label=_("Initial password for a new account"), required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Needed only when no account uses this mobile number yet; the delegate changes it after "
                    "logging in."),
    )

    def __init__(self, *args, term, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = term.delegations.all()


class DelegateForm(forms.ModelForm):
    class Meta:
        model = Delegate
        fields = ["name", "gender", "category", "delegation", "post", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = Delegation.objects.filter(term_id=self.instance.term_id)


class DelegateImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    initial_password = forms.CharField(
        label=_("Initial password for new accounts"), required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Delegates who have no account yet get this password and change it after logging in."),
    )

    def clean_file(self):
        return checked_upload(self.cleaned_data.get("file"), uploads.DELEGATE_ROSTER)


class ProposalForm(forms.ModelForm):
    attachment = forms.FileField(
        label=_("Add an attachment"), required=False,
        help_text=uploads.CONGRESS_DOCUMENT.help_text_lazy,
    )

    class Meta:
        model = Proposal
        fields = ["subject", "category", "reasons", "measures"]
        widgets = {"reasons": forms.Textarea(attrs={"rows": 5}), "measures": forms.Textarea(attrs={"rows": 5})}

    def clean_attachment(self):
        return checked_upload(self.cleaned_data.get("attachment"))


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[(Proposal.State.OPINION, _("Turn it into an opinion or suggestion")),
                 (Proposal.State.REJECTED, _("Do not accept it"))],
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The proposer sees it. Required when the proposal is not accepted."),
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Proposal.objects.none())
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Proposal.objects.filter(session_id=proposal.session_id,
                                    state__in=[Proposal.State.SUBMITTED, Proposal.State.ACCEPTED,
                                               Proposal.State.ASSIGNED])
            .exclude(pk=proposal.pk).order_by("number", "submitted_at")
        )


class AssignForm(forms.Form):
    lead = forms.ModelChoiceField(label=_("Lead department"), queryset=HandlingDepartment.objects.none())
    co_departments = forms.ModelMultipleChoiceField(
        label=_("Co-handling departments"), queryset=HandlingDepartment.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateField(label=_("Reply due by"), widget=date_input())

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        departments = HandlingDepartment.objects.filter(union_id=proposal.session.union_id, is_active=True)
        self.fields["lead"].queryset = departments
        self.fields["co_departments"].queryset = departments


class ReplyForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Answering for"), queryset=HandlingDepartment.objects.none(),
                                        empty_label=None)
    text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("What the department will do, by when, and who is responsible."))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = HandlingDepartment.objects.filter(pk__in=[d.pk for d in departments])
        if len(departments) == 1:
            self.fields["department"].initial = departments[0].pk
            self.fields["department"].widget = forms.HiddenInput()


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("How satisfied are you with the reply?"), widget=forms.RadioSelect,
                               choices=Proposal.Rating.choices)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you are not satisfied: say what is missing, and the department answers again."),
    )


class HandlingDepartmentForm(ScopedFormMixin, forms.ModelForm):
    """The department and who answers for it: its officers are picked among the people
    holding the "handling department" role at the union (at the unions the user may manage,
    for a new department; the service checks the chosen union)."""

    scoped_actions = {"union": "change"}

    class Meta:
        model = HandlingDepartment
        fields = ["union", "name", "is_active", "officers"]
        widgets = {"officers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = self.fields["union"].queryset.filter(level=Organisation.Level.GRASSROOTS)
        organisation_widget(self.fields["union"], Organisation, "change", [Organisation.Level.GRASSROOTS])
        if self.instance.pk:
            self.fields["union"].disabled = True
            unions = Organisation.objects.filter(pk=self.instance.union_id)
        else:
            unions = self.fields["union"].queryset
        self.fields["officers"].queryset = get_user_model().objects.filter(
            role_assignments__role=Role.DEPARTMENT, role_assignments__organisation__in=unions,
        ).distinct().order_by("full_name", "username")


class CollectiveContractForm(ScopedFormMixin, forms.ModelForm):
    scoped_actions = {"union": "change", "approved_by": "change"}

    class Meta:
        model = CollectiveContract
        fields = ["union", "kind", "title", "consulted_on", "signed_on", "starts_on", "ends_on", "approved_by",
                  "filed_on", "filing_number", "file"]
        widgets = {f: date_input() for f in ["consulted_on", "signed_on", "starts_on", "ends_on", "filed_on"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = self.fields["union"].queryset.filter(level=Organisation.Level.GRASSROOTS)
        organisation_widget(self.fields["union"], Organisation, "change", [Organisation.Level.GRASSROOTS])
        self.fields["approved_by"].queryset = self.fields["approved_by"].queryset.select_related("term__congress")
        if self.instance.pk:
            self.fields["union"].disabled = True

    def clean_file(self):
        return checked_upload(self.cleaned_data.get("file"))


class ContractReportForm(ScopedFormMixin, forms.ModelForm):
    scoped_actions = {"session": "change"}

    class Meta:
        model = ContractReport
        fields = ["year", "session", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = self.fields["session"].queryset.filter(union_id=contract.union_id)
        self.fields["year"].initial = timezone.localdate().year


class LabourRiskForm(ScopedFormMixin, forms.ModelForm):
    scoped_actions = {"union": "change"}

    class Meta:
        model = LabourRisk
        fields = ["union", "reported_on", "title", "kind", "level", "workers_involved", "description", "state",
                  "resolution", "resolved_on"]
        widgets = {"reported_on": date_input(), "resolved_on": date_input(),
                   "description": forms.Textarea(attrs={"rows": 4}), "resolution": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_widget(self.fields["union"], Organisation, "change")
