"""换届: a union records its committee terms, the federation sees who is due or overdue, the
daily reminder tells each side once, and 按期换届率 is counted by hand on a tiny county."""
import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from congress.models import CommitteeTerm
from congress.reelection import committee_term_record, reelection_remind
from congress.services import CongressError
from congress.tasks_reelection import remind_reelection
from tests.factories import BranchFactory, GrassrootsFactory, RoleAssignmentFactory
from unionadmin.indicators import Tally, registry
from unionadmin.models import Notification
from unionadmin.roles import Role

from .factories_reelection import CommitteeTermFactory

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def pages_in_english(client, settings):
    """Pages in English, so the assertions read the source strings (the catalogue has Chinese)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def ago(**kwargs):
    return TODAY - relativedelta(**kwargs)


# --- recording terms ---------------------------------------------------------------------------

def test_an_officer_records_a_term_by_hand_and_the_due_date_is_computed(client, county, officer_a):
    client.force_login(officer_a)
    url = reverse("congress:committee_term_create", args=[county.a.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"].initial["number"] == 1
    response = client.post(url, {"number": 4, "length_years": 5, "starts_on": "2022-03-15", "note": "补录"},
                           follow=True)
    term = CommitteeTerm.objects.get(union=county.a)
    assert term.number == 4 and term.ends_on == datetime.date(2027, 3, 15)
    assert response.request["PATH_INFO"] == reverse("congress:committee_term_list", args=[county.a.pk])
    assert "2027-03-15" in response.content.decode()


def test_a_new_term_closes_the_previous_one(county):
    old = committee_term_record(county.a, number=2, length_years=3, starts_on=ago(years=4), note="")
    new = committee_term_record(county.a, number=3, length_years=5, starts_on=ago(months=6), note="")
    old.refresh_from_db()
    assert old.succeeded_on == new.starts_on and new.succeeded_on is None
    assert list(CommitteeTerm.objects.current()) == [new]


def test_a_double_click_on_the_same_number_is_a_message_not_an_error(client, county, officer_a):
    client.force_login(officer_a)
    url = reverse("congress:committee_term_create", args=[county.a.pk])
    data = {"number": 4, "length_years": 5, "starts_on": "2022-03-15", "note": ""}
    client.post(url, data)
    second = client.post(url, data)
    assert second.status_code == 200
    assert "Term 4 is already recorded for this union." in second.context["form"].errors["number"]
    assert CommitteeTerm.objects.filter(union=county.a).count() == 1


def test_terms_must_follow_each_other_and_not_be_in_the_future(county):
    committee_term_record(county.a, number=3, length_years=5, starts_on=ago(years=2), note="")
    with pytest.raises(CongressError, match="must be elected after"):
        committee_term_record(county.a, number=4, length_years=5, starts_on=ago(years=3), note="")
    with pytest.raises(CongressError, match="cannot be in the future"):
        committee_term_record(county.a, number=4, length_years=5, starts_on=TODAY + datetime.timedelta(days=1))


def test_editing_a_term_recomputes_its_end_and_links(client, county, federation_admin):
    # The federation corrects a term's dates (the union's own officers change only its note).
    first = committee_term_record(county.a, number=1, length_years=5, starts_on=datetime.date(2016, 5, 1))
    second = committee_term_record(county.a, number=2, length_years=5, starts_on=datetime.date(2021, 5, 1))
    client.force_login(federation_admin)
    client.post(reverse("congress:committee_term_update", args=[second.pk]),
                {"number": 2, "length_years": 3, "starts_on": "2021-06-01", "note": "更正选举日期"})
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.ends_on == datetime.date(2024, 6, 1) and first.succeeded_on == datetime.date(2021, 6, 1)


def test_a_branch_gets_no_terms(client, county, officer_a):
    branch = BranchFactory(parent=county.a)
    client.force_login(officer_a)
    response = client.get(reverse("congress:committee_term_create", args=[branch.pk]), follow=True)
    assert "Committee terms are recorded for grassroots unions." in response.content.decode()
    assert not CommitteeTerm.objects.exists()


def test_another_unions_officer_cannot_record_or_see_terms(client, county, officer_b):
    term = CommitteeTermFactory(union=county.a)
    client.force_login(officer_b)
    assert client.get(reverse("congress:committee_term_list", args=[county.a.pk])).status_code == 404
    assert client.post(reverse("congress:committee_term_create", args=[county.a.pk]), {}).status_code == 404
    assert client.get(reverse("congress:committee_term_update", args=[term.pk])).status_code == 404


# --- the county's list -------------------------------------------------------------------------

@pytest.fixture
def terms(county):
    """A overdue by two months; B due in three months; C in term; D none."""
    c = GrassrootsFactory(name="丙医院工会", parent=county.federation)
    d = GrassrootsFactory(name="丁社区工会", parent=county.federation)
    CommitteeTermFactory(union=county.a, number=5, length_years=5, starts_on=ago(years=5, months=2))
    CommitteeTermFactory(union=county.b, number=2, length_years=3, starts_on=ago(years=2, months=9))
    CommitteeTermFactory(union=c, number=1, length_years=5, starts_on=ago(years=1))
    return type("Terms", (), {"c": c, "d": d})


def _names(response):
    return [row["union"].name for row in response.context["rows"]]


def test_the_federation_sees_every_union_worst_first(client, county, terms, federation_admin):
    client.force_login(federation_admin)
    response = client.get(reverse("congress:reelection_list"))
    assert _names(response) == ["甲公司工会", "丁社区工会", "乙学校工会", "丙医院工会"]
    assert response.context["counts"] == {"overdue": 1, "none": 1, "due": 1, "ok": 1}


@pytest.mark.parametrize("show, expected", [
    ("overdue", ["甲公司工会"]), ("due", ["乙学校工会"]), ("none", ["丁社区工会"]),
    ("nonsense", ["甲公司工会", "丁社区工会", "乙学校工会", "丙医院工会"]),
])
def test_the_filters(client, county, terms, federation_admin, show, expected):
    client.force_login(federation_admin)
    assert _names(client.get(reverse("congress:reelection_list"), {"show": show})) == expected


def test_a_grassroots_officer_sees_only_their_own_union(client, county, terms, officer_b):
    client.force_login(officer_b)
    assert _names(client.get(reverse("congress:reelection_list"))) == ["乙学校工会"]


def test_the_export_has_the_filtered_rows(client, county, terms, federation_admin):
    import io

    import openpyxl

    client.force_login(federation_admin)
    response = client.get(reverse("congress:reelection_export"), {"show": "overdue"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "甲公司工会" and rows[1][5] > 50  # about two months overdue


def test_the_county_list_query_count_does_not_grow_with_unions(client, county, terms, federation_admin,
                                                                django_assert_max_num_queries):
    client.force_login(federation_admin)
    client.get(reverse("congress:reelection_list"))
    for n in range(5):
        CommitteeTermFactory(union=GrassrootsFactory(parent=county.federation), starts_on=ago(years=n))
    with django_assert_max_num_queries(12):
        client.get(reverse("congress:reelection_list"))


# --- the reminder ------------------------------------------------------------------------------

def test_the_reminder_runs_twice_and_notifies_once(county, terms, federation_admin, officer_b):
    chair_b = RoleAssignmentFactory(role=Role.UNION_CHAIR, organisation=county.b).user
    first = remind_reelection.apply().get()
    second = remind_reelection.apply().get()
    assert first == {"due": 1, "overdue": 1} and second == {"due": 0, "overdue": 0}
    due = Notification.objects.filter(verb="reelection_due")
    assert sorted(n.recipient_id for n in due) == sorted([officer_b.pk, chair_b.pk])
    overdue = Notification.objects.get(verb="reelection_overdue")
    assert overdue.recipient == federation_admin and overdue.organisation == county.a


def test_the_federation_hears_of_an_overdue_union_again_next_month(county, terms, federation_admin):
    reelection_remind(TODAY)
    assert reelection_remind(TODAY + relativedelta(months=1, day=1))["overdue"] == 1
    assert Notification.objects.filter(verb="reelection_overdue").count() == 2


def test_the_notification_leads_to_the_unions_terms(client, county, terms, federation_admin):
    reelection_remind(TODAY)
    client.force_login(federation_admin)
    note = Notification.objects.get(verb="reelection_overdue")
    response = client.post(reverse("notification_open", args=[note.pk]))
    assert response["Location"] == reverse("congress:committee_term_list", args=[county.a.pk])


def test_the_reminder_is_on_the_beat_schedule():
    from django.conf import settings

    assert any(entry["task"] == "congress.remind_reelection" for entry in settings.CELERY_BEAT_SCHEDULE.values())


# --- the indicator -----------------------------------------------------------------------------

def test_on_time_reelection_rate_by_hand(county, terms):
    """Tiny county: A overdue, B due soon (in term), C in term, D no term.
    Counted: A, B, C (3 with a term); on time: B, C → 2 / 3 = 66.7 %; D is incomplete data."""
    indicator = registry.get("on_time_reelection_rate")
    whole = Tally(county.federation).whole(indicator, TODAY.year)
    assert (whole.numerator, whole.denominator, whole.incomplete) == (2, 3, 1)
    assert str(whole.value) == "66.7"
    units = Tally(county.federation).units(indicator, TODAY.year)
    assert units[terms.d.pk].counted is False
    assert units[county.a.pk].value == 0


def test_on_time_reelection_rate_as_at_a_past_years_end(county):
    """At the end of last year A's term (elected six years ago, 5 years) had already run out and
    B's (elected two years ago) had not: 1 / 2 = 50 %. A later term A elected this year does not
    change last year's figure."""
    committee_term_record(county.a, number=1, length_years=5, starts_on=ago(years=6, months=1))
    committee_term_record(county.b, number=1, length_years=5, starts_on=ago(years=2))
    committee_term_record(county.a, number=2, length_years=5, starts_on=datetime.date(TODAY.year, 1, 1))
    indicator = registry.get("on_time_reelection_rate")
    last = Tally(county.federation).whole(indicator, TODAY.year - 1)
    assert (last.numerator, last.denominator) == (1, 2)
    now = Tally(county.federation).whole(indicator, TODAY.year)
    assert (now.numerator, now.denominator) == (2, 2)


