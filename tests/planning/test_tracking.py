"""Targets' values today, progress notes, the year-end summary."""
import datetime
from decimal import Decimal

from django.urls import reverse

from planning import services
from planning.models import ItemProgress, PlanTarget
from unionadmin.indicators import registry

from ..factories import MemberFactory
from .factories import PlanTargetFactory, issued

HTMX = {"HTTP_HX_REQUEST": "true"}


def _measured_county(county):
    """A: 100 employees, 60 members; B: 100 employees, 30 members → 90 / 200 = 45.0 %.
    A's Workers' Home is qualified (2025), B's not rated → 1 / 2 = 50.0 %."""
    for _ in range(60):
        MemberFactory(union=county.a)
    for _ in range(30):
        MemberFactory(union=county.b)
    county.a.home_rating, county.a.home_rating_year = "qualified", 2025
    county.a.save()


def test_target_values_are_the_indicators_measure_over_the_issuers_subtree(county, plan):
    _measured_county(county)
    item = plan.outline()[1].item
    rate = PlanTargetFactory(item=item, indicator_code="membership_rate", target_value=Decimal("100"))
    homes = PlanTargetFactory(item=item, indicator_code="workers_home_qualified", target_value=Decimal("50"),
                              position=1)
    typed = PlanTargetFactory(item=item, kind=PlanTarget.Kind.NUMBER, indicator_code="", label="培训工会干部",
                              unit="人次", target_value=Decimal("300"), current_value=Decimal("180"), position=2)
    statuses = {s.target.pk: s for s in services.target_statuses(plan)}
    assert statuses[rate.pk].value == Decimal("45.0")
    assert statuses[rate.pk].value == registry.get("membership_rate").measure(county.federation, plan.year).value
    assert statuses[rate.pk].met is False and statuses[rate.pk].bar == 45.0
    assert statuses[homes.pk].value == Decimal("50.0") and statuses[homes.pk].met is True
    assert statuses[typed.pk].value == Decimal("180") and statuses[typed.pk].bar == 60.0
    assert statuses[typed.pk].met is False


def test_tracking_page_shows_values_and_overdue_items(client, county, plan, federation_admin):
    _measured_county(county)
    item = plan.outline()[1].item
    PlanTargetFactory(item=item, indicator_code="membership_rate", target_value=Decimal("100"))
    item.due_date = datetime.date(2000, 1, 1)
    item.save()
    issued(plan)
    client.force_login(federation_admin)
    response = client.get(reverse("planning:plan_tracking", args=[plan.pk]))
    assert response.status_code == 200
    assert [s.value for s in response.context["statuses"]] == [Decimal("45.0")]
    assert [r["overdue"] for r in response.context["rows"]] == [False, True, False, False]
    assert 'data-width="45"' in response.content.decode()  # the bar (js/behaviours.js sets its width)


def test_progress_note_by_htmx_even_on_an_issued_plan(client, plan, federation_admin):
    issued(plan)
    item = plan.outline()[1].item
    client.force_login(federation_admin)
    url = reverse("planning:item_progress", args=[item.pk])
    response = client.post(url, {"date": "2026-05-01", "note": "完成集中入会", "percent": "80"}, **HTMX)
    assert response.status_code == 200 and "完成集中入会" in response.content.decode()
    assert ItemProgress.objects.get(item=item).recorded_by == federation_admin
    bad = client.post(url, {"date": "not a date", "note": "", "percent": "150"}, **HTMX)
    assert bad.status_code == 200 and ItemProgress.objects.count() == 1
    assert bad.context["progress_form"].errors.keys() == {"date", "note", "percent"}


def test_typed_value_and_owner_can_be_updated_on_an_issued_plan(client, plan, federation_admin):
    item = plan.outline()[1].item
    typed = PlanTargetFactory(item=item, kind="number", indicator_code="", label="培训", target_value=10)
    issued(plan)
    client.force_login(federation_admin)
    client.post(reverse("planning:target_value", args=[typed.pk]), {"current_value": "7"}, **HTMX)
    client.post(reverse("planning:item_tracking", args=[item.pk]), {"owner_text": "组织部", "due_date": "2026-09-30"},
                **HTMX)
    typed.refresh_from_db()
    item.refresh_from_db()
    assert typed.current_value == 7 and item.owner_text == "组织部" and item.due_date == datetime.date(2026, 9, 30)
    bad = client.post(reverse("planning:target_value", args=[typed.pk]), {"current_value": "lots"}, **HTMX)
    assert bad.status_code == 200


def test_a_unit_below_cannot_add_notes(client, plan, officer_a):
    issued(plan)
    client.force_login(officer_a)
    item = plan.outline()[1].item
    response = client.post(reverse("planning:item_progress", args=[item.pk]), {"date": "2026-05-01", "note": "x"})
    assert response.status_code == 403 and not ItemProgress.objects.exists()


def test_year_end_summary_mirrors_the_plan(client, county, plan, federation_admin):
    _measured_county(county)
    item = plan.outline()[1].item
    PlanTargetFactory(item=item, indicator_code="membership_rate", target_value=Decimal("100"))
    services.progress_add(item, federation_admin, date=datetime.date(2026, 4, 1), note="开展集中入会行动", percent=70)
    summary = services.plan_summary(plan)
    assert [s.number for s in summary.sections] == ["一、", "（一）", "（二）", "二、"]
    lines = summary.sections[1].lines
    assert any("开展集中入会行动" in line for line in lines)
    assert any("45" in line and "100" in line for line in lines)
    text = summary.as_text()
    assert "一、加强组织建设" in text and "（一）推进会员发展" in text
    client.force_login(federation_admin)
    page = client.get(reverse("planning:plan_summary", args=[plan.pk]))
    assert page.status_code == 200 and "开展集中入会行动" in page.content.decode()
    docx = client.get(reverse("planning:plan_summary_docx", args=[plan.pk]))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
