"""The spending-rule table (read by everyone with finance rights, kept by federation
administrators), the breach list (scoped, with its XLSX) and the home-page line of welfare
grants whose voucher the books refused."""
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from finance.models import RuleBreach, SpendingRule, Voucher
from tests.factories import MemberFactory, RoleAssignmentFactory
from tests.welfare.factories import AidProgrammeFactory, ProgrammeBudgetFactory
from unionadmin.models import AuditEvent
from unionadmin.roles import Role
from welfare.services import grant_approve, grant_propose

from .factories import account
from .factories_rules import make_breach, seed_rules, settings_for

pytestmark = pytest.mark.django_db
RULES = reverse("finance:rule_list")
NEW = reverse("finance:rule_create")
END = reverse("finance:rule_end")
DELETE = reverse("finance:rule_delete")
BREACHES = reverse("finance:breach_list")
EXPORT = reverse("finance:breach_export")


@pytest.fixture(autouse=True)
def in_english(english):
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def rules(db):
    seed_rules()


@pytest.fixture
def keeper(county):
    return RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.a).user


@pytest.fixture
def auditor(county):
    return RoleAssignmentFactory(role=Role.AUDIT_COMMITTEE, organisation=county.a).user


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- the rule table ---------------------------------------------------------------------------


def test_the_rule_table_shows_the_unions_province_grouped_by_item(client, keeper, county):
    client.force_login(keeper)
    page = client.get(RULES)
    assert page.status_code == 200
    text = page.content.decode()
    assert "黑龙江" in text and "Festival gifts" in text and "1,000.00" in text
    assert "Forbidden forms of payment" in text and "Shopping card" in text
    assert NEW not in text and END not in text  # a finance officer reads the table only
    settings_for(county.a, "福建")
    text = client.get(RULES).content.decode()
    assert "1,300.00" in text and "Hospital stay with surgery" in text


def test_the_rule_table_filters_by_province_and_year_and_ignores_nonsense(client, keeper):
    client.force_login(keeper)
    text = client.get(RULES, {"province": "四川", "year": "2019"}).content.decode()
    assert "2,100.00" in text and "2,200.00" not in text
    text = client.get(RULES, {"province": "四川", "year": "2026"}).content.decode()
    assert "2,200.00" in text and "2,100.00" not in text
    assert client.get(RULES, {"province": "<script>", "year": "abc"}).status_code == 200


def test_only_federation_administrators_edit_the_rules(client, keeper, county):
    rule = SpendingRule.objects.filter(province="黑龙江", item="festival_gifts").get()
    client.force_login(keeper)
    assert client.get(NEW).status_code == 403
    assert client.post(END, {"rule": rule.pk, "year_to": "2025"}).status_code == 403
    assert client.post(DELETE, {"rule": rule.pk}).status_code == 403
    rule.refresh_from_db()
    assert rule.year_to is None
    outsider = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user
    client.force_login(outsider)
    assert client.get(RULES).status_code == 404


def test_a_federation_administrator_adds_a_rule_once(client, federation_admin):
    client.force_login(federation_admin)
    assert client.get(NEW).status_code == 200
    data = {"province": "黑龙江", "item": "birthday", "kind": "per_event", "limit": "300", "share": "", "form": "",
            "condition": "", "account": account("50105").pk, "year_from": "2026", "year_to": "", "source": "测试文件"}
    response = client.post(NEW, data)
    assert response.status_code == 302
    rule = SpendingRule.objects.get(province="黑龙江", item="birthday")
    assert rule.limit == Decimal("300") and rule.share is None
    again = client.post(NEW, data)
    assert again.status_code == 200 and "The same rule is already in the table" in again.content.decode()
    assert SpendingRule.objects.filter(province="黑龙江", item="birthday").count() == 1


def test_an_incomplete_rule_is_refused_next_to_its_field(client, federation_admin):
    client.force_login(federation_admin)
    response = client.post(NEW, {"province": "黑龙江", "item": "wedding", "kind": "per_event", "year_from": "2026"})
    assert response.status_code == 200 and "Enter the limit in yuan per member." in response.content.decode()
    response = client.post(NEW, {"province": "黑龙江", "kind": "income_share", "share": "1.5", "year_from": "2026"})
    assert response.status_code == 200 and "Choose the item the limit is for." in response.content.decode()
    assert not SpendingRule.objects.filter(province="黑龙江", item__in=["wedding", ""], kind__in=["per_event",
                                                                                            "income_share"]).exists()


