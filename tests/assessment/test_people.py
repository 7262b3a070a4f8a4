"""Assessing people: a school's union scores its teachers (师德量化考核). One officer enters
each teacher's self-scores with evidence, another officer reviews, the ranking shares ranks on
ties and grades by the rubric's thresholds, and the education union above reads the published
results and exports them."""
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment import people
from assessment.models import PeopleRubric, PersonSheet
from assessment.services import AssessmentError
from members.models import Member
from unionadmin.roles import Role

from ..factories import BranchFactory, GrassrootsFactory, IndustryFactory, MemberFactory, RoleAssignmentFactory
from .factories import PDF_BYTES
from .factories_people import build_people_rubric, build_person_sheet

D = Decimal


@pytest.fixture(autouse=True)
def english_pages(client, settings):
    """The pages in English, as the messages are matched (the catalogue would answer in Chinese)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def user_with(role, organisation):
    return RoleAssignmentFactory(role=role, organisation=organisation).user


@pytest.fixture
def education(county):
    """The education union (an industry union under the county) with a school below it."""
    edu = IndustryFactory(name="测试县教育工会", parent=county.federation)
    school = GrassrootsFactory(name="测试县第一中学工会", parent=edu, category="institution")
    return type("Edu", (), {"union": edu, "school": school})


@pytest.fixture
def chair(education):
    return user_with(Role.UNION_CHAIR, education.school)


@pytest.fixture
def second_officer(education):
    return user_with(Role.UNION_OFFICER, education.school)


@pytest.fixture
def edu_officer(education):
    return user_with(Role.UNION_OFFICER, education.union)


@pytest.fixture
def rubric(education):
    return build_people_rubric(education.school)


def score_all(sheet, user, standard, *, bonus=None, deduction=None):
    """Enter ``standard`` points on each standard item in turn (a list), and the extras."""
    entries, values = {}, iter(standard)
    for score in sheet.scores.select_related("item"):
        points = {"standard": lambda: next(values), "bonus": lambda: bonus, "deduction": lambda: deduction}[score.kind]()
        entries[score.item_id] = {"points": points, "note": ""}
    return people.scores_save(sheet, user, entries)


def pdf(name="证书.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def final_sheet(rubric, name, standard, chair, reviewer, **extras):
    sheet = build_person_sheet(rubric, MemberFactory(union=rubric.union, name=name))
    score_all(sheet, chair, standard, **extras)
    if extras.get("bonus"):
        people.evidence_add(sheet.scores.get(kind="bonus"), chair, pdf())
    people.sheet_submit(sheet, chair)
    return people.sheet_review(sheet, reviewer, {})


# --- the rubric --------------------------------------------------------------------------------
def test_the_school_writes_and_publishes_its_rubric_and_then_it_no_longer_changes(education, chair):
    rubric = people.rubric_create(chair, union=education.school, year=2026, title="2026年度教师师德量化考核",
                                  deadline=datetime.date(2026, 12, 20), excellent_threshold=D(90),
                                  pass_threshold=D(60))
    people.item_add(rubric, chair, area="师德表现", title="爱国守法", kind="standard", maximum=D(50))
    with pytest.raises(AssessmentError, match="at most 50.00 points, fewer than the 60.00 points for “pass”"):
        people.rubric_publish(rubric, chair)
    people.item_add(rubric, chair, area="教书育人", title="认真备课上课", kind="standard", maximum=D(50))
    people.rubric_publish(rubric, chair)
    assert PeopleRubric.objects.get(pk=rubric.pk).state == "published"
    with pytest.raises(AssessmentError, match="its items no longer change"):
        people.item_add(rubric, chair, area="x", title="y", kind="standard", maximum=D(1))


def test_only_the_schools_own_officers_write_its_rubric_not_the_union_above(education, edu_officer):
    with pytest.raises(AssessmentError, match="Only the union's own officers"):
        people.rubric_create(edu_officer, union=education.school, year=2026, title="越级", deadline=datetime.date(2026, 12, 20),
                             excellent_threshold=D(90), pass_threshold=D(60))


# --- whom to assess ------------------------------------------------------------------------------
def test_sheets_start_for_every_member_a_branch_or_a_list_and_never_twice(rubric, chair, education):
    branch = BranchFactory(parent=education.school, name="高一年级组")
    teachers = [MemberFactory(union=education.school) for _ in range(3)]
    in_branch = MemberFactory(union=branch)
    MemberFactory(union=education.school, status=Member.Status.RETIRED)  # not assessed: no longer at work
    assert people.sheets_start(rubric, chair, people.members_for_choice(rubric, scope="branch", branch=branch)) == 1
    assert people.sheets_start(rubric, chair, people.members_for_choice(rubric, scope="list",
                                                                        members=teachers[:1])) == 1
    assert people.sheets_start(rubric, chair, people.members_for_choice(rubric, scope="all")) == 2
    assert people.sheets_start(rubric, chair, people.members_for_choice(rubric, scope="all")) == 0
    assert set(rubric.sheets.values_list("member_id", flat=True)) == {in_branch.pk, *(t.pk for t in teachers)}
    assert rubric.sheets.first().scores.count() == 5  # one score row per item


def test_a_member_of_another_union_cannot_be_put_on_the_schools_list(rubric, chair, county):
    outsider = MemberFactory(union=county.a)
    with pytest.raises(AssessmentError, match="Only current members of this union"):
        people.sheets_start(rubric, chair, Member.objects.filter(pk=outsider.pk))


def test_sheets_wait_for_the_rubric_to_be_published(education, chair):
    draft = build_people_rubric(education.school, publish=False)
    with pytest.raises(AssessmentError, match="Publish the assessment before"):
        people.sheets_start(draft, chair, people.eligible_members(draft))


# --- self-scores with evidence, entered on the person's behalf ------------------------------------
def test_an_officer_enters_the_self_scores_within_each_items_maximum(rubric, chair):
    sheet = build_person_sheet(rubric)
    item = rubric.items.get(position=1)
    with pytest.raises(AssessmentError, match="Item 1: This item is worth at most 40.00 points"):
        people.scores_save(sheet, chair, {item.pk: {"points": "41"}})
    with pytest.raises(AssessmentError, match="Enter the points as a number"):
        people.scores_save(sheet, chair, {item.pk: {"points": "四十"}})
    people.scores_save(sheet, chair, {item.pk: {"points": "38.5", "note": "全年无违纪"}})
    score = sheet.scores.get(item=item)
    assert (score.self_points, score.self_note, score.saved_by) == (D("38.50"), "全年无违纪", chair)


def test_submitting_needs_every_standard_item_and_evidence_for_bonus_points(rubric, chair):
    sheet = build_person_sheet(rubric)
    with pytest.raises(AssessmentError, match="still without points: 1, 2, 3"):
        people.sheet_submit(sheet, chair)
    score_all(sheet, chair, [38, 28, 29], bonus=D(3))
    with pytest.raises(AssessmentError, match="need evidence for the points claimed: 4"):
        people.sheet_submit(sheet, chair)
    people.evidence_add(sheet.scores.get(kind="bonus"), chair, pdf())
    people.sheet_submit(sheet, chair)
    sheet.refresh_from_db()
    assert sheet.state == "submitted" and sheet.submitted_by == chair
    with pytest.raises(AssessmentError, match="no longer change"):
        score_all(sheet, chair, [40, 30, 30])


def test_evidence_goes_through_the_upload_policy(rubric, chair):
    sheet = build_person_sheet(rubric)
    with pytest.raises(AssessmentError):
        people.evidence_add(sheet.scores.get(kind="bonus"), chair,
                            SimpleUploadedFile("证书.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"))
    assert not sheet.scores.get(kind="bonus").evidence.exists()


def test_the_union_above_cannot_enter_a_teachers_self_scores(rubric, edu_officer):
    sheet = build_person_sheet(rubric)
    assert not people.may_self_score(edu_officer, sheet)
    with pytest.raises(AssessmentError, match="Only the union's officers enter"):
        score_all(sheet, edu_officer, [40, 30, 30])


# --- review by the union's own officers, never the one who entered the self-scores --------------
def test_whoever_entered_the_self_scores_may_not_review_them(rubric, chair, second_officer):
    sheet = build_person_sheet(rubric)
    score_all(sheet, chair, [40, 30, 30])
    people.sheet_submit(sheet, chair)
    assert not people.may_review(chair, sheet) and people.may_review(second_officer, sheet)
    with pytest.raises(AssessmentError, match="another officer of the union must review them"):
        people.sheet_review(sheet, chair, {})


def test_the_reviewer_changes_a_score_only_with_a_reason_and_the_sheet_becomes_final(rubric, chair, second_officer):
    sheet = build_person_sheet(rubric)
    score_all(sheet, chair, [40, 30, 30])
    people.sheet_submit(sheet, chair)
    first = rubric.items.get(position=1)
    with pytest.raises(AssessmentError, match="Say why when you change a self-score"):
        people.sheet_review(sheet, second_officer, {first.pk: {"points": "37"}})
    people.sheet_review(sheet, second_officer, {first.pk: {"points": "37", "remark": "集体教研缺席一次"}})
    sheet.refresh_from_db()
    assert sheet.state == "final" and sheet.finalised_by == second_officer
    assert people.sheet_total(list(sheet.scores.all()), rubric)[3] == D("97.00")  # 37 + 30 + 30


def test_the_union_above_does_not_review_a_schools_teachers(rubric, chair, edu_officer):
    sheet = build_person_sheet(rubric)
    score_all(sheet, chair, [40, 30, 30])
    people.sheet_submit(sheet, chair)
    with pytest.raises(AssessmentError, match="Only the union's own officers review"):
        people.sheet_review(sheet, edu_officer, {})


def test_a_returned_sheet_can_be_corrected_and_submitted_again(rubric, chair, second_officer):
    sheet = build_person_sheet(rubric)
    score_all(sheet, chair, [40, 30, 30])
    people.sheet_submit(sheet, chair)
    people.sheet_return(sheet, second_officer, "第1项分数偏高，请核实")
    score_all(sheet, chair, [39, 30, 30])
    people.sheet_submit(sheet, chair)
    assert PersonSheet.objects.get(pk=sheet.pk).state == "submitted"


# --- ranking with ties and grades --------------------------------------------------------------
def test_the_ranking_shares_a_rank_on_a_tie_and_grades_by_the_rubrics_thresholds(rubric, chair, second_officer):
    # Thresholds: 优秀 from 90, 合格 from 60 (the rubric's), else 不合格.
    final_sheet(rubric, "甲老师", [40, 30, 22], chair, second_officer, bonus=D(3))   # 92 + 3 = 95
    final_sheet(rubric, "乙老师", [40, 30, 25], chair, second_officer)               # 95
    final_sheet(rubric, "丙老师", [40, 30, 20], chair, second_officer, deduction=D(5))  # 90 - 5 = 85
    final_sheet(rubric, "丁老师", [20, 20, 19], chair, second_officer)               # 59
    rows = people.live_results(rubric)
    assert [(r.name, r.total, r.rank, r.grade_label) for r in rows] == [
        ("乙老师", D("95.00"), 1, "Excellent"), ("甲老师", D("95.00"), 1, "Excellent"),
        ("丙老师", D("85.00"), 3, "Pass"), ("丁老师", D("59.00"), 4, "Fail"),
    ]


def test_publishing_the_results_waits_for_every_sheet_and_freezes_them(rubric, chair, second_officer):
    final_sheet(rubric, "甲老师", [40, 30, 30], chair, second_officer)
    pending = build_person_sheet(rubric)
    with pytest.raises(AssessmentError, match="1 sheets are not final yet"):
        people.results_publish(rubric, chair)
    pending.delete()
    assert people.results_publish(rubric, chair) == 1
    sheet = rubric.sheets.get()
    assert (sheet.total, sheet.grade, sheet.rank) == (D("100.00"), "exemplary", 1)
    with pytest.raises(AssessmentError, match="already been published"):
        people.results_publish(rubric, chair)


# --- pages: the union above reads, exports; the member's record shows the result ----------------
def test_the_union_above_reads_the_ranking_once_published_and_exports_it(client, rubric, chair, second_officer,
                                                                        edu_officer):
    final_sheet(rubric, "甲老师", [40, 30, 25], chair, second_officer)
    client.force_login(edu_officer)
    page = reverse("assessment:people_results", args=[rubric.pk])
    assert "The results have not been published yet." in client.get(page).content.decode()
    assert client.get(reverse("assessment:people_export", args=[rubric.pk])).status_code == 302
    people.results_publish(rubric, chair)
    html = client.get(page).content.decode()
    assert "甲老师" in html and "95.00" in html
    response = client.get(reverse("assessment:people_export", args=[rubric.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 1  # the ranking only: the item scores sheet is the school's own
    row = [c.value for c in book.worksheets[0][2]]
    assert row[:3] == [1, "甲老师", rubric.union.name] and row[4] == 95  # rank, name, branch, post, total
    # Read only: the union above may not change the rubric or publish anything.
    assert client.post(reverse("assessment:people_item_add", args=[rubric.pk]), {}).status_code == 403
    assert client.post(reverse("assessment:people_results_publish", args=[rubric.pk])).status_code == 403


def test_another_school_sees_nothing_of_this_schools_assessment(client, rubric, education):
    other = user_with(Role.UNION_CHAIR, GrassrootsFactory(name="测试县第二中学工会", parent=education.union))
    sheet = build_person_sheet(rubric)
    client.force_login(other)
    assert client.get(reverse("assessment:people_rubric", args=[rubric.pk])).status_code == 404
    assert client.get(reverse("assessment:people_sheet", args=[sheet.pk])).status_code == 404
    assert rubric.title not in client.get(reverse("assessment:people_index")).content.decode()


def test_the_members_record_has_an_assessments_tab_with_the_published_result(client, rubric, chair, second_officer):
    sheet = final_sheet(rubric, "甲老师", [40, 30, 25], chair, second_officer)
    people.results_publish(rubric, chair)
    client.force_login(chair)
    html = client.get(reverse("members:member_detail", args=[sheet.member_id])).content.decode()
    assert 'id="tab-assessments"' in html and rubric.title in html and "95.00" in html


def test_a_sheet_posted_with_a_bad_number_is_a_message_not_an_error_page(client, rubric, chair):
    sheet = build_person_sheet(rubric)
    item = rubric.items.get(position=1)
    client.force_login(chair)
    response = client.post(reverse("assessment:people_sheet_scores", args=[sheet.pk]),
                           {f"points-{item.pk}": "abc"}, follow=True)
    assert response.status_code == 200
    assert "Enter the points as a number" in response.content.decode()


def test_a_double_start_of_the_sheets_adds_each_member_once(client, rubric, chair, education):
    MemberFactory(union=education.school)
    client.force_login(chair)
    url = reverse("assessment:people_start", args=[rubric.pk])
    client.post(url, {"scope": "all"})
    client.post(url, {"scope": "all"})
    assert rubric.sheets.count() == 1



def test_the_ranking_pdf_is_provisional_for_the_school_and_hidden_from_above_until_published(
        rubric, chair, second_officer, edu_officer):
    from assessment.models import PeopleRanking
    from unionadmin.documents import rendering
    from unionadmin.documents.kinds import registry

    final_sheet(rubric, "甲老师", [40, 30, 25], chair, second_officer)
    kind = registry.get("people_ranking")
    assert kind.model.objects.visible_to(chair).filter(pk=rubric.pk).exists()
    assert not kind.model.objects.visible_to(edu_officer).filter(pk=rubric.pk).exists()
    text = rendering.render_html(kind, PeopleRanking.objects.get(pk=rubric.pk), {}, "en")
    assert "Provisional" in text and "甲老师" in text and "95.00" in text
    people.results_publish(rubric, chair)
    assert kind.model.objects.visible_to(edu_officer).filter(pk=rubric.pk).exists()
    text = rendering.render_html(kind, PeopleRanking.objects.get(pk=rubric.pk), {}, "en")
    assert "Provisional" not in text and "Excellent" in text


def test_starting_for_a_branch_without_choosing_one_is_a_form_error(client, rubric, chair):
    client.force_login(chair)
    response = client.post(reverse("assessment:people_start", args=[rubric.pk]), {"scope": "branch"})
    assert response.status_code == 200 and "Choose the branch." in response.content.decode()
    assert not rubric.sheets.exists()


def test_submitting_an_incomplete_sheet_keeps_what_was_entered_and_says_what_is_missing(client, rubric, chair):
    sheet = build_person_sheet(rubric)
    first = rubric.items.get(position=1)
    client.force_login(chair)
    response = client.post(reverse("assessment:people_sheet_scores", args=[sheet.pk]),
                           {f"points-{first.pk}": "39", "submit": "1"}, follow=True)
    assert "still without points: 2, 3" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.state == "draft" and sheet.scores.get(item=first).self_points == D("39.00")


def test_a_teacher_who_left_is_not_offered_for_a_new_sheet(rubric, education):
    MemberFactory(union=education.school, status=Member.Status.TRANSFERRED, left_on=datetime.date(2026, 1, 5))
    assert not people.eligible_members(rubric).exists()
