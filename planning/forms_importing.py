"""The forms of the "Import a plan" page: the source (pasted text or a Word file), the
conversions offered, and the corrections of the recognised outline (head, numbering per level,
each item, each target found). None of them saves anything: they are read into the
``RecognisedPlan`` the page carries from step to step (planning/views/importing.py)."""
from __future__ import annotations

import logging

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin import uploads
from unionadmin.errors import DomainError
from unionadmin.models import Organisation
from unionadmin.pickers import organisation_widget
from unionadmin.scoping import organisations_where

from . import gongwen
from .forms import DateInput, indicator_choices
from .importing.docx_text import docx_text
from .models import MAX_LEVEL, PlanTarget, WorkPlan

logger = logging.getLogger(__name__)

MAX_SOURCE_CHARACTERS = 100_000  # a four-page plan is some 6,000; a whole year's documents are not one plan
# Each item posts 3 fields and each target 5: with the head, 200 items and 60 targets stay under
# Django's 1,000 fields a request (DATA_UPLOAD_MAX_NUMBER_FIELDS). A plan has some 20 to 60.
MAX_ITEMS = 200
MAX_TARGETS = 60
STYLE_CHOICES = [(key, sample) for key, sample in gongwen.NUMBERING_STYLES.items()]


class ImportSourceForm(forms.Form):
    """Step 1: whose plan, for which year, and its text (pasted, or a DOCX read for its text)."""

    issuer = forms.ModelChoiceField(label=_("Issuing organisation"), queryset=Organisation.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, help_text=_("The year the plan is for."))
    text = forms.CharField(
        label=_("The plan's text"), required=False, max_length=MAX_SOURCE_CHARACTERS, strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace"}),
        help_text=_("Paste the whole document from Word or WPS: the document number, title, addressees, the "
                    "numbered items, the signature and date, and any attachments."),
    )
    file = forms.FileField(label=_("Or its Word file"), required=False, help_text=uploads.PLAN_SOURCE.help_text_lazy)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        issuers = organisations_where(user, WorkPlan, "change").filter(is_active=True)
        self.fields["issuer"].queryset = issuers
        organisation_widget(self.fields["issuer"], WorkPlan, "change")
        self.fields["file"].widget.attrs["accept"] = ".docx"
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)
            top = issuers.order_by("path").first()  # most people import for their own union: one click less
            if top is not None:
                self.initial.setdefault("issuer", top.pk)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        uploads.PLAN_SOURCE.validator(upload)  # the one upload policy: a DOCX by its content, 10 MB
        return upload

    def clean(self):
        """``text`` is the plan's text afterwards, pasted or read from the Word file."""
        cleaned = super().clean()
        text, upload = (cleaned.get("text") or "").strip(), cleaned.get("file")
        if "text" in self.errors or "file" in self.errors:
            return cleaned
        if text and upload:
            raise ValidationError(_("Paste the text or choose a Word file, not both."))
        if not text and not upload:
            raise ValidationError(_("Paste the plan's text or choose its Word file."))
        if upload:
            cleaned["text"] = self.read_file(upload)
        return cleaned

    def read_file(self, upload) -> str:
        try:
            text = docx_text(upload, max_characters=MAX_SOURCE_CHARACTERS)
        except DomainError as refused:  # a file the reader refuses (too much text, say), in its words
            raise ValidationError({"file": str(refused)}) from None
        except Exception:  # noqa: BLE001 - python-docx raises many kinds for a damaged or odd file
            logger.info("A Word file could not be read for a plan import", exc_info=True)
            raise ValidationError({"file": _("“%(name)s” could not be read as a Word document. Open it in Word or "
                                             "WPS, save it again as .docx, or paste its text instead.")
                                   % {"name": upload.name}}) from None
        if not text.strip():
            raise ValidationError({"file": _("“%(name)s” holds no text.") % {"name": upload.name}})
        if len(text) > MAX_SOURCE_CHARACTERS:
            raise ValidationError({"file": _("“%(name)s” holds %(count)s characters; one plan here may have at "
                                             "most %(max)s.") % {"name": upload.name, "count": len(text),
                                                                 "max": MAX_SOURCE_CHARACTERS}})
        return text


