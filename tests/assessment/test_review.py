"""Reviewing a sheet: per item with a remark when the value changes, returning it with reasons,
sending the review, answering appeals, finalising — and never one's own unit."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assessment.models import Appeal, ItemReview, UnitAssessment
from assessment.services import AssessmentError
from assessment.services import review as services
from assessment.services.sheets import appeal_create, assessment_submit, score_save
from unionadmin.roles import Role

from ..factories import BranchFactory
from .conftest import user_with
from .factories import evidence_for, fill, first_score

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(sheet_a, officer_a):
    fill(sheet_a, default="0.9")
    evidence_for(sheet_a.scores.get(item__evidence_required=True))
    assessment_submit(sheet_a, officer_a)
    sheet_a.refresh_from_db()
    return sheet_a


def test_a_reviewer_lowers_an_item_with_a_remark_and_the_step_is_kept(submitted, reviewer):
    score = first_score(submitted)  # self 27 of 30
    with pytest.raises(AssessmentError, match="remark"):
        services.item_review(score, reviewer, points="25")
    services.item_review(score, reviewer, points="25", remark="换届材料缺少选举结果批复。")
    score.refresh_from_db()
    assert score.reviewed_points == D("25.00") and score.reviewed_by == reviewer
    step = ItemReview.objects.get(score=score)
    assert (step.points_before, step.points_after, step.remark, step.reviewer) == (
        D("27.00"), D("25.00"), "换届材料缺少选举结果批复。", reviewer)
    services.item_review(score, reviewer, points="27")  # back to the unit's own: no remark needed
    assert ItemReview.objects.filter(score=score).count() == 2
    with pytest.raises(AssessmentError, match="at most 30"):
        services.item_review(score, reviewer, points="31", remark="x")


def test_a_reviewer_cannot_review_their_own_unit(submitted, county):
    """Someone with a federation role who also holds a role in the unit's subtree (here at a
    branch of union A) is refused by the service for every review step."""
    from ..factories import RoleAssignmentFactory

    insider = user_with(Role.FEDERATION_REVIEWER, county.federation)
    RoleAssignmentFactory(user=insider, organisation=BranchFactory(parent=county.a), role=Role.UNION_OFFICER)
    score = first_score(submitted)
    with pytest.raises(AssessmentError, match="cannot review its sheet"):
        services.item_review(score, insider, points="20", remark="x")
    with pytest.raises(AssessmentError, match="cannot review"):
        services.assessment_return(submitted, insider, reasons="x")
    with pytest.raises(AssessmentError, match="cannot review"):
        services.assessment_release(submitted, insider)
    assert submitted.is_own_unit_of(insider) and not UnitAssessment(unit=county.b).is_own_unit_of(insider)
    assert "review" not in submitted.allowed_actions(insider)  # so the page offers no review step either


def test_the_unit_officer_holding_a_federation_role_too_is_refused(submitted, county, officer_a):
    from ..factories import RoleAssignmentFactory

    RoleAssignmentFactory(user=officer_a, organisation=county.federation, role=Role.FEDERATION_REVIEWER)
    with pytest.raises(AssessmentError, match="cannot review"):
        services.item_review(first_score(submitted), officer_a, points="1", remark="x")


def test_returning_a_sheet_gives_reasons_and_reopens_it_until_a_day(submitted, reviewer, officer_a):
    with pytest.raises(AssessmentError, match="reasons"):
        services.assessment_return(submitted, reviewer, reasons="")
    until = timezone.localdate() + datetime.timedelta(days=3)
    services.assessment_return(submitted, reviewer, reasons="请补充第1.2项的会员名册。", until=until)
    submitted.refresh_from_db()
    assert submitted.state == "returned" and submitted.reopened_until == until
    event = submitted.events.get(verb="returned")
    assert event.note == "请补充第1.2项的会员名册。" and event.actor == reviewer
    score_save(first_score(submitted), officer_a, points="28")
    assessment_submit(submitted, officer_a)
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_a_returned_sheet_can_be_resubmitted_after_the_rubrics_deadline(submitted, reviewer, officer_a):
    rubric = submitted.rubric
    rubric.deadline = timezone.localdate() - datetime.timedelta(days=2)
    rubric.save()
    services.assessment_return(submitted, reviewer, reasons="补充材料")
    submitted.refresh_from_db()
    assert submitted.effective_deadline() >= timezone.localdate()
    assessment_submit(submitted, officer_a)


def test_sending_the_review_accepts_the_rest_and_opens_appeals(submitted, reviewer):
    services.item_review(first_score(submitted), reviewer, points="20", remark="扣分")
    services.assessment_release(submitted, reviewer)
    submitted.refresh_from_db()
    assert submitted.state == "reviewed" and submitted.appeals_close_at > timezone.now()
    assert not submitted.scores.filter(reviewed_at__isnull=True).exists()
    assert submitted.scores.exclude(kind="veto").filter(reviewed_points__isnull=True).count() == 0
    assert ItemReview.objects.filter(score__assessment=submitted, step="accepted").count() == \
        submitted.scores.count() - 1


def test_appeal_answered_then_finalised(submitted, reviewer, officer_a):
    score = first_score(submitted)
    services.item_review(score, reviewer, points="20", remark="换届材料不全")
    services.assessment_release(submitted, reviewer)
    appeal = appeal_create(score, officer_a, reason="已补充选举结果批复，见附件。")
    with pytest.raises(AssessmentError, match="open appeals"):
        services.assessment_finalise(submitted, reviewer)
    with pytest.raises(AssessmentError, match="answer"):
        services.appeal_answer(appeal, reviewer, answer="", points="25")
    services.appeal_answer(appeal, reviewer, answer="材料已补充，恢复5分。", points="25")
    appeal.refresh_from_db()
    score.refresh_from_db()
    assert appeal.outcome == Appeal.Outcome.CHANGED and appeal.points_before == D("20.00") \
        and appeal.points_after == D("25.00")
    assert score.reviewed_points == D("25.00") and score.review_remark == "材料已补充，恢复5分。"
    with pytest.raises(AssessmentError, match="already been answered"):
        services.appeal_answer(appeal, reviewer, answer="again")
    services.assessment_finalise(submitted, reviewer)
    submitted.refresh_from_db()
    assert submitted.state == UnitAssessment.State.FINALISED and submitted.finalised_by == reviewer
    assert [e.verb for e in submitted.events.all()] == ["submitted", "released", "finalised"]


def test_an_appeal_may_keep_the_points(submitted, reviewer, officer_a):
    score = first_score(submitted)
    services.item_review(score, reviewer, points="20", remark="扣分")
    services.assessment_release(submitted, reviewer)
    appeal = appeal_create(score, officer_a, reason="请复核")
    services.appeal_answer(appeal, reviewer, answer="维持原评分。")
    appeal.refresh_from_db()
    assert appeal.outcome == Appeal.Outcome.KEPT and appeal.points_after == D("20.00")


def test_review_steps_in_the_wrong_state_are_refused(sheet_a, reviewer):
    with pytest.raises(AssessmentError, match="submitted"):
        services.item_review(first_score(sheet_a), reviewer, points="1")
    with pytest.raises(AssessmentError):
        services.assessment_release(sheet_a, reviewer)
    with pytest.raises(AssessmentError):
        services.assessment_finalise(sheet_a, reviewer)
    with pytest.raises(AssessmentError):
        services.assessment_return(sheet_a, reviewer, reasons="x")


def test_the_veto_is_reviewed_too(submitted, reviewer):
    veto = submitted.scores.get(kind="veto")
    with pytest.raises(AssessmentError, match="remark"):
        services.item_review(veto, reviewer, vetoed=True)
    services.item_review(veto, reviewer, vetoed=True, remark="6月发生群体性事件")
    veto.refresh_from_db()
    assert veto.reviewed_vetoed is True and veto.reviewed_points is None
