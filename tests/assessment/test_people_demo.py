"""The demo: 青溪县第一中学 scored its teachers last year — every model of assessing people
filled, reviewed by a second officer of the school's union, results published and readable by
the education union above; loading twice adds nothing."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessment.demo_people import TEACHERS, load_demo_people
from assessment.models import PeopleItem, PeopleRubric, PersonEvidence, PersonScore, PersonSheet
from unionadmin.demo import load_demo
from unionadmin.demo.data import LOGINS


@pytest.fixture
def demo(db):
    federation = load_demo(members=300).federation
    User = get_user_model()
    users = {login.username: User.objects.get(username=login.username) for login in LOGINS}
    return federation, users, load_demo_people(federation, users)


def test_the_school_scored_its_teachers_and_published_the_ranking(demo, client):
    federation, users, summary = demo
    rubric = summary["rubric"]
    assert summary["created"] and "第一中学" in rubric.union.name and "师德量化考核" in rubric.title
    assert PeopleItem.objects.filter(rubric=rubric).count() == 7
    sheets = PersonSheet.objects.filter(rubric=rubric)
    assert sheets.count() == TEACHERS and set(sheets.values_list("state", flat=True)) == {"final"}
    assert PersonScore.objects.filter(sheet__rubric=rubric).count() == TEACHERS * 7
    assert PersonEvidence.objects.filter(score__sheet__rubric=rubric).exists()
    # Teachers only (not the school doctor or the caretakers).
    assert all("教师" in post for post in sheets.values_list("member__post", flat=True))
    # Entered by the chair, reviewed by the other officer: never the same person.
    assert not sheets.filter(finalised_by=users["officer_school"]).exists()
    assert rubric.results_published and {"exemplary", "standard"} <= set(sheets.values_list("grade", flat=True))
    # The education union above reads the published ranking.
    edu_staff = get_user_model().objects.get(username="edu_union")  # the demo's education-union login
    assert edu_staff.role_assignments.filter(organisation=rubric.union.parent).exists()
    client.force_login(edu_staff)
    assert client.get(reverse("assessment:people_results", args=[rubric.pk])).status_code == 200
    evidence = PersonEvidence.objects.filter(score__sheet__rubric=rubric).first()
    assert client.get(reverse("assessment:people_evidence", args=[evidence.pk])).status_code == 404
    assert load_demo_people(federation, users)["created"] is False
    assert PeopleRubric.objects.filter(union=rubric.union).count() == 1
