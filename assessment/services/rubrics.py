"""Writing a rubric, publishing it, and correcting a published one with a new version."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from unionadmin.indicators import registry as indicator_registry
from unionadmin.models import Organisation

from .. import grading
from ..models import (
    AssessmentEvent,
    ItemScore,
    Rubric,
    RubricArea,
    RubricItem,
    RubricVersion,
    UnitAssessment,
)
from ..outline import version_outline
from .errors import AssessmentError

STANDARD_TOTAL = Decimal("100.00")
ALL_CATEGORIES = [c.value for c in Organisation.Category]


def _validation_message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def rubric_create(*, federation, year: int, title: str, deadline, user, appeal_days: int = 5) -> Rubric:
    """A rubric with its first version as a draft, assessing every category."""
    if federation.level not in (Organisation.Level.FEDERATION, Organisation.Level.INDUSTRY):
        raise AssessmentError(_("Only a federation or an industry union issues an assessment rubric."))
    with transaction.atomic():
        Organisation.objects.select_for_update().only("pk").get(pk=federation.pk)
        if Rubric.objects.filter(federation=federation, year=year).exists():
            raise AssessmentError(_("%(federation)s already has a rubric for %(year)s; correct it with a new "
                                    "version instead.") % {"federation": federation.name, "year": year})
        rubric = Rubric.objects.create(federation=federation, year=year, title=title, deadline=deadline,
                                       appeal_days=appeal_days, created_by=user)
        RubricVersion.objects.create(rubric=rubric, number=1, categories=list(ALL_CATEGORIES), created_by=user)
    return rubric


def rubric_settings_save(rubric: Rubric, user, *, title: str, deadline, appeal_days: int) -> Rubric:
    """Title, deadline and appeal period are not part of the frozen text: they may change until
    the results are published (the history keeps every change)."""
    with transaction.atomic():
        locked = Rubric.objects.select_for_update().get(pk=rubric.pk)
        if locked.results_published:
            raise AssessmentError(_("The results have been published; the rubric's settings can no longer change."))
        locked.title, locked.deadline, locked.appeal_days = title, deadline, appeal_days
        locked._change_reason = "settings"
        locked.save()
    return locked


# --- drafts ---------------------------------------------------------------------------------
def _locked_draft(version: RubricVersion) -> RubricVersion:
    locked = RubricVersion.objects.select_for_update(of=("self",)).select_related("rubric").get(pk=version.pk)
    if locked.state != RubricVersion.State.DRAFT:
        raise AssessmentError(_("Version %(number)s of this rubric has been published and is frozen. To correct "
                                "it, start a new version.") % {"number": locked.number})
    return locked


def version_settings_save(version: RubricVersion, user, *, standard_threshold, exemplary_threshold, bonus_cap,
                          categories, change_note="") -> RubricVersion:
    with transaction.atomic():
        locked = _locked_draft(version)
        locked.standard_threshold = grading.q2(standard_threshold)
        locked.exemplary_threshold = grading.q2(exemplary_threshold)
        locked.bonus_cap = grading.q2(bonus_cap) if bonus_cap is not None else None
        locked.categories = [c for c in ALL_CATEGORIES if c in set(categories)]
        locked.change_note = change_note
        try:
            locked.full_clean()
        except ValidationError as error:
            raise AssessmentError(_validation_message(error)) from None
        locked.save()
    return locked


def area_save(version: RubricVersion, user, *, name: str, position: int | None = None,
              area: RubricArea | None = None) -> RubricArea:
    with transaction.atomic():
        locked = _locked_draft(version)
        if area is None:
            area = RubricArea(version=locked)
            if position is None:
                position = locked.areas.count()
        elif area.version_id != locked.pk:
            raise AssessmentError(_("This area belongs to another version."))
        area.name = name
        if position is not None:
            area.position = position
        area.save()
    return area


def area_delete(area: RubricArea, user):
    with transaction.atomic():
        _locked_draft(area.version)
        area.delete()  # its items go with it


ITEM_FIELDS = ("kind", "area", "position", "title", "guidance", "deduction_rules", "maximum", "evidence_required",
               "indicator_code", "rule")


def item_save(version: RubricVersion, user, *, item: RubricItem | None = None, **fields) -> RubricItem:
    with transaction.atomic():
        locked = _locked_draft(version)
        if item is None:
            item = RubricItem(version=locked)
            if fields.get("position") is None:
                fields["position"] = locked.items.count()
        elif item.version_id != locked.pk:
            raise AssessmentError(_("This item belongs to another version."))
        for name, value in fields.items():
            if name not in ITEM_FIELDS:
                raise TypeError(name)
            if value is not None or name in ("area",):
                setattr(item, name, value)
        if item.area_id and item.area.version_id != locked.pk:
            raise AssessmentError(_("Choose an area of this version."))
        try:
            item.full_clean(exclude=["version", "lineage"])
        except ValidationError as error:
            raise AssessmentError(_validation_message(error)) from None
        item.save()
    return item


def item_delete(item: RubricItem, user):
    with transaction.atomic():
        _locked_draft(item.version)
        item.delete()


def version_delete(version: RubricVersion, user):
    """A correction that is not wanted after all (the first version goes with its rubric)."""
    with transaction.atomic():
        locked = _locked_draft(version)
        if locked.number == 1:
            raise AssessmentError(_("The first version is the rubric itself; it cannot be deleted on its own."))
        locked.delete()


# --- publishing -----------------------------------------------------------------------------
def version_problems(version: RubricVersion) -> list[str]:
    """Why the version cannot be published yet (empty when it can)."""
    problems = []
    layout = version_outline(version)
    if not layout.areas:
        problems.append(_("The rubric has no areas yet."))
    for block in layout.areas:
        if not block.items:
            problems.append(_("The area “%(area)s” has no items.") % {"area": block.area.name})
    total = layout.standard_maximum
    if total != STANDARD_TOTAL:
        problems.append(_("The scored items' maximum points add up to %(total)s; they must add up to 100.")
                        % {"total": total})
    if not version.categories:
        problems.append(_("Choose at least one category of units to assess."))
    if version.exemplary_threshold < version.standard_threshold:
        problems.append(_("The points for “exemplary” cannot be fewer than those for “up to standard”."))
    for item in layout.items:
        if item.indicator_code:
            if item.indicator_code not in indicator_registry:
                problems.append(_("Item %(number)s is measured by an indicator that no longer exists (%(code)s).")
                                % {"number": item.number, "code": item.indicator_code})
            else:
                try:
                    grading.normalise_rule(item.rule)
                except grading.RuleError:
                    problems.append(_("Item %(number)s has no valid rule from the measured value to points.")
                                    % {"number": item.number})
    return problems


def version_publish(version: RubricVersion, user, *, change_note: str = "") -> RubricVersion:
    """Freeze the draft and put it in force. A correction (version 2 or later) supersedes the
    version in force and carries every sheet that is not final over to it."""
    with transaction.atomic():
        rubric = Rubric.objects.select_for_update().get(pk=version.rubric_id)
        locked = _locked_draft(version)
        if rubric.results_published:
            raise AssessmentError(_("The results have been published; the rubric can no longer be corrected."))
        problems = version_problems(locked)
        if problems:
            raise AssessmentError(" ".join(problems))
        change_note = (change_note or locked.change_note).strip()
        previous = rubric.current_version
        if previous is not None and not change_note:
            raise AssessmentError(_("Say what this version corrects: units will read it."))
        if previous is not None and rubric.sheets.filter(state=UnitAssessment.State.FINALISED).exists():
            raise AssessmentError(_("Some units' results are already final under version %(number)s; a "
                                    "correction would change them.") % {"number": previous.number})
        now = timezone.now()
        if previous is not None:
            previous.state = RubricVersion.State.SUPERSEDED
            previous._change_reason = f"superseded by version {locked.number}"
            previous.save()
        locked.state = RubricVersion.State.PUBLISHED
        locked.published_at, locked.published_by = now, user
        locked.change_note = change_note
        locked._change_reason = "published"
        locked.save()
        rubric.current_version = locked
        rubric._change_reason = f"version {locked.number} in force"
        rubric.save()
        if previous is not None:
            _carry_over(rubric, previous, locked, user)
    return locked


def _carry_over(rubric: Rubric, old: RubricVersion, new: RubricVersion, user):
    """Move the sheets of ``old`` onto ``new``: each score follows its item's lineage (points
    above a lowered maximum are cut to it, with a note), new items get empty scores, removed
    items' scores are deleted (their history stays). A sheet already submitted goes back to
    the unit with a week to check and submit again."""
    new_items = {item.lineage: item for item in new.items.all()}
    old_lineage = dict(old.items.values_list("pk", "lineage"))
    today = timezone.localdate()
    reopen_until = max(rubric.deadline, today + datetime.timedelta(days=7))
    sheets = list(rubric.sheets.select_for_update().filter(version=old))
    for sheet in sheets:
        scores = list(sheet.scores.all())
        kept = set()
        for score in scores:
            item = new_items.get(old_lineage.get(score.item_id))
            if item is None:
                score.delete()
                continue
            kept.add(item.pk)
            note = ""
            if score.self_points is not None and score.self_points > item.maximum:
                note = _("Cut from %(old)s to the corrected maximum %(new)s.") % {
                    "old": score.self_points, "new": item.maximum}
                score.self_points = item.maximum
            if score.maximum != item.maximum or score.kind != item.kind:
                score.reviewed_points, score.reviewed_vetoed = None, None
            if item.kind == RubricItem.Kind.VETO:
                score.self_points = None
            score.item, score.kind, score.maximum = item, item.kind, item.maximum
            if note:
                score.self_note = (score.self_note + "\n" + note).strip()
            score._change_reason = f"carried over to version {new.number}"
            score.save()
        ItemScore.objects.bulk_create([
            ItemScore(assessment=sheet, item=item, kind=item.kind, maximum=item.maximum)
            for item in new_items.values() if item.pk not in kept
        ])
        sheet.version = new
        note = _("The rubric was corrected (version %(number)s): %(note)s") % {
            "number": new.number, "note": new.change_note}
        if sheet.state in (UnitAssessment.State.SUBMITTED, UnitAssessment.State.REVIEWED):
            sheet.state = UnitAssessment.State.RETURNED
            sheet.reopened_until = reopen_until
            sheet.released_at = sheet.released_at  # kept for the record
        sheet._change_reason = f"carried over to version {new.number}"
        sheet.save()
        AssessmentEvent.objects.create(assessment=sheet, verb=AssessmentEvent.Verb.MOVED, actor=user, note=note,
                                       data={"from": old.number, "to": new.number})


def version_correct(rubric: Rubric, user) -> RubricVersion:
    """A new draft copied from the version in force (the same lineages), or the draft
    correction already being written."""
    with transaction.atomic():
        locked = Rubric.objects.select_for_update().get(pk=rubric.pk)
        draft = locked.versions.filter(state=RubricVersion.State.DRAFT).first()
        if draft is not None:
            return draft
        if locked.results_published:
            raise AssessmentError(_("The results have been published; the rubric can no longer be corrected."))
        source = locked.current_version
        if source is None:
            raise AssessmentError(_("The rubric has not been published yet; change the draft itself."))
        number = (locked.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        copy = RubricVersion.objects.create(
            rubric=locked, number=number, standard_threshold=source.standard_threshold,
            exemplary_threshold=source.exemplary_threshold, bonus_cap=source.bonus_cap,
            categories=list(source.categories), created_by=user,
        )
        areas = {}
        for area in source.areas.all():
            areas[area.pk] = RubricArea.objects.create(version=copy, lineage=area.lineage, position=area.position,
                                                       name=area.name)
        for item in source.items.all():
            RubricItem.objects.create(
                version=copy, area=areas.get(item.area_id), lineage=item.lineage, kind=item.kind,
                position=item.position, title=item.title, guidance=item.guidance,
                deduction_rules=item.deduction_rules, maximum=item.maximum,
                evidence_required=item.evidence_required, indicator_code=item.indicator_code, rule=item.rule,
            )
    return copy


# --- comparing versions ------------------------------------------------------------------------
def version_snapshot(version: RubricVersion) -> dict:
    """The version as plain data for ``assessment.diff``."""
    layout = version_outline(version)
    kinds = dict(RubricItem.Kind.choices)
    areas = [{"lineage": str(b.area.lineage), "number": str(b.number), "title": b.area.name} for b in layout.areas]
    area_names = {b.area.pk: b.area.name for b in layout.areas}
    items = []
    for item in layout.items:
        items.append({
            "lineage": str(item.lineage), "number": item.number, "title": item.title,
            "area": area_names.get(item.area_id, ""), "kind": str(kinds.get(item.kind, item.kind)),
            "guidance": item.guidance, "deduction_rules": item.deduction_rules, "maximum": item.maximum,
            "evidence_required": item.evidence_required,
            "indicator_code": str(item.indicator.label) if item.indicator else item.indicator_code,
            "rule": rule_text(item.rule) if item.indicator_code else "",
        })
    return {
        "settings": {
            "standard_threshold": version.standard_threshold, "exemplary_threshold": version.exemplary_threshold,
            "bonus_cap": version.bonus_cap, "categories": ", ".join(str(c) for c in version.category_labels),
        },
        "areas": areas,
        "items": items,
    }


def rule_text(rule: dict) -> str:
    """The rule in words: "≥ 100: 100 %; ≥ 90: 80 %" or "0 points at 60, full points at 100"."""
    try:
        rule = grading.normalise_rule(rule)
    except grading.RuleError:
        return ""
    if rule["kind"] == grading.RULE_STEPS:
        return pgettext("list separator", "; ").join(_("≥ %(value)s: %(share)s %% of the points") % {
            "value": _trim(step["at_least"]), "share": _trim(step["share"])} for step in rule["steps"]) \
            + pgettext("list separator", "; ") + _("otherwise none")
    return _("no points at %(zero)s, full points at %(full)s, in proportion between") % {
        "zero": _trim(rule["zero_at"]), "full": _trim(rule["full_at"])}


def _trim(value: str) -> str:
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text
