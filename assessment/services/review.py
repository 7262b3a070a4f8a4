"""The federation's side of a sheet: reviewing item by item, returning it to the unit with
reasons, sending the review (appeals open), answering appeals, finalising, and reopening a
unit after the deadline.

Nobody reviews their own unit: a reviewer holding any role in the unit's subtree (the unit
itself or one of its branches) is refused here, whatever the views show.
"""
from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from unionadmin.notifications import notify
from unionadmin.scoping import user_can

from ..models import Appeal, AssessmentEvent, ItemReview, ItemScore, RubricItem, UnitAssessment
from ..notifications import Verb
from .errors import AssessmentError
from .sheets import _check_within, locked_sheet, parse_points


def ensure_not_own_unit(user, sheet: UnitAssessment):
    if sheet.is_own_unit_of(user):
        raise AssessmentError(_("You hold a role at %(unit)s or one of its branches, so you cannot review its "
                                "sheet; another reviewer must.") % {"unit": sheet.unit.name})


def _require_state(sheet, *states, message):
    if sheet.state not in states:
        raise AssessmentError(message)


def _new_value(score: ItemScore, points, vetoed):
    """(points, vetoed) as the reviewer gives them, checked against the item."""
    if score.kind == RubricItem.Kind.VETO:
        return None, bool(vetoed)
    points = parse_points(points)
    if points is None:
        raise AssessmentError(_("Give the reviewed points."))
    _check_within(points, score.maximum)
    return points, None


def _current(score: ItemScore):
    if score.kind == RubricItem.Kind.VETO:
        return score.reviewed_vetoed if score.reviewed_vetoed is not None else score.self_vetoed
    return score.reviewed_points if score.reviewed_points is not None else score.self_points


def item_review(score: ItemScore, user, *, points=None, vetoed=None, remark: str = "") -> ItemScore:
    """The reviewed points of one item with the reviewer's remark; a remark is required when
    the points differ from the unit's own. Each review is also kept as an ItemReview row."""
    remark = (remark or "").strip()
    with transaction.atomic():
        sheet = locked_sheet(score.assessment)
        _require_state(sheet, UnitAssessment.State.SUBMITTED,
                       message=_("Only a submitted sheet is reviewed item by item; this one is %(state)s.")
                       % {"state": sheet.get_state_display()})
        ensure_not_own_unit(user, sheet)
        score = ItemScore.objects.select_for_update().get(pk=score.pk, assessment=sheet)
        points, vetoed = _new_value(score, points, vetoed)
        differs = (vetoed != score.self_vetoed) if score.kind == RubricItem.Kind.VETO else (points != score.self_points)
        if differs and not remark:
            raise AssessmentError(_("Say in the remark why the reviewed value differs from the unit's own."))
        before = _current(score)
        ItemReview.objects.create(
            score=score, step=ItemReview.Step.REVIEW, reviewer=user,
            points_before=before if score.kind != RubricItem.Kind.VETO else None,
            points_after=points, vetoed_after=vetoed, remark=remark,
        )
        score.reviewed_points, score.reviewed_vetoed = points, vetoed
        score.review_remark = remark
        score.reviewed_at, score.reviewed_by = timezone.now(), user
        score._change_reason = remark or "reviewed"
        score.save()
    return score


def assessment_return(sheet: UnitAssessment, user, *, reasons: str, until: datetime.date | None = None
                      ) -> UnitAssessment:
    """Back to the unit for correction, with the reasons and the day by which to resubmit."""
    reasons = (reasons or "").strip()
    with transaction.atomic():
        locked = locked_sheet(sheet)
        _require_state(locked, UnitAssessment.State.SUBMITTED,
                       message=_("Only a submitted sheet can be returned to the unit."))
        ensure_not_own_unit(user, locked)
        if not reasons:
            raise AssessmentError(_("Give the reasons: the unit reads them to know what to correct."))
        today = timezone.localdate()
        until = until or max(locked.rubric.deadline, today + datetime.timedelta(days=7))
        if until < today:
            raise AssessmentError(_("The day to resubmit by cannot be in the past."))
        locked.state = UnitAssessment.State.RETURNED
        locked.reopened_until = until
        locked._change_reason = reasons
        locked.save()
        AssessmentEvent.objects.create(assessment=locked, verb=AssessmentEvent.Verb.RETURNED, actor=user,
                                       note=reasons, data={"until": until.isoformat()})
        notify(_submitters_who_may_see(locked), Verb.SHEET_RETURNED, locked, organisation=locked.unit)
    return locked


def _submitters_who_may_see(sheet: UnitAssessment):
    """The unit's staff who submitted the sheet (any submission), if they may still see it."""
    submitted = AssessmentEvent.objects.filter(assessment=sheet, verb=AssessmentEvent.Verb.SUBMITTED)
    people = get_user_model().objects.filter(pk__in=submitted.values("actor_id"))
    return [person for person in people if user_can(person, "view", sheet)]


