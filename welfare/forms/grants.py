from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from unionadmin.pickers import SearchSelect

from ..models import AidProgramme, DonationDrive, Grant, HardshipFile, ProgrammeBudget
from .base import DATE, MemberChoiceField, WelfareFormMixin


class AidProgrammeForm(WelfareFormMixin, forms.ModelForm):
    class Meta:
        model = AidProgramme
        fields = ["organisation", "kind", "name", "description", "standard_amount", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ProgrammeBudgetForm(forms.ModelForm):
    class Meta:
        model = ProgrammeBudget
        fields = ["year", "amount"]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.instance.programme = programme
        if self.instance.pk:
            self.fields["year"].disabled = True
        else:
            self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("amount") is not None and cleaned["amount"] < self.instance.spent:
            self.add_error("amount", _("%(spent)s yuan has already been approved from this budget; it cannot be "
                                       "less than that.") % {"spent": self.instance.spent})
        year = cleaned.get("year")
        if not self.instance.pk and year and ProgrammeBudget.objects.filter(programme=self.programme,
                                                                             year=year).exists():
            self.add_error("year", _("This programme already has a budget for %(year)s; change that one.")
                           % {"year": year})
        return cleaned


class FileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, file):
        return f"{file.number} · {file.worker.name} · {file.get_category_display()}"


class GrantForm(WelfareFormMixin, forms.Form):
    """Proposing a grant; grant_propose checks the money rules (errors land on their fields)."""

    welfare_model = Grant

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=AidProgramme.objects.filter(is_active=True))
    file = FileChoiceField(
        label=_("Filed household"), required=False, widget=SearchSelect("hardship-file"),
        queryset=HardshipFile.objects.on_file().select_related("worker").order_by("worker__name"),
        help_text=_("Choose the household if the grant goes to a filed household; otherwise choose the member."),
    )
    member = MemberChoiceField(label=_("Member"), required=False, queryset=Member.objects.all(),
                               widget=SearchSelect("welfare-member", context="grant"))
    kind = forms.ChoiceField(label=_("Form of aid"), choices=Grant.Kind.choices, initial=Grant.Kind.MONEY)
    amount = forms.DecimalField(label=_("Amount or value (yuan)"), min_value=0.01, max_digits=10, decimal_places=2)
    description = forms.CharField(label=_("What is given"), max_length=200, required=False,
                                  help_text=_("For goods or a service: what exactly."))
    granted_on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=DATE)
    donation_drive = forms.ModelChoiceField(label=_("Paid from donation drive"), required=False,
                                            queryset=DonationDrive.objects.all())
    repeat_reason = forms.CharField(
        label=_("Why again this year"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when this person has already had this programme this year."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = self.fields["programme"].queryset.select_related("organisation")

    def clean(self):
        cleaned = super().clean()
        file, member = cleaned.get("file"), cleaned.get("member")
        if file and member and file.worker_id != member.pk:
            self.add_error("member", _("The household's worker is %(name)s; leave the member empty or choose them.")
                           % {"name": file.worker.name})
        elif file:
            cleaned["member"] = file.worker
        elif not member and not self.has_error("member") and not self.has_error("file"):
            self.add_error("member", _("Choose the filed household or the member who receives the grant."))
        if cleaned.get("kind") in (Grant.Kind.GOODS, Grant.Kind.SERVICE) and not cleaned.get("description"):
            self.add_error("description", _("Say what goods or service are given."))
        return cleaned


class RejectGrantForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 2}))
