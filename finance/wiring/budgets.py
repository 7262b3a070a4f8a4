"""What the budgets part of finance offers the core's registries (menu, home panels, indicators,
documents, demo steps); called once from FinanceConfig.ready.

* the document kind ``budget_execution`` (预算执行情况表 as PDF, finance/exports_budgets.py);
* the indicator ``budget_execution_rate``: expenditure spent in the year ÷ expenditure budgeted
  in the budget in force, per union (source ``budget``: one query for the budgets in force,
  one for their lines, one for the spending, whatever the number of units). A unit that spends
  without a budget in force is counted as incomplete (数据不全); a unit over its budget is
  counted at 100 % (the rate of a subtree never reads above 100 %; the execution page shows
  the over-spending itself);
* a home panel for the union above: the budgets sent up and waiting for its decision;
* the demo step (order 62): budgets of 恒达机械工会 and two more demo unions."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import SECTION


def count_budget(root, years):
    """{year: {union pk: {"budgeted": expenditure in the budget in force, "spent": expenditure
    posted in the year}}}."""
    from finance.models import Account, Budget, BudgetLine, VoucherLine
    from finance.services import YEAR_END

    years = list(years)
    result = {year: {} for year in years}
    in_force: dict[tuple[int, int], tuple[int, int]] = {}  # (union, year) -> (version, budget pk)
    for pk, union, year, version in (Budget.objects.filter(organisation__path__startswith=root.path, year__in=years,
                                                          status__in=Budget.ACCEPTED)
                                     .values_list("pk", "organisation_id", "year", "version")):
        if (union, year) not in in_force or version > in_force[(union, year)][0]:
            in_force[(union, year)] = (version, pk)
    budget_keys = {pk: key for key, (_version, pk) in in_force.items()}
    for budget_id, total in (BudgetLine.objects.filter(budget_id__in=list(budget_keys),
                                                        account__element=Account.Element.EXPENDITURE)
                             .values("budget_id").annotate(total=Sum("amount")).order_by()
                             .values_list("budget_id", "total")):
        union, year = budget_keys[budget_id]
        if total:
            result[year].setdefault(union, {})["budgeted"] = total
    spending = (VoucherLine.objects.filter(voucher__organisation__path__startswith=root.path,
                                           voucher__year__in=years, account__element=Account.Element.EXPENDITURE)
                .exclude(voucher__source_kind=YEAR_END)  # the carry-forward empties the accounts: not spending
                .values("voucher__organisation_id", "voucher__year")
                .annotate(debit=Sum("debit"), credit=Sum("credit")).order_by())
    for row in spending:
        net = (row["debit"] or Decimal("0")) - (row["credit"] or Decimal("0"))
        if net:
            result[row["voucher__year"]].setdefault(row["voucher__organisation_id"], {})["spent"] = net
    return result


def waiting_context(request):
    from finance.budgets import waiting_for

    waiting = waiting_for(request.user)
    return {"show": bool(waiting), "waiting": waiting[:8], "count": len(waiting)}


def register() -> None:
    from unionadmin.demo_steps import DemoStep, add_demo_step
    from unionadmin.indicators import Indicator, registry
    from unionadmin.navigation import HomePanel, add_home_panel
    from unionadmin.roles import FEDERATION_FINANCE_ROLES

    from ..exports_budgets import register_document
    from ..models import Budget, BudgetLine, Voucher, VoucherLine

    register_document()
    registry.add_source("budget", count_budget, models=[Budget, BudgetLine, Voucher, VoucherLine])
    registry.register(Indicator(
        code="budget_execution_rate", label=_("Budget execution rate"), unit="percent",
        numerator="budget:spent", denominator="budget:budgeted", over_denominator="cap", section=SECTION,
        description=_("Expenditure spent in the year, out of the expenditure budgeted in the budget in force "
                      "(approved or filed by the union above)."),
    ))
    add_home_panel(HomePanel(template="finance/budgets/_home_panel.html", roles=FEDERATION_FINANCE_ROLES,
                             context=waiting_context, order=27))
    add_demo_step(DemoStep("finance_budgets", 62, load_demo_budgets))


# --- the demo ------------------------------------------------------------------------------

# (account code, amount, note): a grassroots union's year, scaled per union.
DEMO_LINES = [
    ("401", "18000.00", "会员工资0.5%"), ("402", "84000.00", "拨缴经费60%留成"), ("40301", "6000.00", "回拨补助"),
    ("50101", "6000.00", "职工书屋、技能培训"), ("50102", "18000.00", "职工运动会、篮球赛"),
    ("50105", "42000.00", "春节、中秋慰问品，生日、婚育、住院慰问"), ("50204", "12000.00", "困难职工帮扶"),
    ("50205", "10000.00", "送温暖"), ("50301", "6000.00", "工会干部培训"), ("50302", "3000.00", "会员代表大会、委员会"),
    ("50303", "4000.00", "模范职工之家建设"),
]
DEMO_UNITS = (("恒达机械工会", 1), ("县一中工会", Decimal("0.6")), ("鑫源水泥工会", Decimal("1.2")))


def _person(users, username):
    return users.get(username) if isinstance(users, dict) else None


@transaction.atomic
def load_demo_budgets(county_federation, users, *, today: datetime.date | None = None) -> dict:
    """This year's budget of three demo unions, agreed by both committees and approved by the
    county federation; 恒达机械工会's adjustment (more 送温暖) agreed and waiting for the
    federation. Through finance.budgets; nothing is done for a union that has this year's
    budget already. The logins: "finance" drafts 恒达's, "officer" (its chair) and "audit"
    (its 经审会 member) agree, "officer_school" (县一中's chair) agrees for 县一中, "fed_admin"
    approves; where the demo has no login (the other unions' 经审会, 鑫源's chair and finance
    officer) the step is recorded without a person."""
    from unionadmin.models import Organisation

    from ..budgets import adjust, decide_budget, record_agreement, save_lines, start_budget, submit_budget
    from ..chart import seed as seed_chart
    from ..models import Account, Budget, BudgetApproval

    Step = BudgetApproval.Step
    year = (today or timezone.localdate()).year
    if not Account.objects.exists():
        seed_chart(Account)
    chart = {account.code: account for account in Account.objects.all()}
    federation_user = _person(users, "fed_admin")
    made = 0
    for name, scale in DEMO_UNITS:
        union = Organisation.objects.filter(Q(short_name=name) | Q(name=name),
                                            path__startswith=county_federation.path).first()
        if union is None or Budget.objects.filter(organisation=union, year=year).exists():
            continue
        hengda = name == "恒达机械工会"
        keeper = _person(users, "finance") if hengda else None
        chair = _person(users, "officer" if hengda else "officer_school" if name == "县一中工会" else "")
        auditor = _person(users, "audit") if hengda else None
        budget = start_budget(union, year, user=keeper)
        lines = [(chart[code], (Decimal(amount) * scale).quantize(Decimal("1")), note)
                 for code, amount, note in DEMO_LINES]
        save_lines(budget, lines, user=keeper)
        record_agreement(budget, Step.COMMITTEE, user=chair, meeting=f"工会委员会{year}年第1次会议")
        record_agreement(budget, Step.AUDIT_COMMITTEE, user=auditor, meeting=f"经费审查委员会{year}年第1次会议")
        submit_budget(budget, user=keeper)
        decide_budget(budget, Step.APPROVED if hengda else Step.FILED, user=federation_user,
                      note="同意" if hengda else "")
        made += 1
        if hengda:
            change = adjust(budget, user=keeper, reason="下半年新增困难职工，追加送温暖支出，由帮扶补助收入安排")
            extra = {"40303": Decimal("8000.00"), "50205": Decimal("18000.00")}
            save_lines(change, [(account, extra.get(account.code, amount), note) for account, amount, note in lines]
                       + [(chart["40303"], extra["40303"], "县总帮扶补助")], user=keeper)
            record_agreement(change, Step.COMMITTEE, user=chair, meeting=f"工会委员会{year}年第5次会议")
            record_agreement(change, Step.AUDIT_COMMITTEE, user=auditor, meeting=f"经费审查委员会{year}年第3次会议")
            submit_budget(change, user=keeper)
    return {"budgets": made}
