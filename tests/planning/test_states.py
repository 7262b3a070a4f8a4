"""draft → approved → issued, through the services and through the URLs; issued is read-only."""
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from planning import services
from planning.models import PlanItem, WorkPlan

from .factories import PlanItemFactory, WorkPlanFactory, issued

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_approve_then_issue_records_who_and_numbers_the_plan(plan, federation_admin):
    services.plan_approve(plan, federation_admin)
    plan.refresh_from_db()
    assert plan.state == WorkPlan.State.APPROVED and plan.approved_by == federation_admin
    services.plan_issue(plan, federation_admin)
    plan.refresh_from_db()
    assert plan.state == WorkPlan.State.ISSUED
    assert plan.issued_by == federation_admin and plan.issued_at
    assert plan.sequence == 1 and plan.signing_date and plan.printing_date
    assert plan.document_number == "测工发〔2026〕1号"


def test_the_next_plan_takes_the_next_free_sequence(county, plan, federation_admin):
    issued(WorkPlanFactory(issuer=county.federation), sequence=4)
    services.plan_approve(plan, federation_admin)
    services.plan_issue(plan, federation_admin)
    plan.refresh_from_db()
    assert plan.sequence == 5


def test_a_draft_cannot_be_issued(plan, federation_admin):
    with pytest.raises(services.PlanError):
        services.plan_issue(plan, federation_admin)
    plan.refresh_from_db()
    assert plan.state == WorkPlan.State.DRAFT


def test_an_issued_plan_cannot_be_approved_reopened_or_issued_again(plan, federation_admin):
    issued(plan)
    for service in (services.plan_approve, services.plan_reopen, services.plan_issue):
        with pytest.raises(services.PlanError):
            service(plan, federation_admin)


def test_a_plan_without_items_cannot_be_approved(county, federation_admin):
    with pytest.raises(services.PlanError):
        services.plan_approve(WorkPlanFactory(issuer=county.federation), federation_admin)


def test_reopen_clears_the_approval(plan, federation_admin):
    services.plan_approve(plan, federation_admin)
    services.plan_reopen(plan, federation_admin)
    plan.refresh_from_db()
    assert plan.state == WorkPlan.State.DRAFT and plan.approved_by is None and plan.approved_at is None


