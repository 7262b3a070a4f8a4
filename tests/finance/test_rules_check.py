"""The provincial spending rules as seeded (migration 0006) and the check of a claim against them."""
import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from finance.models import Budget, BudgetLine, Claim, SpendingRule
from finance.spending_rules import check_claim, province_of, rules_for, seed_if_empty
from tests.factories import BranchFactory, MemberFactory

from .factories import account
from .factories_rules import SEED, make_claim, seed_rules, settings_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rules(db):
    seed_rules()


def limit(province, item, year, kind=None, condition=""):
    rules = [r for r in rules_for_province(province, year) if r.item == item and r.condition == condition
             and (kind is None or r.kind == kind)]
    assert len(rules) == 1, rules
    return rules[0]


def rules_for_province(province, year):
    from finance.spending_rules import in_force

    return list(SpendingRule.objects.filter(in_force(year), province=province))


# --- the seed ---------------------------------------------------------------------------------


@pytest.mark.parametrize("province,year,item,amount", [
    ("黑龙江", 2017, "festival_gifts", "1000"),
    ("福建", 2018, "festival_gifts", "1300"), ("福建", 2018, "birthday", "300"), ("福建", 2018, "birth", "500"),
    ("福建", 2018, "hospital", "500"), ("福建", 2018, "hospital_surgery", "1000"),
    ("福建", 2018, "member_death", "2000"), ("福建", 2018, "relative_death", "1000"),
    ("福建", 2018, "retirement", "500"),
    ("湖北", 2026, "festival_gifts", "1200"), ("湖北", 2026, "birthday", "300"), ("湖北", 2026, "wedding", "1000"),
    ("湖北", 2026, "birth", "500"), ("湖北", 2026, "hospital", "1000"), ("湖北", 2026, "member_death", "1000"),
    ("湖北", 2026, "relative_death", "1000"), ("湖北", 2026, "retirement", "1000"),
    ("四川", 2019, "festival_gifts", "2100"), ("四川", 2026, "festival_gifts", "2200"),
    ("四川", 2026, "birthday", "300"), ("四川", 2026, "wedding", "500"), ("四川", 2026, "birth", "500"),
    ("四川", 2026, "member_death", "2000"), ("四川", 2026, "relative_death", "1000"),
    ("四川", 2026, "retirement", "500"),
    ("北京", 2019, "birthday", "300"),
])
def test_the_seed_holds_each_provinces_limits(province, year, item, amount):
    rule = limit(province, item, year)
    assert rule.limit == Decimal(amount)
    assert rule.account.code == "50105"
    assert province in rule.source


def test_hubei_allows_more_for_well_funded_enterprise_unions_and_beijing_counts_a_share():
    assert limit("湖北", "festival_gifts", 2026, condition="经费充裕的企业工会").limit == Decimal("1500")
    beijing = limit("北京", "festival_gifts", 2026)
    assert beijing.kind == SpendingRule.Kind.INCOME_SHARE and beijing.share == Decimal("0.5")


def test_the_seed_says_which_years_are_not_confirmed():
    for province in ("湖北", "四川"):
        assert all("未核实" in r.source and "年份" in r.source for r in SpendingRule.objects.filter(province=province))
    assert not rules_for_province("黑龙江", 2016)


def test_cash_shopping_cards_and_cash_vouchers_are_forbidden_in_every_province():
    for province in ("黑龙江", "福建", "湖北", "四川", "北京"):
        forms = {r.form for r in rules_for_province(province, 2026) if r.kind == "forbidden"}
        assert forms == {"cash", "shopping_card", "cash_voucher"}


def test_the_seed_is_reversible():
    from django.apps import apps

    assert SEED.Migration.operations[0].reversible
    count = SpendingRule.objects.count()
    SEED.unseed(apps, None)
    assert not SpendingRule.objects.exists()
    seed_if_empty()
    assert SpendingRule.objects.count() == count == 43


# --- province and rules in force ----------------------------------------------------------------


def test_a_union_follows_the_installation_province_unless_it_names_its_own(county, settings):
    settings.UNIONADMIN_PROVINCE = "黑龙江"
    assert province_of(county.a) == "黑龙江"
    settings_for(county.a, "福建")
    assert province_of(county.a) == "福建"
    assert {r.province for r in rules_for(county.a, 2026)} == {"福建"}
    assert not rules_for(county.a, 2017)


# --- per member per year ------------------------------------------------------------------------


def festival(amount, members=None, **kwargs):
    return {"amount": amount, "item": "festival_gifts", "members_covered": members, **kwargs}


def test_festival_gifts_over_the_yearly_limit_are_a_breach_with_the_numbers(county):
    claim = make_claim(county.a, festival("110000", 100))
    with translation.override("en"):
        [breach] = check_claim(claim)
    assert breach.rule.province == "黑龙江" and breach.item == claim.items.get()
    assert breach.figures["per_member"] == "1100.00" and breach.figures["members"] == 100
    assert "黑龙江 rule from 2017" in breach.message
    assert "Festival gifts at most 1,000.00 yuan per member per year" in breach.message
    assert "110,000.00" in breach.message and "1,100.00 per member" in breach.message


def test_exactly_the_limit_is_allowed(county):
    assert check_claim(make_claim(county.a, festival("100000", 100))) == []


