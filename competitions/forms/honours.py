"""Forms of honours (评先评优): the scheme, its quotas, a nomination, vetting, the public
notice, objections and their answers. The rules themselves are in competitions/honours.py."""
from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Member
from unionadmin.forms import ScopedFormMixin
from unionadmin.models import Organisation
from unionadmin.pickers import organisation_widget, search_widget

from ..models import HonourObjection, HonourQuota, HonourScheme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HonourSchemeForm(ScopedFormMixin, forms.ModelForm):
    scoped_actions = {"union": "change"}

    class Meta:
        model = HonourScheme
        fields = ["union", "title", "kind", "nominee", "honour_title", "level", "year", "nominations_open",
                  "nominations_close", "publicity_days"]
        widgets = {"nominations_open": DATE, "nominations_close": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = self.fields["union"].queryset.filter(is_active=True)
        organisation_widget(self.fields["union"], Organisation, "change")
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        opens, closes = data.get("nominations_open"), data.get("nominations_close")
        if opens and closes and closes < opens:
            self.add_error("nominations_close", _("Nominations close on or after the day they open."))
        return data


class QuotaForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Organisation.objects.none(), required=False,
                                  help_text=_("The places are counted over the unit and the units under it."))
    category = forms.ChoiceField(label=_("Or every unit of the category"), required=False,
                                 choices=[("", "---------"), *HonourQuota._meta.get_field("category").choices])
    places = forms.IntegerField(label=_("Places"), min_value=0, max_value=999)

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        # The units under the scheme's union (a small, fixed list: a county's unions).
        self.fields["unit"].queryset = (Organisation.objects.filter(path__startswith=scheme.union.path, is_active=True)
                                        .exclude(pk=scheme.union_id).order_by("path"))

    def clean(self):
        data = super().clean()
        if bool(data.get("unit")) == bool(data.get("category")):
            raise forms.ValidationError(_("Choose either a unit or a category."))
        return data


class NominationForm(ScopedFormMixin, forms.Form):
    """Who nominates (a unit the person may nominate from), whom, and the deeds. The member
    and collective choices are limited to what the person may change; the service checks that
    the nominee is in the nominating unit's own subtree."""

    unit = forms.ModelChoiceField(label=_("Nominating unit"), queryset=Organisation.objects.all())
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.all(), required=False)
    collective = forms.ModelChoiceField(label=_("Collective (unit)"), queryset=Organisation.objects.all(),
                                        required=False)
    collective_name = forms.CharField(label=_("Name of the collective"), max_length=100, required=False,
                                      help_text=_("A team or workshop's own name, e.g. 一车间数控班组; "
                                                  "the unit's name when empty."))
    deeds = forms.CharField(label=_("Deeds"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000,
                            help_text=_("The nominee's main deeds."))
    scoped_actions = {"unit": "change", "member": "change", "collective": "change"}

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        under = scheme.union.path
        self.fields["unit"].queryset = self.fields["unit"].queryset.filter(path__startswith=under, is_active=True)
        organisation_widget(self.fields["unit"], Organisation, "change")
        if scheme.for_collectives:
            del self.fields["member"]
            self.fields["collective"].required = True
            self.fields["collective"].queryset = self.fields["collective"].queryset.filter(
                path__startswith=under, is_active=True)
            organisation_widget(self.fields["collective"], Organisation, "change")
            if scheme.kind == HonourScheme.Kind.MODEL_HOME:  # the union's own home, not a team
                del self.fields["collective_name"]
        else:
            del self.fields["collective"], self.fields["collective_name"]
            self.fields["member"].required = True
            self.fields["member"].queryset = self.fields["member"].queryset.filter(
                union__path__startswith=under, status=Member.Status.ACTIVE)
            search_widget(self.fields["member"], "member", context="change")


class ResubmitForm(forms.Form):
    deeds = forms.CharField(label=_("Deeds"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)


class VetForm(forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("vetting a nomination", "Decision"), widget=forms.RadioSelect,
        choices=[("accept", pgettext_lazy("vetting a nomination", "Accept")), ("return", _("Return for changes")),
                 ("refuse", pgettext_lazy("vetting a nomination", "Refuse"))])
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             required=False, help_text=_("Required when returning or refusing."))

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("return", "refuse") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for returning or refusing the nomination."))
        return data


class PublicityForm(forms.Form):
    start = forms.DateField(label=_("Notice posted on"), widget=DATE,
                            help_text=_("The names stay posted for the scheme's days of public notice."))


class ObjectionForm(forms.ModelForm):
    class Meta:
        model = HonourObjection
        fields = ["raised_by", "channel", "received_on", "content"]
        widgets = {"received_on": DATE, "content": forms.Textarea(attrs={"rows": 4})}


class AnswerForm(forms.Form):
    outcome = forms.TypedChoiceField(
        label=_("Outcome"), widget=forms.RadioSelect, coerce=lambda v: v == "upheld",
        choices=[("dismissed", _("Dismissed: the nomination stays")),
                 ("upheld", _("Upheld: the nomination is removed"))])
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                             help_text=_("What was found and what the person who objected was told."))



class HonourSchemeFilter(django_filters.FilterSet):
    """The schemes list's filter: a value that does not validate is ignored."""

    year = django_filters.NumberFilter(
        label=_("Year"), min_value=1949, max_value=2100,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "id": "f-year", "inputmode": "numeric"}))
    state = django_filters.ChoiceFilter(
        label=pgettext_lazy("workflow stage", "Stage"), choices=HonourScheme.State.choices, empty_label=_("Any"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm", "id": "f-state"}))
    kind = django_filters.ChoiceFilter(
        label=_("Kind of honour"), choices=HonourScheme.Kind.choices, empty_label=_("Any"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm", "id": "f-kind"}))

    class Meta:
        model = HonourScheme
        fields = ["year", "state", "kind"]
