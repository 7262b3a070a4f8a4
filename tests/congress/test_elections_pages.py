"""The union congress pages: who sees and acts on what, bad input as messages, the union's tab,
and the demo county's congresses."""
import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from congress import elections
from congress.models import Candidate, UnionCongress
from tests.factories import RoleAssignmentFactory
from unionadmin.roles import Role

from .factories_elections import union_with_branches

Body = Candidate.Body


def _logged_in(client, role, organisation):
    user = RoleAssignmentFactory(role=role, organisation=organisation).user
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the pages in English, as the person reads them
    return user


@pytest.fixture
def reported(county):
    """Union A's members' meeting with its results reported to the county federation."""
    union = union_with_branches(county)
    congress = elections.congress_create(county.a, kind=UnionCongress.Kind.MEMBERS, held_on=timezone.localdate()
                                         - datetime.timedelta(days=3), committee_seats=3, vice_chair_seats=1,
                                         audit_seats=1, entitled=12, present=10)
    people = union.people["second"]
    for person in people[:4]:
        elections.candidate_add(congress, Body.COMMITTEE, person)
    elections.candidate_add(congress, Body.CHAIR, people[0])
    elections.candidate_add(congress, Body.VICE_CHAIR, people[1])
    for person in people[5:7]:
        elections.candidate_add(congress, Body.AUDIT, person)
    elections.open_voting(congress)
    for body, votes in ((Body.COMMITTEE, (9, 8, 7, 1)), (Body.CHAIR, (9,)), (Body.VICE_CHAIR, (8,)),
                        (Body.AUDIT, (7, 2))):
        box = elections.box_create(congress, body=body, label="合计", issued=10, returned=10, valid=10)
        elections.votes_enter(box, dict(zip(congress.candidates.filter(body=body).order_by("pk"), votes)))
    elections.report(congress)
    congress.refresh_from_db()
    return congress


def test_the_union_chair_posting_approve_is_refused_and_nothing_changes(client, reported, county):
    _logged_in(client, Role.UNION_CHAIR, county.a)
    page = client.get(f"/congress/union-congresses/{reported.pk}/").content.decode()
    assert "Reported for approval" in page and "Approve the results" not in page
    # The chair sees the congress but may not approve it: forbidden, not hidden.
    assert client.post(f"/congress/union-congresses/{reported.pk}/approve/").status_code == 403
    reported.refresh_from_db()
    assert reported.state == UnionCongress.State.REPORTED


def test_an_officer_of_another_union_gets_404(client, reported, county):
    _logged_in(client, Role.UNION_OFFICER, county.b)
    assert client.get(f"/congress/union-congresses/{reported.pk}/").status_code == 404
    assert client.post(f"/congress/union-congresses/{reported.pk}/approve/").status_code == 404


def test_the_federation_returns_the_results_with_a_reason(client, reported, county):
    _logged_in(client, Role.FEDERATION_ADMIN, county.federation)
    response = client.post(f"/congress/union-congresses/{reported.pk}/return/", {"reason": ""})
    assert "This field is required." in response.content.decode()
    response = client.post(f"/congress/union-congresses/{reported.pk}/return/", {"reason": "监票人未签字"}, follow=True)
    assert "The results were returned to" in response.content.decode()
    reported.refresh_from_db()
    assert (reported.state, reported.return_reason) == (UnionCongress.State.RETURNED, "监票人未签字")


def test_a_ballot_box_entered_twice_is_a_message(client, county):
    union = union_with_branches(county)
    congress = elections.congress_create(union.org, kind=UnionCongress.Kind.MEMBERS, held_on=timezone.localdate(),
                                         entitled=20, present=20)
    congress.state = UnionCongress.State.VOTING
    congress.save()
    _logged_in(client, Role.UNION_OFFICER, county.a)
    data = {"body": Body.CHAIR, "round": 1, "label": "1", "issued": 5, "returned": 5, "valid": 5}
    assert client.post(f"/congress/union-congresses/{congress.pk}/boxes/new/", data).status_code == 302
    response = client.post(f"/congress/union-congresses/{congress.pk}/boxes/new/", data)
    assert "This ballot box is already entered for this election." in response.content.decode()


def test_the_union_page_shows_the_committee_tab_after_approval(client, reported, county):
    federation = _logged_in(client, Role.FEDERATION_ADMIN, county.federation)
    elections.approve(reported, by=federation)
    page = client.get(f"/organisations/{county.a.pk}/").content.decode()
    assert 'data-bs-target="#tab-committee"' in page
    reported.refresh_from_db()
    assert f"re-election due on {reported.committee_term.ends_on:%Y-%m-%d}" in page


@pytest.mark.django_db
def test_the_demo_county_has_an_approved_congress_and_one_in_preparation():
    from django.contrib.auth import get_user_model

    from congress.demo_elections import load_demo_elections
    from congress.models import BallotBox, BoxVote, DelegateQuota, UnionDelegate
    from unionadmin.demo import load_demo
    from unionadmin.demo.data import LOGINS

    federation = load_demo(members=400).federation
    users = {login.username: get_user_model().objects.get(username=login.username) for login in LOGINS}
    assert load_demo_elections(federation, users) == {"union_congresses": 2}
    assert load_demo_elections(federation, users) == {"union_congresses": 0}  # once only
    approved = UnionCongress.objects.get(state=UnionCongress.State.APPROVED)
    assert approved.union.short_name == "县一中工会" and approved.committee_term.number == 8
    assert approved.union.chair_name
    preparing = UnionCongress.objects.get(state=UnionCongress.State.PREPARING)
    assert preparing.union.short_name == "恒达机械工会"
    for model in (DelegateQuota, UnionDelegate, Candidate, BallotBox, BoxVote):
        assert model.objects.exists(), model


def test_the_list_page_reads_the_same_number_of_queries_for_one_or_many_congresses(client, county):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _logged_in(client, Role.FEDERATION_ADMIN, county.federation)
    elections.congress_create(county.a, held_on=timezone.localdate())

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/congress/union-congresses/").status_code == 200
        return len(captured)

    one = queries()
    for number in range(2, 7):
        elections.congress_create(county.b if number % 2 else county.a, number=number, held_on=timezone.localdate())
    assert queries() == one


def test_the_office_takes_off_a_wrong_candidate_and_another_union_cannot(client, county):
    union = union_with_branches(county)
    congress = elections.congress_create(union.org, kind=UnionCongress.Kind.MEMBERS, held_on=timezone.localdate())
    wrong = elections.candidate_add(congress, Body.CHAIR, union.people["second"][0])
    _logged_in(client, Role.UNION_OFFICER, county.b)
    assert client.post(f"/congress/election-candidates/{wrong.pk}/remove/").status_code == 404
    _logged_in(client, Role.UNION_OFFICER, county.a)
    page = client.get(f"/congress/union-congresses/{congress.pk}/").content.decode()
    assert f"Remove {wrong.member.name}" in page
    response = client.post(f"/congress/election-candidates/{wrong.pk}/remove/", follow=True)
    assert f"{wrong.member.name} is no longer a candidate for chair." in response.content.decode()
    assert not congress.candidates.exists()


def test_the_page_shows_each_round_and_who_reported(client, reported, county):
    page = _logged_in(client, Role.FEDERATION_ADMIN, county.federation) and client.get(
        f"/congress/union-congresses/{reported.pk}/").content.decode()
    assert "Round 1 for 3 seats: 10 voting of 10 ballots issued; elected with 6 votes or more" in page
    assert "Entitled to vote: 12; present: 10." in page
    assert "more than half of those voting (the ballots returned in that round" in page
