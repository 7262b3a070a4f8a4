"""What the claims part of finance offers the core's registries: the notification kinds, the
chair's home panel (claims waiting for approval), the indicator ``claims_breach_share`` and
the demo step; called once from FinanceConfig.ready."""
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from unionadmin.demo_steps import DemoStep, add_demo_step
from unionadmin.indicators import Indicator, count_by_organisation, registry
from unionadmin.navigation import HomePanel, add_home_panel
from unionadmin.notifications import register_kinds
from unionadmin.roles import CHAIR_ROLES

from . import SECTION

SUBMITTED_ONCE = ("submitted", "approved", "paid", "rejected")  # every claim that was submitted


def panel_context(request):
    from ..views.claims import waiting_for

    claims = waiting_for(request.user)
    return {"show": bool(claims), "claims": claims[:10]}


def count_claims(root, years):
    """Per union and year: claims submitted (whatever came of them, not drafts or withdrawn
    drafts) and, of those, the claims with at least one breach of a spending rule."""
    from ..models import Claim, RuleBreach

    rule_breach = RuleBreach.objects.filter(claim=OuterRef("pk"), kind=RuleBreach.Kind.RULE)
    claims = (Claim.objects.filter(organisation__path__startswith=root.path)
              .filter(Q(status__in=SUBMITTED_ONCE) | Q(submitted_at__isnull=False))
              .annotate(breached=Exists(rule_breach)))
    return count_by_organisation(claims, "organisation_id", years, year_field="year",
                                 submitted=Count("pk"), breached=Count("pk", filter=Q(breached=True)))


def load_demo(federation, users):
    from ..demo_claims import load_demo_claims

    return load_demo_claims(federation, users)


def register() -> None:
    from ..claims import ClaimNotice
    from ..models import Claim, RuleBreach

    register_kinds(ClaimNotice)
    add_home_panel(HomePanel(template="finance/home/_claims_panel.html", roles=CHAIR_ROLES, context=panel_context,
                             order=24))
    registry.add_source("claims", count_claims, models=[Claim, RuleBreach])
    registry.register(Indicator(
        code="claims_breach_share", label=_("Claims breaking a spending rule"), unit="percent",
        numerator="claims:breached", denominator="claims:submitted", better="lower", section=SECTION,
        description=_("Claims of the year with at least one recorded breach of a spending rule, out of the claims "
                      "submitted in the year."),
    ))
    add_demo_step(DemoStep("finance_claims", 63, load_demo))