def check_outline_size(recognised):
    """A text of many plans is refused (each item and target is a row of fields on the page);
    targets beyond the first MAX_TARGETS are left to the editor, with a note."""
    if len(recognised.items) > MAX_ITEMS:
        raise ValidationError(_("This text has %(count)s numbered items; one plan here may have at most "
                                "%(max)s. Import each plan on its own.")
                              % {"count": len(recognised.items), "max": MAX_ITEMS})
    if len(recognised.targets) > MAX_TARGETS:
        recognised.notes.append(str(_("Only the first %(max)s of the %(count)s targets found are offered; add the "
                                      "others in the editor.") % {"max": MAX_TARGETS, "count": len(recognised.targets)}))
        del recognised.targets[MAX_TARGETS:]


def check_room_to_split(recognised):
    if len(recognised.items) >= MAX_ITEMS:
        raise ValidationError(_("One plan here may have at most %(max)s items.") % {"max": MAX_ITEMS})


class ConversionForm(forms.Form):
    """Step 2: which of the offered conversions to apply before the text is recognised."""

    simplified = forms.BooleanField(label=_("Convert Traditional characters to Simplified"), required=False)
    punctuation = forms.BooleanField(label=_("Make the punctuation between Chinese characters full-width"),
                                     required=False)


class HeadForm(forms.ModelForm):
    """The head of the document as recognised (a WorkPlan form that is never saved: it lends its
    labels and checks)."""

    class Meta:
        model = WorkPlan
        fields = ["notice_title", "notice_body", "title", "organ_code", "number_year", "sequence", "addressees",
                  "guiding", "signing_organ", "signing_date", "copy_to", "report_to"]
        widgets = {
            "notice_body": forms.Textarea(attrs={"rows": 3}), "guiding": forms.Textarea(attrs={"rows": 3}),
            "addressees": forms.TextInput(), "copy_to": forms.TextInput(), "report_to": forms.TextInput(),
            "signing_date": DateInput(),
        }

    def __init__(self, *args, saving=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.saving = saving
        self.fields["title"].required = False  # the notice's title may stand for it (checked on saving)

    def clean(self):
        cleaned = super().clean()
        if self.saving and not (cleaned.get("title") or cleaned.get("notice_title") or "").strip():
            self.add_error("title", _("Write the plan's title."))
        return cleaned


def renumbers(*fields):
    """With script, a change of these fields shows the new numbers at once (htmx posts the whole
    form as "Apply the changes" does without script)."""
    for field in fields:
        field.widget.attrs.update({"hx-post": reverse("planning:plan_import"), "hx-trigger": "change",
                                   "hx-vals": '{"action": "refresh"}'})


class LevelNumberingForm(forms.Form):
    """How one level of the outline is numbered."""

    style = forms.ChoiceField(label=_("Numbering"), choices=STYLE_CHOICES)
    continuous = forms.BooleanField(label=_("Counts on across sections"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["style"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["continuous"].widget.attrs["class"] = "form-check-input"
        renumbers(self.fields["style"], self.fields["continuous"])


class ItemForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200, required=False)
    body = forms.CharField(label=_("Text"), required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    style = forms.ChoiceField(label=_("Numbering"), choices=STYLE_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        renumbers(self.fields["style"])

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("heading") or "").strip() and not (cleaned.get("body") or "").strip():
            raise ValidationError(_("Write a heading or some text."))
        return cleaned


class FoundTargetForm(forms.Form):
    keep = forms.BooleanField(label=_("Keep as a target"), required=False)
    indicator_code = forms.ChoiceField(label=_("Indicator"), required=False)
    comparator = forms.ChoiceField(label=_("Comparison"), choices=PlanTarget.Comparator.choices)
    value = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=2, min_value=0)
    label = forms.CharField(label=_("What is counted"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = indicator_choices(_("Free text (no indicator)"))


def level_count(items) -> int:
    """The levels the outline uses (at least one), for the numbering forms."""
    return max([1, *(min(item.level, MAX_LEVEL) for item in items)])
