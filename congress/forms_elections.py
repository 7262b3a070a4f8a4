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
            "delegate_total", "women_percent", "frontline_percent", "entitled", "present"]
# What the delegate quotas are shared from: changed once quotas exist, they are shared again, or
# refused once delegates are recorded (their units' seats would no longer hold).
QUOTA_SETTINGS = ("kind", "delegate_total", "women_percent", "frontline_percent")


class UnionCongressForm(forms.ModelForm):
    class Meta:
        model = UnionCongress
        fields = SETTINGS
        widgets = {"held_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d")}

    reshare = False

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.quotas.exists():
            changed = [name for name in QUOTA_SETTINGS if name in self.changed_data]
            if changed and self.instance.delegates.exists():
                for name in changed:
                    self.add_error(name, _("Delegates are already recorded from the quotas shared; remove them "
                                           "before changing what the quotas are shared from."))
            self.reshare = bool(changed) and data.get("kind") == UnionCongress.Kind.DELEGATES
        if data.get("kind") == UnionCongress.Kind.DELEGATES and not data.get("delegate_total"):
            self.add_error("delegate_total", _("A delegates' congress elects at least one delegate."))
        entitled, present = data.get("entitled"), data.get("present")
        if entitled is not None and present is not None and present > entitled:
            self.add_error("present", _("More present than entitled to vote: count again."))
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
        fields = ["body", "round", "totals", "label", "issued", "returned", "valid"]
        help_texts = {"label": _("The box's number, or a name such as 合计 for the totals."),
                      "round": _("1 for the vote on the lists; 2 or more for a further round (另行选举) among named "
                                 "candidates for the seats still open.")}

    def clean(self):
        data = super().clean()
        issued, returned, valid = data.get("issued"), data.get("returned"), data.get("valid")
        if issued is not None and returned is not None and returned > issued:
            self.add_error("returned", _("More ballots returned than issued: count again."))
        elif returned is not None and valid is not None and valid > returned:
            self.add_error("valid", _("More valid ballots than returned."))
        return data


class BallotBoxFiguresForm(forms.ModelForm):
    class Meta:
        model = BallotBox
        fields = ["issued", "returned", "valid"]


class VotesForm(forms.Form):
    """One number per candidate of the box's election."""

    def __init__(self, *args, box, **kwargs):
        super().__init__(*args, **kwargs)
        had = dict(box.votes.values_list("candidate_id", "votes"))
        candidates = box.congress.candidates.filter(body=box.body).select_related("member")
        if box.round > 1:  # a further round: among those not elected before; the others left at 0 stand not
            from .elections import results

            done = {r.body: r for r in results(box.congress, up_to=box.round - 1)}[box.body]
            candidates = candidates.exclude(pk__in=[c.pk for c in done.elected])
        self.candidates = list(candidates)
        for candidate in self.candidates:
            self.fields[f"c{candidate.pk}"] = forms.IntegerField(
                label=candidate.member.name, min_value=0, max_value=box.valid, initial=had.get(candidate.pk, 0))

    def votes(self) -> dict:
        return {c: self.cleaned_data[f"c{c.pk}"] for c in self.candidates}



class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000)
