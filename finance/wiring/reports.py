"""What the reports part of finance offers the core's registries (menu, home panels, indicators,
documents, demo steps); called once from FinanceConfig.ready. The 决算 document kind is
registered with the statement's, in finance/documents.py."""
from __future__ import annotations

import datetime

from django.utils import timezone

from unionadmin.roles import Role


def load_demo_reports(federation, users, *, today: datetime.date | None = None) -> dict:
    """恒达机械工会's last year carried forward (when the demo has last year's books and its
    December is still open; the finance demo closes every month before this one, so it usually
    is not) and one published disclosure of this year through last month. Idempotent."""
    from ..models import Disclosure, Voucher
    from ..reports import carry_forward, carry_forward_refusal, prepare_disclosure, publish

    user = users.get("finance") if isinstance(users, dict) else None
    assignment = (user.role_assignments.filter(role=Role.FINANCE_OFFICER).select_related("organisation").first()
                  if user is not None else None)
    if assignment is None:
        return {}
    union, today = assignment.organisation, today or timezone.localdate()
    done = {"carried_forward": False, "disclosures": 0}
    last_year = today.year - 1
    if (Voucher.objects.filter(organisation=union, year=last_year).exists()
            and carry_forward_refusal(union, last_year, today=today) is None):
        carry_forward(union, last_year, user=user)
        done["carried_forward"] = True
    if not Disclosure.objects.filter(organisation=union).exists():
        first_of_month = today.replace(day=1)
        through = first_of_month - datetime.timedelta(days=1)
        disclosure = prepare_disclosure(
            union, year=through.year, month=through.month, user=user,
            title=f"{union.name}{through.year}年1—{through.month}月经费收支情况公开",
            note="以上为本会经费收支情况，请会员监督。如有疑问，请向工会经费审查委员会反映。")
        publish(disclosure, user=user)
        done["disclosures"] = 1
    return done


def register() -> None:
    from unionadmin.demo_steps import DemoStep, add_demo_step

    add_demo_step(DemoStep("finance reports", 64, load_demo_reports))
