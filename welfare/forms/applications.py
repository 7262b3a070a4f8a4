"""Forms for a member's application for hardship aid: the member's own (portal) and the
welfare officer's answers (open a file from it, or decline it)."""
from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from unionadmin import uploads

from ..models import ApplicationDocument, HardshipApplication, HardshipFile
from ..services.applications import DOCUMENT_POLICY, MAX_DOCUMENTS
from .files import HardshipFileForm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """One or more documents, each checked by the upload policy (content, size)."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", DOCUMENT_POLICY.help_text_lazy)
        super().__init__(*args, **kwargs)
        self.widget.attrs["accept"] = DOCUMENT_POLICY.accept

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        checked = [super(DocumentsField, self).clean(upload, initial) for upload in files]
        checked = [upload for upload in checked if upload]
        errors = []
        for upload in checked:
            try:
                DOCUMENT_POLICY.check(upload)
            except uploads.UploadRefused as refusal:
                errors.append(refusal.message)
        if errors:
            raise forms.ValidationError(errors)
        if len(checked) > MAX_DOCUMENTS:
            raise forms.ValidationError(_("Attach at most %(count)s documents.") % {"count": MAX_DOCUMENTS})
        return checked


class ApplicationForm(forms.ModelForm):
    """The member's draft: everything may stay empty until they submit."""

    main_cause = forms.ChoiceField(label=_("Main reason"), choices=HardshipFile.Cause.choices, required=False,
                                   widget=forms.RadioSelect)
    secondary_causes = forms.MultipleChoiceField(
        label=_("Other reasons"), choices=HardshipFile.Cause.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    documents = DocumentsField(
        label=_("Supporting documents"),
        help_text=format_lazy("{} {}", _("Photos or scans of certificates, medical bills, proof of income."),
                              DOCUMENT_POLICY.help_text_lazy))
    remove_documents = forms.ModelMultipleChoiceField(
        label=_("Remove these documents"), required=False, queryset=ApplicationDocument.objects.none(),
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = HardshipApplication
        fields = ["main_cause", "secondary_causes", "household_size", "household_income", "situation"]
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 6}),
            "household_size": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "household_income": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["remove_documents"].queryset = self.instance.documents.all()
        if not self.instance.pk or not self.instance.documents.exists():
            del self.fields["remove_documents"]

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class OpenFileForm(HardshipFileForm):
    """The new hardship file, prefilled from the application; the officer completes it."""

    head_income = forms.DecimalField(label=_("The worker's income per month (yuan)"), min_value=0, max_digits=10,
                                     decimal_places=2, initial=Decimal("0"))

    class Meta(HardshipFileForm.Meta):
        fields = ["head_income", *HardshipFileForm.Meta.fields]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=2000, help_text=_("The member reads this on their record."))
