"""Who sees which plan: the issuer's staff always; units below once it is issued; a sibling
federation never. Acknowledgement: once per unit, only by a unit below."""
from django.urls import reverse

from planning.models import PlanAcknowledgement, WorkPlan
from unionadmin.roles import Role

from .conftest import user_with
from .factories import PlanItemFactory, WorkPlanFactory, issued


def visible(user, action="view"):
    return set(WorkPlan.objects.visible_to(user, action).values_list("pk", flat=True))


def test_a_draft_is_seen_only_by_the_issuer(plan, federation_admin, officer_a, officer_branch, sibling_officer):
    assert plan.pk in visible(federation_admin)
    assert plan.pk not in visible(officer_a)
    assert plan.pk not in visible(officer_branch)
    assert plan.pk not in visible(sibling_officer)


def test_an_issued_plan_is_seen_by_every_unit_below_but_never_by_a_sibling_federation(
        plan, officer_a, officer_b, officer_branch, sibling_officer, outsider):
    issued(plan)
    assert plan.pk in visible(officer_a) and plan.pk in visible(officer_b) and plan.pk in visible(officer_branch)
    assert plan.pk not in visible(sibling_officer)
    assert plan.pk not in visible(outsider)


def test_units_below_may_read_but_not_change_or_track(plan, officer_a):
    issued(plan)
    assert plan.pk not in visible(officer_a, "change")
    assert plan.pk not in visible(officer_a, "track")
    assert plan.pk in visible(officer_a, "acknowledge")


def test_a_unions_own_plan_is_not_seen_by_the_union_next_door(county, officer_a, officer_b, federation_admin):
    own = issued(PlanItemFactory(plan=WorkPlanFactory(issuer=county.a)).plan)
    assert own.pk in visible(officer_a)
    assert own.pk not in visible(officer_b)  # a sibling, not below
    assert own.pk in visible(federation_admin)  # the federation covers its subtree


def test_the_visibility_query_is_one_query(django_assert_num_queries, plan, officer_a):
    issued(plan)
    officer_a = type(officer_a).objects.get(pk=officer_a.pk)
    with django_assert_num_queries(2):  # the role paths, then the plans
        list(WorkPlan.objects.visible_to(officer_a))


def test_pages_for_a_unit_below(client, plan, officer_a):
    client.force_login(officer_a)
    detail = reverse("planning:plan_detail", args=[plan.pk])
    assert client.get(detail).status_code == 404  # a draft: not even its existence
    issued(plan)
    assert client.get(detail).status_code == 200
    assert client.get(reverse("planning:plan_tracking", args=[plan.pk])).status_code == 403
    assert client.get(reverse("planning:plan_edit", args=[plan.pk])).status_code == 403
    assert client.get(reverse("planning:plan_docx", args=[plan.pk])).status_code == 200


def test_sibling_federation_gets_404_everywhere(client, plan, sibling_officer):
    issued(plan)
    client.force_login(sibling_officer)
    for name in ("plan_detail", "plan_tracking", "plan_docx", "plan_summary", "plan_preview",
                 "plan_preview_page"):
        assert client.get(reverse(f"planning:{name}", args=[plan.pk])).status_code == 404, name
    assert client.post(reverse("planning:plan_acknowledge", args=[plan.pk])).status_code == 404


def test_list_shows_own_plans_and_plans_from_above(client, county, plan, officer_a):
    own = WorkPlanFactory(issuer=county.a, title="甲公司工会计划")
    draft_above = WorkPlanFactory(issuer=county.federation, title="还是草稿")
    issued(plan)
    client.force_login(officer_a)
    response = client.get(reverse("planning:plan_list"))
    assert list(response.context["object_list"]) == [own]
    assert [p.pk for p in response.context["from_above"]] == [plan.pk]
    assert draft_above.title not in response.content.decode()


def test_acknowledge_once_per_unit(client, county, plan, officer_a):
    issued(plan)
    client.force_login(officer_a)
    url = reverse("planning:plan_acknowledge", args=[plan.pk])
    assert client.post(url, {"organisation": county.a.pk}).status_code == 302
    assert PlanAcknowledgement.objects.filter(plan=plan, organisation=county.a, user=officer_a).count() == 1
    second_officer = user_with(Role.UNION_OFFICER, county.a)
    client.force_login(second_officer)
    response = client.post(url, {"organisation": county.a.pk}, follow=True)
    assert response.status_code == 200
    assert PlanAcknowledgement.objects.filter(plan=plan).count() == 1


def test_cannot_acknowledge_for_another_unit_or_a_draft(client, county, plan, officer_a):
    client.force_login(officer_a)
    url = reverse("planning:plan_acknowledge", args=[plan.pk])
    assert client.post(url, {"organisation": county.a.pk}).status_code == 404  # a draft is not visible
    issued(plan)
    client.post(url, {"organisation": county.b.pk})  # not A's to acknowledge
    client.post(url, {"organisation": "not a number"})
    assert not PlanAcknowledgement.objects.exists()


def test_the_issuer_cannot_acknowledge_its_own_plan(client, county, plan, federation_admin):
    issued(plan)
    client.force_login(federation_admin)
    response = client.post(reverse("planning:plan_acknowledge", args=[plan.pk]), {"organisation": county.a.pk})
    assert response.status_code == 403
    assert not PlanAcknowledgement.objects.exists()


def test_the_issuer_sees_who_acknowledged_and_who_has_not(client, county, plan, officer_a, federation_admin):
    issued(plan)
    PlanAcknowledgement.objects.create(plan=plan, organisation=county.a, user=officer_a)
    client.force_login(federation_admin)
    response = client.get(reverse("planning:plan_detail", args=[plan.pk]))
    assert [a.organisation for a in response.context["acknowledgements"]] == [county.a]
    assert response.context["not_yet"] == [county.b]


def test_home_panel_lists_plans_awaiting_my_acknowledgement(rf, county, plan, officer_a):
    from django.template.loader import render_to_string

    from planning.views.home import awaiting_acknowledgement
    from unionadmin.navigation import home_panels

    assert "planning/home/_awaiting.html" in [p.template for p in home_panels]
    request = rf.get("/")
    request.user = officer_a
    issued(plan)
    panel = awaiting_acknowledgement(request)
    assert panel["plans"] == [plan]
    assert plan.title in render_to_string("planning/home/_awaiting.html", {"panel": panel})
    PlanAcknowledgement.objects.create(plan=plan, organisation=county.a, user=officer_a)
    assert awaiting_acknowledgement(request)["plans"] == []
