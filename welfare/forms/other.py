from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from unionadmin.pickers import SearchSelect

from ..models import (
    CONDOLENCE_RELATIONSHIPS,
    Donation,
    DonationDrive,
    HardshipFile,
    MustVisitOccasion,
    Pairing,
    PairingFollowUp,
    Visit,
)
from .base import DATE, MemberChoiceField, WelfareFormMixin
from .grants import FileChoiceField


class VisitForm(WelfareFormMixin, forms.ModelForm):
    member = MemberChoiceField(label=_("Member visited"), queryset=Member.objects.all(),
                               widget=SearchSelect("welfare-member", context="visit"))

    class Meta:
        model = Visit
        fields = ["member", "kind", "visited_on", "occasion", "festival", "group", "relationship", "deceased_name",
                  "hospital", "visitors", "money", "goods", "note"]
        widgets = {"visited_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occasion"].queryset = self.fields["occasion"].queryset.filter(is_active=True)
        self.fields["visited_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        kind, member = cleaned.get("kind"), cleaned.get("member")
        if kind == Visit.Kind.CONDOLENCE:
            relationship = cleaned.get("relationship")
            if not relationship:
                self.add_error("relationship", _("Say whose death the condolence is for."))
            elif relationship not in CONDOLENCE_RELATIONSHIPS:
                self.add_error("relationship", _("Condolence visits are only for the member or their spouse, "
                                                 "children, parents or spouse's parents."))
            if relationship and relationship != "self" and not cleaned.get("deceased_name"):
                self.add_error("deceased_name", _("Give the name of the deceased."))
        elif cleaned.get("relationship"):
            cleaned["relationship"] = ""
        if kind == Visit.Kind.MUST_VISIT:
            occasion = cleaned.get("occasion")
            if not occasion:
                self.add_error("occasion", _("Choose the must-visit occasion."))
            elif member and not member.union.path.startswith(occasion.organisation.path):
                self.add_error("occasion", _("This occasion is on another union's list."))
        if kind == Visit.Kind.HOSPITAL and not cleaned.get("hospital"):
            self.add_error("hospital", _("Give the hospital."))
        if kind == Visit.Kind.FESTIVAL:
            if not cleaned.get("festival"):
                self.add_error("festival", _("Give the festival."))
            if not cleaned.get("group"):
                self.add_error("group", _("Say as whom the member was visited."))
        return cleaned


class MustVisitOccasionForm(WelfareFormMixin, forms.ModelForm):
    class Meta:
        model = MustVisitOccasion
        fields = ["organisation", "name", "order", "is_active"]


class PairingForm(WelfareFormMixin, forms.ModelForm):
    file = FileChoiceField(label=_("Household"), queryset=HardshipFile.objects.on_file().select_related("worker"),
                           widget=SearchSelect("hardship-file"))

    class Meta:
        model = Pairing
        fields = ["file", "helper_name", "helper_post", "helper_phone", "started_on", "goal", "plan", "deadline"]
        widgets = {"started_on": DATE, "deadline": DATE, "plan": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["file"].disabled = True
            self.fields["file"].queryset = HardshipFile.objects.filter(pk=self.instance.file_id)

    def clean(self):
        cleaned = super().clean()
        started, deadline = cleaned.get("started_on"), cleaned.get("deadline")
        if started and deadline and deadline < started:
            self.add_error("deadline", _("The deadline cannot be before the pairing starts."))
        return cleaned


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = PairingFollowUp
        fields = ["on", "note"]
        widgets = {"on": DATE, "note": forms.Textarea(attrs={"rows": 3})}


class AssessPairingForm(forms.Form):
    status = forms.ChoiceField(label=_("Result"), widget=forms.RadioSelect,
                               choices=[c for c in Pairing.Status.choices if c[0] != Pairing.Status.ACTIVE])
    rating = forms.ChoiceField(label=_("Assessment"), choices=Pairing.Rating.choices)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))


class DonationDriveForm(WelfareFormMixin, forms.ModelForm):
    class Meta:
        model = DonationDrive
        fields = ["organisation", "name", "year", "starts_on", "ends_on", "purpose"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The drive cannot end before it starts."))
        return cleaned


class DonationForm(forms.ModelForm):
    class Meta:
        model = Donation
        fields = ["donor_type", "donor_name", "donor_unit", "amount", "donated_on", "receipt_number"]
        widgets = {"donated_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["donated_on"].initial = timezone.localdate()
