"""Forms of the assessment. They check input; the rules themselves are in the services."""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionadmin.forms import ScopedFormMixin
from unionadmin.indicators import registry as indicator_registry
from unionadmin.models import Organisation
from unionadmin.querystring import QueryForm
from unionadmin.scoping import organisations_where

from . import evidence_files, grading
from .models import Rubric, RubricArea, RubricItem, RubricVersion
from .models.rubrics import rule_error_message


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


POINTS_ATTRS = {"step": "0.01", "min": "0", "inputmode": "decimal"}


class RubricCreateForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["federation", "year", "title", "deadline", "appeal_days"]
        widgets = {"deadline": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["federation"].queryset = organisations_where(self.user, Rubric, "change").filter(
            level__in=[Organisation.Level.FEDERATION, Organisation.Level.INDUSTRY])
        if self.fields["federation"].queryset.count() == 1:
            self.fields["federation"].initial = self.fields["federation"].queryset.first()
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave blank for “<federation> <year> target-management assessment rubric”.")


class RubricSettingsForm(forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["title", "deadline", "appeal_days"]
        widgets = {"deadline": DateInput()}


class VersionSettingsForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("Unit categories assessed"), choices=Organisation.Category.choices,
        widget=forms.CheckboxSelectMultiple, help_text=_("Results are ranked within each category."),
    )

    class Meta:
        model = RubricVersion
        fields = ["standard_threshold", "exemplary_threshold", "bonus_cap", "categories", "change_note"]
        widgets = {"change_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("standard_threshold", "exemplary_threshold", "bonus_cap"):
            self.fields[name].widget.attrs.update(POINTS_ATTRS)
        if self.instance.number == 1:
            del self.fields["change_note"]

    def clean(self):
        cleaned = super().clean()
        standard, exemplary = cleaned.get("standard_threshold"), cleaned.get("exemplary_threshold")
        if standard is not None and exemplary is not None and exemplary < standard:
            self.add_error("exemplary_threshold",
                           _("The points for “exemplary” cannot be fewer than those for “up to standard”."))
        return cleaned


class AreaForm(forms.ModelForm):
    class Meta:
        model = RubricArea
        fields = ["name", "position"]
        labels = {"name": pgettext_lazy("area", "Name"), "position": pgettext_lazy("order", "Position")}
        help_texts = {"position": _("Areas are listed by this number, smallest first.")}


STEP_ROWS = 5


class ItemForm(forms.ModelForm):
    """An item with, for a measured item, its rule: up to five steps (from which value, what
    share of the points) or a straight line."""

    RULE_NONE, RULE_STEPS, RULE_LINEAR = "", grading.RULE_STEPS, grading.RULE_LINEAR

    indicator_code = forms.ChoiceField(label=_("Measured by"), required=False)
    rule_kind = forms.ChoiceField(
        label=_("Rule from the measured value to points"), required=False,
        choices=[("", _("—")), (grading.RULE_STEPS, pgettext_lazy("scoring rule", "Steps")), (grading.RULE_LINEAR, _("Straight line"))],
    )
    zero_at = forms.DecimalField(label=_("No points at"), required=False, max_digits=12, decimal_places=2)
    full_at = forms.DecimalField(label=_("Full points at"), required=False, max_digits=12, decimal_places=2)

    class Meta:
        model = RubricItem
        fields = ["kind", "area", "title", "guidance", "deduction_rules", "maximum", "evidence_required",
                  "indicator_code", "position"]
        labels = {"position": pgettext_lazy("order", "Position")}
        widgets = {"guidance": forms.Textarea(attrs={"rows": 3}), "deduction_rules": forms.Textarea(attrs={"rows": 2}),
                   "title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["area"].queryset = RubricArea.objects.filter(version=version)
        self.fields["area"].required = False
        self.fields["indicator_code"].choices = [("", _("— scored by hand —"))] + [
            (code, str(label)) for code, label in indicator_registry.choices()]
        self.fields["maximum"].widget.attrs.update(POINTS_ATTRS)
        self.fields["maximum"].required = False
        for n in range(STEP_ROWS):
            self.fields[f"at_least_{n}"] = forms.DecimalField(
                label=_("Value at least"), required=False, max_digits=12, decimal_places=2,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "any",
                                                "aria-label": _("Value at least")}))
            self.fields[f"share_{n}"] = forms.DecimalField(
                label=_("Share of the points (%)"), required=False, max_digits=5, decimal_places=2,
                min_value=0, max_value=100,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "any",
                                                "aria-label": _("Share of the points (%)")}))
        rule = self.instance.rule or {}
        if not self.is_bound and rule:
            self.initial["rule_kind"] = rule.get("kind", "")
            for n, step in enumerate(rule.get("steps", [])[:STEP_ROWS]):
                self.initial[f"at_least_{n}"] = Decimal(step["at_least"])
                self.initial[f"share_{n}"] = Decimal(step["share"])
            if rule.get("kind") == grading.RULE_LINEAR:
                self.initial["zero_at"], self.initial["full_at"] = Decimal(rule["zero_at"]), Decimal(rule["full_at"])

    def step_rows(self):
        return [(self[f"at_least_{n}"], self[f"share_{n}"]) for n in range(STEP_ROWS)]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == RubricItem.Kind.STANDARD and not cleaned.get("area"):
            self.add_error("area", _("A scored item belongs to an area."))
        if kind != RubricItem.Kind.STANDARD:
            cleaned["area"] = None
        if kind == RubricItem.Kind.VETO:
            cleaned["maximum"] = Decimal("0")
        elif cleaned.get("maximum") in (None, Decimal("0")):
            self.add_error("maximum", _("Give the item's maximum points."))
        code = cleaned.get("indicator_code") or ""
        rule = {}
        if code:
            rule_kind = cleaned.get("rule_kind")
            if rule_kind == grading.RULE_STEPS:
                steps = []
                for n in range(STEP_ROWS):
                    at_least, share = cleaned.get(f"at_least_{n}"), cleaned.get(f"share_{n}")
                    if at_least is None and share is None:
                        continue
                    if at_least is None or share is None:
                        self.add_error(f"at_least_{n}", _("Give both the value and the share of the points."))
                        continue
                    steps.append({"at_least": str(at_least), "share": str(share)})
                rule = {"kind": grading.RULE_STEPS, "steps": steps}
            elif rule_kind == grading.RULE_LINEAR:
                rule = {"kind": grading.RULE_LINEAR, "zero_at": str(cleaned.get("zero_at")),
                        "full_at": str(cleaned.get("full_at"))}
            try:
                rule = grading.normalise_rule(rule)
            except grading.RuleError as error:
                self.add_error("rule_kind", rule_error_message(error.code))
        cleaned["rule"] = rule
        self.instance.rule = rule  # not a form field: the model's own validation reads it
        return cleaned

    def _update_errors(self, errors):
        """The model's own check of the rule speaks of ``rule``, shown here at the rule's kind."""
        if hasattr(errors, "error_dict") and "rule" in errors.error_dict:
            rule_errors = errors.error_dict.pop("rule")
            if not self.has_error("rule_kind"):
                self.add_error("rule_kind", rule_errors)
        super()._update_errors(errors)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in ("kind", "area", "title", "guidance", "deduction_rules", "maximum",
                                                  "evidence_required", "position")} | {
            "indicator_code": data.get("indicator_code") or "", "rule": data.get("rule") or {}}


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("What this version corrects"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Units read this with the list of changes."),
    )


