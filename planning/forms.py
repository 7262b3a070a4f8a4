from __future__ import annotations

import os

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin import uploads
from unionadmin.forms import ScopedFormMixin
from unionadmin.indicators import registry as indicator_registry
from unionadmin.models import Organisation
from unionadmin.pickers import organisation_widget
from unionadmin.scoping import organisations_where

from . import gongwen
from .models import ItemProgress, PlanAttachment, PlanItem, PlanTarget, WorkPlan
from .models.outline import MAX_LEVEL


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class EditableOnlyMixin:
    """Refuses to save any change to a plan that is no longer a draft, whatever the view does."""

    def _plan(self):
        return self.instance if isinstance(self.instance, WorkPlan) else getattr(self.instance, "plan", None)

    def clean(self):
        cleaned = super().clean()
        plan = self._plan()
        if plan is not None and plan.pk and not plan.is_editable:
            raise ValidationError(_("This plan is %(state)s and can no longer be changed.")
                                  % {"state": plan.get_state_display()}, code="not_editable")
        return cleaned


HEADER_FIELDS = [
    "mark", "organ_code", "number_year", "sequence", "notice_title", "addressees", "notice_body", "title", "guiding",
    "signing_organ", "signing_date", "report_to", "copy_to", "printing_organ", "printing_date",
]
NUMBERING_LEVELS = range(1, MAX_LEVEL + 1)


def numbering_style_choices(blank_label=None):
    """The numbering styles shown as their first numbers (一、 二、 三、), the key stored."""
    choices = [(key, " ".join(gongwen.styled_number(key, n) for n in (1, 2, 3)))
               for key in gongwen.NUMBERING_STYLES]
    return ([("", blank_label)] if blank_label else []) + choices


