"""What the rules part of finance offers the core's registries: the finance officer's home-page
line of approved welfare grants whose voucher the books refused, and the demo step (order 61,
after the books of finance/demo.py): finance settings (province 黑龙江) for the demo unions
that keep books here, and the vouchers of their welfare grants approved before they did."""
from __future__ import annotations


def grants_panel_context(request):
    from ..forms import books_of
    from ..grants import unposted_grants

    grants = list(unposted_grants(books_of(request.user, "change"))[:10])
    return {"show": bool(grants), "grants": grants}


def load_demo_rules(county_federation, users) -> dict:
    """Idempotent: settings once per union, each grant posted once (its source)."""
    from ..grants import grant_approved, unposted_grants
    from ..models import FinanceSettings, Voucher
    from ..spending_rules import seed_if_empty

    seed_if_empty()
    keeping = (county_federation.__class__.objects.subtree_of(county_federation)
               .filter(pk__in=Voucher.objects.values("organisation")))
    settings = 0
    for union in keeping:
        settings += FinanceSettings.objects.get_or_create(organisation=union, defaults={"province": "黑龙江"})[1]
    posted = sum(1 for grant in unposted_grants(list(keeping)) if grant_approved(grant) is not None)
    return {"finance_settings": settings, "grant_vouchers": posted}


def register() -> None:
    from unionadmin.demo_steps import DemoStep, add_demo_step
    from unionadmin.navigation import HomePanel, add_home_panel
    from unionadmin.roles import FINANCE_ROLES

    add_home_panel(HomePanel(template="finance/rules/_grants_panel.html", roles=FINANCE_ROLES,
                             context=grants_panel_context, order=24))
    add_demo_step(DemoStep("finance_rules", 61, load_demo_rules))
