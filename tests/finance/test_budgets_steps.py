"""A budget version's steps (finance/budgets.py): drafting, the two committees' agreements in
either order and by whom, sending it up, the union above's decision, redrafting, adjusting."""
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.utils import translation

from finance.budgets import (
    adjust,
    budget_in_force,
    decide_budget,
    record_agreement,
    redraft,
    save_lines,
    start_budget,
    steps_for,
    submit_budget,
    waiting_for,
)
from finance.models import Budget, BudgetApproval
from finance.services import FinanceError
from tests.factories import FederationFactory, GrassrootsFactory, RoleAssignmentFactory
from unionadmin.roles import Role

from .factories import account, seed_chart
from .factories_audit import seated_auditor
from .factories_budgets import make_budget

Step = BudgetApproval.Step
D = Decimal


@pytest.fixture(autouse=True)
def english(db):
    seed_chart()
    with translation.override("en"):
        yield


def person(role, organisation):
    return RoleAssignmentFactory(role=role, organisation=organisation).user


@pytest.fixture
def people(county):
    return type("People", (), {
        "keeper": person(Role.FINANCE_OFFICER, county.a),
        "chair": person(Role.UNION_CHAIR, county.a),
        "auditor": seated_auditor(county.a),
        "federation": person(Role.FEDERATION_ADMIN, county.federation),
        "federation_keeper": person(Role.FINANCE_OFFICER, county.federation),
        "keeper_b": person(Role.FINANCE_OFFICER, county.b),
    })


def lines(**amounts):
    return [(account(code.lstrip("_")), D(amount), "") for code, amount in amounts.items()]


def drafted(county, people):
    budget = start_budget(county.a, 2026, user=people.keeper)
    save_lines(budget, lines(_401="5000.00", _50105="3000.00"), user=people.keeper)
    return budget


def agreed(county, people):
    budget = drafted(county, people)
    record_agreement(budget, Step.AUDIT_COMMITTEE, user=people.auditor, meeting="经审会2026年第1次会议")
    record_agreement(budget, Step.COMMITTEE, user=people.chair, meeting="工会委员会2026年第1次会议")
    return Budget.objects.get(pk=budget.pk)


def test_the_whole_way_either_order_of_agreement_then_the_union_above(county, people):
    budget = drafted(county, people)
    assert budget.version == 1 and budget.status == Budget.Status.DRAFT and budget.title == "2026年度工会经费收支预算"
    assert steps_for(budget, people.keeper) == {"edit"}
    record_agreement(budget, Step.AUDIT_COMMITTEE, user=people.auditor, meeting="经审会会议")
    budget.refresh_from_db()
    assert budget.status == Budget.Status.DRAFT                   # one agreement: waiting for the other
    assert steps_for(budget, people.keeper) == set()              # frozen
    assert steps_for(budget, people.chair) == {"agree_committee"}
    record_agreement(budget, Step.COMMITTEE, user=people.chair, meeting="委员会会议")
    budget.refresh_from_db()
    assert budget.status == Budget.Status.AGREED
    submit_budget(budget, user=people.keeper)
    budget.refresh_from_db()
    assert budget.status == Budget.Status.SUBMITTED and budget_in_force(county.a, 2026) is None
    assert steps_for(budget, people.federation) == {"decide"} and steps_for(budget, people.keeper) == set()
    decide_budget(budget, Step.APPROVED, user=people.federation_keeper)
    assert budget_in_force(county.a, 2026) == budget
    assert list(budget.approvals.values_list("step", flat=True)) == [
        Step.AUDIT_COMMITTEE, Step.COMMITTEE, Step.SUBMITTED, Step.APPROVED]


def test_the_audit_committee_role_without_a_seat_does_not_agree_the_budget(county, people):
    budget = drafted(county, people)
    unseated = person(Role.AUDIT_COMMITTEE, county.a)  # a role row left from an ended term, say
    with pytest.raises(FinanceError, match="only a member of its funds audit committee"):
        record_agreement(budget, Step.AUDIT_COMMITTEE, user=unseated, meeting="会议")
    assert not budget.approvals.filter(step=Step.AUDIT_COMMITTEE).exists()
    record_agreement(budget, Step.AUDIT_COMMITTEE, user=people.auditor, meeting="经审会会议")
    assert budget.approvals.get(step=Step.AUDIT_COMMITTEE).decided_by == people.auditor


