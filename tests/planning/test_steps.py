"""What a person may do next with a plan (WorkPlan.allowed_actions): the detail page shows the
buttons it offers and the action URLs refuse what it does not."""
from django.urls import reverse

from planning import services
from planning.models import PlanAcknowledgement, WorkPlan
from unionadmin.roles import Role

from .conftest import user_with
from .factories import WorkPlanFactory, issued


def test_the_steps_follow_the_state_and_the_role(county, plan, federation_admin, federation_reviewer, officer_a):
    assert plan.allowed_actions(federation_admin) == {"edit", "delete", "copy", "approve", "track"}
    assert plan.allowed_actions(federation_reviewer) == {"track"}
    services.plan_approve(plan, federation_admin)
    plan = WorkPlan.objects.get(pk=plan.pk)
    assert plan.allowed_actions(federation_admin) == {"copy", "issue", "reopen", "track"}
    issued(plan)
    plan = WorkPlan.objects.get(pk=plan.pk)
    assert plan.allowed_actions(federation_admin) == {"copy", "track", "follow_acknowledgements"}
    assert plan.allowed_actions(officer_a) == {"acknowledge"}


def test_the_detail_page_shows_only_the_buttons_offered(client, plan, federation_admin, federation_reviewer):
    approve = reverse("planning:plan_approve", args=[plan.pk])
    client.force_login(federation_reviewer)
    html = client.get(reverse("planning:plan_detail", args=[plan.pk])).content.decode()
    assert approve not in html and reverse("planning:plan_edit", args=[plan.pk]) not in html
    client.force_login(federation_admin)
    html = client.get(reverse("planning:plan_detail", args=[plan.pk])).content.decode()
    assert approve in html and reverse("planning:plan_issue", args=[plan.pk]) not in html


def test_a_step_not_offered_is_refused_with_a_message(client, plan, federation_admin):
    client.force_login(federation_admin)
    response = client.post(reverse("planning:plan_reopen", args=[plan.pk]), follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    plan.refresh_from_db()
    assert plan.state == WorkPlan.State.DRAFT


def test_a_superuser_reads_every_plan_but_receives_none_from_above(client, county, plan, superuser):
    """Acknowledging is for a unit below the issuer: a superuser holding no role there has
    nothing to acknowledge and no plan waiting on the home page."""
    from planning.views.home import awaiting_acknowledgement

    issued(plan)
    client.force_login(superuser)
    response = client.get(reverse("planning:plan_detail", args=[plan.pk]))
    assert response.status_code == 200 and "acknowledge_form" not in response.context
    assert "acknowledge" not in plan.allowed_actions(superuser)
    client.post(reverse("planning:plan_acknowledge", args=[plan.pk]), {"organisation": county.a.pk})
    assert not PlanAcknowledgement.objects.exists()
    request = type("Request", (), {"user": superuser})()
    assert awaiting_acknowledgement(request)["plans"] == []
    list_page = client.get(reverse("planning:plan_list"))
    assert [p.pk for p in list_page.context["object_list"]] == [plan.pk] and list_page.context["from_above"] == []


def test_a_unit_below_acknowledges_for_each_unit_it_holds_a_role_in(client, county, branch_a, plan):
    person = user_with(Role.UNION_OFFICER, county.a)
    user_with(Role.UNION_OFFICER, branch_a).role_assignments.update(user=person)
    issued(plan)
    assert list(services.acknowledging_organisations(plan, person)) == [county.a, branch_a]


def test_the_list_filter_ignores_a_year_out_of_range(client, county, federation_admin):
    WorkPlanFactory(issuer=county.federation, year=2026)
    client.force_login(federation_admin)
    for year in ("1999", "99999999999999999999", "2026.5", ""):
        response = client.get(reverse("planning:plan_list"), {"year": year, "state": "issued"})
        assert response.status_code == 200, year
        assert list(response.context["object_list"]) == []  # the state still applies
