"""The demo plans: the county's issued 工作要点 and a grassroots union's own plan."""
from planning.demo import load_demo_plans
from planning.models import PlanTarget, WorkPlan


def test_demo_plans(county, federation_admin, officer_a):
    county.federation.document_code = "测工发"
    county.federation.save()
    plans = load_demo_plans(county.federation, county.a, {"admin": federation_admin, "a": officer_a})
    county_plan, union_plan = plans
    assert county_plan.state == WorkPlan.State.ISSUED and county_plan.document_number.endswith("〔%d〕3号"
                                                                                            % county_plan.year)
    outline = county_plan.outline()
    assert sum(1 for n in outline if n.level == 1) >= 5 and len(outline) >= 25
    assert county_plan.issued_by == federation_admin
    codes = set(PlanTarget.objects.filter(item__plan=county_plan).values_list("indicator_code", flat=True))
    assert {"membership_rate", "workers_home_qualified", "workers_home_advanced"} <= codes
    assert county_plan.attachments.count() == 1
    assert county_plan.acknowledgements.filter(organisation=county.a, user=officer_a).exists()
    assert union_plan.issuer == county.a and union_plan.state == WorkPlan.State.APPROVED
    # Loading again changes nothing.
    assert len(load_demo_plans(county.federation, county.a, {})) == 2
    assert WorkPlan.objects.count() == 2
