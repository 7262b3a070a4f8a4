"""The 2% allocation pages: the federation sees every unit below it (totals, arrears first, XLSX,
a pinned number of queries); a unit's finance officer sees its own row only and gets 404 on
another unit's page; the entry page saves twelve months and is the federation's alone; the
receipts are taken, reminders sent, a fund returned, and a month's dues posted once."""
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from finance.models import Voucher
from finance.models.allocation import Allocation, AllocationReminder, AllocationTerms, PreparatoryFund
from members.models import DuesPayment, FundReceipt
from tests.factories import GrassrootsFactory, MemberFactory, RoleAssignmentFactory
from unionadmin.models import AuditEvent
from unionadmin.roles import Role

from .factories_allocation import AllocationFactory, PreparatoryFundFactory, TermsFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "in_english")]
LIST = "/finance/allocation/"


@pytest.fixture
def year_2026(county):
    """A pays in full, B is 1,500.00 in arrears for March."""
    for union, paid in ((county.a, "2000.00"), (county.b, "500.00")):
        TermsFactory(organisation=union)
        AllocationFactory(organisation=union, paid=Decimal(paid), paid_on=datetime.date(2026, 3, 20))
    return county


def test_the_federation_sees_every_unit_below_with_totals_and_arrears_first(client, year_2026, federation_keeper):
    client.force_login(federation_keeper)
    page = client.get(LIST, {"year": 2026, "order": "arrears"})
    html = page.content.decode()
    assert page.status_code == 200
    table = html[html.index('id="allocation-table"'):]
    assert table.index(year_2026.b.name) < table.index(year_2026.a.name)
    assert "75.0%" not in html and "100.0%" in html and "25.0%" in html  # rates per unit
    totals = html[html.index('id="allocation-totals"'):]
    assert "4,000.00" in totals and "2,500.00" in totals and "1,500.00" in totals and "62.5%" in totals
    assert "**** 3445" in html and "6222020200112233445" not in html  # accounts masked in the list
    only = client.get(LIST, {"year": 2026, "arrears": "on"}).content.decode()
    only = only[only.index('id="allocation-table"'):]
    assert year_2026.b.name in only and year_2026.a.name not in only


def test_a_bad_query_reads_as_not_given(client, year_2026, federation_keeper):
    client.force_login(federation_keeper)
    page = client.get(LIST, {"year": "abc", "union": "999999", "mode": "x", "order": "<script>"})
    assert page.status_code == 200 and year_2026.a.name in page.content.decode()


def test_a_units_finance_officer_sees_only_its_own_row_and_404_for_another(client, year_2026, keeper):
    client.force_login(keeper)
    html = client.get(LIST, {"year": 2026}).content.decode()
    assert year_2026.a.name in html and year_2026.b.name not in html
    own = AllocationTerms.objects.get(organisation=year_2026.a)
    other = AllocationTerms.objects.get(organisation=year_2026.b)
    page = client.get(reverse("finance:allocation_unit", args=[own.pk]), {"year": 2026})
    assert page.status_code == 200 and "6222020200112233445" in page.content.decode()
    assert 'id="months-form"' not in page.content.decode()  # the unit reads, the federation keeps
    assert client.get(reverse("finance:allocation_unit", args=[other.pk])).status_code == 404
    assert client.get(reverse("finance:allocation_terms_edit", args=[own.pk])).status_code == 403
    assert client.post(reverse("finance:allocation_unit", args=[own.pk]), {"year": 2026}).status_code == 403


def test_someone_without_finance_rights_gets_404(client, year_2026, officer_a):
    client.force_login(officer_a)
    assert client.get(LIST).status_code == 404


def test_the_federation_page_has_a_pinned_number_of_queries(client, county, federation_keeper,
                                                            django_assert_max_num_queries):
    for _n in range(30):
        union = GrassrootsFactory(parent=county.federation)
        TermsFactory(organisation=union)
        AllocationFactory(organisation=union, paid=Decimal("100.00"), paid_on=datetime.date(2026, 3, 20))
    client.force_login(federation_keeper)
    with django_assert_max_num_queries(13):
        page = client.get(LIST, {"year": 2026})
    assert page.content.decode().count('name="units"') == 30


def test_the_xlsx_has_a_row_per_unit_and_the_totals_and_is_an_audit_event(client, year_2026, federation_keeper):
    client.force_login(federation_keeper)
    response = client.get(reverse("finance:allocation_export"), {"year": 2026})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Union" and len(rows) == 4
    assert {rows[1][0], rows[2][0]} == {year_2026.a.name, year_2026.b.name}
    assert rows[3][0] == "Total" and rows[3][3] == 4000 and rows[3][8] == 1500
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.EXPORT)
    assert event.actor == federation_keeper and event.data["rows"] == 2