def test_earlier_claims_of_the_year_count_and_this_claim_counts_once(county):
    make_claim(county.a, festival("60000", 100), status=Claim.Status.PAID, spent_on=datetime.date(2026, 2, 1))
    make_claim(county.a, festival("90000", 100), status=Claim.Status.DRAFT)
    make_claim(county.a, festival("90000", 100), status=Claim.Status.REJECTED)
    make_claim(county.a, festival("90000", 100), status=Claim.Status.PAID, spent_on=datetime.date(2025, 9, 1))
    make_claim(county.b, festival("90000", 100), status=Claim.Status.PAID)
    claim = make_claim(county.a, festival("30000", 100), festival("20000", 100))
    with translation.override("en"):
        [breach] = check_claim(claim)
    assert breach.figures == {"limit": "1000.00", "this_claim": "50000.00", "earlier": "60000.00",
                              "total": "110000.00", "members": 100, "per_member": "1100.00"}
    assert "earlier claims 60,000.00" in breach.message
    # Checked again after submitting, it is not counted as its own earlier claim.
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.SUBMITTED)
    assert check_claim(claim)[0].figures["total"] == "110000.00"


def test_without_members_covered_the_unions_current_members_count(county):
    branch = BranchFactory(parent=county.a)
    for union in (county.a, county.a, branch):
        MemberFactory(union=union)
    MemberFactory(union=county.a, status="withdrawn")
    MemberFactory(union=county.b)
    claim = make_claim(county.a, festival("3300"))
    [breach] = check_claim(claim)
    assert breach.figures["members"] == 3 and breach.figures["per_member"] == "1100.00"
    assert check_claim(make_claim(county.b, festival("1000"))) == []


def test_hubei_names_the_limit_for_well_funded_enterprise_unions(county):
    settings_for(county.a, "湖北")
    with translation.override("en"):
        [breach] = check_claim(make_claim(county.a, festival("1300", 1)))
    assert "1,200.00" in breach.message and "1,500.00 for 经费充裕的企业工会" in breach.message


# --- per event ----------------------------------------------------------------------------------


def test_per_event_limits_divide_by_the_members_covered(county):
    settings_for(county.a, "福建")
    claim = make_claim(
        county.a,
        {"amount": "900", "item": "birthday", "members_covered": 3, "description": "三人生日蛋糕"},
        {"amount": "1200", "item": "birthday", "members_covered": 3, "description": "四百元一人"},
        {"amount": "2500", "item": "member_death", "description": "会员去世慰问"},
    )
    with translation.override("en"):
        breaches = check_claim(claim)
    assert [b.item.description for b in breaches] == ["四百元一人", "会员去世慰问"]
    assert breaches[0].figures["per_member"] == "400.00"
    assert "Birthday at most 300.00 yuan per member each time" in breaches[0].message
    assert breaches[1].figures["members"] == 1 and "2,500.00 for 1 members" in breaches[1].message


def test_items_the_province_does_not_limit_pass(county):
    claim = make_claim(county.a, {"amount": "5000", "item": "birthday", "members_covered": 1})
    assert check_claim(claim) == []  # 黑龙江 sets no birthday limit


# --- income share -------------------------------------------------------------------------------


def budget(union, year=2026, status=Budget.Status.APPROVED, **incomes):
    b = Budget.objects.create(organisation=union, year=year, version=1, status=status)
    for code, amount in incomes.items():
        BudgetLine.objects.create(budget=b, account=account(code[1:]), amount=Decimal(amount))
    BudgetLine.objects.create(budget=b, account=account("50105"), amount=Decimal("900000"))
    return b


def test_the_income_share_is_counted_against_the_budget_in_force(county):
    settings_for(county.a, "北京")
    budget(county.a, a401="40000", a402="160000")
    make_claim(county.a, festival("60000"), status=Claim.Status.APPROVED)
    assert check_claim(make_claim(county.a, festival("40000"))) == []
    with translation.override("en"):
        [breach] = check_claim(make_claim(county.a, festival("1000")))
    assert breach.figures["budgeted_income"] == "200000.00" and breach.figures["total"] == "101000.00"
    assert "at most 50% of the year's budgeted income" in breach.message
    assert "50.5% of the budgeted income of 200,000.00; at most 100,000.00 is allowed" in breach.message


def test_without_a_budget_in_force_the_share_cannot_be_checked(county):
    settings_for(county.a, "北京")
    budget(county.a, status=Budget.Status.DRAFT, a402="1000000")
    with translation.override("en"):
        [breach] = check_claim(make_claim(county.a, festival("10")))
    assert "no budget in force for 2026" in breach.message and "cannot be checked" in breach.message
    assert breach.figures["budgeted_income"] is None


# --- forbidden forms ----------------------------------------------------------------------------


def test_cash_shopping_cards_and_cash_vouchers_are_breaches_named_goods_vouchers_are_not(county):
    claim = make_claim(
        county.a,
        festival("100", 1, form="shopping_card", description="超市购物卡"),
        festival("100", 1, form="named_voucher", description="月饼提货券"),
        {"amount": "200", "item": "hospital", "form": "cash", "description": "住院慰问现金"},
    )
    with translation.override("en"):
        breaches = check_claim(claim)
    assert [(b.item.description, b.rule.form) for b in breaches] == [("超市购物卡", "shopping_card"),
                                                                     ("住院慰问现金", "cash")]
    assert "Shopping card is not allowed" in breaches[0].message
    assert "“超市购物卡” (100.00) is paid as Shopping card" in breaches[0].message


def test_the_message_is_in_the_users_language(county):
    claim = make_claim(county.a, festival("2000", 1))
    with translation.override("zh-hans"):
        [breach] = check_claim(claim)
    assert "2,000.00" in breach.message and "黑龙江" in breach.message
