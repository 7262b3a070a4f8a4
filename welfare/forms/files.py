from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from members.validators import normalise_id_number
from unionadmin.personal_data import MaskedPersonalFieldsMixin
from unionadmin.pickers import SearchSelect

from ..models import HardshipFile, HouseholdMember, LivingStandard
from ..services.files import TRANSITIONS
from .base import DATE, MemberChoiceField, WelfareFormMixin

FILE_FIELDS = [
    "identity_status", "health", "health_note", "housing", "housing_note", "main_cause", "secondary_causes",
    "situation", "medical_costs", "education_costs", "other_costs", "applied_on",
]


class HardshipFileForm(WelfareFormMixin, forms.ModelForm):
    secondary_causes = forms.MultipleChoiceField(
        label=_("Other causes"), choices=HardshipFile.Cause.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = HardshipFile
        fields = FILE_FIELDS
        widgets = {"applied_on": DATE, "situation": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        main = cleaned.get("main_cause")
        if main and main in (cleaned.get("secondary_causes") or []):
            cleaned["secondary_causes"] = [c for c in cleaned["secondary_causes"] if c != main]
        return cleaned


class HardshipFileCreateForm(HardshipFileForm):
    """A new application: the worker, and the worker's own income (the first household member)."""

    worker = MemberChoiceField(label=_("Worker"), queryset=Member.objects.all(),
                               widget=SearchSelect("welfare-member", context="hardshipfile"),
                               help_text=_("The member at the head of the household."))
    head_income = forms.DecimalField(label=_("The worker's income per month (yuan)"), min_value=0, max_digits=10,
                                     decimal_places=2, initial=Decimal("0"))

    class Meta(HardshipFileForm.Meta):
        fields = ["worker", "head_income", *FILE_FIELDS]

    def clean_worker(self):
        worker = self.cleaned_data["worker"]
        if HardshipFile.objects.open().filter(worker=worker).exists():
            raise forms.ValidationError(_("%(name)s already has an open hardship file.") % {"name": worker.name})
        return worker


class HouseholdMemberForm(MaskedPersonalFieldsMixin, WelfareFormMixin, forms.ModelForm):
    class Meta:
        model = HouseholdMember
        fields = ["name", "relationship", "id_number", "occupation", "health", "monthly_income", "note"]
        help_texts = {"id_number": _("Leave empty for a child without one.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].widget.attrs["maxlength"] = 20
        Relationship = HouseholdMember.Relationship
        if self.instance.pk and self.instance.relationship == Relationship.SELF:
            # The worker stays the worker; their name comes from the member roster.
            self.fields["relationship"].disabled = True
            self.fields["name"].disabled = True
        else:
            self.fields["relationship"].choices = [c for c in Relationship.choices if c[0] != Relationship.SELF]

    def clean_id_number(self):
        number = normalise_id_number(self.cleaned_data.get("id_number", ""))
        if number and self.instance.file_id and HouseholdMember.objects.filter(
            file_id=self.instance.file_id, id_number=number
        ).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Someone in this household already has this ID number."))
        return number


class CategoryForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=HardshipFile.Category.choices, widget=forms.RadioSelect)

    def __init__(self, *args, file, **kwargs):
        super().__init__(*args, **kwargs)
        self.file = file
        self.fields["category"].initial = file.category or file.suggested_category or None


class TransitionForm(forms.Form):
    """The form for one lifecycle step; the fields depend on the step."""

    reason = forms.CharField(label=_("Reason or note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, file, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.file = file
        self.transition = TRANSITIONS[action]
        if self.transition.needs_reason:
            self.fields["reason"].required = True
            self.fields["reason"].label = _("Reason")
        if action == "start_notice":
            today = timezone.localdate()
            self.fields["notice_starts_on"] = forms.DateField(label=_("Public notice from"), initial=today, widget=DATE)
            self.fields["notice_ends_on"] = forms.DateField(
                label=_("Public notice until"), initial=today + timezone.timedelta(days=6), widget=DATE,
                help_text=_("Usually at least five working days."),
            )
        if action == "close":
            self.fields["close_reason"] = forms.ChoiceField(
                label=_("Closed because"), choices=HardshipFile.CloseReason.choices, widget=forms.RadioSelect
            )
        self.order_fields(["notice_starts_on", "notice_ends_on", "close_reason", "reason"])

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("notice_starts_on"), cleaned.get("notice_ends_on")
        if starts and ends and ends < starts:
            self.add_error("notice_ends_on", _("The public notice cannot end before it starts."))
        return cleaned


class LivingStandardForm(WelfareFormMixin, forms.ModelForm):
    class Meta:
        model = LivingStandard
        fields = ["organisation", "year", "monthly_line", "relative_multiple", "edge_multiple",
                  "cost_share_percent", "note"]

    def clean(self):
        cleaned = super().clean()
        edge, relative = cleaned.get("edge_multiple"), cleaned.get("relative_multiple")
        if edge and relative and edge > relative:
            self.add_error("edge_multiple", _("Edge households sit between the line and the relative-hardship "
                                              "limit; this multiple cannot be above that limit."))
        return cleaned