def _months_data(year, filled):
    data = {"year": year, "months-TOTAL_FORMS": "12", "months-INITIAL_FORMS": "12", "months-MIN_NUM_FORMS": "12",
            "months-MAX_NUM_FORMS": "12"}
    for index in range(12):
        data[f"months-{index}-month"] = index + 1
        for key, value in filled.get(index + 1, {}).items():
            data[f"months-{index}-{key}"] = value
    return data


def test_the_federation_enters_a_units_months_on_one_page(client, county, federation_keeper):
    terms = TermsFactory(organisation=county.a)
    client.force_login(federation_keeper)
    url = reverse("finance:allocation_unit", args=[terms.pk])
    assert 'id="months-form"' in client.get(url, {"year": 2026}).content.decode()
    response = client.post(url, _months_data(2026, {
        1: {"payroll": "80000", "paid": "1600", "paid_on": "2026-01-28"},
        2: {"payroll": "80000", "paid": "1000", "paid_on": "2026-02-27", "note": "部分到账"}}))
    assert response.status_code == 302
    rows = list(Allocation.objects.filter(organisation=county.a).order_by("period"))
    assert [(r.due, r.paid, r.arrears) for r in rows] == [(Decimal("1600.00"), Decimal("1600.00"), Decimal("0")),
                                                          (Decimal("1600.00"), Decimal("1000.00"), Decimal("600.00"))]
    assert rows[0].recorded_by == federation_keeper


def test_an_amount_without_its_date_is_refused_next_to_the_field(client, county, federation_keeper):
    terms = TermsFactory(organisation=county.a)
    client.force_login(federation_keeper)
    page = client.post(reverse("finance:allocation_unit", args=[terms.pk]),
                       _months_data(2026, {3: {"payroll": "80000", "paid": "1600"}}))
    assert page.status_code == 200 and "Enter the date of this amount." in page.content.decode()
    assert not Allocation.objects.exists()


def test_the_federation_takes_the_units_receipts_once(client, county, federation_keeper):
    terms = TermsFactory(organisation=county.a)
    FundReceipt.objects.create(union=county.a, period=datetime.date(2026, 1, 1), payroll=Decimal("100000"),
                               amount=Decimal("2000.00"), received_on=datetime.date(2026, 1, 25))
    client.force_login(federation_keeper)
    page = client.get(reverse("finance:allocation_unit", args=[terms.pk]), {"year": 2026}).content.decode()
    assert "months not yet recorded: 1" in page
    url = reverse("finance:allocation_take_receipts", args=[terms.pk])
    client.post(url, {"year": 2026})
    client.post(url, {"year": 2026})  # sent twice
    assert Allocation.objects.filter(organisation=county.a).count() == 1


def test_new_terms_are_for_a_unit_below_without_any(client, county, federation_keeper, keeper):
    TermsFactory(organisation=county.a)
    client.force_login(federation_keeper)
    url = reverse("finance:allocation_terms_create")
    response = client.post(url, {"organisation": county.b.pk, "mode": "self_paid", "grassroots_share": "0.6",
                                 "bank_account": "6222 1234 5678"})
    assert response.status_code == 302
    assert AllocationTerms.objects.get(organisation=county.b).bank_account == "622212345678"
    again = client.post(url, {"organisation": county.a.pk, "mode": "tax_full", "grassroots_share": "0.6"})
    assert again.status_code == 200 and "Select a valid choice" in again.content.decode()
    client.force_login(keeper)  # the unit does not declare its own terms
    assert client.post(url, {"organisation": county.a.pk, "mode": "tax_full",
                             "grassroots_share": "0.6"}).status_code == 200
    assert AllocationTerms.objects.count() == 2


def test_reminders_from_the_table_are_sent_once_a_day(client, year_2026, federation_keeper):
    client.force_login(federation_keeper)
    url = reverse("finance:allocation_remind")
    client.post(url, {"year": 2026, "units": [year_2026.b.pk]})
    response = client.post(url, {"year": 2026, "units": [year_2026.b.pk]}, follow=True)
    assert "already reminded today" in response.content.decode()
    assert AllocationReminder.objects.filter(organisation=year_2026.b).count() == 1


