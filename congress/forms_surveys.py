"""Forms of the satisfaction surveys: the officer's survey and question, and the member's answers."""
from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.forms import ScopedFormMixin
from unionadmin.pickers import organisation_widget
from unionadmin.scoping import organisations_where

from .forms import date_input
from .models import Survey, SurveyQuestion
from .surveys import RATINGS


class SurveyForm(ScopedFormMixin, forms.ModelForm):
    scoped_actions = {"union": "change"}

    class Meta:
        model = Survey
        fields = ["union", "title", "intro", "opens_on", "closes_on", "anonymous"]
        widgets = {"opens_on": date_input(), "closes_on": date_input(),
                   "intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = organisations_where(self.user, Survey, "change")
        organisation_widget(self.fields["union"], Survey, "change")
        unions = self.fields["union"].queryset
        if not self.instance.pk:
            today = timezone.localdate()
            self.fields["opens_on"].initial = today
            self.fields["closes_on"].initial = today + datetime.timedelta(days=14)
            if len(unions[:2]) == 1:
                # One union to choose from (a grassroots officer): chosen already, not asked.
                self.fields["union"].initial = unions[0]
                self.fields["union"].widget = forms.HiddenInput()
        else:
            self.fields["union"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("A survey closes on or after the day it opens."))
        return data


class QuestionForm(forms.ModelForm):
    class Meta:
        model = SurveyQuestion
        fields = ["text", "kind", "options", "required"]
        widgets = {"options": forms.Textarea(attrs={"rows": 4})}


class AnswerForm(forms.Form):
    """One field per question, named ``q<pk>``; a rating as five radio buttons."""

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions.all())
        for question in self.questions:
            label = f"{question.position}. {question.text}"
            if question.kind == SurveyQuestion.Kind.RATING:
                field = forms.TypedChoiceField(
                    label=label, coerce=int, widget=forms.RadioSelect,
                    choices=[(v, str(v)) for v in RATINGS],
                    help_text=_("1 = very dissatisfied, 5 = very satisfied"))
            elif question.kind == SurveyQuestion.Kind.CHOICE:
                field = forms.ChoiceField(label=label, widget=forms.RadioSelect,
                                          choices=[(o, o) for o in question.option_list])
            else:
                field = forms.CharField(label=label, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
            field.required = question.required
            self.fields[f"q{question.pk}"] = field

    def values(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
