"""What the allocation part of finance offers the core's registries: the 拨缴到账率 indicator
(dashboard, targets, assessment rubrics read the one registry), the arrears reminder's
notification kind and the demo step (order 61, after the books of finance/demo.py)."""
from decimal import Decimal

ZERO = Decimal("0")

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import Indicator, count_by_organisation, registry

from . import SECTION


def count_allocation(root, years):
    """Per unit and year: 应缴 (``due``) and 实缴 (``paid``) of its Allocation rows, one
    grouped query for all the years."""
    from ..models.allocation import Allocation

    rows = Allocation.objects.filter(organisation__path__startswith=root.path)
    return count_by_organisation(rows, "organisation_id", years, year_field="period__year",
                                 due=Sum("due"), paid=Sum("paid"))


def register() -> None:
    from unionadmin.demo_steps import DemoStep, add_demo_step
    from unionadmin.notifications import register_kinds

    from ..allocation import AllocationKind
    from ..models.allocation import Allocation

    registry.add_source("allocation", count_allocation, models=[Allocation])
    registry.register(Indicator(
        code="allocation_rate", label=_("2% allocation arrival rate"), unit="percent",
        numerator="allocation:paid", denominator="allocation:due", default_target=Decimal("100"), section=SECTION,
        over_denominator="cap",
        description=_("拨缴到账率: union funds paid, out of the funds due (2% × payroll), over the year's monthly "
                      "records of the units."),
    ))
    register_kinds(AllocationKind)
    add_demo_step(DemoStep("finance_allocation", 61, load_demo_allocation))



# --- the demo county's allocation ------------------------------------------------------------

DEMO_EMPLOYERS = [("县鑫源建材有限公司", "91230000MA1B2C3D4E"), ("县顺通物流有限公司", "91230000MA1F5G6H7J"),
                  ("县康宁养老服务中心", "52230000MJ8K9L0M1N")]


def _user(users, username):
    if isinstance(users, dict):
        return users.get(username)
    return next((u for u in users if u.username == username), None)


def load_demo_allocation(federation, users, *, seed: int = 2026, today=None) -> dict:
    """Every grassroots union of the demo county gets terms (mixed modes, a couple of small
    payers) and this year's months up to last month (most paid in full, a few partly, two units
    in arrears, returned shares where the federation returns them); three 建会筹备金 rows, one
    returned; one reminder; and 恒达机械工会's dues and one allocation posted to its books.
    Idempotent: nothing is done when the county already has terms."""
    import datetime
    import random

    from django.db import transaction
    from django.utils import timezone

    from unionadmin.models import Organisation
    from unionadmin.roles import Role

    from .. import allocation as rules
    from ..models.allocation import AllocationTerms, CollectionMode, PreparatoryFund
    from ..services import FinanceError

    if AllocationTerms.objects.filter(organisation__path__startswith=federation.path).exists():
        return {"allocation_terms": 0}
    today = today or timezone.localdate()
    rng = random.Random(seed)
    keeper = _user(users, "fed_admin")
    units = list(Organisation.objects.subtree_of(federation).grassroots().filter(is_active=True).order_by("path"))
    modes = [CollectionMode.TAX_FULL, CollectionMode.TAX_FULL, CollectionMode.TAX_SHARE,
             CollectionMode.FINANCE_BUREAU, CollectionMode.SELF_PAID]
    small = {u.pk for u in sorted(units, key=lambda u: u.employee_count or 0)[:2]}
    in_arrears = {units[i].pk for i in (3, 7) if i < len(units)}
    cent = Decimal("0.01")
    rows = 0
    with transaction.atomic():
        for index, unit in enumerate(units):
            mode = modes[index % len(modes)]
            AllocationTerms.objects.create(
                organisation=unit, mode=mode, small_payer=unit.pk in small, bank_name="中国工商银行县支行",
                bank_account="6222" + "".join(str(rng.randrange(10)) for _ in range(15)))
            payroll = (Decimal(max(unit.employee_count or 20, 5)) * Decimal(rng.choice([4200, 5100, 6300, 7800]))
                       ).quantize(cent)
            months = {}
            for month in range(1, max(today.month - 1, 1) + 1):  # up to last month: this one is not due yet
                period = rules.first_of(today.year, month)
                due = (payroll * Decimal("0.02")).quantize(cent)
                paid_on = min(period + datetime.timedelta(days=rng.randrange(20, 40)), today)
                late = unit.pk in in_arrears and month > today.month - 4
                paid = ZERO if paid_on < period or late else due
                if paid and rng.random() < 0.08:
                    paid = (due * Decimal("0.7")).quantize(cent)
                values = {"payroll": payroll, "paid": paid, "paid_on": paid_on if paid else None,
                          "note": "部分到账，余款催缴中" if paid and paid < due else ""}
                returned_on = paid_on + datetime.timedelta(days=30)
                if paid and mode in rules.RETURNED_MODES and returned_on <= today:
                    values.update(returned=(paid * Decimal("0.6")).quantize(cent), returned_on=returned_on)
                if paid and mode == CollectionMode.SELF_PAID and returned_on <= today:
                    values.update(sent_up=(paid * Decimal("0.4")).quantize(cent), sent_up_on=returned_on)
                months[month] = values
            rows += rules.record_months(unit, today.year, months, user=keeper)
        funds = []
        for number, (employer, code) in enumerate(DEMO_EMPLOYERS):
            period = rules.first_of(today.year, max(1, today.month - 2 - number))
            funds.append(PreparatoryFund.objects.create(
                federation=federation, employer=employer, credit_code=code, period=period,
                amount=Decimal(rng.randrange(1200, 4800)), received_on=period + datetime.timedelta(days=15),
                recorded_by=keeper))
        if units:
            rules.return_preparatory_fund(funds[0], units[-1], max(funds[0].received_on, today), user=keeper)
        reminders = 0
        for unit in units:
            if unit.pk in in_arrears:
                rules.send_reminder(unit, today.year, user=keeper)
                reminders += 1
                break
    posted = _demo_postings(users, today, rules, FinanceError, Role)
    return {"allocation_terms": len(units), "allocations": rows, "preparatory_funds": len(funds),
            "allocation_reminders": reminders, **posted}


def _demo_postings(users, today, rules, FinanceError, Role) -> dict:
    """恒达机械工会's dues of this year and one month's allocation, in its books; the months the
    books demo closed are posted dated today (the first open day)."""
    finance = _user(users, "finance")
    assignment = finance and finance.role_assignments.filter(role=Role.FINANCE_OFFICER).select_related(
        "organisation").first()
    if assignment is None:
        return {"dues_vouchers": 0}
    union, dues = assignment.organisation, 0
    for month in range(today.month, 0, -1):
        figures = rules.dues_month(union, today.year, month)
        if figures.total and figures.voucher is None:
            try:
                rules.post_dues_income(union, today.year, month, finance)
            except FinanceError:  # a closed month: posted today, once, for the latest month
                if dues:
                    continue
                rules.post_dues_income(union, today.year, month, finance, date=today)
            dues += 1
    allocations = 0
    for row in union.allocations.filter(period__year=today.year).order_by("-period"):
        if rules.allocation_income(row).amount:
            rules.post_allocation_income(row, finance, date=today)
            allocations += 1
            break
    return {"dues_vouchers": dues, "allocation_vouchers": allocations}