def test_a_preparatory_fund_is_recorded_and_returned(client, county):
    keeper = RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.federation).user
    client.force_login(keeper)
    response = client.post(reverse("finance:preparatory_create"), {
        "federation": county.federation.pk, "employer": "县新开有限公司", "period": "2026-02", "amount": "1800.00",
        "received_on": "2026-02-20"})
    assert response.status_code == 302
    fund = PreparatoryFund.objects.get()
    assert fund.period == datetime.date(2026, 2, 1) and fund.recorded_by == keeper
    url = reverse("finance:preparatory_return", args=[fund.pk])
    assert client.post(url, {"union": county.a.pk, "returned_on": "2026-04-01"}).status_code == 302
    page = client.get(reverse("finance:preparatory_list")).content.decode()
    assert "Returned to the new union" in page and "1,800.00" in page
    again = client.get(url, follow=True)
    assert "already returned" in again.content.decode()


def test_a_fund_is_returned_only_by_the_federation_keeping_it(client, county, keeper):
    fund = PreparatoryFundFactory()  # another federation's
    client.force_login(keeper)
    assert client.get(reverse("finance:preparatory_return", args=[fund.pk])).status_code == 404


def _dues(union, month, amounts):
    for amount in amounts:
        DuesPayment.objects.create(member=MemberFactory(union=union), union=union,
                                   period=datetime.date(2026, month, 1), amount=Decimal(amount),
                                   paid_on=datetime.date(2026, month, 15))


def test_the_finance_officer_sees_the_months_dues_then_posts_them_once(client, county, keeper):
    _dues(county.a, 3, ["25.00", "30.50"])
    client.force_login(keeper)
    url = reverse("finance:dues_income")
    page = client.get(url, {"union": county.a.pk, "year": 2026, "month": 3}).content.decode()
    assert "Members who paid: 2; dues in all: 55.50 yuan." in page and "2026年3月会费收入（2人）" in page
    data = {"union": county.a.pk, "year": 2026, "month": 3, "date": "2026-03-31"}
    first = client.post(url, data)
    voucher = Voucher.objects.get(organisation=county.a)
    assert first.url == reverse("finance:voucher_detail", args=[voucher.pk])
    second = client.post(url, data, follow=True)
    assert "already in the books" in second.content.decode()
    assert Voucher.objects.filter(organisation=county.a).count() == 1


def test_the_union_posts_an_allocations_returned_share(client, county, keeper):
    TermsFactory(organisation=county.a)
    row = AllocationFactory(organisation=county.a, paid=Decimal("2000.00"), paid_on=datetime.date(2026, 3, 20),
                            returned=Decimal("1200.00"), returned_on=datetime.date(2026, 4, 10))
    client.force_login(keeper)
    terms_page = client.get(row.get_absolute_url()).content.decode()
    assert "Post 1,200.00" in terms_page
    url = reverse("finance:allocation_post", args=[row.pk])
    client.post(url)
    client.post(url)  # sent twice
    voucher = Voucher.objects.get(organisation=county.a)
    assert voucher.source_kind == "allocation" and voucher.lines.get(credit__gt=0).account.code == "40301"


def test_the_arrival_rate_is_a_dashboard_tile_and_drills_down_by_unit(client, year_2026, federation_admin, settings):
    settings.INDICATOR_CACHE_SECONDS = 0
    client.force_login(federation_admin)
    page = client.get(reverse("dashboard", args=[year_2026.federation.pk]), {"year": 2026}).content.decode()
    assert "2% allocation arrival rate" in page and "62.5" in page
    drill = client.get(reverse("dashboard_indicator", args=[year_2026.federation.pk, "allocation_rate"]),
                       {"year": 2026})
    assert drill.status_code == 200 and "25.0" in drill.content.decode()


def test_a_page_of_units_shows_the_totals_of_all_of_them(client, year_2026, federation_keeper, monkeypatch):
    from finance.views.allocation import AllocationListView

    monkeypatch.setattr(AllocationListView, "paginate_by", 1)
    client.force_login(federation_keeper)
    html = client.get(LIST, {"year": 2026, "page": 2}).content.decode()
    table = html[html.index('id="allocation-table"'):]
    assert year_2026.b.name in table and year_2026.a.name not in table
    totals = html[html.index('id="allocation-totals"'):]
    assert "4,000.00" in totals and "1,500.00" in totals and "unions: 2" in totals
    assert "2–2 of 2" in html


def test_the_export_records_the_filters_it_read_not_the_raw_parameters(client, year_2026, federation_keeper):
    client.force_login(federation_keeper)
    response = client.get(reverse("finance:allocation_export"), {"year": "2026", "mode": "tax_full",
                                                                 "order": "x\x00y"})
    assert response.status_code == 200
    assert AuditEvent.objects.get(verb=AuditEvent.Verb.EXPORT).data["filters"] == {"year": 2026, "mode": "tax_full"}