# --- the union's page --------------------------------------------------------------------------

def test_the_unions_page_has_a_terms_tab(client, county, terms, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("organisation_detail", args=[county.a.pk])).content.decode()
    # A has a term: its next one comes from its congress or from the federation, so no button here.
    assert 'id="tab-terms"' in page and "Record a committee term" not in page


def test_the_home_page_counts_for_the_federation(client, county, terms, federation_admin):
    client.force_login(federation_admin)
    page = client.get(reverse("home")).content.decode()
    assert "1 union overdue" in page and "1 due within six months" in page


def test_the_rate_is_on_the_federations_dashboard(client, county, terms, federation_admin):
    client.force_login(federation_admin)
    page = client.get(reverse("dashboard", args=[county.federation.pk])).content.decode()
    assert "On-time re-election rate" in page and "66.7" in page


def test_a_grassroots_officers_export_has_only_their_union(client, county, terms, officer_b):
    import io

    import openpyxl

    client.force_login(officer_b)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("congress:reelection_export")).content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["乙学校工会"]


def test_someone_without_a_role_sees_no_union_and_gets_no_export(client, county, terms, outsider):
    client.force_login(outsider)
    assert _names(client.get(reverse("congress:reelection_list"))) == []
    assert client.get(reverse("congress:reelection_export")).status_code == 404
