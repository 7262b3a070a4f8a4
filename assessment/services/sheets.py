"""The unit's side: opening its sheet, scoring item by item (saved as it goes), evidence,
submitting before the deadline, and appealing a reviewed item once."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from unionadmin.models import Organisation
from unionadmin.scoping import subtree_q

from .. import evidence_files, grading
from ..measuring import proposals_for_unit
from ..models import Appeal, AssessmentEvent, Evidence, ItemScore, Rubric, RubricItem, UnitAssessment
from ..models.rubrics import end_of_day
from .errors import AssessmentError


def locked_sheet(sheet: UnitAssessment) -> UnitAssessment:
    """The sheet row locked for this transaction (only its own row: see docs/decisions.md, Congress)."""
    return (UnitAssessment.objects.select_for_update(of=("self",))
            .select_related("rubric", "version", "unit").get(pk=sheet.pk))


def parse_points(value) -> Decimal | None:
    """Points typed in a form: blank → None; refuses what is not a number with ≤ 2 decimals."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        points = Decimal(str(value).strip().replace("，", ".").replace(",", "."))
    except InvalidOperation:
        raise AssessmentError(_("Enter the points as a number, e.g. 4 or 3.5.")) from None
    if not points.is_finite():
        raise AssessmentError(_("Enter the points as a number, e.g. 4 or 3.5."))
    if not grading.has_at_most_two_places(points):
        raise AssessmentError(_("Points are given to two decimal places at most."))
    if not grading.within_storable(points):
        # Before rounding: "1e30" cannot be rounded to 0.01 at all. No item is worth more.
        raise AssessmentError(_("No item is worth %(points)s points.") % {"points": value})
    return grading.q2(points)


def _check_within(points: Decimal, maximum: Decimal):
    if points < 0:
        raise AssessmentError(_("Points cannot be negative."))
    if points > maximum:
        raise AssessmentError(_("This item is worth at most %(max)s points.") % {"max": maximum})


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


# --- opening --------------------------------------------------------------------------------
def eligible_units(rubric: Rubric):
    """Active grassroots units under the rubric's federation in the categories it assesses."""
    version = rubric.current_version
    if version is None:
        return Organisation.objects.none()
    return (Organisation.objects.subtree_of(rubric.federation, include_self=False).grassroots()
            .filter(is_active=True, category__in=version.categories))


def units_to_score(user, rubric: Rubric):
    """The eligible units whose sheet this person may fill in."""
    units = eligible_units(rubric)
    if user.is_superuser:
        return units
    where = subtree_q(UnitAssessment.scope.organisation_paths(user, "score"), "path")
    return units.none() if where is None else units.filter(where)


def assessment_open(rubric: Rubric, unit: Organisation, user) -> UnitAssessment:
    """The unit's sheet for the rubric, made (with an empty score per item) the first time."""
    if rubric.current_version_id is None:
        raise AssessmentError(_("This rubric has not been published yet."))
    if not units_to_score(user, rubric).filter(pk=unit.pk).exists():
        raise AssessmentError(_("%(unit)s is not assessed by this rubric, or you do not fill in its sheet.")
                              % {"unit": unit.name})
    return sheet_create(rubric, unit, user)


def sheet_create(rubric: Rubric, unit: Organisation, user) -> UnitAssessment:
    """The sheet with an empty score per item of the version in force (no permission check:
    ``assessment_open`` is the way in for people; the demo calls this directly)."""
    existing = UnitAssessment.objects.filter(rubric=rubric, unit=unit).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            version = rubric.current_version
            sheet = UnitAssessment.objects.create(rubric=rubric, version=version, unit=unit)
            bulk_create_with_history(
                [ItemScore(assessment=sheet, item=item, kind=item.kind, maximum=item.maximum)
                 for item in version.items.all()],
                ItemScore, default_user=user, default_change_reason="sheet started",
            )
            AssessmentEvent.objects.create(assessment=sheet, verb=AssessmentEvent.Verb.STARTED, actor=user)
    except IntegrityError:  # someone else opened it at the same moment
        return UnitAssessment.objects.get(rubric=rubric, unit=unit)
    return sheet


# --- while the sheet is open ---------------------------------------------------------------------
def ensure_open_for_changes(sheet: UnitAssessment):
    if not sheet.is_editable:
        raise AssessmentError(_("The sheet has been submitted (%(state)s); it can no longer be changed.")
                              % {"state": sheet.get_state_display()})
    if timezone.now() >= end_of_day(sheet.effective_deadline()):
        raise AssessmentError(_("The deadline (%(date)s) has passed. Ask the federation to reopen your sheet.")
                              % {"date": _date(sheet.effective_deadline())})


