"""Reports, the XLSX ledger, the indicators, the home panel and the re-check task."""
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from unionadmin.indicators import registry
from unionadmin.models import AuditEvent
from welfare.models import HardshipFile
from welfare.services import file_refresh_recheck_flags
from welfare.tasks import refresh_recheck_due

from .factories import GrantFactory, HardshipFileFactory, PairingFactory, this_year

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year
JAN1 = datetime.date(YEAR, 1, 1)


def workbook(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


@pytest.fixture
def ledger(county, welfare_a2):
    file = HardshipFileFactory(union=county.a, filed=True, head=Decimal("700"))
    member = file.worker
    member.id_number = "511002198506150019"
    member.save()
    grant = GrantFactory(union=county.a, member=member, file=file, amount=Decimal("1500"),
                         recipient_income=file.per_capita_income, note="=HYPERLINK(\"http://x\")",
                         description="+cmd|' /C calc'!A0")
    GrantFactory(union=county.b, amount=Decimal("99"))
    return grant


def test_the_ledger_export_is_masked_neutralised_and_logged(client, county, welfare_a, ledger):
    client.force_login(welfare_a)
    response = client.get(reverse("welfare:grant_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows, sheet = workbook(response)
    assert len(rows) == 2  # the header and union A's grant only
    flat = [str(v) for v in rows[1]]
    assert "511002********0019" in flat and "511002198506150019" not in flat
    assert "****" in flat and "700.00" not in flat and "700" not in flat
    assert "'=HYPERLINK(\"http://x\")" in flat and "'+cmd|' /C calc'!A0" in flat
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.EXPORT)
    assert (event.actor, event.data["rows"], event.data["unmasked"], event.organisation) == (
        welfare_a, 1, False, county.a)


def test_the_full_export_is_unmasked_for_those_who_may_reveal_and_says_so_in_the_log(client, welfare_a, ledger):
    client.force_login(welfare_a)
    rows, _ = workbook(client.get(reverse("welfare:grant_export"), {"full": "1"}))
    assert "511002198506150019" in rows[1]
    assert 700.0 in rows[1]
    assert AuditEvent.objects.get(verb=AuditEvent.Verb.EXPORT).data["unmasked"] is True


def test_the_export_follows_the_ledger_filters(client, county, welfare_a, ledger):
    GrantFactory(union=county.a, amount=Decimal("10"), status="rejected")
    client.force_login(welfare_a)
    rows, _ = workbook(client.get(reverse("welfare:grant_export"), {"status": "rejected"}))
    assert len(rows) == 2 and rows[1][3] == 10.0


def test_export_of_nothing_for_someone_without_welfare_scope(client, officer_a, ledger):
    client.force_login(officer_a)
    assert client.get(reverse("welfare:grant_export")).status_code == 404
    assert not AuditEvent.objects.exists()


def lifted(union, *, filed_on, closed_on):
    return HardshipFileFactory(union=union, status=HardshipFile.Status.LIFTED, category="deep", filed_on=filed_on,
                               closed_on=closed_on)


def test_the_exit_rate_is_lifted_this_year_over_filed_at_the_start(county):
    last_year = JAN1 - datetime.timedelta(days=100)
    for _ in range(3):
        HardshipFileFactory(union=county.a, filed=True, filed_on=last_year)
    lifted(county.a, filed_on=last_year, closed_on=JAN1)
    lifted(county.a, filed_on=last_year, closed_on=JAN1 - datetime.timedelta(days=1))  # ended before the year
    HardshipFileFactory(union=county.a, filed=True, filed_on=JAN1)  # filed this year: not in the base
    HardshipFileFactory(union=county.b, filed=True, filed_on=last_year)
    rate = registry.get("hardship_exit_rate")
    assert rate.default_target == 30 and rate.unit == "percent"
    a = rate.measure(county.a, YEAR)
    assert (a.numerator, a.denominator, a.value) == (1, 4, Decimal("25.0"))
    whole = rate.measure(county.federation, YEAR)
    assert (whole.numerator, whole.denominator) == (1, 5)
    units = rate.measure_units(county.federation, YEAR)
    assert (units[county.a.pk].numerator, units[county.a.pk].denominator) == (1, 4)
    assert units[county.b.pk].value == 0


def test_households_and_aid_paid_indicators(county, welfare_a):
    from welfare.services import grant_approve

    HardshipFileFactory(union=county.a, filed=True)
    HardshipFileFactory(union=county.a)  # an application is not on file
    grant = GrantFactory(union=county.a, amount=Decimal("300"))
    assert registry.get("hardship_households").measure(county.federation, YEAR).value == 1
    assert registry.get("aid_paid").measure(county.federation, YEAR).value == 0  # not approved yet
    grant_approve(grant, by=welfare_a)
    assert registry.get("aid_paid").measure(county.federation, YEAR).value == 300
    assert registry.get("aid_paid").measure_units(county.federation, YEAR)[county.a.pk].value == 300
    assert registry.get("aid_paid").unit == "yuan"


def test_the_report_page_adds_up_aid_and_households(client, county, welfare_a, welfare_a2, ledger):
    from welfare.services import grant_approve

    grant_approve(ledger, by=welfare_a2)
    HardshipFileFactory(union=county.a)
    client.force_login(welfare_a)
    report = client.get(reverse("welfare:reports")).context["reports"][0]
    assert report["root"] == county.a
    assert report["aid_paid"] == Decimal("1500")
    assert report["by_unit"][0]["total"] == Decimal("1500")
    assert report["files_total"] == 2


def test_the_recheck_task_lists_files_due_within_30_days_on_the_home_page(client, county, welfare_a):
    due = HardshipFileFactory(union=county.a, filed=True, next_recheck_due=TODAY + datetime.timedelta(days=20))
    later = HardshipFileFactory(union=county.a, filed=True, next_recheck_due=TODAY + datetime.timedelta(days=45))
    other = HardshipFileFactory(union=county.b, filed=True, next_recheck_due=TODAY)
    assert refresh_recheck_due() == 2  # the task runs the service
    assert set(HardshipFile.objects.filter(recheck_due_soon=True)) == {due, other}
    # Re-running with a later date clears nothing wrongly and picks up the next one.
    assert file_refresh_recheck_flags(TODAY + datetime.timedelta(days=20)) == 3
    file_refresh_recheck_flags()
    from welfare.home import panel_context

    request = type("R", (), {"user": welfare_a})()
    panel = panel_context(request)
    assert list(panel["due"]) == [due] and later not in panel["due"]


def test_the_beat_schedule_runs_the_task_daily():
    from unionadmin.celery import app
    from welfare.apps import BEAT_ENTRY

    entry = app.conf.beat_schedule[BEAT_ENTRY]
    assert entry["task"] == "welfare.tasks.refresh_recheck_due"
    assert refresh_recheck_due.name == entry["task"]


def test_the_home_panel_shows_grants_awaiting_approval_and_nothing_for_other_officers(county, welfare_a, officer_a):
    from welfare.home import panel_context

    GrantFactory(union=county.a)
    PairingFactory(file__union=county.a, started_on=TODAY - datetime.timedelta(days=10),
                   deadline=TODAY - datetime.timedelta(days=1))
    panel = panel_context(type("R", (), {"user": welfare_a})())
    assert panel["awaiting_count"] == 1 and panel["overdue_pairings"] == 1
    assert panel_context(type("R", (), {"user": officer_a})()) == {"show": False}


@pytest.mark.parametrize("name", ["file_list", "grant_list", "visit_list", "pairing_list", "programme_list",
                                  "drive_list", "edge_list"])
def test_list_pages_take_a_fixed_number_of_queries(client, county, welfare_a, django_assert_max_num_queries, name):
    for _ in range(5):
        file = HardshipFileFactory(union=county.a, filed=True)
        GrantFactory(union=county.a, member=file.worker, file=file)
        PairingFactory(file=file)
    client.force_login(welfare_a)
    with django_assert_max_num_queries(16):
        assert client.get(reverse(f"welfare:{name}")).status_code == 200
    assert this_year() == YEAR


@pytest.mark.parametrize("name, make", [
    ("file_detail", lambda union: HardshipFileFactory(union=union, filed=True)),
    ("grant_detail", lambda union: GrantFactory(union=union)),
])
def test_detail_pages_take_a_fixed_number_of_queries(client, county, welfare_a, django_assert_max_num_queries,
                                                     name, make):
    obj = make(county.a)
    if name == "file_detail":
        for _ in range(4):
            GrantFactory(union=county.a, member=obj.worker, file=obj, repeat_reason="x")
    client.force_login(welfare_a)
    with django_assert_max_num_queries(40):
        assert client.get(reverse(f"welfare:{name}", args=[obj.pk])).status_code == 200


def approved(union, amount, year=YEAR, approver=None):
    """An approved grant (status set directly: the registry counts what is on record)."""
    from tests.factories import UserFactory

    return GrantFactory(union=union, amount=Decimal(amount), year=year, granted_on=datetime.date(year, 3, 1),
                        status="approved", approved_by=approver or UserFactory(), approved_at=timezone.now())


def test_the_report_shows_the_registrys_figures_for_the_same_organisation_and_year(client, county,
                                                                                federation_welfare):
    from tests.factories import BranchFactory

    branch = BranchFactory(parent=county.a)  # rolled up into union A
    approved(county.a, "1500")
    approved(branch, "250.50")
    approved(county.b, "99")
    approved(county.b, "700", year=YEAR - 2)
    approved(county.federation, "40")  # above the grassroots: in the whole, in no unit
    GrantFactory(union=county.a, amount=Decimal("3000"))  # proposed only: not paid
    last_year = JAN1 - datetime.timedelta(days=100)
    for _ in range(3):
        HardshipFileFactory(union=county.a, filed=True, filed_on=last_year)
    HardshipFileFactory(union=county.a, filed=True, filed_on=last_year, status="lifted", closed_on=JAN1)
    client.force_login(federation_welfare)
    report = client.get(reverse("welfare:reports")).context["reports"][0]
    assert report["root"] == county.federation

    aid, rate = registry.get("aid_paid"), registry.get("hardship_exit_rate")
    assert report["aid_paid"] == aid.measure(county.federation, YEAR).numerator == Decimal("1889.50")
    units = aid.measure_units(county.federation, YEAR)
    assert {row["unit"].pk: row["total"] for row in report["by_unit"]} == {
        pk: m.numerator for pk, m in units.items() if m.numerator} == {county.a.pk: Decimal("1750.50"),
                                                                       county.b.pk: Decimal("99")}
    assert {row["year"]: row["total"] for row in report["by_year"]} == {
        y: aid.measure(county.federation, y).numerator for y in (YEAR - 2, YEAR)}
    exit_rate = rate.measure(county.federation, YEAR)
    assert (report["exit_rate"].numerator, report["exit_rate"].denominator) == (
        exit_rate.numerator, exit_rate.denominator) == (1, 4)
    # Asked for union A, the report is the registry's for union A.
    report = client.get(reverse("welfare:reports"), {"within": county.a.pk}).context["reports"][0]
    assert report["aid_paid"] == aid.measure(county.a, YEAR).numerator == Decimal("1750.50")
