"""Assessing people after the review: what a school union's officers, the reviewer and the
union above now see. Each test is a story from the review (its R-number) or the security
review (S-number), asserted as the user meets it."""
# The fixtures come from test_people.py by import; pytest passes them by name (F811 is not a redefinition here).
# ruff: noqa: F811
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from assessment import people
from assessment.models import PersonEvidence, PersonSheet
from assessment.people_forms import PeopleRubricForm, StartSheetsForm, own_unions
from assessment.services import AssessmentError
from assessment.services import sheets as unit_sheets
from members.models import Member
from unionadmin.roles import Role
from unionadmin.scoping import user_can

from ..factories import BranchFactory, GrassrootsFactory, MemberFactory, RoleAssignmentFactory
from .factories_people import build_people_rubric, build_person_sheet
from .test_people import (  # noqa: F401  (fixtures)
    chair,
    edu_officer,
    education,
    english_pages,
    final_sheet,
    pdf,
    rubric,
    score_all,
    second_officer,
    user_with,
)

D = Decimal
pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- R1 / S12: whoever entered the scores never reviews them ---------------------------------
def test_R1_the_officer_who_entered_the_scores_cannot_review_after_a_colleague_presses_submit(
        rubric, chair, second_officer, education):
    third = user_with(Role.UNION_OFFICER, education.school)
    sheet = build_person_sheet(rubric)
    score_all(sheet, chair, [40, 30, 30])          # the chair types in every self-score
    # a colleague opens the sheet and presses "Save and submit" without changing anything
    entries = {s.item_id: {"points": s.self_points, "note": s.self_note} for s in sheet.scores.all()}
    people.scores_save(sheet, second_officer, entries)
    people.sheet_submit(sheet, second_officer)
    assert not people.may_review(chair, sheet)
    with pytest.raises(AssessmentError):
        people.sheet_review(sheet, chair, {})
    # the entries still name the chair, and a third officer reviews
    assert set(sheet.scores.exclude(saved_by=None).values_list("saved_by", flat=True)) == {chair.pk}
    assert people.may_review(third, sheet)


def test_R1b_a_return_does_not_wash_out_who_submitted(rubric, chair, second_officer, education):
    third = user_with(Role.UNION_OFFICER, education.school)
    sheet = build_person_sheet(rubric)
    score_all(sheet, second_officer, [40, 30, 30])
    people.sheet_submit(sheet, chair)                # the chair submitted
    people.sheet_return(sheet, third, "缺少证书")     # submitted_by is cleared on return
    people.sheet_submit(sheet, second_officer)
    assert not people.may_review(chair, sheet)


# --- S11: a federation does not score the members of the unions below ----------------------
def test_S11_a_county_chair_cannot_run_a_people_assessment_over_other_unions(county, education):
    county_chair = user_with(Role.UNION_CHAIR, county.federation)
    assert not own_unions(county_chair).exists()
    form = PeopleRubricForm(user=county_chair, data={"union": county.federation.pk, "year": 2026, "title": "全县",
                                                     "deadline": "2026-12-20", "excellent_threshold": "90",
                                                     "pass_threshold": "60"})
    assert not form.is_valid() and "union" in form.errors
    with pytest.raises(AssessmentError):
        people.rubric_create(county_chair, union=county.federation, year=2026, title="全县",
                             deadline=datetime.date(2026, 12, 20), excellent_threshold=D(90), pass_threshold=D(60))


def test_S11b_a_school_assesses_its_own_and_its_branches_members_but_not_a_union_below_it(rubric, chair, education):
    grade_group = BranchFactory(name="初一年级组", parent=education.school)
    below = GrassrootsFactory(name="附属小学工会", parent=education.school)
    own, in_branch, other = (MemberFactory(union=education.school), MemberFactory(union=grade_group),
                             MemberFactory(union=below))
    eligible = set(people.eligible_members(rubric).values_list("pk", flat=True))
    assert {own.pk, in_branch.pk} <= eligible and other.pk not in eligible
    branches = list(StartSheetsForm(rubric=rubric).fields["branch"].queryset)
    assert grade_group in branches and below not in branches
    with pytest.raises(AssessmentError):
        people.sheets_start(rubric, chair, Member.objects.filter(pk=other.pk))


# --- S13: evidence stays with the school -----------------------------------------------------
def test_S13_after_publication_the_union_above_reads_the_ranking_but_not_the_certificates(
        client, rubric, chair, second_officer, edu_officer):
    sheet = final_sheet(rubric, "王老师", [40, 30, 20], chair, second_officer, bonus=3)
    people.results_publish(rubric, chair)
    evidence = PersonEvidence.objects.get(score__sheet=sheet)
    client.force_login(edu_officer)
    assert client.get(reverse("assessment:people_results", args=[rubric.pk])).status_code == 200
    assert client.get(reverse("assessment:people_evidence", args=[evidence.pk])).status_code == 404
    page = client.get(reverse("assessment:people_sheet", args=[sheet.pk])).content.decode()
    assert "93.00" in page and "证书.pdf" not in page
    client.force_login(chair)
    assert client.get(reverse("assessment:people_evidence", args=[evidence.pk])).status_code == 200


