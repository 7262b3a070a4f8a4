"""The form of a union committee's term recorded by hand (for unions whose last congress
predates the system). The end date is not asked: it follows from the election date and the
term's length (congress/reelection.py); the rules are checked there."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import date_input
from .models import CommitteeTerm


class CommitteeTermForm(forms.ModelForm):
    class Meta:
        model = CommitteeTerm
        fields = ["number", "length_years", "starts_on", "note"]
        widgets = {"starts_on": date_input(), "length_years": forms.RadioSelect}
        help_texts = {
            "number": _("The number of this committee, counted as in the union's records."),
            "starts_on": _("The day the union congress elected this committee; re-election is due 3 or 5 "
                           "years later."),
        }

    def __init__(self, *args, note_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if note_only:  # a term from an approved congress, or a union's own officer: the note only
            for name in ("number", "length_years", "starts_on"):
                self.fields[name].disabled = True

    def _post_clean(self):
        # The model's own checks (ends_on, the union) run in the service, which computes the end
        # date and knows the union; here only the typed fields are validated.
        pass