class WorkPlanCreateForm(ScopedFormMixin, forms.ModelForm):
    """A new plan: the issuer (where the user may change plans), the year and the title, or a
    copy of an earlier plan."""

    scoped_actions = {"copy_from": "view"}
    copy_from = forms.ModelChoiceField(
        label=_("Start from an earlier plan"), queryset=WorkPlan.objects.all(), required=False,
        help_text=_("Copies its header, items and targets into a new draft for the year chosen."),
    )

    class Meta:
        model = WorkPlan
        fields = ["issuer", "year", "title"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["issuer"].queryset = organisations_where(user, WorkPlan, "change").filter(is_active=True)
        organisation_widget(self.fields["issuer"], WorkPlan, "change")  # a county's units: searched
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave blank to use “<organisation> <year> work plan” or the copied title.")
        # Only plans whose issuer the user may change can be copied.
        self.fields["copy_from"].queryset = (
            WorkPlan.objects.visible_to(user, "change").select_related("issuer").order_by("-year", "issuer__path")
        )
        self.fields["copy_from"].label_from_instance = lambda p: f"{p.year} · {p.issuer} · {p.title}"
        if not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year

    def clean(self):
        cleaned = super().clean()
        source, issuer = cleaned.get("copy_from"), cleaned.get("issuer")
        if source and issuer and source.issuer_id != issuer.pk:
            self.add_error("copy_from", _("Choose a plan of the same issuing organisation."))
        return cleaned


class WorkPlanHeaderForm(EditableOnlyMixin, forms.ModelForm):
    """The printed head and foot of the plan, and how its items are numbered: for each level a
    style (``numbering_<level>_style``) and whether it goes on counting across the sections
    above (``numbering_<level>_continuous``), stored together in ``WorkPlan.numbering``."""

    class Meta:
        model = WorkPlan
        fields = HEADER_FIELDS
        widgets = {
            "signing_date": DateInput(), "printing_date": DateInput(),
            "guiding": forms.Textarea(attrs={"rows": 4}), "notice_body": forms.Textarea(attrs={"rows": 3}),
            "addressees": forms.TextInput(), "copy_to": forms.TextInput(), "report_to": forms.TextInput(),
        }
        help_texts = {
            "title": _("The plan's own title; with a notice title it heads the plan after the notice."),
            "signing_organ": _("Leave blank to print the date without an organ above it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for level in NUMBERING_LEVELS:
            style, continuous = self.instance.level_numbering(level)
            self.fields[f"numbering_{level}_style"] = forms.ChoiceField(
                label=_("Level %(level)s") % {"level": level}, choices=numbering_style_choices(), initial=style,
                required=False)
            if level > 1:  # the top level has no sections above it
                self.fields[f"numbering_{level}_continuous"] = forms.BooleanField(
                    label=_("Continues across sections"), required=False, initial=continuous)

    @property
    def numbering_rows(self):
        """(style field, continuous field or None) per level, for the template."""
        return [(self[f"numbering_{level}_style"],
                 self[f"numbering_{level}_continuous"] if level > 1 else None) for level in NUMBERING_LEVELS]

    def clean(self):
        cleaned = super().clean()
        # A style left out of the post keeps the plan's.
        self.instance.numbering = [
            {"style": cleaned.get(f"numbering_{level}_style") or self.instance.level_numbering(level)[0],
             "continuous": bool(cleaned.get(f"numbering_{level}_continuous"))}
            for level in NUMBERING_LEVELS]
        sequence = cleaned.get("sequence")
        if sequence and self.instance.pk:
            clash = WorkPlan.objects.filter(
                issuer_id=self.instance.issuer_id, organ_code=cleaned.get("organ_code") or self.instance.organ_code,
                number_year=cleaned.get("number_year") or self.instance.year, sequence=sequence,
                state=WorkPlan.State.ISSUED,
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("sequence", _("An issued plan already has this document number."))
        return cleaned


class PlanItemForm(EditableOnlyMixin, forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["heading", "body", "number_style", "owner_text", "due_date"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3}), "due_date": DateInput()}
        help_texts = {"number_style": _("Another style than its level's, e.g. （1） directly under 一、.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number_style"].choices = numbering_style_choices(_("As its level"))

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("heading") or "").strip() and not (cleaned.get("body") or "").strip():
            raise ValidationError(_("Write a heading or some text."))
        return cleaned


class ItemTrackingForm(forms.ModelForm):
    """Owner and due date: tracking fields, not printed, so they may change in every state."""

    class Meta:
        model = PlanItem
        fields = ["owner_text", "due_date"]
        widgets = {"due_date": DateInput()}


def indicator_choices(none_label) -> list[tuple[str, str]]:
    """The indicators a target may be measured by, after ``none_label`` for none. Read at each
    form's making: apps register more indicators (contracts, hardship exits, …)."""
    return [("", none_label)] + [(code, str(label)) for code, label in indicator_registry.choices()]


class PlanTargetForm(EditableOnlyMixin, forms.ModelForm):
    indicator_code = forms.ChoiceField(label=_("Indicator"), required=False)

    class Meta:
        model = PlanTarget
        fields = ["kind", "indicator_code", "label", "comparator", "target_value", "unit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = indicator_choices("—")
        self.fields["kind"].widget = forms.RadioSelect(choices=PlanTarget.Kind.choices)

    def _plan(self):
        return self.instance.item.plan if self.instance.item_id else None

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == PlanTarget.Kind.INDICATOR:
            code = cleaned.get("indicator_code")
            if not code:
                self.add_error("indicator_code", _("Choose the indicator the target is measured by."))
            elif code not in indicator_registry:
                self.add_error("indicator_code", _("Unknown indicator."))
            cleaned["unit"] = ""
        elif kind == PlanTarget.Kind.NUMBER:
            cleaned["indicator_code"] = ""
            if not (cleaned.get("label") or "").strip():
                self.add_error("label", _("Say what is counted, e.g. cadres trained."))
        value = cleaned.get("target_value")
        if value is not None and value < 0:
            self.add_error("target_value", _("A target cannot be negative."))
        return cleaned


class TargetValueForm(forms.ModelForm):
    """The value reached so far of a typed-in target (tracking; allowed in every state)."""

    class Meta:
        model = PlanTarget
        fields = ["current_value"]


class ProgressForm(forms.ModelForm):
    class Meta:
        model = ItemProgress
        fields = ["date", "note", "percent"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["percent"].widget.attrs.update({"min": 0, "max": 100})
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())


MAX_ATTACHMENT_BYTES = uploads.PLAN_ATTACHMENT.max_bytes


def validate_attachment(upload):
    """The project's upload policy for plan attachments (unionadmin/uploads.py)."""
    uploads.PLAN_ATTACHMENT.validator(upload)


class PlanAttachmentForm(EditableOnlyMixin, forms.ModelForm):
    """An attachment line, with an uploaded file or a reference to another document of the
    product (its kind and number) or neither (an attachment printed separately)."""

    document_kind = forms.ChoiceField(label=_("Another document of the product"), required=False)

    class Meta:
        model = PlanAttachment
        fields = ["title", "body", "file", "document_kind", "object_id"]
        labels = {"object_id": _("Its number")}
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"body": _("Printed after the plan on a page of its own. A table pasted from Word or Excel "
                                "(cells separated by tabs) prints as a table, its first line as the head.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["document_kind"].choices = [("", "—")] + [(k.code, str(k.label)) for k in _document_kinds()]
        self.fields["file"].help_text = uploads.PLAN_ATTACHMENT.help_text()

    def _plan(self):
        return self.instance.plan if self.instance.plan_id else None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            validate_attachment(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        kind, object_id, upload = cleaned.get("document_kind"), cleaned.get("object_id"), cleaned.get("file")
        if kind and upload:
            raise ValidationError(_("Attach either a file or another document, not both."))
        if kind and not object_id:
            self.add_error("object_id", _("Give the number of the document."))
        if object_id and not kind:
            self.add_error("document_kind", _("Choose the kind of document."))
        if kind and object_id:
            document_kind = next((k for k in _document_kinds() if k.code == kind), None)
            if document_kind is None:
                self.add_error("document_kind", _("Unknown kind of document."))
            elif not document_kind.model._default_manager.visible_to(self.user).filter(pk=object_id).exists():
                self.add_error("object_id", _("There is no such document that you can see."))
        return cleaned

    def save(self, commit=True):
        attachment = super().save(commit=False)
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            attachment.file_name = os.path.basename(upload.name)[:200]
            attachment.file_size = upload.size
        if commit:
            attachment.save()
        return attachment


def _document_kinds():
    try:
        from unionadmin.documents.kinds import registry
    except ImportError:  # pragma: no cover - the pipeline is part of the product
        return []
    # Only PDFs can be printed after the plan; a spreadsheet export cannot.
    return [kind for kind in registry if kind.write is None]


class AcknowledgeForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("For"), queryset=Organisation.objects.none())

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].widget.attrs["class"] = "form-select form-select-sm"
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
            self.fields["organisation"].widget = forms.HiddenInput()

