"""In a real browser: the federation user opens the dashboard from the home page, sees the
membership-rate tile with its plan target, drills into the worst unit and exports the table;
screenshots at 1280 and 375 px."""
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.factories import FederationFactory, GrassrootsFactory, MemberFactory, RoleAssignmentFactory
from tests.planning.factories import PlanItemFactory, PlanTargetFactory, WorkPlanFactory, issued
from unionadmin.models import AuditEvent
from unionadmin.roles import Role

from .fixtures import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def county_with_plan(settings):
    year = timezone.localdate().year
    federation = FederationFactory(name="测试县总工会")
    units = {}
    for name, employees, members in [("甲公司工会", 10, 6), ("乙学校工会", 10, 9), ("丙工厂工会", 20, 2)]:
        units[name] = GrassrootsFactory(name=name, parent=federation, employee_count=employees)
        for _n in range(members):
            MemberFactory(union=units[name])
    plan = issued(WorkPlanFactory(issuer=federation, year=year))
    PlanTargetFactory(item=PlanItemFactory(plan=plan), indicator_code="membership_rate", target_value=Decimal("95"))
    user = RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=federation).user
    user.language = "en"
    user.save(update_fields=["language"])
    return federation, units, user


def test_federation_user_opens_dashboard_drills_down_and_exports(county_with_plan, live_server, page_at,
                                                                   screenshot):
    federation, units, user = county_with_plan
    for width in (1280, 375):
        page = page_at(width)
        log_in(page, live_server, user.username, PASSWORD)
        page.get_by_role("link", name="Open the dashboard").first.click()
        page.wait_for_url(f"{live_server.url}/dashboard/{federation.pk}/")
        tile = page.locator("#tile-membership_rate")
        # 17 members of 40 employees; the issued plan's target of 95 %.
        assert "42.5%" in tile.inner_text()
        assert "Plan target" in tile.inner_text() and "95%" in tile.inner_text()
        page.wait_for_function("document.querySelectorAll('canvas').length === 3")
        screenshot(page, f"dashboard-{width}")
        # The page itself does not spill sideways (the shared menu bar is base.html's business).
        overflow = page.evaluate("document.querySelector('main').scrollWidth - document.querySelector('main').clientWidth")
        assert overflow <= 0, f"dashboard at {width}px scrolls sideways by {overflow}px"

        tile.get_by_role("link", name="Units, worst first").click()
        page.wait_for_url(f"**/dashboard/{federation.pk}/indicator/membership_rate/**")
        first = page.locator("#units-table tbody tr").first
        assert "丙工厂工会" in first.inner_text() and "10.0%" in first.inner_text()
        screenshot(page, f"dashboard-drilldown-{width}")

        with page.expect_download() as download_info:
            page.locator("#export-xlsx").click()
        download = download_info.value
        assert download.suggested_filename.endswith(".xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        # The table as the page shows it: worst first, with numerator, denominator and value.
        assert [(row[1], row[3], row[4], row[5]) for row in rows] == [
            ("丙工厂工会", 2, 20, 10), ("甲公司工会", 6, 10, 60), ("乙学校工会", 9, 10, 90)]

        first.get_by_role("link", name="丙工厂工会").click()
        page.wait_for_url(f"**/dashboard/{units['丙工厂工会'].pk}/**")
        assert "10.0%" in page.locator("#tile-membership_rate").inner_text()
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.EXPORT, actor=user).count() == 2
