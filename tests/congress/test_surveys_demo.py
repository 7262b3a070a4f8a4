"""The demo county's satisfaction surveys: an open anonymous survey with answers and last year's
closed one at three unions, a draft at the first; loaded once; the results page reads them."""
import pytest
from django.contrib.auth import get_user_model

from congress.demo_surveys import load_demo_surveys
from congress.models import Survey, SurveyAnswer, SurveyParticipation, SurveyResponse
from unionadmin.demo import load_demo
from unionadmin.demo.data import LOGINS

pytestmark = pytest.mark.django_db


def test_load_demo_makes_open_closed_and_draft_surveys_with_answers(client):
    federation = load_demo(members=200).federation
    users = {login.username: get_user_model().objects.get(username=login.username) for login in LOGINS}
    assert load_demo_surveys(federation, users) == 7
    assert load_demo_surveys(federation, users) == 0  # loaded once
    states = list(Survey.objects.values_list("state", flat=True))
    assert states.count("open") == 3 and states.count("closed") == 3 and states.count("draft") == 1
    assert SurveyParticipation.objects.count() == SurveyResponse.objects.count() > 0
    assert not SurveyResponse.objects.filter(member__isnull=False).exists()  # all anonymous
    assert SurveyAnswer.objects.exclude(text="").exists()

    client.force_login(users["fed_admin"])
    for survey in Survey.objects.exclude(state="draft"):
        assert client.get(f"/congress/surveys/{survey.pk}/results/").status_code == 200