def test_the_chair_cannot_record_the_audit_committees_agreement_nor_the_reverse(county, people):
    budget = drafted(county, people)
    with pytest.raises(FinanceError, match="Only the union's chair records"):
        record_agreement(budget, Step.AUDIT_COMMITTEE, user=people.chair, meeting="会议")
    with pytest.raises(FinanceError, match="Only the union's chair records"):
        record_agreement(budget, Step.COMMITTEE, user=people.auditor, meeting="会议")
    with pytest.raises(FinanceError, match="Only the union's chair records"):
        record_agreement(budget, Step.COMMITTEE, user=people.keeper, meeting="会议")
    # The chair of the union above does not speak for this union's committee.
    with pytest.raises(FinanceError, match="Only the union's chair records"):
        record_agreement(budget, Step.COMMITTEE, user=person(Role.UNION_CHAIR, county.federation), meeting="会议")
    assert not budget.approvals.exists()


def test_an_agreement_names_its_meeting_and_is_recorded_once(county, people):
    budget = drafted(county, people)
    with pytest.raises(FinanceError, match="Name the meeting"):
        record_agreement(budget, Step.COMMITTEE, user=people.chair, meeting="  ")
    record_agreement(budget, Step.COMMITTEE, user=people.chair, meeting="委员会会议")
    with pytest.raises(FinanceError, match="Union committee agreed is already recorded for this version"):
        record_agreement(budget, Step.COMMITTEE, user=people.chair, meeting="委员会会议")
    assert budget.approvals.count() == 1


def test_a_draft_without_lines_is_not_agreed(county, people):
    budget = start_budget(county.a, 2026, user=people.keeper)
    with pytest.raises(FinanceError, match="no lines yet"):
        record_agreement(budget, Step.COMMITTEE, user=people.chair, meeting="委员会会议")


def test_after_an_agreement_the_lines_are_frozen(county, people):
    budget = drafted(county, people)
    record_agreement(budget, Step.COMMITTEE, user=people.chair, meeting="委员会会议")
    with pytest.raises(FinanceError, match="changing it would change what was agreed"):
        save_lines(budget, lines(_401="1.00"), user=people.keeper)
    assert budget.lines.get(account__code="401").amount == D("5000.00")


def test_the_lines_a_budget_may_have(county, people):
    budget = start_budget(county.a, 2026, user=people.keeper)
    with pytest.raises(FinanceError, match="not an income or expenditure account"):
        save_lines(budget, lines(_102="1.00"), user=people.keeper)
    with pytest.raises(FinanceError, match="both on lines"):
        save_lines(budget, lines(_501="100.00", _50105="50.00"), user=people.keeper)
    with pytest.raises(FinanceError, match="from 0 up"):
        save_lines(budget, lines(_501="-1.00"), user=people.keeper)
    save_lines(budget, lines(_501="100.00", _50204="50.00"), user=people.keeper)
    assert sorted(budget.lines.values_list("account__code", flat=True)) == ["501", "50204"]


def test_only_the_union_above_decides_never_the_units_own_finance_officer(county, people):
    budget = agreed(county, people)
    with pytest.raises(FinanceError, match="Only the union's finance officer sends"):
        submit_budget(budget, user=people.chair)
    submit_budget(budget, user=people.keeper)
    for who in (people.keeper, people.chair, people.auditor, people.keeper_b):
        with pytest.raises(FinanceError, match="Only the union directly above decides"):
            decide_budget(budget, Step.APPROVED, user=who)
    decide_budget(budget, Step.FILED, user=people.federation)
    budget.refresh_from_db()
    assert budget.status == Budget.Status.FILED and budget_in_force(county.a, 2026) == budget