def test_the_database_refuses_two_issued_plans_with_one_number(county):
    issued(WorkPlanFactory(issuer=county.federation), sequence=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        issued(WorkPlanFactory(issuer=county.federation), sequence=3)


def test_the_database_refuses_an_issued_plan_without_a_number(county):
    plan = WorkPlanFactory(issuer=county.federation)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkPlan.objects.filter(pk=plan.pk).update(state="issued")


def test_the_state_buttons_by_url(client, plan, federation_admin):
    client.force_login(federation_admin)
    response = client.post(reverse("planning:plan_issue", args=[plan.pk]), follow=True)
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.state == WorkPlan.State.DRAFT  # refused with a message, not issued
    assert any("approved first" in str(m) or m.level_tag == "error" for m in response.context["messages"])
    client.post(reverse("planning:plan_approve", args=[plan.pk]))
    client.post(reverse("planning:plan_issue", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.state == WorkPlan.State.ISSUED


def test_state_urls_refuse_get(client, plan, federation_admin):
    client.force_login(federation_admin)
    assert client.get(reverse("planning:plan_approve", args=[plan.pk])).status_code == 405


def test_a_reviewer_may_read_but_not_approve(client, plan, federation_reviewer):
    client.force_login(federation_reviewer)
    assert client.get(reverse("planning:plan_detail", args=[plan.pk])).status_code == 200
    assert client.post(reverse("planning:plan_approve", args=[plan.pk])).status_code == 403
    plan.refresh_from_db()
    assert plan.state == WorkPlan.State.DRAFT


def test_an_issued_plan_is_read_only_in_every_editing_url(client, plan, federation_admin):
    issued(plan)
    item = plan.outline()[1].item
    client.force_login(federation_admin)
    before = list(PlanItem.objects.filter(plan=plan).values_list("pk", "heading", "parent_id", "position"))
    response = client.get(reverse("planning:plan_edit", args=[plan.pk]))
    assert response.status_code == 302 and response.url == reverse("planning:plan_detail", args=[plan.pk])
    client.post(reverse("planning:plan_edit", args=[plan.pk]), {"title": "改过的标题"})
    client.post(reverse("planning:item_new", args=[plan.pk]), {"heading": "新增"}, **HTMX)
    client.post(reverse("planning:item_edit", args=[item.pk]), {"heading": "改过"}, **HTMX)
    client.post(reverse("planning:item_move", args=[item.pk]), {"direction": "up"}, **HTMX)
    client.post(reverse("planning:item_delete", args=[item.pk]), **HTMX)
    client.post(reverse("planning:target_new", args=[item.pk]),
                {"kind": "number", "label": "x", "comparator": "gte", "target_value": "1"}, **HTMX)
    client.post(reverse("planning:plan_delete", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.title == "测试县总工会2026年工作要点"
    assert list(PlanItem.objects.filter(plan=plan).values_list("pk", "heading", "parent_id", "position")) == before
    assert not item.targets.exists()


def test_the_header_form_refuses_an_issued_plan_even_when_bound_directly(plan):
    from planning.forms import WorkPlanHeaderForm

    issued(plan)
    form = WorkPlanHeaderForm({"title": "x"}, instance=plan)
    assert not form.is_valid()


def test_the_editor_refuses_an_approved_plan_with_a_message(client, plan, federation_admin):
    services.plan_approve(plan, federation_admin)
    client.force_login(federation_admin)
    response = client.get(reverse("planning:plan_edit", args=[plan.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("planning:plan_detail", args=[plan.pk])
    assert list(response.context["messages"])


def test_copy_from_last_year(county, plan, federation_admin):
    from decimal import Decimal

    from .factories import PlanTargetFactory

    item = plan.outline()[1].item
    PlanTargetFactory(item=item, indicator_code="membership_rate", target_value=Decimal("100"))
    issued(plan, sequence=7)
    new = services.plan_copy(plan, federation_admin, year=2027)
    assert new.year == 2027 and new.number_year == 2027 and new.sequence is None
    assert new.state == WorkPlan.State.DRAFT and new.copied_from == plan and new.drafted_by == federation_admin
    assert new.title == "测试县总工会2027年工作要点"
    assert [(n.number, n.item.heading) for n in new.outline()] == [(n.number, n.item.heading) for n in plan.outline()]
    copied_targets = list(new.items.filter(targets__isnull=False).values_list("heading", "targets__indicator_code"))
    assert copied_targets == [("推进会员发展", "membership_rate")]
    assert plan.items.count() == 4  # the original is untouched


def test_copy_by_url_lands_in_the_editor(client, plan, federation_admin):
    issued(plan)
    client.force_login(federation_admin)
    response = client.post(reverse("planning:plan_copy", args=[plan.pk]), {"year": "2027"})
    new = WorkPlan.objects.exclude(pk=plan.pk).get()
    assert response.status_code == 302 and response.url == reverse("planning:plan_edit", args=[new.pk])
    bad = client.post(reverse("planning:plan_copy", args=[plan.pk]), {"year": "99999"})
    assert bad.status_code == 302 and WorkPlan.objects.count() == 2


def test_create_from_last_year_through_the_form(client, plan, federation_admin):
    client.force_login(federation_admin)
    response = client.post(reverse("planning:plan_create"), {
        "issuer": plan.issuer_id, "year": 2027, "title": "", "copy_from": plan.pk})
    new = WorkPlan.objects.exclude(pk=plan.pk).get()
    assert response.status_code == 302 and new.items.count() == 4 and new.year == 2027


def test_create_with_bad_input_shows_errors(client, county, federation_admin, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("planning:plan_create"), {"issuer": county.federation.pk, "year": "abc"})
    assert response.status_code == 200 and response.context["form"].errors
    assert set(response.context["form"].errors) == {"issuer", "year"}  # not A's federation to plan for
    assert not WorkPlan.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_plans_issued_at_the_same_moment_get_different_numbers(county, federation_admin):
    import threading

    from django.db import connection

    plans = []
    for _ in range(2):
        plan = WorkPlanFactory(issuer=county.federation)
        PlanItemFactory(plan=plan)
        plans.append(services.plan_approve(plan, federation_admin))
    barrier, errors = threading.Barrier(2), []

    def issue(plan):
        try:
            barrier.wait()
            services.plan_issue(plan, federation_admin)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(p,)) for p in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(WorkPlan.objects.values_list("sequence", flat=True)) == [1, 2]
