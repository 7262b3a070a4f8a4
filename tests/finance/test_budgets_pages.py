"""The budget pages as the people using them see them: the finance officer drafts and edits
lines, the chair and a 经审会 member record their agreements (each only their own, once), the
officer sends it up, the union above decides; the execution page, its XLSX and PDF; the
indicator and the demo."""
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from finance.models import Budget, BudgetApproval, BudgetLine
from tests.factories import RoleAssignmentFactory
from unionadmin.roles import Role

from .factories import account, post
from .factories_audit import seated_auditor
from .factories_budgets import make_budget, make_claim

pytestmark = pytest.mark.django_db
D = Decimal
Step = BudgetApproval.Step


@pytest.fixture(autouse=True)
def in_english(english):
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def chart(db):
    account("102")


def person(role, organisation):
    return RoleAssignmentFactory(role=role, organisation=organisation).user


@pytest.fixture
def keeper(county):
    return person(Role.FINANCE_OFFICER, county.a)


@pytest.fixture
def chair(county):
    return person(Role.UNION_CHAIR, county.a)


@pytest.fixture
def auditor(county):
    return seated_auditor(county.a)


def lines_data(rows):
    data = {"lines-TOTAL_FORMS": str(len(rows) + 1), "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "80"}
    for n, (code, amount, note) in enumerate(rows):
        data.update({f"lines-{n}-account": account(code).pk, f"lines-{n}-amount": amount, f"lines-{n}-note": note})
    return data


def test_the_whole_journey_through_the_pages(client, county, keeper, chair, auditor, federation_admin):
    client.force_login(keeper)
    assert client.get(reverse("finance:budget_list")).status_code == 200
    response = client.post(reverse("finance:budget_create"), {"union": county.a.pk, "year": "2026"})
    budget = Budget.objects.get(organisation=county.a)
    assert response.url == reverse("finance:budget_lines", args=[budget.pk])
    page = client.get(response.url).content.decode()
    assert "50105 会员活动" in page and "budget_lines.js" in page
    response = client.post(response.url, lines_data([("401", "9000.00", "会费"), ("50105", "10000.00", "慰问品")]))
    assert response.status_code == 302
    detail = client.get(reverse("finance:budget_detail", args=[budget.pk])).content.decode()
    assert "9,000.00" in detail and "Not balanced: expenditure exceeds income." in detail
    assert reverse("finance:budget_lines", args=[budget.pk]) in detail
    # The chair records the union committee's agreement; then the lines are frozen.
    client.force_login(chair)
    agree = reverse("finance:budget_agree_committee", args=[budget.pk])
    assert client.post(agree, {"meeting": "工会委员会2026年第1次会议"}).status_code == 302
    client.force_login(keeper)
    response = client.get(reverse("finance:budget_lines", args=[budget.pk]), follow=True)
    assert "changing it would change what was agreed" in response.content.decode()
    # The chair has no button for the 经审会's agreement, and the page refuses it.
    client.force_login(chair)
    assert reverse("finance:budget_agree_audit", args=[budget.pk]) not in client.get(
        reverse("finance:budget_detail", args=[budget.pk])).content.decode()
    assert client.post(reverse("finance:budget_agree_audit", args=[budget.pk]),
                       {"meeting": "x"}).status_code == 403
    client.force_login(auditor)
    assert client.post(reverse("finance:budget_agree_audit", args=[budget.pk]),
                       {"meeting": "经审会会议"}).status_code == 302
    budget.refresh_from_db()
    assert budget.status == Budget.Status.AGREED
    client.force_login(keeper)
    assert client.post(reverse("finance:budget_submit", args=[budget.pk])).status_code == 302
    # The unit's own finance officer may not decide on it.
    assert client.get(reverse("finance:budget_decide", args=[budget.pk])).status_code == 403
    client.force_login(federation_admin)
    listing = client.get(reverse("finance:budget_list")).content.decode()
    assert "Sent up, waiting for your decision" in listing and reverse("finance:budget_decide", args=[budget.pk]) in listing
    response = client.post(reverse("finance:budget_decide", args=[budget.pk]), {"decision": "returned", "note": ""})
    assert response.status_code == 200 and "Say why it is returned" in response.content.decode()
    client.post(reverse("finance:budget_decide", args=[budget.pk]), {"decision": "approved", "note": "同意"})
    budget.refresh_from_db()
    assert budget.status == Budget.Status.APPROVED
    assert list(budget.approvals.values_list("step", flat=True)) == [
        Step.COMMITTEE, Step.AUDIT_COMMITTEE, Step.SUBMITTED, Step.APPROVED]
    # The finance officer adjusts the budget in force.
    client.force_login(keeper)
    response = client.post(reverse("finance:budget_adjust", args=[budget.pk]), {"reason": "追加送温暖"})
    change = Budget.objects.get(organisation=county.a, version=2)
    assert response.url == reverse("finance:budget_lines", args=[change.pk]) and change.reason == "追加送温暖"


def test_a_double_click_on_agree_gives_a_message_not_an_error(client, county, keeper, chair):
    budget = make_budget(county.a, status=Budget.Status.DRAFT)
    client.force_login(chair)
    agree = reverse("finance:budget_agree_committee", args=[budget.pk])
    assert client.post(agree, {"meeting": "委员会会议"}).status_code == 302
    again = client.post(agree, {"meeting": "委员会会议"}, follow=True)
    assert again.status_code == 200
    assert "Union committee agreed is already recorded for this version." in again.content.decode()
    assert budget.approvals.count() == 1


def test_lines_that_break_the_rules_are_refused_on_the_form(client, county, keeper):
    budget = make_budget(county.a, status=Budget.Status.DRAFT, lines={})
    client.force_login(keeper)
    url = reverse("finance:budget_lines", args=[budget.pk])
    response = client.post(url, lines_data([("501", "100.00", ""), ("50105", "50.00", "")]))
    assert response.status_code == 200 and "not both" in response.content.decode()
    response = client.post(url, lines_data([("501", "-1", "")]))
    assert response.status_code == 200 and not BudgetLine.objects.filter(budget=budget).exists()
    response = client.post(url, lines_data([("501", "abc", "")]))
    assert response.status_code == 200


def test_the_list_filters_and_takes_any_query_string(client, county, federation_admin):
    make_budget(county.a, year=2025)
    make_budget(county.b, year=2026, status=Budget.Status.SUBMITTED)
    client.force_login(federation_admin)
    url = reverse("finance:budget_list")
    page = client.get(url, {"year": "2025"}).content.decode()
    assert county.a.name in page and county.b.name not in page.split('id="budgets"')[1]
    page = client.get(url, {"status": "submitted"}).content.decode()
    assert county.a.name not in page.split('id="budgets"')[1]
    for hostile in ("xxxx", "-1", "1e309", "\x00", "'\"><script>"):
        assert client.get(url, {"year": hostile, "union": hostile, "status": hostile}).status_code == 200
        assert client.get(reverse("finance:budget_execution"), {"year": hostile, "union": hostile}).status_code == 200


def test_another_unions_budget_is_a_404_and_its_list_rows_are_hidden(client, county):
    other = make_budget(county.b, status=Budget.Status.DRAFT)
    client.force_login(person(Role.FINANCE_OFFICER, county.a))
    assert client.get(reverse("finance:budget_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("finance:budget_lines", args=[other.pk])).status_code == 404
    assert county.b.name not in client.get(reverse("finance:budget_list")).content.decode()
    page = client.get(reverse("finance:budget_execution"), {"union": county.b.pk, "year": "2026"}).content.decode()
    assert county.b.name not in page


def test_the_execution_page_and_its_xlsx_against_the_vouchers(client, county, keeper):
    make_budget(county.a, lines={"401": "5000.00", "50105": "1000.00", "50102": "500.00"})
    post(county.a, debit="102", credit="401", amount="2000.00", date=datetime.date(2026, 2, 1))
    post(county.a, debit="50105", credit="102", amount="1200.00", date=datetime.date(2026, 2, 2))
    make_claim(county.a, items={"50102": "100.00"})
    client.force_login(keeper)
    page = client.get(reverse("finance:budget_execution"), {"union": county.a.pk, "year": "2026"})
    html = page.content.decode()
    assert page.status_code == 200 and "预算执行情况表" in html and "data-over" in html
    assert "1,200.00" in html and "-200.00" in html and 'value="budget_execution"' in html
    assert '<td class="text-end" id="total-rate">80.0%</td>' in html      # spent 1200 ÷ budgeted 1500
    response = client.get(reverse("finance:budget_execution_export"), {"union": county.a.pk, "year": "2026"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert sheet["A1"].value == "预算执行情况表"
    assert rows["50105 会员活动"][:4] == (1000, 1200, 0, -200)
    assert rows["501 职工活动支出（小计）"][:4] == (1500, 1200, 100, 200)
    assert rows["支出合计"][1] == 1200
    assert any(str(value).startswith("单位负责人") for value in rows)
    # No budget in force for another year: said so.
    assert "has no budget in force for 2025" in client.get(
        reverse("finance:budget_execution"), {"union": county.a.pk, "year": "2025"}).content.decode()


def test_the_execution_pdf_through_the_pipeline(client, county, keeper):
    from unionadmin.documents import rendering
    from unionadmin.documents.kinds import registry
    from unionadmin.models import DocumentJob

    budget = make_budget(county.a, lines={"401": "5000.00", "50105": "1000.00"})
    post(county.a, debit="50105", credit="102", amount="1234.50", date=datetime.date(2026, 2, 2))
    html = rendering.render_html(registry.get("budget_execution"), budget, {}, "zh-hans")
    assert "预算执行情况表" in html and "1,234.50" in html and "单位负责人" in html and "制表" in html
    assert rendering.html_to_pdf(html).startswith(b"%PDF")
    client.force_login(keeper)
    assert client.post(reverse("documents:request"), {"kind": "budget_execution", "pk": budget.pk}).status_code == 302
    assert DocumentJob.objects.get().organisation == county.a
    client.force_login(person(Role.UNION_OFFICER, county.a))
    assert client.post(reverse("documents:request"), {"kind": "budget_execution", "pk": budget.pk}).status_code == 404


def test_the_indicator_is_spent_over_budgeted_expenditure(county):
    from unionadmin.indicators import registry

    make_budget(county.a, lines={"401": "9000.00", "50105": "1000.00", "502": "1000.00"})
    make_budget(county.a, version=2, lines={"401": "9000.00", "50105": "2000.00", "502": "2000.00"})
    post(county.a, debit="50105", credit="102", amount="1000.00", date=datetime.date(2026, 2, 2))
    post(county.b, debit="50105", credit="102", amount="500.00", date=datetime.date(2026, 2, 2))   # no budget
    indicator = registry.get("budget_execution_rate")
    assert indicator.measure(county.a, 2026).value == D("25.0")             # 1000 ÷ 4000 of version 2
    whole = indicator.measure(county.federation, 2026)
    assert whole.value == D("25.0") and whole.incomplete == 1


def test_the_home_panel_shows_the_union_above_what_waits_for_it(client, county, federation_admin):
    make_budget(county.a, status=Budget.Status.SUBMITTED)
    client.force_login(federation_admin)
    home = client.get("/").content.decode()
    assert "Budgets waiting for your decision" in home


def test_the_demo_budgets(county):
    from finance.wiring.budgets import load_demo_budgets

    county.a.short_name = "恒达机械工会"
    county.a.save()
    users = {"finance": person(Role.FINANCE_OFFICER, county.a), "officer": person(Role.UNION_CHAIR, county.a),
             "audit": seated_auditor(county.a),
             "fed_admin": person(Role.FEDERATION_ADMIN, county.federation)}
    today = datetime.date(2026, 12, 5)
    assert load_demo_budgets(county.federation, users, today=today) == {"budgets": 1}
    first, change = Budget.objects.filter(organisation=county.a).order_by("version")
    assert first.status == Budget.Status.APPROVED and change.status == Budget.Status.SUBMITTED
    assert change.lines.get(account__code="50205").amount == D("18000.00")
    assert first.approvals.get(step=Step.AUDIT_COMMITTEE).decided_by == users["audit"]
    assert load_demo_budgets(county.federation, users, today=today) == {"budgets": 0}