def test_sent_up_only_when_both_agreed(county, people):
    budget = drafted(county, people)
    record_agreement(budget, Step.COMMITTEE, user=people.chair, meeting="委员会会议")
    with pytest.raises(FinanceError, match="once both the union committee and the funds audit committee"):
        submit_budget(budget, user=people.keeper)


def test_a_returned_version_is_redrafted_as_the_next_version(county, people):
    budget = agreed(county, people)
    submit_budget(budget, user=people.keeper)
    with pytest.raises(FinanceError, match="Say why it is returned"):
        decide_budget(budget, Step.RETURNED, user=people.federation, note="")
    decide_budget(budget, Step.RETURNED, user=people.federation, note="送温暖预算偏低")
    budget.refresh_from_db()
    assert budget.status == Budget.Status.RETURNED and budget_in_force(county.a, 2026) is None
    assert steps_for(budget, people.keeper) == {"redraft"}
    second = redraft(budget, user=people.keeper)
    assert second.version == 2 and second.status == Budget.Status.DRAFT
    assert {(line.account.code, line.amount) for line in second.lines.all()} == {
        ("401", D("5000.00")), ("50105", D("3000.00"))}
    assert steps_for(budget, people.keeper) == set()
    with pytest.raises(FinanceError, match="A later version of this budget exists already"):
        redraft(budget, user=people.keeper)


def test_an_adjustment_is_in_force_once_accepted(county, people):
    budget = agreed(county, people)
    submit_budget(budget, user=people.keeper)
    decide_budget(budget, Step.APPROVED, user=people.federation)
    with pytest.raises(FinanceError, match="Say why the budget is adjusted"):
        adjust(budget, user=people.keeper, reason=" ")
    change = adjust(budget, user=people.keeper, reason="上级追加送温暖补助")
    assert change.version == 2 and change.is_adjustment and change.title.endswith("调整（第1次）")
    with pytest.raises(FinanceError, match="still in progress"):
        adjust(budget, user=people.keeper, reason="再调")
    save_lines(change, lines(_401="5000.00", _40304="2000.00", _50105="3000.00", _50205="2000.00"),
               user=people.keeper)
    record_agreement(change, Step.COMMITTEE, user=people.chair, meeting="委员会会议")
    record_agreement(change, Step.AUDIT_COMMITTEE, user=people.auditor, meeting="经审会会议")
    submit_budget(change, user=people.keeper)
    assert budget_in_force(county.a, 2026) == budget           # still the first until the union above accepts
    decide_budget(change, Step.APPROVED, user=people.federation)
    assert budget_in_force(county.a, 2026) == change
    with pytest.raises(FinanceError, match="Only the budget in force is adjusted"):
        adjust(budget, user=people.keeper, reason="旧版本")


def test_one_budget_per_union_and_year_and_copying_last_years(county, people):
    with pytest.raises(FinanceError, match="has no budget for 2025 to copy"):
        start_budget(county.a, 2026, user=people.keeper, copy_last_year=True)
    make_budget(county.a, year=2025, lines={"401": "4000.00", "50102": "800.00"})
    budget = start_budget(county.a, 2026, user=people.keeper, copy_last_year=True)
    assert {(line.account.code, line.amount) for line in budget.lines.all()} == {
        ("401", D("4000.00")), ("50102", D("800.00"))}
    with pytest.raises(FinanceError, match="already has a budget for 2026"):
        start_budget(county.a, 2026, user=people.keeper)
    with pytest.raises(FinanceError, match="You cannot draft the budget"):
        start_budget(county.a, 2027, user=people.keeper_b)