SCORE_FIELDS = ["self_points", "self_vetoed", "self_note", "used_proposal", "proposed_points", "measured_numerator",
                "measured_denominator", "measured_value", "saved_at", "saved_by"]


def _apply_score(score: ItemScore, proposal, user, *, points=None, vetoed=None, note: str = "",
                 use_proposal: bool = False, now=None, save=True):
    item = score.item
    note = (note or "").strip()
    if item.kind == RubricItem.Kind.VETO:
        score.self_vetoed = bool(vetoed)
        score.self_points = None
        score.used_proposal = False
    else:
        if item.indicator_code:
            measurement = proposal.measurement if proposal else None
            score.proposed_points = proposal.points if proposal else None
            score.measured_numerator = measurement.numerator if measurement else None
            score.measured_denominator = measurement.denominator if measurement else None
            score.measured_value = proposal.value if proposal else None
        if use_proposal:
            if proposal is None or proposal.points is None:
                raise AssessmentError(_("There is no measured value for this item; enter the points yourself."))
            points = proposal.points
        else:
            points = parse_points(points)
        if points is not None:
            _check_within(points, item.maximum)
            if proposal is not None and proposal.points is not None and points != proposal.points and not note:
                raise AssessmentError(_("The data propose %(proposed)s points. Say in the note why you score "
                                        "%(points)s instead.") % {"proposed": proposal.points, "points": points})
        score.self_points = points
        score.used_proposal = bool(proposal is not None and points is not None and points == proposal.points)
    score.self_note = note
    score.saved_at, score.saved_by = now or timezone.now(), user
    score._change_reason = "self-assessed"
    if save:
        score.save()
    return score


def score_save(score: ItemScore, user, *, points=None, vetoed=None, note: str = "",
               use_proposal: bool = False) -> ItemScore:
    """Save one item of the unit's own sheet. A measured item shows the proposal from the
    data; taking it needs nothing more, scoring differently needs a note saying why."""
    with transaction.atomic():
        sheet = locked_sheet(score.assessment)
        ensure_open_for_changes(sheet)
        score = ItemScore.objects.select_related("item").get(pk=score.pk, assessment=sheet)
        proposal = None
        if score.item.indicator_code:
            proposal = proposals_for_unit([score.item], sheet.unit, sheet.rubric.year).get(score.item_id)
        return _apply_score(score, proposal, user, points=points, vetoed=vetoed, note=note,
                            use_proposal=use_proposal)


def scores_save(sheet: UnitAssessment, user, entries: dict) -> UnitAssessment:
    """Several items at once (``{item pk: {"points"|"vetoed"|"note"|"use_proposal": …}}``) with
    the same rules as ``score_save``, measuring the unit once; all or nothing."""
    with transaction.atomic():
        locked = locked_sheet(sheet)
        ensure_open_for_changes(locked)
        scores = {s.item_id: s for s in locked.scores.select_related("item").filter(item_id__in=list(entries))}
        measured = [s.item for s in scores.values() if s.item.indicator_code]
        proposals = proposals_for_unit(measured, locked.unit, locked.rubric.year) if measured else {}
        now = timezone.now()
        changed = [_apply_score(scores[item_id], proposals.get(item_id), user, now=now, save=False, **values)
                   for item_id, values in entries.items()]
        bulk_update_with_history(changed, ItemScore, SCORE_FIELDS, default_user=user,
                                 default_change_reason="self-assessed", default_date=now)
    return locked


def evidence_add(score: ItemScore, user, upload) -> Evidence:
    kind = upload_kind(upload)
    with transaction.atomic():
        sheet = locked_sheet(score.assessment)
        ensure_open_for_changes(sheet)
        if score.item.kind == RubricItem.Kind.VETO:
            raise AssessmentError(_("Evidence is uploaded for scored items, not for veto items."))
        return evidence_store(Evidence, score, user, upload, kind)


def evidence_delete(evidence: Evidence, user):
    with transaction.atomic():
        sheet = locked_sheet(evidence.score.assessment)
        ensure_open_for_changes(sheet)
        evidence_file_delete(evidence)


