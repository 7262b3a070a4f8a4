"""Forms of assessing people. They check input; the rules are in ``assessment.people``."""
from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Member
from unionadmin.models import Organisation
from unionadmin.roles import OFFICER_ROLES

from . import evidence_files
from .forms import POINTS_ATTRS, DateInput
from .models import PeopleItem, PeopleRubric
from .models.people import AtUnion
from .people import eligible_members, own_branches


def own_unions(user):
    """The grassroots unions where the person is an officer themself: a people assessment
    belongs to the union whose members are assessed, run by its own officers — never a
    federation or industry union scoring the members of the unions below it."""
    return Organisation.objects.filter(path__in=AtUnion.exact_paths(user, OFFICER_ROLES),
                                       level=Organisation.Level.GRASSROOTS).order_by("path")


class PeopleRubricForm(forms.ModelForm):
    class Meta:
        model = PeopleRubric
        fields = ["union", "year", "title", "deadline", "excellent_threshold", "pass_threshold"]
        widgets = {"deadline": DateInput(), "excellent_threshold": forms.NumberInput(attrs=POINTS_ATTRS),
                   "pass_threshold": forms.NumberInput(attrs=POINTS_ATTRS)}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = own_unions(user)
        if self.fields["union"].queryset.count() == 1:
            self.fields["union"].initial = self.fields["union"].queryset.first()
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        excellent, passing = data.get("excellent_threshold"), data.get("pass_threshold")
        if excellent is not None and passing is not None and excellent < passing:
            self.add_error("excellent_threshold", _("The points for “excellent” cannot be fewer than those for “pass”."))
        return data


class PeopleItemForm(forms.ModelForm):
    class Meta:
        model = PeopleItem
        fields = ["area", "title", "kind", "maximum", "guidance", "evidence_required"]
        widgets = {"maximum": forms.NumberInput(attrs=POINTS_ATTRS), "guidance": forms.Textarea(attrs={"rows": 2})}


class StartSheetsForm(forms.Form):
    SCOPES = [("all", _("Every current member")), ("branch", _("The members of a branch")),
              ("list", _("Chosen members"))]

    scope = forms.ChoiceField(label=_("Whom to assess"), choices=SCOPES, initial="all", widget=forms.RadioSelect)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Organisation.objects.none(), required=False)
    members = forms.ModelMultipleChoiceField(label=_("Members"), queryset=Member.objects.none(), required=False,
                                             widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        union = rubric.union
        self.fields["branch"].queryset = own_branches(union).exclude(pk=union.pk).order_by("path")
        self.fields["members"].queryset = eligible_members(rubric).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("scope") == "branch" and not data.get("branch"):
            self.add_error("branch", _("Choose the branch."))
        if data.get("scope") == "list" and not data.get("members"):
            self.add_error("members", _("Choose at least one member."))
        return data


class EvidenceForm(forms.Form):
    file = forms.FileField(label=pgettext_lazy("upload", "File"),
                           widget=forms.ClearableFileInput(attrs={"accept": evidence_files.ACCEPT}))