def assessment_release(sheet: UnitAssessment, user) -> UnitAssessment:
    """Send the review to the unit: items not reviewed are accepted as self-assessed, the unit
    sees every reviewed value and may appeal changed items for the rubric's appeal period."""
    with transaction.atomic():
        locked = locked_sheet(sheet)
        _require_state(locked, UnitAssessment.State.SUBMITTED,
                       message=_("Only a submitted sheet's review can be sent to the unit."))
        ensure_not_own_unit(user, locked)
        now = timezone.now()
        accepted = list(locked.scores.select_for_update().filter(reviewed_at__isnull=True))
        for score in accepted:
            if score.kind == RubricItem.Kind.VETO:
                score.reviewed_vetoed = score.self_vetoed
            else:
                score.reviewed_points = score.self_points or 0
            score.reviewed_at, score.reviewed_by = now, user
        bulk_update_with_history(accepted, ItemScore, ["reviewed_points", "reviewed_vetoed", "reviewed_at",
                                                       "reviewed_by"],
                                 default_user=user, default_change_reason="accepted as self-assessed",
                                 default_date=now)
        ItemReview.objects.bulk_create([
            ItemReview(score=score, step=ItemReview.Step.ACCEPTED, reviewer=user, at=now,
                       points_before=score.self_points, points_after=score.reviewed_points,
                       vetoed_after=score.reviewed_vetoed)
            for score in accepted
        ])
        locked.state = UnitAssessment.State.REVIEWED
        locked.released_at = now
        locked.appeals_close_at = now + datetime.timedelta(days=locked.rubric.appeal_days)
        locked._change_reason = "review sent to the unit"
        locked.save()
        AssessmentEvent.objects.create(assessment=locked, verb=AssessmentEvent.Verb.RELEASED, actor=user,
                                       data={"accepted": len(accepted)})
    return locked


def appeal_answer(appeal: Appeal, user, *, answer: str, points=None, vetoed=None) -> Appeal:
    """Answer an appeal: change the item's points (with the answer as the reason) or keep them."""
    answer = (answer or "").strip()
    with transaction.atomic():
        sheet = locked_sheet(appeal.score.assessment)
        _require_state(sheet, UnitAssessment.State.REVIEWED,
                       message=_("Appeals are answered while the sheet is open to appeal."))
        ensure_not_own_unit(user, sheet)
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if not appeal.is_open:
            raise AssessmentError(_("This appeal has already been answered."))
        if not answer:
            raise AssessmentError(_("Give the answer to the appeal; the unit reads it."))
        score = ItemScore.objects.select_for_update().get(pk=appeal.score_id)
        if score.kind == RubricItem.Kind.VETO:
            new_points, new_vetoed = None, bool(vetoed) if vetoed is not None else score.reviewed_vetoed
        else:
            new_points = parse_points(points) if points not in (None, "") else score.reviewed_points
            _check_within(new_points, score.maximum)
            new_vetoed = None
        before = score.reviewed_points
        changed = (new_vetoed != score.reviewed_vetoed) if score.kind == RubricItem.Kind.VETO \
            else (new_points != score.reviewed_points)
        now = timezone.now()
        ItemReview.objects.create(score=score, step=ItemReview.Step.APPEAL, reviewer=user, points_before=before,
                                  points_after=new_points, vetoed_after=new_vetoed, remark=answer)
        if changed:
            score.reviewed_points, score.reviewed_vetoed = new_points, new_vetoed
            score.review_remark = answer
            score.reviewed_at, score.reviewed_by = now, user
            score._change_reason = answer
            score.save()
        appeal.outcome = Appeal.Outcome.CHANGED if changed else Appeal.Outcome.KEPT
        appeal.answer, appeal.answered_by, appeal.answered_at = answer, user, now
        appeal.points_after = score.reviewed_points
        appeal._change_reason = "answered"
        appeal.save()
    return appeal


def assessment_finalise(sheet: UnitAssessment, user) -> UnitAssessment:
    """Make the reviewed sheet final: no open appeal may remain. Its points count in the results."""
    with transaction.atomic():
        locked = locked_sheet(sheet)
        _require_state(locked, UnitAssessment.State.REVIEWED,
                       message=_("Only a reviewed sheet that has been sent to the unit can be finalised."))
        ensure_not_own_unit(user, locked)
        open_appeals = Appeal.objects.filter(score__assessment=locked, outcome=Appeal.Outcome.OPEN).count()
        if open_appeals:
            raise AssessmentError(_("Answer the open appeals first (%(count)s).") % {"count": open_appeals})
        locked.state = UnitAssessment.State.FINALISED
        locked.finalised_at, locked.finalised_by = timezone.now(), user
        locked._change_reason = "finalised"
        locked.save()
        AssessmentEvent.objects.create(assessment=locked, verb=AssessmentEvent.Verb.FINALISED, actor=user)
    return locked


def assessment_reopen(sheet: UnitAssessment, user, *, until: datetime.date, reason: str) -> UnitAssessment:
    """Let a unit change and submit its sheet after the deadline, until the end of ``until``."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = locked_sheet(sheet)
        if not locked.is_editable:
            raise AssessmentError(_("Only a sheet that has not been submitted (or was returned) can be reopened."))
        if locked.rubric.results_published:
            raise AssessmentError(_("The results have been published; no sheet can be reopened."))
        if until < timezone.localdate():
            raise AssessmentError(_("Choose a day from today on."))
        if not reason:
            raise AssessmentError(_("Say why the unit gets more time."))
        locked.reopened_until = until
        locked._change_reason = reason
        locked.save()
        AssessmentEvent.objects.create(
            assessment=locked, verb=AssessmentEvent.Verb.REOPENED, actor=user, note=reason,
            data={"until": until.isoformat(), "until_text": formats.date_format(until, "DATE_FORMAT")},
        )
    return locked