def test_a_rule_is_ended_with_its_last_year(client, federation_admin):
    rule = SpendingRule.objects.filter(province="黑龙江", item="festival_gifts").get()
    client.force_login(federation_admin)
    response = client.post(END, {"rule": rule.pk, "year_to": "2016"}, follow=True)
    assert "cannot be before that" in " ".join(messages_of(response))
    response = client.post(END, {"rule": rule.pk, "year_to": "2025"}, follow=True)
    rule.refresh_from_db()
    assert rule.year_to == 2025 and "is in force until 2025" in " ".join(messages_of(response))
    response = client.post(END, {"rule": rule.pk, "year_to": "2026"}, follow=True)
    assert "already been ended" in " ".join(messages_of(response))


def test_a_rule_a_breach_names_is_never_deleted(client, federation_admin, county):
    breach = make_breach(county.a)
    client.force_login(federation_admin)
    response = client.post(DELETE, {"rule": breach.rule_id}, follow=True)
    assert "so it is kept; end it instead" in " ".join(messages_of(response))
    assert SpendingRule.objects.filter(pk=breach.rule_id).exists()
    spare = SpendingRule.objects.create(province="黑龙江", year_from=2026, item="wedding", kind="per_event",
                                        limit=Decimal("800"))
    client.post(DELETE, {"rule": spare.pk})
    assert not SpendingRule.objects.filter(pk=spare.pk).exists()


# --- breaches -----------------------------------------------------------------------------------


def test_the_breach_list_shows_the_unions_in_scope_only(client, county, keeper, auditor, federation_admin):
    mine = make_breach(county.a, reason="职代会同意的特殊慰问")
    theirs = make_breach(county.b, reason="乙校的理由")
    for user in (keeper, auditor):
        client.force_login(user)
        text = client.get(BREACHES).content.decode()
        assert mine.reason in text and theirs.reason not in text
        assert client.get(BREACHES, {"union": county.b.pk}).status_code == 200  # not theirs: ignored
        assert theirs.reason not in client.get(BREACHES, {"union": county.b.pk}).content.decode()
    client.force_login(federation_admin)
    text = client.get(BREACHES).content.decode()
    assert mine.reason in text and theirs.reason in text
    text = client.get(BREACHES, {"union": county.b.pk, "kind": "rule", "year": "2026"}).content.decode()
    assert mine.reason not in text and theirs.reason in text
    assert theirs.reason not in client.get(BREACHES, {"kind": "budget"}).content.decode()


def test_the_breach_export_holds_the_rows_in_scope_and_is_recorded(client, county, auditor):
    mine = make_breach(county.a, reason="职代会同意的特殊慰问")
    make_breach(county.b, reason="乙校的理由")
    client.force_login(auditor)
    response = client.get(EXPORT)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == county.a.name and rows[1][8] == mine.reason
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.EXPORT, actor=auditor).exists()
    assert RuleBreach.objects.count() == 2


# --- welfare grants the books refused -------------------------------------------------------------


def refused_grant(union):
    settings_for(union)
    hardship = account("50204")
    hardship.is_active = False
    hardship.save()
    programme = AidProgrammeFactory(organisation=union, name="大病救助")
    ProgrammeBudgetFactory(programme=programme, year=timezone.localdate().year)
    officers = [RoleAssignmentFactory(role=Role.WELFARE_OFFICER, organisation=union).user for _ in range(2)]
    grant = grant_propose(programme=programme, member=MemberFactory(union=union, name="赵大山"), by=officers[0],
                          amount=Decimal("700"), granted_on=timezone.localdate())
    grant = grant_approve(grant, by=officers[1])
    hardship.is_active = True
    hardship.save()
    return grant


def test_a_refused_grant_shows_on_the_finance_officers_home_and_is_posted_from_there(client, county, keeper):
    grant = refused_grant(county.a)
    client.force_login(keeper)
    home = client.get(reverse("home")).content.decode()
    assert "Approved welfare grants without a voucher" in home and "赵大山" in home
    response = client.post(reverse("finance:grant_post"), {"grant": grant.pk})
    voucher = Voucher.objects.get(source_kind="grant", source_id=grant.pk)
    assert response.status_code == 302 and response["Location"] == reverse("finance:voucher_detail",
                                                                            args=[voucher.pk])
    assert "without a voucher" not in client.get(reverse("home")).content.decode()
    again = client.post(reverse("finance:grant_post"), {"grant": grant.pk}, follow=True)
    assert "posted already" in " ".join(messages_of(again))
    assert Voucher.objects.filter(source_kind="grant").count() == 1


def test_another_unions_grant_is_not_posted_by_this_officer(client, county, keeper):
    grant = refused_grant(county.b)
    client.force_login(keeper)
    assert "赵大山" not in client.get(reverse("home")).content.decode()
    client.post(reverse("finance:grant_post"), {"grant": grant.pk})
    assert not Voucher.objects.filter(source_kind="grant").exists()
