"""Joining online: the public join form, the officers' refusal form and the applications' filters."""
import django_filters
from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.models import Organisation
from unionadmin.validators import validate_mobile

from .joining import Applicant
from .models import JoinApplication, Member
from .rules import MIN_JOINING_AGE, years_after
from .validators import birth_date_from_id, normalise_id_number, validate_id_number

FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class JoinCaptchaInput(CaptchaTextInput):
    """The picture and its box in one row, the picture described in the reader's language."""

    template_name = "members/joining/_captcha.html"


class JoinForm(forms.Form):
    """A worker's real-name application. Phone first: one column, the keyboards each field needs."""

    name = forms.CharField(label=_("Name"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    id_number = forms.CharField(
        label=_("ID number"), max_length=40,
        help_text=_("The 18 characters on your resident identity card."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20,
        help_text=_("Your login and the text with your password link go to this number."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    employer = forms.CharField(label=_("Employer"), max_length=100)
    post = forms.CharField(label=_("Post"), max_length=50, required=False)
    employment_type = forms.ChoiceField(label=_("Employment type"), choices=Member.EmploymentType.choices)
    education = forms.ChoiceField(label=_("Education"), choices=[("", "—"), *Member.Education.choices],
                                  required=False)
    political_status = forms.ChoiceField(label=_("Political status"),
                                         choices=[("", "—"), *Member.PoliticalStatus.choices], required=False)
    consent = forms.BooleanField(
        label=_("I have read the notice on personal information above and agree that the union processes my "
                "personal information as it says."),
        error_messages={"required": _("Your application can only be processed with this consent.")},
    )
    sensitive_consent = forms.BooleanField(
        label=_("I separately agree that the union processes my ID number, which is sensitive personal "
                "information, to check my identity and keep the member roll."),
        error_messages={"required": _("Your ID number can only be processed with this separate consent.")},
    )
    captcha = CaptchaField(label=_("Characters in the picture"),
                           widget=JoinCaptchaInput(attrs={"class": "form-control w-auto", "autocomplete": "off",
                                                          "autocapitalize": "off", "spellcheck": "false"}),
                           error_messages={"invalid": _("The characters do not match the picture; type the new "
                                                        "picture's characters.")})

    def clean_name(self):
        name = "".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter your name."))
        return name

    def clean_id_number(self):
        number = normalise_id_number(self.cleaned_data["id_number"])
        validate_id_number(number)
        born = birth_date_from_id(number)
        if years_after(born, MIN_JOINING_AGE) > timezone.localdate():
            raise ValidationError(_("A member of a union must be at least %(age)d years old."),
                                  params={"age": MIN_JOINING_AGE})
        return number

    def clean_phone(self):
        phone = "".join(self.cleaned_data["phone"].translate(FULL_WIDTH_DIGITS).split()).replace("-", "")
        validate_mobile(phone)
        return phone

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(name=data["name"], id_number=data["id_number"], phone=data["phone"],
                         employer=data["employer"].strip(), employment_type=data["employment_type"],
                         post=data["post"].strip(), education=data["education"],
                         political_status=data["political_status"])


class RefuseApplicationForm(forms.Form):
    reason = forms.CharField(label=_("Reason for not approving"), max_length=200,
                             help_text=_("The worker may ask for it; say it plainly."))


class JoinApplicationFilter(django_filters.FilterSet):
    """The applications list: waiting ones first by default; by state, union, submitted date."""

    state = django_filters.ChoiceFilter(label=_("State"), choices=JoinApplication.State.choices, empty_label=_("Any"))
    union = django_filters.ModelChoiceFilter(label=_("Union"), queryset=Organisation.objects.none(),
                                             empty_label=_("Any"))
    submitted_after = django_filters.DateFilter(label=_("Submitted from"), field_name="submitted_at",
                                                lookup_expr="date__gte", widget=DATE)
    submitted_before = django_filters.DateFilter(label=_("Submitted until"), field_name="submitted_at",
                                                 lookup_expr="date__lte", widget=DATE)

    class Meta:
        model = JoinApplication
        fields = ["state", "union", "submitted_after", "submitted_before"]

    def __init__(self, data=None, *args, unions, **kwargs):
        if data is not None and "state" not in data:
            data = data.copy()
            data["state"] = JoinApplication.State.SUBMITTED
        super().__init__(data, *args, **kwargs)
        self.filters["union"].queryset = unions
