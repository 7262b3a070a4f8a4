"""The dashboard: tiles against hand-computed values, plan targets, drill-down, scope, export,
and a query count that does not grow with the number of units."""
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Member
from planning.models import WorkPlan
from tests.factories import GrassrootsFactory, MemberFactory, RoleAssignmentFactory
from tests.planning.factories import PlanItemFactory, PlanTargetFactory, WorkPlanFactory, issued
from unionadmin.indicators import registry
from unionadmin.models import AuditEvent, Organisation
from unionadmin.roles import Role

YEAR = timezone.localdate().year


@pytest.fixture
def small(county):
    """A: 4 of 10 employees are members, qualified Home; B: 8 of 10, advanced Home; C: 0 of 20.
    Federation: 12 / 40 = 30.0 %; Homes qualified 2 / 3 = 66.7 %, advanced 1 / 3 = 33.3 %."""
    a, b = county.a, county.b
    a.employee_count, a.home_rating, a.home_rating_year = 10, Organisation.HomeRating.QUALIFIED, YEAR - 2
    a.save()
    b.employee_count, b.home_rating, b.home_rating_year = 10, Organisation.HomeRating.ADVANCED, YEAR - 1
    b.save()
    c = GrassrootsFactory(name="丙工厂工会", parent=county.federation, employee_count=20)
    for n in range(4):
        MemberFactory(union=a, gender=Member.Gender.FEMALE if n < 3 else Member.Gender.MALE)
    for n in range(8):
        MemberFactory(union=b, gender=Member.Gender.FEMALE if n < 2 else Member.Gender.MALE)
    county.c = c
    return county


def _tiles(response):
    return {tile.indicator.code: tile for tile in response.context["tiles"]}


def test_tiles_match_hand_computed_values(client, small, federation_admin):
    client.force_login(federation_admin)
    response = client.get(reverse("dashboard", args=[small.federation.pk]))
    assert response.status_code == 200
    tiles = _tiles(response)
    assert set(tiles) == {indicator.code for indicator in registry}  # every registered indicator
    assert tiles["membership_rate"].value == Decimal("30.0")
    assert (tiles["membership_rate"].measurement.numerator, tiles["membership_rate"].measurement.denominator) \
        == (12, 40)
    assert tiles["members_count"].value == 12
    assert tiles["women_members_share"].value == Decimal("41.7")  # 5 of 12
    assert tiles["workers_home_qualified"].value == Decimal("66.7")
    assert tiles["workers_home_advanced"].value == Decimal("33.3")
    # No plan: the national target, labelled as such.
    assert tiles["workers_home_qualified"].target == Decimal("90")
    assert tiles["workers_home_qualified"].target_source == "national"
    # Last year B's advanced rating (YEAR-1) counted; two years ago only A was rated (qualified).
    assert tiles["workers_home_qualified"].previous.value == Decimal("66.7")


def test_category_filter_adds_up_that_categorys_units(client, small, federation_admin):
    client.force_login(federation_admin)
    response = client.get(reverse("dashboard", args=[small.federation.pk]), {"category": "enterprise"})
    tiles = _tiles(response)
    assert tiles["membership_rate"].value == Decimal("13.3")  # A and C: 4 / 30
    assert response.context["filters"].category == "enterprise"


def test_within_filter_measures_a_part_of_the_tree(client, small, federation_admin):
    client.force_login(federation_admin)
    response = client.get(reverse("dashboard", args=[small.federation.pk]), {"within": small.b.pk})
    assert _tiles(response)["membership_rate"].value == Decimal("80.0")


