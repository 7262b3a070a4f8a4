"""换届 after review: one way to write a committee term (an approved congress takes over a term
recorded by hand for the same day, keeps the terms in order and leaves history), a union's
officer cannot clear their own overdue 换届 by recording the next term, a branch's term is not an
extra union in 按期换届率, the unions with no term show as incomplete data on the dashboard, and
the 换届 list is filed under the home page."""
import datetime

import pytest
from django.urls import reverse

from congress import elections
from congress.models import CommitteeTerm, UnionCongress
from congress.reelection import committee_term_record, count_terms
from congress.services import CongressError
from tests.factories import BranchFactory, GrassrootsFactory

from .factories_elections import UnionCongressFactory
from .factories_reelection import CommitteeTermFactory
from .test_reelection import TODAY, ago, pages_in_english  # noqa: F401  (the pages in English, autouse)


def reported_congress(union, held_on):
    """A congress whose results were reported to the union above (nobody elected: only its
    committee term matters here)."""
    return UnionCongressFactory(union=union, held_on=held_on, term_years=5, state=UnionCongress.State.REPORTED,
                                reported_on=held_on)


def terms_of(union):
    return list(CommitteeTerm.objects.filter(union=union).order_by("number").values_list(
        "number", "starts_on", "succeeded_on"))


# --- one path: the approved congress and the hand record agree ---------------------------------

def test_a_term_recorded_by_hand_is_taken_over_by_the_congress_of_that_day(county, federation_admin):
    """The federation recorded the 换届 by hand, then approves the union's congress of the same
    day: the union keeps ONE term for that election, now marked as the congress's."""
    day = ago(days=10)
    committee_term_record(county.a, number=1, length_years=5, starts_on=datetime.date(2019, 5, 1))
    by_hand = committee_term_record(county.a, number=2, length_years=3, starts_on=day, note="补录")
    congress = elections.approve(reported_congress(county.a, day), by=federation_admin)
    assert terms_of(county.a) == [(1, datetime.date(2019, 5, 1), day), (2, day, None)]
    by_hand.refresh_from_db()
    assert congress.committee_term == by_hand
    assert by_hand.length_years == 5 and by_hand.ends_on == day.replace(year=day.year + 5)
    assert by_hand.note == "补录"


def test_a_congress_held_before_a_recorded_term_is_refused_at_approval(county, federation_admin):
    committee_term_record(county.a, number=7, length_years=5, starts_on=ago(days=5))
    congress = reported_congress(county.a, ago(days=30))
    with pytest.raises(CongressError, match="Term 7 is recorded as elected on .*after this congress"):
        elections.approve(congress, by=federation_admin)
    congress.refresh_from_db()
    assert congress.state == UnionCongress.State.REPORTED
    assert terms_of(county.a) == [(7, ago(days=5), None)]


def test_the_previous_terms_end_is_in_its_history(county, federation_admin):
    """The old term's end (succeeded_on) is saved with a history row, not a silent update."""
    old = committee_term_record(county.a, number=3, length_years=5, starts_on=ago(years=5, months=1))
    elections.approve(reported_congress(county.a, ago(days=3)), by=federation_admin)
    assert [h.succeeded_on for h in old.history.order_by("history_date")] == [None, ago(days=3)]


def test_a_term_from_an_approved_congress_keeps_its_dates_on_the_terms_page(client, county, federation_admin):
    congress = elections.approve(reported_congress(county.a, ago(days=20)), by=federation_admin)
    term = congress.committee_term
    client.force_login(federation_admin)
    listing = client.get(reverse("congress:committee_term_list", args=[county.a.pk])).content.decode()
    assert "elected by an approved congress" in listing
    client.post(reverse("congress:committee_term_update", args=[term.pk]),
                {"number": 9, "length_years": 3, "starts_on": TODAY.isoformat(), "note": "换届大会选举产生"})
    term.refresh_from_db()
    assert (term.number, term.length_years, term.starts_on, term.note) == (1, 5, ago(days=20), "换届大会选举产生")
    with pytest.raises(CongressError, match="only its note can be changed"):
        committee_term_record(county.a, number=1, length_years=5, starts_on=ago(days=19), term=term)


# --- who records a new term ---------------------------------------------------------------------

