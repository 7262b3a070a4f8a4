"""Forms of rationalisation proposals and of sports and culture events."""
from __future__ import annotations

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionadmin import uploads
from unionadmin.forms import ScopedFormMixin
from unionadmin.models import Organisation
from unionadmin.pickers import organisation_widget, search_widget

from ..models import EventMatch, EventParticipant, ImprovementProposal, SportsEvent

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})


class ProposalForm(ScopedFormMixin, forms.ModelForm):
    scoped_actions = {"union": "change"}

    class Meta:
        model = ImprovementProposal
        fields = ["union", "kind", "year", "title", "proposer_name", "submitted_on", "problem", "suggestion",
                  "expected_benefit"]
        widgets = {"submitted_on": DATE, "problem": forms.Textarea(attrs={"rows": 3}),
                   "suggestion": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = self.fields["union"].queryset.filter(is_active=True)
        organisation_widget(self.fields["union"], Organisation, "change")
        if self.instance.pk:
            self.fields["union"].disabled = True
        else:
            today = timezone.localdate()
            self.fields["year"].initial = today.year
            self.fields["submitted_on"].initial = today


class RouteForm(forms.Form):
    evaluator = forms.ModelChoiceField(label=_("Evaluator"), queryset=None,
                                       help_text=_("People holding the handling-department or judge role at the "
                                                   "union or above it."))

    def __init__(self, *args, evaluators, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = evaluators
        if proposal is not None:  # every evaluator of the county: searched, not listed
            search_widget(self.fields["evaluator"], "evaluator", context=proposal.pk)
        self.fields["evaluator"].label_from_instance = lambda user: user.display_name


class DecideForm(forms.Form):
    decision = forms.TypedChoiceField(label=pgettext_lazy("rationalisation proposal", "Decision"), widget=forms.RadioSelect, coerce=lambda v: v == "adopt",
                                      choices=[("adopt", _("Adopt")), ("reject", _("Do not adopt"))])
    opinion = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class ImplementForm(forms.Form):
    implemented_on = forms.DateField(label=_("Implemented on"), widget=DATE)
    annual_benefit = forms.DecimalField(label=_("Annual benefit (yuan)"), min_value=0, max_digits=14,
                                        decimal_places=2, widget=MONEY)
    benefit_note = forms.CharField(label=_("How the benefit was worked out"), max_length=300, required=False)


class AwardForm(forms.Form):
    award_name = forms.CharField(label=_("Award"), max_length=50, required=False,
                                 help_text=_("E.g. 优秀合理化建议一等奖."))
    award_amount = forms.DecimalField(label=_("Award money (yuan)"), min_value=0, max_digits=10, decimal_places=2,
                                      required=False, widget=MONEY)


# --- sports and culture events ---------------------------------------------------------------
class SportsEventForm(ScopedFormMixin, forms.ModelForm):
    scoped_actions = {"organiser": "change"}

    class Meta:
        model = SportsEvent
        fields = ["organiser", "kind", "discipline", "title", "year", "starts_on", "ends_on", "venue",
                  "description", "points_win", "points_draw", "points_loss"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = self.fields["organiser"].queryset.filter(is_active=True)
        organisation_widget(self.fields["organiser"], Organisation, "change")
        if self.instance.pk:
            self.fields["organiser"].disabled = True
        else:
            self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot come before the start."))
        return cleaned


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = EventParticipant
        fields = ["kind", "name", "organisation", "members", "place", "result"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = units if units is not None else Organisation.objects.none()


class MatchForm(forms.ModelForm):
    class Meta:
        model = EventMatch
        fields = ["round_label", "played_on", "home", "home_score", "away_score", "away"]
        widgets = {"played_on": DATE}

    def __init__(self, *args, participants=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("home", "away"):
            self.fields[name].queryset = participants if participants is not None else EventParticipant.objects.none()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("home") and cleaned.get("home") == cleaned.get("away") and not cleaned.get("DELETE"):
            self.add_error("away", _("A match needs two different sides."))
        return cleaned


class BaseParticipantFormSet(BaseInlineFormSet):
    """Names the officer types are unique in an event (``eventparticipant_name_unique`` holds only
    for them: members who signed up in the portal may share a name), so the formset checks them
    itself — Django's own check skips a constraint with a condition."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk or self._should_delete_form(form):
                continue
            name = form.cleaned_data.get("name") if hasattr(form, "cleaned_data") else None
            if not name or form.instance.member_id:
                continue
            if name in seen:
                form.add_error("name", self.get_unique_error_message(["name"]))
            seen.add(name)


ParticipantFormSet = inlineformset_factory(SportsEvent, EventParticipant, form=ParticipantForm,
                                           formset=BaseParticipantFormSet, extra=3, can_delete=True)
MatchFormSet = inlineformset_factory(SportsEvent, EventMatch, form=MatchForm, extra=3, can_delete=True)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"), help_text=uploads.PHOTO.help_text_lazy,
                            validators=[uploads.PHOTO.validator])
    caption = forms.CharField(label=_("Caption"), max_length=150, required=False)