def test_issued_plan_target_is_shown_nearest_issuer_wins(client, small, federation_admin, english):
    plan = issued(WorkPlanFactory(issuer=small.federation, year=YEAR))
    PlanTargetFactory(item=PlanItemFactory(plan=plan), indicator_code="membership_rate", target_value=Decimal("95"))
    draft = WorkPlanFactory(issuer=small.federation, year=YEAR)  # a draft sets nothing
    PlanTargetFactory(item=PlanItemFactory(plan=draft), indicator_code="workers_home_qualified",
                      target_value=Decimal("50"))
    english.force_login(federation_admin)
    response = english.get(reverse("dashboard", args=[small.federation.pk]))
    tiles = _tiles(response)
    assert tiles["membership_rate"].target == Decimal("95")
    assert tiles["membership_rate"].target_source == "plan"
    assert tiles["workers_home_qualified"].target == Decimal("90")
    html = response.content.decode()
    assert "Plan target" in html and "National target" in html
    # A's own issued plan overrides the federation's for A.
    own = issued(WorkPlanFactory(issuer=small.a, year=YEAR, organ_code="甲工发"))
    PlanTargetFactory(item=PlanItemFactory(plan=own), indicator_code="membership_rate", target_value=Decimal("60"))
    assert registry.targets(small.a, YEAR)["membership_rate"] == Decimal("60")
    assert registry.targets(small.b, YEAR)["membership_rate"] == Decimal("95")
    assert "membership_rate" not in registry.targets(small.b, YEAR - 1)
    assert WorkPlan.objects.filter(state=WorkPlan.State.ISSUED).count() == 2


def test_drill_down_lists_units_worst_first(client, small, federation_admin):
    client.force_login(federation_admin)
    response = client.get(reverse("dashboard_indicator", args=[small.federation.pk, "membership_rate"]))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(row["unit"].pk, row["value"]) for row in rows] == [
        (small.c.pk, Decimal("0.0")), (small.a.pk, Decimal("40.0")), (small.b.pk, Decimal("80.0"))]
    assert reverse("dashboard", args=[small.c.pk]) in response.content.decode()


def test_drill_down_shows_a_page_at_a_time_ranked_across_pages(client, small, federation_admin, monkeypatch):
    from unionadmin.views import dashboard

    monkeypatch.setattr(dashboard, "DRILL_DOWN_PAGE", 2)
    client.force_login(federation_admin)
    url = reverse("dashboard_indicator", args=[small.federation.pk, "membership_rate"])
    second = client.get(url, {"page": 2})
    assert [(row["rank"], row["unit"].pk) for row in second.context["rows"]] == [(3, small.b.pk)]
    assert "3个单位" in second.content.decode()  # the caption counts every unit, not the page
    assert client.get(url, {"page": "x"}).context["rows"][0]["rank"] == 1  # a bad page is the first


def test_unknown_indicator_is_404(client, small, federation_admin):
    client.force_login(federation_admin)
    assert client.get(reverse("dashboard_indicator", args=[small.federation.pk, "no_such"])).status_code == 404


def test_grassroots_officer_sees_own_dashboard_only(client, small, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("dashboard", args=[small.a.pk])).status_code == 200
    assert client.get(reverse("dashboard", args=[small.federation.pk])).status_code == 404
    assert client.get(reverse("dashboard", args=[small.b.pk])).status_code == 404
    assert client.get(reverse("dashboard_indicator", args=[small.b.pk, "membership_rate"])).status_code == 404
    assert client.get(reverse("dashboard_indicator", args=[small.federation.pk, "membership_rate"])).status_code == 404
    # "Part of the tree" cannot reach outside the subtree either: the filter is ignored.
    response = client.get(reverse("dashboard", args=[small.a.pk]), {"within": small.b.pk})
    assert response.context["filters"].within is None
    assert _tiles(response)["membership_rate"].value == Decimal("40.0")


