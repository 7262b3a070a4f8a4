"""账务公开 (finance/reports.py, the disclosure pages): the finance officer or the chair prepares
a disclosure, previews it and publishes it; members read the frozen figures at its link
without logging in — no bank account, no voucher, no other union — and an unpublished or
unknown link is a 404."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from finance.models import Disclosure
from finance.reports import disclosure_figures, disclosure_refusal, prepare_disclosure, publish, unpublish
from finance.services import FinanceError
from unionadmin.roles import Role

from .factories import account, post
from .factories_budgets import make_budget
from .factories_reports import holder, make_disclosure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(english):
    account("102")
    with translation.override("en"):
        yield


@pytest.fixture
def keeper(county):
    return holder(county.a)


@pytest.fixture
def books(county):
    a = county.a
    post(a, debit="102", credit="401", amount="1500.00", date=datetime.date(2026, 1, 5), summary="收到1月会费")
    post(a, debit="102", credit="40301", amount="6000.00", date=datetime.date(2026, 1, 12), summary="县总回拨")
    post(a, debit="50105", credit="102", amount="820.00", date=datetime.date(2026, 2, 20), summary="张三生日慰问品")
    post(county.b, debit="102", credit="401", amount="7777.00", date=datetime.date(2026, 2, 8))
    return a


def by_code(rows):
    return {row["code"]: row for row in rows}


def test_the_figures_are_income_and_spending_by_category_with_the_budget(books):
    make_budget(books, year=2026, lines={"401": "18000.00", "50105": "3000.00"})
    got = disclosure_figures(books, 2026, 2)
    income, spent = by_code(got["income"]), by_code(got["expenditure"])
    assert income["401"]["amount"] == "1500.00" and income["401"]["budget"] == "18000.00"
    assert income["403"]["amount"] == "6000.00" and income["403"]["budget"] is None   # the category, not 40301
    assert spent["501"]["amount"] == "820.00" and spent["501"]["budget"] == "3000.00"
    assert (got["total_income"], got["total_expenditure"], got["surplus"]) == ("7500.00", "820.00", "6680.00")
    assert got["has_budget"] is True and "40301" not in income


def test_published_figures_are_frozen_when_later_vouchers_come(books, keeper):
    disclosure = make_disclosure(books, month=2, published=True, user=keeper)
    post(books, debit="102", credit="401", amount="999.00", date=datetime.date(2026, 2, 25))
    disclosure.refresh_from_db()
    assert disclosure.figures["total_income"] == "7500.00"
    assert disclosure.published_by == keeper and disclosure.published_at is not None
    with pytest.raises(FinanceError, match="already published"):
        publish(disclosure)
    # Withdrawn and published again: the same frozen figures.
    publish(unpublish(disclosure))
    disclosure.refresh_from_db()
    assert disclosure.is_published and disclosure.figures["total_income"] == "7500.00"


def test_members_read_the_published_page_without_login_and_no_bank_account_or_voucher(client, books):
    disclosure = make_disclosure(books, month=2, published=True)
    url = reverse("finance:disclosure_public", args=[disclosure.token])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200 and len(queries) == 1, [q["sql"] for q in queries]
    assert "甲公司工会" in text and "会费收入" in text and "1,500.00" in text and "6,680.00" in text
    assert "银行存款" not in text and "张三" not in text and "县总回拨" not in text
    assert "7,777.00" not in text and "乙学校工会" not in text


@pytest.mark.parametrize("token", ["unknown-token", "x" * 41])
def test_an_unknown_link_is_a_404(client, books, token):
    assert client.get(reverse("finance:disclosure_public", args=[token])).status_code == 404


def test_an_unpublished_or_withdrawn_disclosure_is_a_404(client, books, keeper):
    disclosure = make_disclosure(books, month=2)
    url = reverse("finance:disclosure_public", args=[disclosure.token])
    assert client.get(url).status_code == 404
    publish(disclosure, user=keeper)
    assert client.get(url).status_code == 200
    unpublish(disclosure)
    assert client.get(url).status_code == 404


def test_the_officer_prepares_previews_and_publishes(client, county, books, keeper):
    client.force_login(keeper)
    response = client.post(reverse("finance:disclosure_create"), {
        "organisation": books.pk, "year": "2026", "month": "2", "title": "", "note": "请监督"})
    disclosure = Disclosure.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("finance:disclosure_detail",
                                                                           args=[disclosure.pk])
    assert disclosure.title == "甲公司工会2026年1—2月经费收支情况公开" and not disclosure.is_published
    preview = client.get(response["Location"]).content.decode()
    assert "This is a preview" in preview and "7,500.00" in preview and 'id="publish"' in preview
    client.post(reverse("finance:disclosure_publish", args=[disclosure.pk]))
    disclosure.refresh_from_db()
    assert disclosure.is_published and disclosure.figures["total_income"] == "7500.00"
    page = client.get(reverse("finance:disclosure_detail", args=[disclosure.pk])).content.decode()
    assert f"/finance/disclosure/{disclosure.token}/" in page and "Copy link" in page
    listing = client.get(reverse("finance:disclosure_list")).content.decode()
    assert disclosure.title in listing and "published" in listing
    # A second publish (a double click): a message, not an error page.
    again = client.post(reverse("finance:disclosure_publish", args=[disclosure.pk]), follow=True)
    assert "already published" in again.content.decode()


def test_a_disclosure_runs_through_a_month_that_has_begun():
    today = datetime.date(2026, 6, 15)
    assert disclosure_refusal(2026, 6, today=today) is None and disclosure_refusal(2025, 12, today=today) is None
    assert disclosure_refusal(2026, 7, today=today) == (
        "2026-07 has not begun; a disclosure runs through a month that has.")
    assert disclosure_refusal(2027, 1, today=today) == (
        "2027-01 has not begun; a disclosure runs through a month that has.")


def test_a_disclosure_of_a_month_not_begun_is_refused_by_the_form(client, books, keeper):
    today = timezone.localdate()
    if today.month == 12:
        pytest.skip("in December every month of the year has begun")
    client.force_login(keeper)
    response = client.post(reverse("finance:disclosure_create"), {
        "organisation": books.pk, "year": str(today.year), "month": str(today.month + 1), "title": "x"})
    assert response.status_code == 200 and not Disclosure.objects.exists()
    assert "has not begun" in response.content.decode()


def test_only_the_unions_own_finance_officer_or_chair_publishes(client, county, books):
    """The federation's finance officer and chair, whose roles cover the union, may read its
    disclosures but do not speak to its members for it."""
    disclosure = make_disclosure(books, month=2)
    for role in (Role.FINANCE_OFFICER, Role.UNION_CHAIR):
        above = holder(county.federation, role)
        with pytest.raises(FinanceError, match="Only the union's own finance officer or chair publishes"):
            publish(disclosure, user=above)
        with pytest.raises(FinanceError, match="You cannot prepare a disclosure"):
            prepare_disclosure(books, year=2026, month=2, title="x", user=above)
        client.force_login(above)
        page = client.get(reverse("finance:disclosure_detail", args=[disclosure.pk])).content.decode()
        assert 'id="publish"' not in page
        followed = client.post(reverse("finance:disclosure_publish", args=[disclosure.pk]), follow=True)
        assert "Only the union&#x27;s own finance officer or chair publishes" in followed.content.decode()
        disclosure.refresh_from_db()
        assert not disclosure.is_published
    publish(disclosure, user=holder(county.a, Role.UNION_CHAIR))
    with pytest.raises(FinanceError, match="Only the union's own finance officer or chair publishes"):
        unpublish(disclosure, user=holder(county.federation))
    unpublish(disclosure, user=holder(county.a))


def test_the_chair_may_publish(client, county, books):
    chair = holder(county.a, Role.UNION_CHAIR)
    disclosure = make_disclosure(books, month=2)
    client.force_login(chair)
    client.post(reverse("finance:disclosure_publish", args=[disclosure.pk]))
    disclosure.refresh_from_db()
    assert disclosure.is_published and disclosure.published_by == chair


def test_another_unions_officer_gets_404_on_the_private_pages(client, county, books):
    disclosure = make_disclosure(books, month=2)
    for role in (Role.FINANCE_OFFICER, Role.UNION_CHAIR):
        client.force_login(holder(county.b, role))
        assert client.get(reverse("finance:disclosure_detail", args=[disclosure.pk])).status_code == 404
        assert client.post(reverse("finance:disclosure_publish", args=[disclosure.pk])).status_code == 404
        assert disclosure.title not in client.get(reverse("finance:disclosure_list")).content.decode()
        response = client.post(reverse("finance:disclosure_create"), {
            "organisation": books.pk, "year": "2026", "month": "2", "title": "x"})
        assert response.status_code == 200  # the form refuses a union outside their reach
    disclosure.refresh_from_db()
    assert not disclosure.is_published and Disclosure.objects.count() == 1


def test_a_union_officer_without_a_finance_role_gets_404(client, county, books):
    disclosure = make_disclosure(books, month=2)
    client.force_login(holder(county.a, Role.UNION_OFFICER))
    assert client.get(reverse("finance:disclosure_detail", args=[disclosure.pk])).status_code == 404
    assert client.get(reverse("finance:report_list")).status_code == 404


def test_amounts_are_strings_of_two_places(books):
    got = disclosure_figures(books, 2026, 1)
    assert by_code(got["income"])["401"]["amount"] == "1500.00"
    assert Decimal(got["surplus"]) == Decimal("7500.00") and got["has_budget"] is False
