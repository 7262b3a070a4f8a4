"""Satisfaction surveys in the member portal: a member answers once, a second answer and a
closed survey are refused with a message, another union's survey is a 404 by its pk, and the
portal offers "answer a survey" only while there is one to answer."""
import datetime

import pytest
from django.utils import timezone

from congress.models import Survey, SurveyAnswer, SurveyParticipation, SurveyResponse
from tests.factories import BranchFactory, MemberFactory, RoleAssignmentFactory, UserFactory
from unionadmin.portal import actions_for
from unionadmin.roles import Role

from .factories_surveys import SurveyFactory, survey_with_questions

pytestmark = pytest.mark.django_db


def answers(survey, rating="4", choice="技能培训", text="希望多办培训"):
    by_kind = {q.kind: q.pk for q in survey.questions.all()}
    return {f"q{by_kind['rating']}": rating, f"q{by_kind['choice']}": choice, f"q{by_kind['text']}": text}


@pytest.fixture
def member_a(county, member_login, english):
    user, member = member_login(union=county.a, name="周小红")
    english.force_login(user)
    return member


def test_member_answers_a_survey_once_from_the_portal(english, county, member_a):
    survey = survey_with_questions(county.a, title="2026年度职工满意度测评")
    assert [a.key for a in actions_for(member_a)].count("congress_survey") == 1

    listing = english.get("/me/congress/surveys/").content.decode()
    assert "2026年度职工满意度测评" in listing and "Open" in listing
    page = english.get(f"/me/congress/surveys/{survey.pk}/").content.decode()
    assert "您对工会工作总体满意吗？" in page and "文体活动" in page and "Send my answers" in page
    assert "Anonymous: your answers are kept without your name" in page

    response = english.post(f"/me/congress/surveys/{survey.pk}/", answers(survey), follow=True)
    assert "Thank you: your answers were recorded." in response.content.decode()
    assert "Answered" in response.content.decode()
    participation = SurveyParticipation.objects.get(survey=survey)
    assert participation.member == member_a
    assert sorted(str(a.value) for a in SurveyAnswer.objects.filter(response__survey=survey)) == sorted(
        ["4", "技能培训", "希望多办培训"])
    assert "congress_survey" not in [a.key for a in actions_for(member_a)]

    # The second answer (a double click, the back button) is refused with a message.
    again = english.post(f"/me/congress/surveys/{survey.pk}/", answers(survey, rating="1"), follow=True)
    assert again.status_code == 200
    assert "You have already answered this survey." in again.content.decode()
    assert SurveyParticipation.objects.filter(survey=survey).count() == 1
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert "You answered this survey on" in english.get(f"/me/congress/surveys/{survey.pk}/").content.decode()


def test_a_required_question_left_empty_is_asked_again(english, county, member_a):
    survey = survey_with_questions(county.a)
    data = answers(survey)
    data.pop(next(k for k in data if data[k] == "4"))
    response = english.post(f"/me/congress/surveys/{survey.pk}/", data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not SurveyParticipation.objects.exists()


def test_a_value_outside_the_options_is_refused_not_a_500(english, county, member_a):
    survey = survey_with_questions(county.a)
    response = english.post(f"/me/congress/surveys/{survey.pk}/", answers(survey, rating="9", choice="<script>"))
    assert response.status_code == 200
    assert not SurveyParticipation.objects.exists()


def test_a_closed_survey_takes_no_answers(english, county, member_a):
    closed = survey_with_questions(county.a, state=Survey.State.CLOSED)
    past = survey_with_questions(county.a, opens_on=timezone.localdate() - datetime.timedelta(days=10),
                                 closes_on=timezone.localdate() - datetime.timedelta(days=1))
    for survey in (closed, past):
        page = english.get(f"/me/congress/surveys/{survey.pk}/").content.decode()
        assert "This survey is closed; answers are no longer taken." in page and "Send my answers" not in page
        response = english.post(f"/me/congress/surveys/{survey.pk}/", answers(survey), follow=True)
        assert "This survey is closed; answers are no longer taken." in response.content.decode()
    assert not SurveyParticipation.objects.exists()
    assert "congress_survey" not in [a.key for a in actions_for(member_a)]


def test_a_survey_not_open_yet_takes_no_answers(english, county, member_a):
    survey = survey_with_questions(county.a, opens_on=timezone.localdate() + datetime.timedelta(days=3))
    response = english.post(f"/me/congress/surveys/{survey.pk}/", answers(survey), follow=True)
    assert "This survey is not open yet." in response.content.decode()
    assert not SurveyParticipation.objects.exists()


def test_a_member_of_union_b_cannot_see_union_a_survey(english, county, member_login):
    survey = survey_with_questions(county.a, title="甲工会专属测评")
    draft = SurveyFactory(union=county.b, state=Survey.State.DRAFT)
    user, member_b = member_login(union=county.b)
    english.force_login(user)
    assert english.get(f"/me/congress/surveys/{survey.pk}/").status_code == 404
    assert english.post(f"/me/congress/surveys/{survey.pk}/", answers(survey)).status_code == 404
    assert english.get(f"/me/congress/surveys/{draft.pk}/").status_code == 404  # a draft: not yet for members
    assert "甲工会专属测评" not in english.get("/me/congress/surveys/").content.decode()
    assert not SurveyParticipation.objects.exists()
    assert "congress_survey" not in [a.key for a in actions_for(member_b)]


def test_a_member_of_a_branch_answers_the_union_survey(english, county, member_login):
    survey = survey_with_questions(county.a)
    user, member = member_login(union=BranchFactory(parent=county.a))
    english.force_login(user)
    english.post(f"/me/congress/surveys/{survey.pk}/", answers(survey))
    assert SurveyParticipation.objects.get(survey=survey).member == member


def test_a_member_who_left_sees_no_survey(english, county, member_login):
    survey = survey_with_questions(county.a)
    user, member = member_login(union=county.a)
    member.status = "withdrawn"
    member.save(update_fields=["status"])
    english.force_login(user)
    assert english.get(f"/me/congress/surveys/{survey.pk}/").status_code == 404


def test_staff_who_are_not_members_get_403_for_their_union_survey_and_404_for_another(client, county):
    own = survey_with_questions(county.a)
    other = survey_with_questions(county.b)
    officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user
    client.force_login(officer)
    assert client.get(f"/me/congress/surveys/{own.pk}/").status_code == 403
    assert client.get(f"/me/congress/surveys/{other.pk}/").status_code == 404
    assert client.get("/me/congress/surveys/").status_code == 403
    client.force_login(UserFactory())
    assert client.get(f"/me/congress/surveys/{own.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, county):
    survey = survey_with_questions(county.a)
    for url in ("/me/congress/surveys/", f"/me/congress/surveys/{survey.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_shows_each_state(english, county, member_a):
    survey_with_questions(county.a, title="进行中的测评")
    survey_with_questions(county.a, title="已结束的测评", state=Survey.State.CLOSED)
    answered = survey_with_questions(county.a, title="已答的测评")
    SurveyParticipation.objects.create(survey=answered, member=member_a)
    page = english.get("/me/congress/surveys/").content.decode()
    assert page.index("进行中的测评") < page.index("已答的测评") < page.index("已结束的测评")
    assert "Answered" in page and "Closed" in page and "Open" in page


def test_member_other_than_the_survey_union_of_same_county_is_not_counted(county):
    """The response rate counts the union's own current members (its subtree), not the county's."""
    from congress import surveys

    survey = survey_with_questions(county.a)
    MemberFactory(union=county.a)
    MemberFactory(union=county.b)
    assert surveys.current_member_count(survey) == 1
