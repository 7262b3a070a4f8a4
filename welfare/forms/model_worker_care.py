"""Forms of model-worker care: a round, inviting to it, an invitation's outcome, the annual
update, the union's cut-off, and the GET filters of the lists (every parameter through a form)."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from members.models.cadres import Level
from unionadmin.querystring import QueryForm

from ..models import CareInvitation, CareRound, CareSettings, SituationUpdate
from ..services.model_worker_care import model_workers_in_scope, round_candidates
from .base import DATE, MemberChoiceField, WelfareFormMixin


class CareRoundForm(WelfareFormMixin, forms.ModelForm):
    class Meta:
        model = CareRound
        fields = ["organiser", "kind", "year", "title", "place", "starts_on", "ends_on", "budget_per_person", "note"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        if self.instance.pk:  # the invitations were chosen from this organiser's subtree
            self.fields["organiser"].disabled = True


class InviteForm(forms.Form):
    """Pick model workers, or invite every model worker whose honour is at a level or above."""

    members = forms.ModelMultipleChoiceField(
        label=_("Model workers"), queryset=Member.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)
    min_level = forms.ChoiceField(
        label=_("Or invite every model worker of this level or above"), required=False,
        choices=[("", "—")] + Level.choices)

    def __init__(self, *args, care_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = round_candidates(care_round)
        self.fields["members"].label_from_instance = (
            lambda m: f"{m.name} · {m.union.short_name or m.union.name}")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("members") and not cleaned.get("min_level"):
            raise forms.ValidationError(_("Pick model workers, or choose a level to invite everyone of it or above."))
        return cleaned


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(label=_("Outcome"), choices=CareInvitation.Status.choices)
    decline_reason = forms.CharField(label=_("Reason for declining"), max_length=200, required=False)
    replacement = MemberChoiceField(label=_("Goes instead"), queryset=Member.objects.none(), required=False)
    cost = forms.DecimalField(label=_("Cost (yuan)"), max_digits=10, decimal_places=2, min_value=0, required=False,
                              help_text=_("Left empty, the round's budget per person is recorded."))

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement"].queryset = round_candidates(invitation.care_round)
        self.fields["status"].initial = invitation.status
        self.fields["decline_reason"].initial = invitation.decline_reason
        self.fields["cost"].initial = invitation.cost


class SituationUpdateForm(WelfareFormMixin, forms.ModelForm):
    member = MemberChoiceField(label=_("Model worker"), queryset=Member.objects.all())

    class Meta:
        model = SituationUpdate
        fields = ["member", "year", "work", "health", "family_income", "difficulties", "wishes", "visited_by",
                  "visited_on"]
        widgets = {"visited_on": DATE, "difficulties": forms.Textarea(attrs={"rows": 3}),
                   "wishes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = model_workers_in_scope(self.user).order_by("union__path", "name")
        self.fields["year"].initial = timezone.localdate().year
        self.fields["visited_on"].initial = timezone.localdate()
        if self.instance.pk:
            self.fields["member"].disabled = True


class CareSettingsForm(WelfareFormMixin, forms.ModelForm):
    class Meta:
        model = CareSettings
        fields = ["organisation", "update_due_month", "update_due_day"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["organisation"].disabled = True


class RoundQuery(QueryForm):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—")] + CareRound.Kind.choices, required=False)


class UpdateQuery(QueryForm):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
