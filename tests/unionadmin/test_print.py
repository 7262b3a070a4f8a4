"""Printing a list or a detail page: ``?print=all`` puts every row of the current filter on one
page (up to a cap) for the print stylesheet, and every page carries a print-only header with
the organisation and the date."""
import pytest
from django.utils import timezone

from tests.factories import GrassrootsFactory
from tests.members.factories import UniqueMemberFactory, unique_id_number
from unionadmin.views import mixins

pytestmark = pytest.mark.django_db


def members(union, count, female, prefix):
    return [UniqueMemberFactory(union=union, name=f"{prefix}{i:03d}", gender="female" if female else "male",
                                id_number=unique_id_number(female=female)) for i in range(count)]


def test_print_all_shows_every_row_of_the_filter_on_one_page(client, county, officer_a):
    women = members(county.a, 55, True, "女会员")
    members(county.a, 4, False, "男会员")
    client.force_login(officer_a)
    paged = client.get("/members/", {"gender": "female"})
    assert len(paged.context["object_list"]) == 50
    assert "?gender=female&amp;print=all" in paged.content.decode()  # the list offers all its rows
    response = client.get("/members/", {"gender": "female", "print": "all"})
    html = response.content.decode()
    assert sorted(m.name for m in response.context["object_list"]) == sorted(m.name for m in women)
    assert "男会员" not in html and "data-print-on-load" in html


def test_print_all_stops_at_the_cap_and_says_so(client, county, officer_a, monkeypatch):
    monkeypatch.setattr(mixins, "PRINT_MAX_ROWS", 3)
    members(county.a, 5, True, "会员")
    client.force_login(officer_a)
    response = client.get("/members/", {"print": "all"})
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(response.context["object_list"]) == 3
    assert len(warnings) == 1 and "5" in warnings[0] and "3" in warnings[0]


def test_a_bad_print_value_gives_the_normal_page_with_a_message(client, county, officer_a):
    members(county.a, 52, True, "会员")
    client.force_login(officer_a)
    response = client.get("/members/", {"print": "everything\x00"})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 50
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]


def test_every_list_takes_print_all_the_same_way(client, county, federation_admin):
    for _ in range(55):
        GrassrootsFactory(parent=county.federation)
    client.force_login(federation_admin)
    response = client.get("/organisations/", {"print": "all"})
    assert response.context["page_obj"].paginator.count == 58  # the federation, A, B and 55 more
    assert len(response.context["object_list"]) == 58


def test_the_print_header_names_the_organisation_and_the_date(client, county, officer_a):
    client.force_login(officer_a)
    html = client.get("/members/").content.decode()
    header = html[html.index('class="print-header'):]
    header = header[:header.index("</div>")]
    assert "甲公司工会" in header and timezone.localdate().strftime("%Y-%m-%d") in header


def test_a_filtered_list_prints_the_unit_it_is_filtered_to(client, county, federation_admin):
    client.force_login(federation_admin)
    html = client.get("/members/", {"within": county.b.pk}).content.decode()
    header = html[html.index('class="print-header'):]
    assert "乙学校工会" in header[:header.index("</div>")]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_prints_every_row_of_the_filtered_roster(live_server, page_at, screenshot, county, officer_a):
    from tests.browser.fixtures import log_in
    from tests.conftest import PASSWORD

    members(county.a, 60, True, "女会员")
    members(county.a, 3, False, "男会员")
    page = page_at(1280)
    log_in(page, live_server, officer_a.username, PASSWORD)
    page.goto(f"{live_server.url}/members/?gender=female")
    page.locator("a[href*='print=all']").click()
    page.wait_for_url("**print=all**")
    page.emulate_media(media="print")
    rows = page.locator("table.roster tbody tr")
    assert rows.count() == 60 and rows.filter(has_text="男会员").count() == 0
    assert page.locator(".print-header").is_visible() and "甲公司工会" in page.locator(".print-header").inner_text()
    assert not page.locator("nav.navbar").is_visible() and not page.locator("form[role=search]").is_visible()
    assert page.locator("main button:visible, main .btn:visible").count() == 0
    screenshot(page, "print-roster-all-rows")