# --- R2 / R3: a stray sheet is withdrawn, not left to block publishing ------------------------
def test_R3_a_sheet_for_a_teacher_who_left_is_withdrawn_and_the_results_publish(
        client, rubric, chair, second_officer):
    final_sheet(rubric, "李老师", [40, 30, 20], chair, second_officer)
    left = build_person_sheet(rubric, MemberFactory(union=rubric.union, name="调走的老师"))
    client.force_login(chair)
    with translation.override("en"):
        refused = client.post(reverse("assessment:people_sheet_withdraw", args=[left.pk]), {"reason": ""},
                              follow=True)
        assert "Say why the sheet is withdrawn." in _messages(refused)
        done = client.post(reverse("assessment:people_sheet_withdraw", args=[left.pk]),
                           {"reason": "调往县实验小学"}, follow=True)
        assert "The sheet of 调走的老师 was withdrawn." in _messages(done)
    assert not PersonSheet.objects.filter(pk=left.pk).exists()
    assert PersonSheet.history.filter(id=left.pk, history_type="-").get().history_change_reason == \
        "withdrawn: 调往县实验小学"
    assert people.results_publish(rubric, chair) == 1
    with pytest.raises(AssessmentError):  # once published, the sheets stay
        people.sheet_withdraw(rubric.sheets.get(), chair, "x")


# --- R2 / R12: a return says why ------------------------------------------------------------
def test_R2_R12_the_officer_reads_on_the_returned_sheet_what_to_correct(client, rubric, chair, second_officer):
    sheet = build_person_sheet(rubric)
    score_all(sheet, chair, [40, 30, 30])
    people.sheet_submit(sheet, chair)
    with pytest.raises(AssessmentError):
        people.sheet_return(sheet, second_officer)
    client.force_login(second_officer)
    client.post(reverse("assessment:people_sheet_review", args=[sheet.pk]),
                {"return": "1", "sheet_remark": "缺少获奖证书"})
    sheet.refresh_from_db()
    assert sheet.state == PersonSheet.State.DRAFT
    client.force_login(chair)
    html = client.get(reverse("assessment:people_sheet", args=[sheet.pk])).content.decode()
    assert "缺少获奖证书" in html


# --- R4 / R6: evidence removed, and uploaded with the scores -----------------------------------
def test_R4_wrong_evidence_is_removed_before_submitting(client, rubric, chair, second_officer):
    sheet = build_person_sheet(rubric)
    score = sheet.scores.get(kind="bonus")
    evidence = people.evidence_add(score, chair, pdf("错传的文件.pdf"))
    client.force_login(chair)
    with translation.override("en"):
        response = client.post(reverse("assessment:people_evidence_delete", args=[evidence.pk]), follow=True)
        assert "The evidence was removed." in _messages(response)
    assert not score.evidence.exists()
    again = people.evidence_add(score, chair, pdf())
    score_all(sheet, chair, [40, 30, 30], bonus=2)
    people.sheet_submit(sheet, chair)
    with pytest.raises(AssessmentError):  # submitted: the evidence stays as reviewed
        people.evidence_delete(again, chair)


def test_R6_scores_typed_then_a_certificate_attached_are_all_kept(client, rubric, chair):
    sheet = build_person_sheet(rubric)
    scores = {s.item.position: s for s in sheet.scores.select_related("item")}
    client.force_login(chair)
    form = {f"points-{scores[p].item_id}": v for p, v in [(1, "38"), (2, "29"), (3, "27.5"), (4, "3")]}
    form[f"file-{scores[4].pk}"] = SimpleUploadedFile("表彰证书.pdf", pdf().read(), content_type="application/pdf")
    client.post(reverse("assessment:people_sheet_scores", args=[sheet.pk]), {**form, "submit": "1"})
    sheet.refresh_from_db()
    assert sheet.state == PersonSheet.State.SUBMITTED
    assert list(scores[4].evidence.values_list("file_name", flat=True)) == ["表彰证书.pdf"]
    assert sheet.scores.get(item__position=3).self_points == D("27.50")


# --- R5 / R8 / R3 (500s): typed numbers read as on unit sheets, and the item named ------------
def test_R5_points_typed_with_a_chinese_comma_are_read_as_on_unit_sheets(rubric, chair):
    sheet = build_person_sheet(rubric)
    item = rubric.items.get(position=1)
    people.scores_save(sheet, chair, {item.pk: {"points": "7，5"}})
    assert sheet.scores.get(item=item).self_points == D("7.50")


def test_R8_a_bad_number_names_the_item_and_nothing_half_saves(rubric, chair):
    sheet = build_person_sheet(rubric)
    entries = {i.pk: {"points": "10"} for i in rubric.items.filter(kind="standard")}
    entries[rubric.items.get(position=3).pk] = {"points": "35"}
    with translation.override("en"), pytest.raises(AssessmentError) as error:
        people.scores_save(sheet, chair, entries)
    assert error.value.message == "Item 3: This item is worth at most 30.00 points."
    assert not sheet.scores.exclude(self_points=None).exists()


