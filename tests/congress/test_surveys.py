"""Satisfaction surveys, the officer's side: writing a survey with its three kinds of question,
opening it, the results (and that an anonymous survey's results name nobody), and scope."""
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from congress import surveys
from congress.models import Survey, SurveyAnswer, SurveyParticipation, SurveyResponse
from tests.factories import BranchFactory, MemberFactory, RoleAssignmentFactory
from unionadmin.roles import Role

from .factories_surveys import SurveyFactory, survey_with_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_a(county):
    return RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user


@pytest.fixture
def officer_b(county):
    return RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.b).user


def test_officer_creates_a_survey_with_three_kinds_of_question_and_opens_it(english, county, officer_a):
    client = english
    client.force_login(officer_a)
    today = timezone.localdate()
    response = client.post("/congress/surveys/new/", {
        "union": county.a.pk, "title": "2026年职工满意度测评", "intro": "请如实填写。",
        "opens_on": today.isoformat(), "closes_on": (today + datetime.timedelta(days=10)).isoformat(),
        "anonymous": "on",
    })
    survey = Survey.objects.get(title="2026年职工满意度测评")
    assert response.status_code == 302 and response["Location"] == f"/congress/surveys/{survey.pk}/"
    assert survey.state == Survey.State.DRAFT and survey.anonymous and survey.union == county.a

    page = client.get(f"/congress/surveys/{survey.pk}/")
    assert "Open the survey" in page.content.decode()
    # Opening a survey without questions is refused with a message.
    page = client.post(f"/congress/surveys/{survey.pk}/open/", follow=True)
    assert "Add at least one question before opening the survey." in page.content.decode()

    add = f"/congress/surveys/{survey.pk}/questions/new/"
    client.post(add, {"text": "您对工会工作总体满意吗？", "kind": "rating", "required": "on"})
    page = client.post(add, {"text": "您最希望开展哪类活动？", "kind": "choice", "options": "文体活动", "required": "on"})
    assert "A choice question needs at least two options, one per line." in page.content.decode()
    client.post(add, {"text": "您最希望开展哪类活动？", "kind": "choice", "options": "文体活动\n技能培训\n\n文体活动",
                      "required": "on"})
    client.post(add, {"text": "您还有什么建议？", "kind": "text"})
    questions = list(survey.questions.order_by("position"))
    assert [(q.position, q.kind, q.required) for q in questions] == [
        (1, "rating", True), (2, "choice", True), (3, "text", False)]
    assert questions[1].option_list == ["文体活动", "技能培训"]

    page = client.post(f"/congress/surveys/{survey.pk}/open/", follow=True)
    survey.refresh_from_db()
    assert survey.state == Survey.State.OPEN
    assert "The survey is open" in page.content.decode()
    # Once open, the questions are fixed.
    page = client.post(add, {"text": "再加一题", "kind": "text"}, follow=True)
    assert survey.questions.count() == 3
    assert "This step is not possible for this record now" in page.content.decode()
    page = client.post(f"/congress/surveys/{survey.pk}/close/", follow=True)
    survey.refresh_from_db()
    assert survey.state == Survey.State.CLOSED


def test_removing_a_question_numbers_the_rest_again(county):
    survey = SurveyFactory(union=county.a, state=Survey.State.DRAFT)
    first = surveys.question_add(survey, text="一", kind="rating")
    surveys.question_add(survey, text="二", kind="text")
    surveys.question_add(survey, text="三", kind="text")
    surveys.question_remove(first)
    assert list(survey.questions.values_list("position", "text")) == [(1, "二"), (2, "三")]


def test_closing_day_before_opening_day_is_refused_on_the_form(english, county, officer_a):
    english.force_login(officer_a)
    response = english.post("/congress/surveys/new/", {
        "union": county.a.pk, "title": "测评", "opens_on": "2026-12-10", "closes_on": "2026-12-01"})
    assert response.status_code == 200
    assert "A survey closes on or after the day it opens." in response.content.decode()
    assert not Survey.objects.exists()


def _answer(survey, member, rating, choice, text=""):
    questions = {q.kind: q.pk for q in survey.questions.all()}
    return surveys.survey_answer(survey, member, {questions["rating"]: rating, questions["choice"]: choice,
                                                   questions["text"]: text})


