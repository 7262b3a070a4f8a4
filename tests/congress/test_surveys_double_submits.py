"""Survey forms sent twice at once (a double click): one record, and the second request reads
why — never a server error (two threads, own connections, real PostgreSQL; tests/concurrency.py)."""
import pytest
from django.urls import reverse

from congress.models import Survey, SurveyParticipation, SurveyResponse
from tests.concurrency import assert_no_server_error_and_told, post_at_once, writes_meet
from tests.factories import RoleAssignmentFactory
from unionadmin.roles import Role

from .factories_surveys import survey_with_questions

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_survey_created_twice_at_once(county):
    officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user
    url = reverse("congress:survey_create")
    with writes_meet(Survey):
        responses = post_at_once(officer, url, {"union": county.a.pk, "title": "年度测评", "opens_on": "2026-12-10",
                                                "closes_on": "2026-12-20"}, referer=url)
    assert_no_server_error_and_told(responses, "This union already has a survey with this title opening on this day.")
    assert Survey.objects.count() == 1


def test_a_survey_answered_twice_at_once(county, member_login):
    survey = survey_with_questions(county.a)
    user, member = member_login(union=county.a)
    by_kind = {q.kind: q.pk for q in survey.questions.all()}
    data = {f"q{by_kind['rating']}": "5", f"q{by_kind['choice']}": "文体活动", f"q{by_kind['text']}": ""}
    url = reverse("congress_portal:survey", args=[survey.pk])
    with writes_meet(SurveyParticipation):
        responses = post_at_once(user, url, data, referer=url)
    assert_no_server_error_and_told(responses, "You have already answered this survey.")
    assert SurveyParticipation.objects.filter(member=member).count() == 1
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