class StartForm(forms.Form):
    unit = forms.ModelChoiceField(label=pgettext_lazy("assessed unit", "For"), queryset=Organisation.objects.none())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"), allow_empty_file=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = evidence_help()


def evidence_help() -> str:
    from django.utils.translation import gettext

    return gettext("PDF, image (JPEG, PNG) or office document (Word, Excel, PowerPoint, WPS), at most %(size)s MB.") \
        % {"size": evidence_files.MAX_MB}


class ReturnForm(forms.Form):
    reasons = forms.CharField(label=_("What the unit must correct"), widget=forms.Textarea(attrs={"rows": 3}))
    until = forms.DateField(label=_("Resubmit by"), required=False, widget=DateInput(),
                            help_text=_("Blank: a week from today, or the deadline if later."))


class ReopenForm(forms.Form):
    until = forms.DateField(label=_("Open until"), widget=DateInput())
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until < timezone.localdate():
            raise ValidationError(_("Choose a day from today on."))
        return until


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the appeal"), widget=forms.Textarea(attrs={"rows": 2}))


class NewItemQuery(QueryForm):
    """A new item's kind and area, when the link names them (a bad value reads as not given)."""

    kind = forms.ChoiceField(choices=[("", "")] + RubricItem.Kind.choices, required=False)
    area = forms.ModelChoiceField(queryset=RubricArea.objects.none(), required=False)

    def __init__(self, data=None, *, areas):
        super().__init__(data)
        self.fields["area"].queryset = areas
