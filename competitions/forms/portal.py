"""Forms of the member portal's competitions pages (issue 19), and the officers' form that
opens an event for members' sign-up."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ImprovementProposal, SportsEvent

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberProposalForm(forms.ModelForm):
    """What a member writes: the rest (union, year, date, proposer) comes from their membership."""

    class Meta:
        model = ImprovementProposal
        fields = ["kind", "title", "problem", "suggestion", "expected_benefit"]
        widgets = {"problem": forms.Textarea(attrs={"rows": 4}), "suggestion": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "problem": _("What goes wrong or costs too much today, where and how often."),
            "suggestion": _("What should be done, and how."),
            "expected_benefit": _("E.g. time or material saved, safer work."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].required = True
        self.fields["problem"].max_length = 4000
        self.fields["suggestion"].max_length = 4000


class EventSignupSettingsForm(forms.ModelForm):
    """The organiser opens (or closes) an event for members' sign-up."""

    class Meta:
        model = SportsEvent
        fields = ["signup_open", "signup_closes", "capacity"]
        widgets = {"signup_closes": DATE}

    def clean(self):
        cleaned = super().clean()
        event = self.instance
        closes, capacity = cleaned.get("signup_closes"), cleaned.get("capacity")
        if cleaned.get("signup_open") and not closes:
            self.add_error("signup_closes", _("Give the last day of sign-up."))
        last_day = event.ends_on or event.starts_on
        if closes and last_day and closes > last_day:
            self.add_error("signup_closes", _("Sign-up cannot close after the event (%(date)s).")
                           % {"date": last_day.isoformat()})
        if capacity is not None and event.pk:
            taken = event.participants.filter(member__isnull=False).count()
            if capacity < taken:
                self.add_error("capacity", _("%(count)s members have signed up already; give at least as many "
                                             "places.") % {"count": taken})
        return cleaned