@pytest.fixture
def overdue_a(county):
    return CommitteeTermFactory(union=county.a, number=1, length_years=5, starts_on=ago(years=5, months=1))


def test_a_union_officer_cannot_clear_their_overdue_reelection_by_hand(client, county, overdue_a, officer_a):
    client.force_login(officer_a)
    url = reverse("congress:committee_term_create", args=[county.a.pk])
    page = client.get(url, follow=True).content.decode()
    assert "甲公司工会 already has a committee term" in page
    client.post(url, {"number": 2, "length_years": 5, "starts_on": TODAY.isoformat(), "note": ""})
    assert terms_of(county.a) == [(1, overdue_a.starts_on, None)]
    listing = client.get(reverse("congress:committee_term_list", args=[county.a.pk])).content.decode()
    assert "Overdue" in listing and url not in listing


def test_a_union_officer_changes_only_the_note_of_its_term(client, county, overdue_a, officer_a):
    client.force_login(officer_a)
    client.post(reverse("congress:committee_term_update", args=[overdue_a.pk]),
                {"number": 1, "length_years": 5, "starts_on": TODAY.isoformat(), "note": "待换届"})
    overdue_a.refresh_from_db()
    assert (overdue_a.starts_on, overdue_a.note) == (ago(years=5, months=1), "待换届")
    assert overdue_a.is_overdue


def test_the_federation_records_the_next_term_by_hand(client, county, overdue_a, federation_admin):
    client.force_login(federation_admin)
    url = reverse("congress:committee_term_create", args=[county.a.pk])
    client.post(url, {"number": 2, "length_years": 5, "starts_on": ago(days=2).isoformat(), "note": ""})
    assert terms_of(county.a) == [(1, overdue_a.starts_on, ago(days=2)), (2, ago(days=2), None)]


def test_a_union_with_no_term_still_records_its_first_itself(client, county, officer_a):
    client.force_login(officer_a)
    client.post(reverse("congress:committee_term_create", args=[county.a.pk]),
                {"number": 3, "length_years": 5, "starts_on": "2023-06-01", "note": ""})
    assert terms_of(county.a) == [(3, datetime.date(2023, 6, 1), None)]


# --- the rate -----------------------------------------------------------------------------------

def test_a_branchs_term_is_not_an_extra_union_in_the_rate(county):
    """A branch's term (from a congress approved before branches were refused) is not counted."""
    branch = BranchFactory(parent=county.a)
    CommitteeTermFactory(union=county.a, number=1, starts_on=ago(years=1))
    CommitteeTermFactory(union=branch, number=1, starts_on=ago(days=10))
    rows = count_terms(county.federation, [TODAY.year])[TODAY.year]
    assert set(rows) == {county.a.pk}


def test_unions_with_no_term_show_as_incomplete_on_the_dashboard(client, county, federation_admin):
    """A and B in term, C and D with no term: the rate reads 100 % of 2, with "2 units left out",
    and the drill-down marks C and D as incomplete data."""
    GrassrootsFactory(name="丙医院工会", parent=county.federation)
    GrassrootsFactory(name="丁社区工会", parent=county.federation)
    CommitteeTermFactory(union=county.a, number=1, starts_on=ago(years=1))
    CommitteeTermFactory(union=county.b, number=1, starts_on=ago(years=2))
    client.force_login(federation_admin)
    page = client.get(reverse("dashboard", args=[county.federation.pk])).content.decode()
    assert "Incomplete data: 2 units left out" in page
    drill = client.get(reverse("dashboard_indicator", args=[county.federation.pk, "on_time_reelection_rate"]))
    text = drill.content.decode()
    assert "Incomplete data: 2 units left out" in text
    assert text.count('data-incomplete="1"') == 2 and "丙医院工会" in text and "丁社区工会" in text


def test_the_reelection_list_is_filed_under_the_home_page(client, county, federation_admin):
    client.force_login(federation_admin)
    page = client.get(reverse("congress:reelection_list")).content.decode()
    crumbs = page.split('class="breadcrumb', 1)[1].split("</ol>", 1)[0]
    assert reverse("congress:index") not in crumbs and "Home" in crumbs and "Re-election" in crumbs
