"""Forms of the women workers' pages; the rules are in congress/women.py."""
from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from unionadmin import uploads
from unionadmin.forms import ScopedFormMixin
from unionadmin.pickers import SearchSelect, organisation_widget
from unionadmin.scoping import organisations_where

from .forms import checked_upload, date_input
from .models import WomenActivity, WomenCommittee, WomenCommitteeMember

# An activity's photo, scan or document: the evidence policy (PDF, images, office documents).
ACTIVITY_FILE = uploads.EVIDENCE


class WomenCommitteeForm(forms.ModelForm):
    class Meta:
        model = WomenCommittee
        fields = ["starts_on", "ends_on", "note"]
        widgets = {"starts_on": date_input(), "ends_on": date_input()}


class CommitteeEndForm(forms.Form):
    on = forms.DateField(label=_("Term ends on"), widget=date_input(), initial=timezone.localdate)


class SeatForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none(),
                                    widget=SearchSelect("member", context="view"))
    position = forms.ChoiceField(label=_("Position"), choices=WomenCommitteeMember.Position.choices,
                                 initial=WomenCommitteeMember.Position.MEMBER)
    joined_on = forms.DateField(label=_("In office from"), widget=date_input())

    def __init__(self, *args, committee, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the union's own active members, among those the person may see.
        self.fields["member"].queryset = Member.objects.visible_to(user).active().filter(union=committee.union)
        today = timezone.localdate()
        self.fields["joined_on"].initial = today if committee.starts_on <= today <= committee.ends_on \
            else committee.starts_on


class SeatRemoveForm(forms.Form):
    on = forms.DateField(label=_("Removed on"), widget=date_input(), initial=timezone.localdate)


class WomenActivityForm(ScopedFormMixin, forms.ModelForm):
    scoped_actions = {"union": "change"}

    class Meta:
        model = WomenActivity
        fields = ["union", "kind", "held_on", "title", "place", "participants", "members_taking_part", "cost",
                  "note", "file"]
        # A plain file input: the stored file is linked through the scoped download on the page,
        # never by its storage path (which the clearable input would show and link).
        widgets = {"held_on": date_input(), "note": forms.Textarea(attrs={"rows": 3}), "file": forms.FileInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = organisations_where(self.user, WomenActivity, "change")
        organisation_widget(self.fields["union"], WomenActivity, "change")
        unions = self.fields["union"].queryset
        if not self.instance.pk and len(unions[:2]) == 1:
            # One union to choose from (a grassroots officer): chosen already, not asked.
            self.fields["union"].initial = unions[0]
            self.fields["union"].widget = forms.HiddenInput()
        self.fields["file"].help_text = ACTIVITY_FILE.help_text()
        self.fields["file"].widget.attrs["accept"] = ACTIVITY_FILE.accept
        if self.instance.pk:
            self.fields["union"].disabled = True

    def clean_file(self):
        return checked_upload(self.cleaned_data.get("file"), ACTIVITY_FILE)

    def save(self, commit=True):
        upload = self.files.get("file")
        if upload is not None and self.cleaned_data.get("file") is upload:
            # Stored under a random name (the model's upload_to); the original name stays for display.
            self.instance.file_name = upload.name[-200:]
        return super().save(commit)