def sheet_problems(sheet: UnitAssessment) -> list[str]:
    """What stops the sheet from being submitted."""
    from ..outline import outline

    scores = list(sheet.scores.select_related("item").prefetch_related("evidence"))
    layout = outline(list(sheet.version.areas.all()), [s.item for s in scores])
    by_item = {s.item_id: s for s in scores}
    return submit_problems([(item.number, by_item[item.pk]) for item in layout.items])


# --- what a unit's sheet and a person's sheet (assessment.people) share --------------------------
UNSCORED = gettext_lazy("Score every item first; still without points: %(items)s.")
UNSUPPORTED = gettext_lazy("These items need evidence for the points you claim: %(items)s.")


def submit_problems(numbered_scores, *, unscored=UNSCORED, unsupported=UNSUPPORTED) -> list[str]:
    """What stops a sheet from being submitted: a standard item without points, or points
    claimed on an item that needs evidence and has none. ``numbered_scores`` are (the number
    the sheet shows, the score with its ``item`` and prefetched ``evidence``) in the sheet's
    order; the two sentences are the sheet kind's own words (each with ``%(items)s``)."""
    # RubricItem.Kind and PeopleItem.Kind both call a standard item "standard".
    missing = [number for number, score in numbered_scores
               if score.item.kind == RubricItem.Kind.STANDARD and score.self_points is None]
    without = [number for number, score in numbered_scores
               if score.item.evidence_required and (score.self_points or 0) > 0 and not score.evidence.all()]
    problems = []
    if missing:
        problems.append(unscored % {"items": ", ".join(missing)})
    if without:
        problems.append(unsupported % {"items": ", ".join(without)})
    return problems


def upload_kind(upload) -> str:
    """The kind of an uploaded evidence file by the one upload policy; a refusal says why."""
    try:
        return evidence_files.check_upload(upload)
    except evidence_files.EvidenceFileError as error:
        raise AssessmentError(error.message) from None


def evidence_store(model, score, user, upload, kind: str):
    """The file stored as evidence for ``score`` (an ``Evidence`` or ``PersonEvidence``),
    within the number of files an item may have. The caller holds the sheet's lock."""
    if score.evidence.count() >= evidence_files.MAX_FILES_PER_ITEM:
        raise AssessmentError(_("An item can have at most %(count)s evidence files; remove one first.")
                              % {"count": evidence_files.MAX_FILES_PER_ITEM})
    return evidence_files.store(model, upload, kind=kind, score=score, uploaded_by=user)


def evidence_file_delete(evidence):
    """The evidence row removed now and its file once the removal is committed."""
    name = evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: default_storage.delete(name))


def assessment_submit(sheet: UnitAssessment, user) -> UnitAssessment:
    with transaction.atomic():
        locked = locked_sheet(sheet)
        ensure_open_for_changes(locked)
        problems = sheet_problems(locked)
        if problems:
            raise AssessmentError(" ".join(problems))
        locked.state = UnitAssessment.State.SUBMITTED
        locked.submitted_at, locked.submitted_by = timezone.now(), user
        locked._change_reason = "submitted"
        locked.save()
        AssessmentEvent.objects.create(assessment=locked, verb=AssessmentEvent.Verb.SUBMITTED, actor=user)
    return locked


# --- appeals --------------------------------------------------------------------------------
def appeal_create(score: ItemScore, user, *, reason: str) -> Appeal:
    """One appeal per item, against the reviewed points, while the appeal period runs."""
    reason = (reason or "").strip()
    with transaction.atomic():
        sheet = locked_sheet(score.assessment)
        score = ItemScore.objects.select_related("item").get(pk=score.pk, assessment=sheet)
        if sheet.state != UnitAssessment.State.REVIEWED:
            raise AssessmentError(_("Items can be appealed only after the review has been sent and before the "
                                    "sheet is final."))
        if sheet.appeals_close_at and timezone.now() >= sheet.appeals_close_at:
            raise AssessmentError(_("The appeal period ended on %(date)s.")
                                  % {"date": formats.date_format(timezone.localtime(sheet.appeals_close_at),
                                                                 "DATETIME_FORMAT")})
        if Appeal.objects.filter(score=score).exists():
            raise AssessmentError(_("This item has already been appealed; an item can be appealed once."))
        if not score.changed_in_review:
            raise AssessmentError(_("The review did not change this item; only a changed item can be appealed."))
        if not reason:
            raise AssessmentError(_("Give the reason for the appeal."))
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(score=score, reason=reason, appealed_by=user,
                                               points_before=score.reviewed_points)
        except IntegrityError:
            raise AssessmentError(_("This item has already been appealed; an item can be appealed once.")) from None
    return appeal
