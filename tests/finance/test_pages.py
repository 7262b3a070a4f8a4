"""The finance pages, branch by branch: entering a voucher (balanced, refused when it does not
balance or its month is closed, posted once when sent twice), its page and reversing it, the
voucher book and its XLSX, the chart (edited by federation administrators only), closing
months, the statements and their XLSX, and who sees amounts at all."""
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from finance.demo import load_demo_finance
from finance.models import Account, ClosedMonth, Voucher
from finance.statements import balance_sheet
from tests.factories import RoleAssignmentFactory, UserFactory
from unionadmin.roles import Role

from .factories import ClosedMonthFactory, account, post

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def in_english(english):
    """Pages and services in English (the pages follow the client's language cookie)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def chart(db):
    """The seeded chart (seeded again when a transactional test before flushed it)."""
    account("102")


@pytest.fixture
def keeper(county):
    return RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.a).user


@pytest.fixture
def keeper_b(county):
    return RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.b).user


@pytest.fixture
def chair(county):
    return RoleAssignmentFactory(role=Role.UNION_CHAIR, organisation=county.a).user


def voucher_data(county, lines, *, day=MARCH, key=1234, summary="收到3月会费"):
    data = {"organisation": county.a.pk, "date": day.isoformat(), "summary": summary, "receipts": "2",
            "entry_key": str(key), "lines-TOTAL_FORMS": "4", "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "40"}
    for n, (code, debit, credit) in enumerate(lines):
        data.update({f"lines-{n}-account": account(code).pk, f"lines-{n}-debit": debit,
                     f"lines-{n}-credit": credit, f"lines-{n}-summary": ""})
    return data


CREATE = "/finance/vouchers/new/"


def test_the_finance_officer_enters_a_balanced_voucher(client, county, keeper):
    client.force_login(keeper)
    page = client.get(CREATE)
    assert page.status_code == 200 and "401 会费收入" in page.content.decode()
    response = client.post(CREATE, voucher_data(county, [("102", "150.50", ""), ("401", "", "150.50")]))
    voucher = Voucher.objects.get(organisation=county.a)
    assert response.status_code == 302 and response.url == reverse("finance:voucher_detail", args=[voucher.pk])
    assert voucher.posted_by == keeper and voucher.receipts == 2
    assert [(line.account.code, line.debit, line.credit) for line in voucher.lines.order_by("position")] == [
        ("102", Decimal("150.50"), Decimal("0")), ("401", Decimal("0"), Decimal("150.50"))]
    detail = client.get(response.url).content.decode()
    assert "收到3月会费" in detail and "150.50" in detail and "Reverse" in detail


def test_an_unbalanced_voucher_is_refused_with_the_difference(client, county, keeper):
    client.force_login(keeper)
    response = client.post(CREATE, voucher_data(county, [("102", "100.00", ""), ("401", "", "90.00")]))
    assert response.status_code == 200
    assert "Debits and credits do not balance: debits 100.00, credits 90.00, a difference of 10.00" in \
        response.content.decode()
    assert not Voucher.objects.exists()


def test_the_balance_refusal_on_a_chinese_page(client, county, keeper, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(keeper)
    response = client.post(CREATE, voucher_data(county, [("102", "100.00", ""), ("401", "", "90.00")]))
    page = response.content.decode()
    assert 'lang="zh-CN"' in page and 'id="balance-error"' in page and "10.00" in page


@pytest.mark.parametrize("lines, message", [
    ([("102", "100.00", "100.00"), ("401", "", "100.00")], "A line is a debit or a credit, not both."),
    ([("102", "100.00", "")], "A voucher needs at least two lines"),
    ([("102", "100.00", ""), ("401", "-100.00", "")], "Ensure this value is greater than or equal to 0"),
])
def test_lines_a_person_mistyped_are_refused_by_the_form(client, county, keeper, lines, message):
    client.force_login(keeper)
    response = client.post(CREATE, voucher_data(county, lines))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Voucher.objects.exists()


def test_a_voucher_in_a_closed_month_is_refused(client, county, keeper):
    ClosedMonthFactory(organisation=county.a, year=2026, month=3)
    client.force_login(keeper)
    response = client.post(CREATE, voucher_data(county, [("102", "100.00", ""), ("401", "", "100.00")]))
    assert response.status_code == 200
    assert "The books are closed through 2026-03" in response.content.decode()
    assert not Voucher.objects.exists()


def test_the_same_voucher_sent_twice_is_posted_once(client, county, keeper):
    client.force_login(keeper)
    data = voucher_data(county, [("102", "100.00", ""), ("401", "", "100.00")], key=987654321)
    first = client.post(CREATE, data)
    second = client.post(CREATE, data, follow=True)
    voucher = Voucher.objects.get()
    assert first.url == reverse("finance:voucher_detail", args=[voucher.pk])
    assert second.redirect_chain[-1][0] == first.url
    assert "already posted as number 0001" in second.content.decode()
    # A new page (a new key) posts a new voucher.
    client.post(CREATE, {**data, "entry_key": "55"})
    assert Voucher.objects.count() == 2


def test_the_chair_reads_the_books_but_does_not_enter_or_reverse(client, county, chair):
    voucher = post(county.a, debit="102", credit="401")
    client.force_login(chair)
    detail = client.get(reverse("finance:voucher_detail", args=[voucher.pk]))
    assert detail.status_code == 200 and "100.00" in detail.content.decode()
    assert reverse("finance:voucher_reverse", args=[voucher.pk]) not in detail.content.decode()
    assert client.get(CREATE).status_code == 403
    assert client.post(reverse("finance:voucher_reverse", args=[voucher.pk]), {"reason": "x"}).status_code == 403
    assert client.get(reverse("finance:voucher_list")).status_code == 200


def test_reversing_a_voucher_needs_a_reason_and_links_both(client, county, keeper):
    original = post(county.a, debit="50102", credit="102", amount="300.00", date=timezone.localdate())
    url = reverse("finance:voucher_reverse", args=[original.pk])
    client.force_login(keeper)
    assert "This field is required" in client.post(url, {"reason": ""}).content.decode()
    response = client.post(url, {"reason": "科目错误"})
    reversal = Voucher.objects.get(reverses=original)
    assert response.url == reverse("finance:voucher_detail", args=[reversal.pk])
    assert [(line.account.code, line.debit, line.credit) for line in reversal.lines.order_by("position")] == [
        ("50102", Decimal("0"), Decimal("300.00")), ("102", Decimal("300.00"), Decimal("0"))]
    assert "This voucher reverses voucher" in client.get(response.url).content.decode()
    page = client.get(reverse("finance:voucher_detail", args=[original.pk])).content.decode()
    assert f"Reversed by voucher № {reversal.display_number}" in page and url not in page
    # Again: refused with the reason, nothing posted.
    again = client.post(url, {"reason": "再次"}, follow=True)
    assert "already reversed" in again.content.decode() and Voucher.objects.count() == 2


def test_the_voucher_book_filters_and_totals(client, county, keeper):
    post(county.a, debit="102", credit="401", amount="100.00", date=datetime.date(2026, 3, 10), summary="三月会费")
    post(county.a, debit="50102", credit="102", amount="40.00", date=datetime.date(2026, 4, 2), summary="篮球赛")
    post(county.b, debit="102", credit="401", amount="999.00", summary="乙单位会费")
    client.force_login(keeper)
    url = reverse("finance:voucher_list")
    page = client.get(url).content.decode()
    assert "三月会费" in page and "篮球赛" in page and "乙单位会费" not in page and "999.00" not in page
    assert "401 会费收入" in page and "140.00" in page
    assert "三月会费" not in client.get(url, {"month": "4"}).content.decode()
    by_account = client.get(url, {"account": account("501").pk}).content.decode()  # a parent: its sub-accounts
    assert "篮球赛" in by_account and "三月会费" not in by_account
    assert "篮球赛" not in client.get(url, {"q": "会费"}).content.decode()
    # Union B's books by parameter: not offered, so the page shows A's.
    assert "乙单位会费" not in client.get(url, {"union": county.b.pk}).content.decode()
    assert client.get(url, {"print": "all"}).status_code == 200


def test_the_voucher_book_xlsx(client, county, keeper):
    post(county.a, debit="102", credit="401", amount="100.00", summary="=HYPERLINK(1)")
    post(county.b, debit="102", credit="401", amount="999.00")
    client.force_login(keeper)
    response = client.get(reverse("finance:voucher_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[5], r[8], r[9]) for r in rows] == [("102", 100, None), ("401", None, 100)]
    assert rows[0][4] == "'=HYPERLINK(1)"


def test_the_chart_is_read_by_finance_staff_and_edited_by_the_federation(client, county, keeper, federation_admin):
    client.force_login(keeper)
    chart = client.get(reverse("finance:account_list")).content.decode()
    assert "会费收入" in chart and reverse("finance:account_create") not in chart
    assert client.get(reverse("finance:account_create")).status_code == 403
    assert client.post(reverse("finance:chart_edit"), {}).status_code == 403
    client.force_login(federation_admin)
    response = client.post(reverse("finance:account_create"),
                           {"code": "50106", "name": "劳模活动", "element": "income", "parent": account("501").pk})
    assert response.status_code == 302
    created = Account.objects.get(code="50106")
    assert created.element == "expenditure" and created.parent.code == "501"
    refused = client.post(reverse("finance:account_create"), {"code": "6001", "name": "x", "element": "income",
                                                              "parent": account("501").pk})
    assert "begins with its parent" in refused.content.decode()
    accounts = list(Account.objects.order_by("code"))
    data = {"form-TOTAL_FORMS": len(accounts), "form-INITIAL_FORMS": len(accounts), "form-MIN_NUM_FORMS": 0,
            "form-MAX_NUM_FORMS": 500}
    for n, acc in enumerate(accounts):
        data[f"form-{n}-id"] = acc.pk
        data[f"form-{n}-name"] = "会员会费收入" if acc.code == "401" else acc.name
        if acc.is_active and acc.code != "408":
            data[f"form-{n}-is_active"] = "on"
    assert client.post(reverse("finance:chart_edit"), data).status_code == 302
    assert account("401").name == "会员会费收入" and not account("408").is_active


def test_closing_months_in_order(client, county, keeper):
    post(county.a, debit="102", credit="401", date=datetime.date(2026, 2, 10))
    post(county.a, debit="102", credit="401", date=datetime.date(2026, 3, 10))
    client.force_login(keeper)
    url = reverse("finance:month_close")
    page = client.get(reverse("finance:month_list"), {"year": "2026"}).content.decode()
    assert "Close month" in page and "2026-03" in page
    refused = client.post(url, {"union": county.a.pk, "year": 2026, "month": 3}, follow=True)
    assert "Months close in order: close 2026-02 first." in refused.content.decode()
    done = client.post(url, {"union": county.a.pk, "year": 2026, "month": 2}, follow=True)
    assert "2026-02 is closed" in done.content.decode()
    assert list(ClosedMonth.objects.values_list("year", "month")) == [(2026, 2)]


def test_another_unions_officer_cannot_close_its_months(client, county, keeper_b, chair):
    for user in (keeper_b, chair):
        client.force_login(user)
        response = client.post(reverse("finance:month_close"), {"union": county.a.pk, "year": 2026, "month": 1},
                               follow=True)
        assert "That month cannot be closed here" in response.content.decode() or response.status_code == 403
    assert not ClosedMonth.objects.exists()


def test_the_statements_show_the_vouchers_figures(client, county, keeper):
    post(county.a, debit="102", credit="401", amount="1000.00", date=datetime.date(2026, 2, 5))
    post(county.a, debit="102", credit="401", amount="200.00", date=datetime.date(2026, 3, 5))
    post(county.a, debit="50102", credit="102", amount="350.00", date=datetime.date(2026, 3, 8))
    client.force_login(keeper)
    query = {"kind": "income", "union": county.a.pk, "year": "2026", "month": "3"}
    page = client.get(reverse("finance:statement"), query).content.decode()
    assert "收入支出表" in page and "单位负责人" in page
    assert "1,200.00" in page and "350.00" in page and "850.00" in page  # year to date, spent, surplus
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("finance:statement_export"), query).content)).active
    cells = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert sheet["A1"].value == "收入支出表"
    assert cells["401 会费收入"] == (200, 1200)
    assert cells["Total expenditure"] == (350, 350)
    assert any("单位负责人" in str(key) for key in cells)
    balance = client.get(reverse("finance:statement_export"), {**query, "kind": "balance"})
    sheet = openpyxl.load_workbook(io.BytesIO(balance.content)).active
    cells = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert sheet["A1"].value == "资产负债表" and cells["102 银行存款"] == (0, 850)
    assert cells["Total assets"][1] == cells["Total liabilities and net assets"][1] == 850


def test_nobody_without_a_finance_role_sees_amounts(client, county):
    voucher = post(county.a, debit="102", credit="401", amount="4321.00")
    for role in (Role.UNION_OFFICER, Role.WELFARE_OFFICER, Role.DELEGATE, Role.DEPARTMENT):
        client.force_login(RoleAssignmentFactory(role=role, organisation=county.a).user)
        for url in ("finance:voucher_list", "finance:voucher_export", "finance:statement", "finance:statement_export",
                    "finance:month_list", "finance:account_list", "finance:voucher_create"):
            assert client.get(reverse(url)).status_code == 404, (role, url)
        assert client.get(reverse("finance:voucher_detail", args=[voucher.pk])).status_code == 404
        assert "4321" not in client.get("/").content.decode()


def test_another_unions_keeper_reads_only_its_own_statement(client, county, keeper_b):
    post(county.a, debit="102", credit="401", amount="4321.00")
    client.force_login(keeper_b)
    page = client.get(reverse("finance:statement"), {"union": county.a.pk, "year": "2026", "month": "3"})
    assert "4,321.00" not in page.content.decode() and county.b.name in page.content.decode()
    for url in ("finance:voucher_export", "finance:statement_export"):
        response = client.get(reverse(url), {"union": county.a.pk, "year": "2026", "month": "3"})
        cells = [c for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
                 for c in row]
        assert 4321 not in cells and county.a.name not in " ".join(str(c) for c in cells), url
    months = client.get(reverse("finance:month_list"), {"union": county.a.pk}).content.decode()
    assert county.a.name not in months and county.b.name in months


def test_the_federation_reads_every_union_below(client, county, federation_admin):
    post(county.a, debit="102", credit="401", amount="111.00", summary="甲会费")
    post(county.b, debit="102", credit="401", amount="222.00", summary="乙会费")
    client.force_login(federation_admin)
    page = client.get(reverse("finance:voucher_list")).content.decode()
    assert "甲会费" in page and "乙会费" in page
    statement = client.get(reverse("finance:statement"), {"union": county.b.pk, "year": "2026", "month": "3"})
    assert "222.00" in statement.content.decode()


def test_the_finance_officers_home_panel(client, county, keeper):
    post(county.a, debit="102", credit="401", amount="100.00", date=timezone.localdate(), summary="本月会费")
    client.force_login(keeper)
    home = client.get("/").content.decode()
    assert "This month&#x27;s vouchers" in home or "This month's vouchers" in home
    assert "本月会费" in home and reverse("finance:voucher_list") in home


def test_the_demo_books(county):
    user = UserFactory(username="finance")
    RoleAssignmentFactory(user=user, role=Role.FINANCE_OFFICER, organisation=county.a)
    today = datetime.date(2026, 12, 5)
    result = load_demo_finance(county.federation, {"finance": user}, today=today)
    assert result["vouchers"] > 20 and result["closed_months"] == 11
    assert Voucher.objects.filter(organisation=county.a, reverses__isnull=False).count() == 1
    assert balance_sheet(county.a, 2026, 11).balanced
    assert load_demo_finance(county.federation, {"finance": user}, today=today) == {"vouchers": 0}


def test_a_closed_months_statement_as_pdf(client, county, keeper, tmp_path):
    from unionadmin.documents import rendering
    from unionadmin.documents.kinds import registry
    from unionadmin.models import DocumentJob

    post(county.a, debit="102", credit="401", amount="1234.50", date=datetime.date(2026, 3, 5))
    closed = ClosedMonthFactory(organisation=county.a, year=2026, month=3)
    kind = registry.get("finance_statement")
    html = rendering.render_html(kind, closed, {"kind": "income"}, "zh-hans")
    assert "收入支出表" in html and "1,234.50" in html and "单位负责人" in html
    balance = rendering.render_html(kind, closed, {"kind": "balance"}, "zh-hans")
    assert "资产负债表" in balance and "期末数" in balance
    pdf = rendering.html_to_pdf(html)
    (tmp_path / "statement.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    client.force_login(keeper)
    page = client.get(reverse("finance:statement"), {"union": county.a.pk, "year": "2026", "month": "3"})
    assert 'value="finance_statement"' in page.content.decode()
    assert 'value="finance_statement"' not in client.get(
        reverse("finance:statement"), {"union": county.a.pk, "year": "2026", "month": "4"}).content.decode()
    assert client.post(reverse("documents:request"), {"kind": "finance_statement", "pk": closed.pk}).status_code == 302
    assert DocumentJob.objects.get().organisation == county.a
    # A union officer without a finance role may not ask for it.
    client.force_login(RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user)
    assert client.post(reverse("documents:request"), {"kind": "finance_statement", "pk": closed.pk}).status_code == 404


@pytest.mark.parametrize("day", ["1999-12-31", "0001-01-01", "9999-12-31"])
def test_a_voucher_dated_outside_the_books_range_is_refused_by_the_form(client, county, keeper, day):
    client.force_login(keeper)
    response = client.post(CREATE, voucher_data(county, [("102", "100.00", ""), ("401", "", "100.00")],
                                                day=datetime.date.fromisoformat(day)))
    last = datetime.date(timezone.localdate().year + 1, 12, 31).isoformat()
    assert response.status_code == 200
    assert f"A voucher is dated from 2000-01-01 to {last}; {day} is outside that range." in \
        response.content.decode()
    assert not Voucher.objects.exists()


def chart_data(**changes):
    accounts = list(Account.objects.order_by("code"))
    data = {"form-TOTAL_FORMS": len(accounts), "form-INITIAL_FORMS": len(accounts), "form-MIN_NUM_FORMS": 0,
            "form-MAX_NUM_FORMS": 500}
    for n, acc in enumerate(accounts):
        data[f"form-{n}-id"] = acc.pk
        data[f"form-{n}-name"] = acc.name
        if acc.is_active:
            data[f"form-{n}-is_active"] = "on"
    data.update(changes)
    return data


def test_the_chart_edit_page_makes_no_account_from_an_extra_form(client, county, federation_admin):
    client.force_login(federation_admin)
    before = Account.objects.count()
    data = chart_data(**{"form-TOTAL_FORMS": before + 1, f"form-{before}-name": "x"})
    response = client.post(reverse("finance:chart_edit"), data)
    assert response.status_code == 302 and Account.objects.count() == before
    assert not Account.objects.filter(name="x").exists()


def test_an_account_code_in_full_width_digits_is_refused(client, county, federation_admin):
    client.force_login(federation_admin)
    response = client.post(reverse("finance:account_create"),
                           {"code": "５０１０６", "name": "劳模活动", "parent": account("501").pk, "element": "income"})
    assert response.status_code == 200
    assert "An account code is digits only, like 50106." in response.content.decode()
    assert not Account.objects.filter(name="劳模活动").exists()


def test_the_voucher_book_and_a_statement_take_a_fixed_number_of_queries(client, county, keeper,
                                                                         django_assert_max_num_queries):
    client.force_login(keeper)
    pages = [(reverse("finance:voucher_list"), {"year": "2026"}),
             (reverse("finance:statement"), {"union": county.a.pk, "year": "2026", "month": "3", "kind": "income"}),
             (reverse("finance:statement"), {"union": county.a.pk, "year": "2026", "month": "3", "kind": "balance"})]
    ceilings = {reverse("finance:voucher_list"): 13, reverse("finance:statement"): 14}  # measured 13 and 14
    for added in (1, 14):  # the same ceiling for one voucher and for fifteen
        for _ in range(added):
            post(county.a, debit="50102", credit="102", amount="10.00", date=MARCH)
        for url, query in pages:
            with django_assert_max_num_queries(ceilings[url]):
                assert client.get(url, query).status_code == 200
