"""Forms of a competition: its description, its scoring scheme (settings, items, tie-breaks,
award tiers), a step of its workflow, and assigning judges."""
from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.forms import ScopedFormMixin
from unionadmin.pickers import organisation_widget, search_widget

from ..models import AwardTier, Competition, Entry, ScoringItem, TieBreak

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CompetitionForm(ScopedFormMixin, forms.ModelForm):
    scoped_actions = {"organiser": "change"}

    class Meta:
        model = Competition
        fields = ["organiser", "kind", "title", "year", "season", "starts_on", "ends_on", "rules",
                  "publish_judge_scores"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "rules": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from unionadmin.scoping import organisations_where

        self.fields["organiser"].queryset = organisations_where(self.user, Competition, "change").filter(
            is_active=True, level__in=["federation", "industry", "grassroots", "branch"])
        organisation_widget(self.fields["organiser"], Competition, "change",
                            ["federation", "industry", "grassroots", "branch"])
        if self.instance.pk:
            self.fields["organiser"].disabled = True  # entries and judges hang off the organiser
        else:
            self.fields["year"].initial = timezone.localdate().year
        if self.instance.pk and self.instance.state == Competition.State.PUBLISHED:
            self.fields["publish_judge_scores"].disabled = True

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot come before the start."))
        return cleaned


class SchemeSettingsForm(forms.ModelForm):
    class Meta:
        model = Competition
        fields = ["method", "trim_min_judges"]
        widgets = {"method": forms.RadioSelect}


class ScoringItemForm(forms.ModelForm):
    class Meta:
        model = ScoringItem
        fields = ["name", "max_score", "weight", "guidance"]
        widgets = {
            "max_score": forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"}),
            "weight": forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"}),
        }


class AwardTierForm(forms.ModelForm):
    class Meta:
        model = AwardTier
        fields = ["name", "count", "min_total"]
        widgets = {"min_total": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and cleaned.get("count") is None and cleaned.get("min_total") is None \
                and not cleaned.get("DELETE"):
            self.add_error("count", _("Give how many places, or a minimum total for an award without a limit."))
        return cleaned


class TieBreakForm(forms.ModelForm):
    class Meta:
        model = TieBreak
        fields = ["criterion", "item"]

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items if items is not None else ScoringItem.objects.none()
        self.fields["item"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        criterion, item = cleaned.get("criterion"), cleaned.get("item")
        if criterion == TieBreak.Criterion.ITEM and item is None:
            self.add_error("item", _("Choose the item compared."))
        if criterion and criterion != TieBreak.Criterion.ITEM:
            cleaned["item"] = None
        return cleaned


class _TieBreakFormSet(forms.BaseInlineFormSet):
    """Each criterion (and each item) once: the database's partial unique constraints cannot
    see duplicates among rows not saved yet."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not data.get("criterion"):
                continue
            key = (data["criterion"], data.get("item"))
            if key in seen:
                form.add_error(None, _("Each tie-break can be listed only once."))
            seen.add(key)


ItemFormSet = inlineformset_factory(Competition, ScoringItem, form=ScoringItemForm, extra=3,
                                    can_delete=True)
TierFormSet = inlineformset_factory(Competition, AwardTier, form=AwardTierForm, extra=1,
                                    can_delete=True)
TieBreakFormSet = inlineformset_factory(Competition, TieBreak, form=TieBreakForm, formset=_TieBreakFormSet,
                                        extra=1, can_delete=True)


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=1000)
    notice_ends_on = forms.DateField(label=_("Last day of the public notice"), required=False, widget=DATE)


class JudgeAssignForm(forms.Form):
    judge = forms.ModelChoiceField(label=_("Judge"), queryset=None)
    entry = forms.ModelChoiceField(label=_("Entry"), queryset=None, required=False,
                                   empty_label=_("Every entry of the competition"))
    weight = forms.DecimalField(label=_("Judge weight"), min_value=0.01, max_value=999, decimal_places=2,
                                initial=1, help_text=_("Used by the weighted-mean method only."))

    def __init__(self, *args, competition, judges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = judges
        self.fields["judge"].label_from_instance = lambda user: (
            f"{user.display_name} ({user.mobile})" if user.mobile else user.display_name)
        search_widget(self.fields["judge"], "judge", context=competition.pk)  # a county's judges: searched
        self.fields["entry"].queryset = Entry.objects.filter(competition=competition).competing().order_by("number")
        if competition.method != Competition.Method.WEIGHTED:
            self.fields["weight"].widget = forms.HiddenInput()


class RecusalForm(forms.Form):
    reason = forms.CharField(label=_("Conflict of interest"), max_length=200,
                             help_text=_("E.g. “I work in this team's workshop.”"))
    judge = forms.ModelChoiceField(label=_("Judge"), queryset=None, required=False)

    def __init__(self, *args, judges=None, **kwargs):
        super().__init__(*args, **kwargs)
        if judges is None:
            del self.fields["judge"]
        else:
            self.fields["judge"].queryset = judges
            self.fields["judge"].required = True
