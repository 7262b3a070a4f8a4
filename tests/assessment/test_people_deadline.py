"""The self-assessment deadline of an assessment of people. The school's chair enters a
teacher's self-scores and submits them until the end of the deadline day; after it the page
says the deadline has passed and offers no Save or Submit, and what is posted anyway is refused
with that message and changes nothing. A sheet the reviewer returns can still be corrected."""
# The fixtures come from test_people.py by import; pytest passes them by name (F811 is not a redefinition here).
# ruff: noqa: F811
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment import evidence_files, people
from assessment.services import AssessmentError

from .factories_people import build_people_rubric, build_person_sheet
from .test_people import chair, education, english_pages, pdf, rubric, score_all, second_officer  # noqa: F401

D = Decimal
pytestmark = pytest.mark.django_db
PASSED = "The self-assessment deadline"


def _messages(response):
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _rubric_due(education, days: int):
    """The school's rubric with its deadline ``days`` from today (negative: already passed)."""
    rubric = build_people_rubric(education.school)
    rubric.deadline = timezone.localdate() + datetime.timedelta(days=days)
    rubric.save()
    return rubric


def _form(sheet, points, *, submit=False):
    data = {f"points-{s.item_id}": str(points.get(s.item.position, "")) for s in sheet.scores.select_related("item")}
    if submit:
        data["submit"] = "1"
    return data


FULL = {1: 40, 2: 30, 3: 28}


def test_before_the_deadline_the_chair_saves_the_teachers_scores_and_submits_them(client, education, chair):
    sheet = build_person_sheet(_rubric_due(education, 3))
    client.force_login(chair)
    page = client.get(reverse("assessment:people_sheet", args=[sheet.pk])).content.decode()
    assert (timezone.localdate() + datetime.timedelta(days=3)).strftime("%Y-%m-%d") in page
    assert "Save and submit for review" in page and PASSED not in page

    url = reverse("assessment:people_sheet_scores", args=[sheet.pk])
    response = client.post(url, _form(sheet, {1: 40}), follow=True)
    assert "The self-scores were saved." in _messages(response)
    response = client.post(url, _form(sheet, FULL, submit=True), follow=True)
    assert "saved and submitted for review" in _messages(response)
    sheet.refresh_from_db()
    assert sheet.state == "submitted" and sheet.scores.get(item__position=3).self_points == D("28.00")


def test_the_deadline_day_itself_is_still_open(education, chair):
    sheet = build_person_sheet(_rubric_due(education, 0))
    score_all(sheet, chair, [40, 30, 28])
    people.sheet_submit(sheet, chair)
    assert sheet.__class__.objects.get(pk=sheet.pk).state == "submitted"


def test_after_the_deadline_the_page_says_so_and_offers_no_save_or_submit(client, education, chair):
    rubric = _rubric_due(education, -1)
    sheet = build_person_sheet(rubric)
    client.force_login(chair)
    page = client.get(reverse("assessment:people_sheet", args=[sheet.pk])).content.decode()
    assert rubric.deadline.strftime("%Y-%m-%d") in page
    assert PASSED in page and "has passed" in page
    assert "Save and submit for review" not in page and 'name="points-' not in page
    assert reverse("assessment:people_sheet_scores", args=[sheet.pk]) not in page


def test_after_the_deadline_saving_and_submitting_are_refused_and_nothing_changes(client, education, chair):
    rubric = _rubric_due(education, 5)
    sheet = build_person_sheet(rubric)
    score_all(sheet, chair, [40, 30, 20])          # typed in before the deadline, never submitted
    evidence = people.evidence_add(sheet.scores.get(kind="bonus"), chair, pdf())
    rubric.deadline = timezone.localdate() - datetime.timedelta(days=1)
    rubric.save()

    client.force_login(chair)
    url = reverse("assessment:people_sheet_scores", args=[sheet.pk])
    for data in (_form(sheet, FULL), _form(sheet, FULL, submit=True)):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert PASSED in _messages(response) and "has passed" in _messages(response)
    response = client.post(reverse("assessment:people_evidence_delete", args=[evidence.pk]), follow=True)
    assert PASSED in _messages(response)

    sheet.refresh_from_db()
    assert sheet.state == "draft" and sheet.submitted_at is None
    assert [s.self_points for s in sheet.scores.filter(kind="standard")] == [D("40.00"), D("30.00"), D("20.00")]
    assert sheet.scores.get(kind="bonus").evidence.get() == evidence
    with pytest.raises(AssessmentError, match="deadline .* has passed"):
        people.evidence_add(sheet.scores.get(kind="bonus"), chair, pdf("迟交的证书.pdf"))
    with pytest.raises(AssessmentError, match="deadline .* has passed"):
        people.sheet_submit(sheet, chair)


def test_a_sheet_returned_after_the_deadline_can_still_be_corrected_and_resubmitted(
        client, education, chair, second_officer):
    rubric = _rubric_due(education, 5)
    sheet = build_person_sheet(rubric)
    score_all(sheet, chair, [40, 30, 30])
    people.sheet_submit(sheet, chair)
    rubric.deadline = timezone.localdate() - datetime.timedelta(days=1)
    rubric.save()
    people.sheet_return(sheet, second_officer, "第3项分数偏高，请核实")

    client.force_login(chair)
    page = client.get(reverse("assessment:people_sheet", args=[sheet.pk])).content.decode()
    assert "Save and submit for review" in page and PASSED not in page
    response = client.post(reverse("assessment:people_sheet_scores", args=[sheet.pk]),
                           _form(sheet, FULL, submit=True), follow=True)
    assert "saved and submitted for review" in _messages(response)
    sheet.refresh_from_db()
    assert sheet.state == "submitted" and sheet.scores.get(item__position=3).self_points == D("28.00")


def test_an_item_holds_as_many_evidence_files_as_a_unit_sheets_item(rubric, chair, monkeypatch):
    monkeypatch.setattr(evidence_files, "MAX_FILES_PER_ITEM", 2)
    score = build_person_sheet(rubric).scores.get(kind="bonus")
    people.evidence_add(score, chair, pdf("一.pdf"))
    people.evidence_add(score, chair, pdf("二.pdf"))
    with pytest.raises(AssessmentError, match="at most 2 evidence files; remove one first"):
        people.evidence_add(score, chair, pdf("三.pdf"))
    assert score.evidence.count() == 2


def test_removing_an_item_from_the_draft_rubric_still_says_so(client, education, chair):
    rubric = build_people_rubric(education.school, publish=False)
    item = rubric.items.get(position=5)
    client.force_login(chair)
    response = client.post(reverse("assessment:people_item_delete", args=[item.pk]), follow=True)
    assert "The item was removed." in _messages(response)
    assert not rubric.items.filter(pk=item.pk).exists()
    people.rubric_publish(rubric, chair)
    response = client.post(reverse("assessment:people_item_delete", args=[rubric.items.first().pk]), follow=True)
    assert "its items no longer change" in _messages(response) and rubric.items.count() == 4