def _sheet(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                                if response.streaming else response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_drill_down_export_has_the_rows_and_is_audited(client, small, federation_admin):
    small.c.name = "=HYPERLINK(\"x\")工会"
    small.c.save()
    client.force_login(federation_admin)
    response = client.get(reverse("dashboard_indicator", args=[small.federation.pk, "membership_rate"]),
                          {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet(response)
    assert len(rows) == 4
    assert rows[1][1] == "'=HYPERLINK(\"x\")工会"  # neutralised, worst first
    assert [r[5] for r in rows[1:]] == [0, 40, 80]
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.EXPORT)
    assert event.actor == federation_admin and event.data["rows"] == 3


def test_dashboard_export_has_every_indicator(client, small, federation_admin):
    client.force_login(federation_admin)
    response = client.get(reverse("dashboard", args=[small.federation.pk]), {"format": "xlsx"})
    rows = _sheet(response)
    parts = sum(len(indicator.parts()) for indicator in registry if indicator.parts)
    assert len(rows) == 1 + len(list(registry)) + parts  # each indicator, then its parts under it
    assert [row[0] for row in rows[1:] if not row[0].startswith(" ")] == [str(i.label) for i in registry]
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.EXPORT).count() == 1


def test_bad_filters_fall_back(client, small, federation_admin):
    client.force_login(federation_admin)
    response = client.get(reverse("dashboard", args=[small.federation.pk]),
                          {"year": "abc", "category": "x", "within": "zz", "indicator": "nope"})
    assert response.status_code == 200
    assert response.context["filters"].year == YEAR


def test_home_page_links_to_the_dashboard(client, small, federation_admin):
    client.force_login(federation_admin)
    response = client.get(reverse("home"))
    assert reverse("dashboard", args=[small.federation.pk]) in response.content.decode()


def _count(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("indicator", ["membership_rate", "workers_home_qualified", "hardship_exit_rate"])
def test_query_count_does_not_grow_with_units(client, county, federation_admin, indicator, settings):
    settings.INDICATOR_CACHE_SECONDS = 0  # every figure counted on every request
    for _ in range(3):  # 5 units with the county's A and B
        MemberFactory(union=GrassrootsFactory(parent=county.federation))
    client.force_login(federation_admin)
    dashboard = reverse("dashboard", args=[county.federation.pk])
    drill = reverse("dashboard_indicator", args=[county.federation.pk, indicator])
    client.get(dashboard)  # warm session and content-type caches
    few = (_count(client, dashboard, indicator=indicator), _count(client, drill),
           _count(client, dashboard, indicator=indicator, category="enterprise"))
    for n in range(35):  # 40 units
        MemberFactory(union=GrassrootsFactory(parent=county.federation, category="enterprise" if n % 2 else "organ"))
    many = (_count(client, dashboard, indicator=indicator), _count(client, drill),
            _count(client, dashboard, indicator=indicator, category="enterprise"))
    assert few == many


def test_officer_with_role_lower_down_gets_own_unit_dashboard(client, small):
    user = RoleAssignmentFactory(role=Role.FEDERATION_REVIEWER, organisation=small.federation).user
    client.force_login(user)
    assert client.get(reverse("dashboard", args=[small.c.pk])).status_code == 200


def test_a_change_shows_at_once_however_it_is_written(client, small, federation_admin):
    """Figures are cached under the change stamps of their tables, so a second visit costs
    fewer queries, and any change, by the ORM, a queryset update or raw SQL, shows at once."""
    url = reverse("dashboard", args=[small.federation.pk])
    client.force_login(federation_admin)
    first = _count(client, url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert len(ctx.captured_queries) < first  # served from the cache
    assert _tiles(response)["membership_rate"].value == Decimal("30.0")  # 12 / 40

    member = MemberFactory(union=small.c)  # the ORM
    assert _tiles(client.get(url))["membership_rate"].value == Decimal("32.5")  # 13 / 40
    Member.objects.filter(pk=member.pk).update(status=Member.Status.WITHDRAWN, left_on=timezone.localdate())  # no signals
    assert _tiles(client.get(url))["membership_rate"].value == Decimal("30.0")
    with connection.cursor() as cursor:  # as the import's COPY or a hand-made fix would
        cursor.execute("UPDATE unionadmin_organisation SET employee_count = 30 WHERE id = %s", [small.c.pk])
    assert _tiles(client.get(url))["membership_rate"].value == Decimal("24.0")  # 12 / 50


def test_every_table_an_indicator_reads_has_the_stamp_trigger(db):
    from unionadmin import stamps

    assert stamps.stamped_tables() >= {"members_member", "unionadmin_organisation", "welfare_grant"}
    assert stamps.stamped_tables() <= stamps.tables_with_trigger()


# --- incomplete data (issue 13, item 14) ---------------------------------------------------------
@pytest.fixture
def no_headcount(small):
    """C's headcount is not on file (0) and 5 of its people are members: C is left out of the
    membership rate. Federation: 12 / 20 = 60.0 % (it read (12 + 5) / 20 = 85.0 % before)."""
    Organisation.objects.filter(pk=small.c.pk).update(employee_count=0)
    for _ in range(5):
        MemberFactory(union=small.c)
    return small


def test_a_union_without_headcount_is_left_out_of_the_tile_and_listed_as_incomplete(english, no_headcount,
                                                                                   federation_admin):
    client = english
    client.force_login(federation_admin)
    response = client.get(reverse("dashboard", args=[no_headcount.federation.pk]))
    tile = _tiles(response)["membership_rate"]
    assert (tile.measurement.numerator, tile.measurement.denominator, tile.value) == (12, 20, Decimal("60.0"))
    page = response.content.decode()
    tile_html = page[page.index('id="tile-membership_rate"'):page.index('id="tile-members_count"')]
    assert 'data-incomplete="1"' in tile_html and "Incomplete data: 1 units left out" in tile_html
    # the home page's tiles say the same
    home = client.get(reverse("home")).content.decode()
    assert 'data-incomplete="1"' in home

    drill = client.get(reverse("dashboard_indicator", args=[no_headcount.federation.pk, "membership_rate"]))
    rows = drill.context["rows"]
    assert [row["unit"].pk for row in rows][-1] == no_headcount.c.pk  # last, after the units with a value
    assert rows[-1]["value"] is None and not rows[-1]["measurement"].counted
    body = drill.content.decode()
    assert body.count('data-incomplete="1"') == 1 and "Incomplete data" in body and "5 / 0" in body


def test_exports_and_snapshot_show_the_incomplete_data(english, no_headcount, federation_admin):
    from unionadmin.documents import rendering
    from unionadmin.documents.kinds import registry as kinds

    client = english
    client.force_login(federation_admin)
    sheet = _sheet(client.get(reverse("dashboard_indicator", args=[no_headcount.federation.pk, "membership_rate"]),
                              {"format": "xlsx"}))
    assert sheet[0][6] == "Note"
    assert sheet[-1][1] == no_headcount.c.name and sheet[-1][3:] == [5, 0, None, "Incomplete data"]
    sheet = _sheet(client.get(reverse("dashboard", args=[no_headcount.federation.pk]), {"format": "xlsx"}))
    row = next(r for r in sheet if r[0] == str(registry.get("membership_rate").label))
    assert row[2:5] == [12, 20, 60] and row[9:11] == [1, 0]
    html = rendering.render_html(kinds.get("dashboard_snapshot"), no_headcount.federation, {}, "en")
    assert "12 / 20" in html and 'data-incomplete="1"' in html and "Incomplete data: 1 units left out" in html


def test_a_union_with_more_members_than_employees_shows_at_100_percent_and_marked(client, small, federation_admin):
    # A: 4 members, 3 employees on file → counted 3 / 3; federation (3 + 8 + 0) / (3 + 10 + 20) = 33.3 %
    Organisation.objects.filter(pk=small.a.pk).update(employee_count=3)
    client.force_login(federation_admin)
    tile = _tiles(client.get(reverse("dashboard", args=[small.federation.pk])))["membership_rate"]
    assert (tile.measurement.numerator, tile.measurement.denominator, tile.value) == (11, 33, Decimal("33.3"))
    assert tile.measurement.capped == 1 and tile.bar <= 100
    drill = client.get(reverse("dashboard_indicator", args=[small.federation.pk, "membership_rate"]))
    row = next(row for row in drill.context["rows"] if row["unit"].pk == small.a.pk)
    assert row["value"] == Decimal("100.0") and 'data-capped="1"' in drill.content.decode()
    assert "4 / 3" in drill.content.decode()  # the records as they are, for whoever updates the headcount
    histogram = client.get(reverse("dashboard", args=[small.federation.pk])).context["chart"]["histogram"]
    assert len(histogram) == 10 and histogram[-1]["count"] == 1  # 100 % is in the top bin, none above
