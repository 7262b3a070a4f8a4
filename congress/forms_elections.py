"""The forms of the union's own congress and its elections. They check what was typed; the
rules (quotas, 差额, who may stand for the 经审会, the count) are congress/elections.py's, whose
refusal the view shows next to the field it names."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Member
from unionadmin.models import Organisation
from unionadmin.pickers import search_widget
from unionadmin.scoping import organisations_where

from .models import BallotBox, Candidate, UnionCongress

DATE = {"type": "date"}
SETTINGS = ["kind", "held_on", "term_years", "committee_seats", "vice_chair_seats", "audit_seats", "margin_percent",
            "delegate_total", "women_percent", "frontline_percent"]


class UnionCongressForm(forms.ModelForm):
    class Meta:
        model = UnionCongress
        fields = SETTINGS
        widgets = {"held_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d")}

    def clean(self):
        data = super().clean()
        if data.get("kind") == UnionCongress.Kind.DELEGATES and not data.get("delegate_total"):
            self.add_error("delegate_total", _("A delegates' congress elects at least one delegate."))
        vice, seats = data.get("vice_chair_seats"), data.get("committee_seats")
        if vice is not None and seats is not None and vice + 1 > seats:
            self.add_error("vice_chair_seats", _("The chair and vice-chairs are members of the committee: no more "
                                                 "of them than committee seats."))
        return data


class UnionCongressCreateForm(UnionCongressForm):
    union = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none())
    number = forms.IntegerField(label=_("Congress number"), min_value=1, max_value=999, required=False,
                                help_text=_("Left empty: the union's last congress number plus one."))

    class Meta(UnionCongressForm.Meta):
        fields = ["union", "number", *SETTINGS]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = (organisations_where(user, UnionCongress, "change")
                                         .exclude(level=Organisation.Level.GROUP).order_by("path"))


def _member_field(congress, user):
    field = forms.ModelChoiceField(
        label=_("Member"), queryset=Member.objects.visible_to(user, "change").active()
        .in_subtree(congress.union).select_related("union"))
    return search_widget(field, "member", "change")


class DelegateForm(forms.Form):
    frontline = forms.BooleanField(label=_("Front-line worker"), required=False)

    def __init__(self, *args, congress, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"member": _member_field(congress, user), **self.fields}


class CandidateForm(forms.Form):
    body = forms.ChoiceField(label=_("Stands for"), choices=Candidate.Body.choices)

    def __init__(self, *args, congress, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = _member_field(congress, user)


class BallotBoxForm(forms.ModelForm):
    class Meta:
        model = BallotBox
        fields = ["body", "label", "issued", "returned", "valid"]
        help_texts = {"label": _("The box's number, or 合计 when the totals of all boxes are entered at once.")}

    def clean(self):
        data = super().clean()
        issued, returned, valid = data.get("issued"), data.get("returned"), data.get("valid")
        if issued is not None and returned is not None and returned > issued:
            self.add_error("returned", _("More ballots returned than issued: count again."))
        elif returned is not None and valid is not None and valid > returned:
            self.add_error("valid", _("More valid ballots than returned."))
        return data


class VotesForm(forms.Form):
    """One number per candidate of the box's election."""

    def __init__(self, *args, box, **kwargs):
        super().__init__(*args, **kwargs)
        had = dict(box.votes.values_list("candidate_id", "votes"))
        self.candidates = list(box.congress.candidates.filter(body=box.body).select_related("member"))
        for candidate in self.candidates:
            self.fields[f"c{candidate.pk}"] = forms.IntegerField(
                label=candidate.member.name, min_value=0, max_value=box.valid, initial=had.get(candidate.pk, 0))

    def votes(self) -> dict:
        return {c: self.cleaned_data[f"c{c.pk}"] for c in self.candidates}


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000)