@pytest.mark.parametrize("typed", ["1e30", "99999999999999999999999999999"])
def test_R11_a_huge_number_in_a_points_box_is_a_message_for_officer_and_reviewer(
        client, rubric, chair, second_officer, typed):
    assert pytest.raises(AssessmentError, unit_sheets.parse_points, typed)  # unit sheets alike
    sheet = build_person_sheet(rubric)
    item = rubric.items.get(position=1)
    client.force_login(chair)
    with translation.override("en"):
        response = client.post(reverse("assessment:people_sheet_scores", args=[sheet.pk]),
                               {f"points-{item.pk}": typed}, follow=True)
        assert response.status_code == 200
        assert any(m.startswith("Item 1: No item is worth") for m in _messages(response))
        score_all(sheet, chair, [40, 30, 30])
        people.sheet_submit(sheet, chair)
        client.force_login(second_officer)
        response = client.post(reverse("assessment:people_sheet_review", args=[sheet.pk]),
                               {f"points-{item.pk}": typed, f"remark-{item.pk}": "x"}, follow=True)
        assert response.status_code == 200
        assert any(m.startswith("Item 1: No item is worth") for m in _messages(response))


# --- R7 / R8 / R9 / R10 / R13 ----------------------------------------------------------------
def test_R7_a_school_chair_who_also_sits_on_the_education_union_still_runs_the_school(education):
    both = user_with(Role.UNION_CHAIR, education.school)
    RoleAssignmentFactory(user=both, role=Role.UNION_OFFICER, organisation=education.union)
    rubric = build_people_rubric(education.school)
    assert user_can(both, "change", rubric)
    assert list(own_unions(both)) == [education.school]


def test_R10_item_numbers_stay_unique_after_removing_one(education, chair):
    rubric = people.rubric_create(chair, union=education.school, year=2026, title="t",
                                  deadline=datetime.date(2026, 12, 20), excellent_threshold=D(90),
                                  pass_threshold=D(60))
    a = people.item_add(rubric, chair, area="a", title="1", kind="standard", maximum=D(30))
    people.item_add(rubric, chair, area="a", title="2", kind="standard", maximum=D(30))
    people.item_add(rubric, chair, area="a", title="3", kind="standard", maximum=D(40))
    people.item_delete(a, chair)
    people.item_add(rubric, chair, area="a", title="4", kind="standard", maximum=D(30))
    assert list(rubric.items.values_list("position", flat=True)) == [2, 3, 4]


def test_R11_excellent_must_be_reachable_to_publish(education, chair):
    rubric = people.rubric_create(chair, union=education.school, year=2026, title="t2",
                                  deadline=datetime.date(2026, 12, 20), excellent_threshold=D(95),
                                  pass_threshold=D(60))
    people.item_add(rubric, chair, area="a", title="1", kind="standard", maximum=D(80))
    with translation.override("en"), pytest.raises(AssessmentError) as error:
        people.rubric_publish(rubric, chair)  # 80 + no bonus < 95
    assert "nobody could reach it" in error.value.message
    people.item_add(rubric, chair, area="b", title="加分", kind="bonus", maximum=D(15))
    assert people.rubric_publish(rubric, chair).state == "published"  # 80 + 15 reaches 95


def test_R12_a_draft_shows_no_grade_a_final_one_a_provisional_one_a_published_one_its_rank(
        client, rubric, chair, second_officer):
    sheet = build_person_sheet(rubric)
    client.force_login(chair)
    with translation.override("en"):
        html = client.get(reverse("assessment:people_sheet", args=[sheet.pk])).content.decode()
        assert "Not graded yet" in html and "Fail" not in html
        other = final_sheet(rubric, "张老师", [40, 30, 25], chair, second_officer)
        html = client.get(reverse("assessment:people_sheet", args=[other.pk])).content.decode()
        assert "Excellent (provisional until the results are published)" in html
        sheet.delete()
        people.results_publish(rubric, chair)
        html = client.get(reverse("assessment:people_sheet", args=[other.pk])).content.decode()
        assert "provisional" not in html and "Rank" in html


def test_R13_the_export_tells_two_teachers_of_the_same_name_apart(client, rubric, chair, second_officer, education,
                                                                  edu_officer):
    grade_group = BranchFactory(name="初二年级组", parent=education.school)
    for union, post in [(education.school, "语文教师"), (grade_group, "数学教师")]:
        sheet = build_person_sheet(rubric, MemberFactory(union=union, name="王芳", post=post))
        score_all(sheet, chair, [40, 30, 20])
        people.sheet_submit(sheet, chair)
        people.sheet_review(sheet, second_officer, {})
    people.results_publish(rubric, chair)
    client.force_login(edu_officer)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("assessment:people_export", args=[rubric.pk]))
                                             .content))
    rows = {tuple(r[1:4]) for r in book.worksheets[0].iter_rows(min_row=2, values_only=True) if r[1] == "王芳"}
    assert rows == {("王芳", education.school.name, "语文教师"), ("王芳", "初二年级组", "数学教师")}