def test_a_finance_officer_above_neither_drafts_edits_nor_sends_up_a_units_budget(county, people):
    above = people.federation_keeper  # FINANCE_OFFICER at the county: the role covers union A too
    with pytest.raises(FinanceError, match="You cannot draft the budget of"):
        start_budget(county.a, 2026, user=above)
    draft = start_budget(county.a, 2027, user=people.keeper)
    assert steps_for(draft, above) == set()
    with pytest.raises(FinanceError, match="You cannot edit the budget"):
        save_lines(draft, lines(_401="1.00"), user=above)
    budget = agreed(county, people)
    assert steps_for(budget, above) == set() and steps_for(budget, people.keeper) == {"submit"}
    with pytest.raises(FinanceError, match="Only the union's finance officer sends"):
        submit_budget(budget, user=above)
    budget = submit_budget(budget, user=people.keeper)
    assert steps_for(budget, above) == {"decide"}
    budget = decide_budget(budget, Step.APPROVED, user=above)
    assert steps_for(budget, above) == set() and steps_for(budget, people.keeper) == {"adjust"}
    with pytest.raises(FinanceError, match="Only the union's finance officer adjusts"):
        adjust(budget, user=above, reason="上级代调")


def test_the_person_who_sent_a_budget_up_never_decides_on_it(county, people):
    # The unit's finance officer is also a finance officer of the county federation.
    RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.federation, user=people.keeper)
    budget = agreed(county, people)
    budget = submit_budget(budget, user=people.keeper)
    assert steps_for(budget, people.keeper) == set() and waiting_for(people.keeper) == []
    with pytest.raises(FinanceError, match="never the person who sent it up"):
        decide_budget(budget, Step.APPROVED, user=people.keeper)
    assert waiting_for(people.federation) == [budget]
    decide_budget(budget, Step.APPROVED, user=people.federation)
    assert budget_in_force(county.a, 2026) == budget


def test_the_union_directly_above_decides_and_one_further_up_does_not_skip_it(db):
    province = FederationFactory(name="测试省总工会")
    city = FederationFactory(name="测试市总工会", parent=province)
    unit = GrassrootsFactory(name="丙公司工会", parent=city)
    # A unit under a federation where nobody keeps the finances: the next union up decides.
    lone = GrassrootsFactory(name="丁公司工会", parent=FederationFactory(name="测试区总工会", parent=province))
    province_keeper, city_keeper = person(Role.FINANCE_OFFICER, province), person(Role.FINANCE_OFFICER, city)
    budget = make_budget(unit, status=Budget.Status.SUBMITTED)
    other = make_budget(lone, status=Budget.Status.SUBMITTED)
    assert steps_for(budget, province_keeper) == set() and steps_for(budget, city_keeper) == {"decide"}
    assert waiting_for(province_keeper) == [other] and waiting_for(city_keeper) == [budget]
    with pytest.raises(FinanceError, match="Only the union directly above decides"):
        decide_budget(budget, Step.APPROVED, user=province_keeper)
    decide_budget(budget, Step.APPROVED, user=city_keeper)
    decide_budget(other, Step.FILED, user=province_keeper)
    assert budget_in_force(unit, 2026) == budget and budget_in_force(lone, 2026) == other


def test_the_same_step_recorded_twice_below_the_page_is_a_message(county, people):
    """A double click that got past the page and the service's check: the unique constraint
    budget_step_once is turned into the message, never an IntegrityError."""
    from finance.budgets import _record

    budget = drafted(county, people)
    _record(budget, Step.COMMITTEE, user=people.chair, meeting="委员会会议")
    with pytest.raises(FinanceError, match="Union committee agreed is already recorded for this version"):
        _record(budget, Step.COMMITTEE, user=people.chair, meeting="委员会会议")
    stale = Budget.objects.get(pk=budget.pk)
    with pytest.raises(FinanceError, match="already recorded"):
        record_agreement(stale, Step.COMMITTEE, user=people.chair, meeting="委员会会议")
    assert budget.approvals.count() == 1


def test_the_lock_on_a_unions_budgets_takes_any_union_number(db):
    from finance.budgets import _lock_union_budgets

    with transaction.atomic():  # a union numbered past 214,748 once overflowed the lock's key
        _lock_union_budgets(SimpleNamespace(pk=2_147_483_000), 2026)
        _lock_union_budgets(SimpleNamespace(pk=9_000_000_000_000), 2026)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
                           "AND granted")
            held = cursor.fetchone()[0]
    assert held == 2  # one lock per union and year, both taken