def test_results_count_rate_average_distribution_choices_and_texts(english, county, officer_a):
    survey = survey_with_questions(county.a, anonymous=False)
    branch = BranchFactory(parent=county.a)
    people = [MemberFactory(union=county.a, name="张三"), MemberFactory(union=county.a, name="李四"),
              MemberFactory(union=branch, name="王五"), MemberFactory(union=county.a, name="赵六")]
    _answer(survey, people[0], 5, "文体活动", "多组织篮球赛")
    _answer(survey, people[1], 4, "技能培训")
    _answer(survey, people[2], 4, "文体活动", "食堂再好一点")

    results = surveys.survey_results(survey)
    assert results["responses"] == 3 and results["members"] == 4 and results["rate"] == 75.0
    rating, choice, text = results["questions"]
    assert rating["average"] == 4.33
    assert [(d["value"], d["count"]) for d in rating["distribution"]] == [(1, 0), (2, 0), (3, 0), (4, 2), (5, 1)]
    assert [(c["option"], c["count"]) for c in choice["choices"]] == [("文体活动", 2), ("技能培训", 1), ("困难帮扶", 0)]
    assert sorted((t["text"], t["name"]) for t in text["texts"]) == [("多组织篮球赛", "张三"), ("食堂再好一点", "王五")]

    english.force_login(officer_a)
    page = english.get(f"/congress/surveys/{survey.pk}/results/").content.decode()
    assert "75.0" in page and "4.33" in page and "多组织篮球赛" in page and "张三" in page

    export = english.get(f"/congress/surveys/{survey.pk}/results.xlsx")
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Responses", None, 3, None] in cells
    assert any(row[1] == "多组织篮球赛" and row[2] == "张三" for row in cells)


def test_anonymous_survey_results_and_rows_name_nobody(english, county, officer_a):
    survey = survey_with_questions(county.a, anonymous=True)
    zhang = MemberFactory(union=county.a, name="张三丰")
    li = MemberFactory(union=county.a, name="李四光")
    _answer(survey, li, 5, "文体活动", "很满意")
    _answer(survey, zhang, 2, "困难帮扶", "加班太多")

    # Who answered is known (once each); what they answered is stored without them.
    assert set(SurveyParticipation.objects.filter(survey=survey).values_list("member__name", flat=True)) == {
        "张三丰", "李四光"}
    assert list(SurveyResponse.objects.filter(survey=survey).values_list("member", "submitted_at")) == [
        (None, None), (None, None)]
    assert not hasattr(SurveyResponse, "history") and not hasattr(SurveyAnswer, "history")

    english.force_login(officer_a)
    page = english.get(f"/congress/surveys/{survey.pk}/results/").content.decode()
    assert "加班太多" in page and "很满意" in page
    assert "张三丰" not in page and "李四光" not in page
    # The free texts come in the order of their words, not of who answered first.
    assert page.index("加班太多") < page.index("很满意")
    export = english.get(f"/congress/surveys/{survey.pk}/results.xlsx")
    assert "张三丰".encode() not in export.content


def test_officer_of_another_union_gets_404(client, county, officer_b):
    survey = survey_with_questions(county.a)
    client.force_login(officer_b)
    for url in (f"/congress/surveys/{survey.pk}/", f"/congress/surveys/{survey.pk}/results/",
                f"/congress/surveys/{survey.pk}/results.xlsx"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/congress/surveys/{survey.pk}/close/").status_code == 404
    survey.refresh_from_db()
    assert survey.state == Survey.State.OPEN
    assert survey.title not in client.get("/congress/surveys/").content.decode()


def test_a_reviewer_reads_but_cannot_open_or_close(client, county):
    survey = survey_with_questions(county.a)
    reviewer = RoleAssignmentFactory(role=Role.FEDERATION_REVIEWER, organisation=county.federation).user
    client.force_login(reviewer)
    assert client.get(f"/congress/surveys/{survey.pk}/results/").status_code == 200
    assert client.post(f"/congress/surveys/{survey.pk}/close/").status_code == 403


def test_the_same_survey_sent_twice_is_made_once(english, county, officer_a):
    english.force_login(officer_a)
    data = {"union": county.a.pk, "title": "重复测评", "opens_on": "2026-12-10", "closes_on": "2026-12-20"}
    english.post("/congress/surveys/new/", data)
    response = english.post("/congress/surveys/new/", data)
    assert response.status_code == 200
    assert "This union already has a survey with this title opening on this day." in response.content.decode()
    assert Survey.objects.filter(title="重复测评").count() == 1
