"""Other apps add tabs to a union's page and a member's record; each tab shows only what its
own context function, scoped to the person, returns."""
import pytest
from django.template import Template

from tests.factories import MemberFactory
from unionadmin import navigation
from unionadmin.navigation import ObjectPanel, add_object_panel


@pytest.fixture
def a_test_panel():
    # {% include %} takes a template object as well as a name: no template file to find.
    template = Template("<p>panel for {{ panel.name }}</p>")
    saved = {page: list(panels) for page, panels in navigation.object_panels.items()}

    def add(page, context):
        add_object_panel(page, ObjectPanel("test-panel", "A test tab", template, context))

    yield add
    navigation.object_panels.clear()
    navigation.object_panels.update(saved)


def test_a_union_page_shows_the_tab_another_app_adds(client, officer_a, county, a_test_panel):
    a_test_panel("organisation", lambda request, org: {"name": org.name})
    client.force_login(officer_a)
    page = client.get(f"/organisations/{county.a.pk}/").content.decode()
    assert "A test tab" in page and f"panel for {county.a.name}" in page


def test_a_tab_with_nothing_for_this_person_is_left_out(client, officer_a, county, a_test_panel):
    a_test_panel("organisation", lambda request, org: None)
    client.force_login(officer_a)
    assert "A test tab" not in client.get(f"/organisations/{county.a.pk}/").content.decode()


def test_a_members_record_shows_the_tab_another_app_adds(client, officer_a, county, a_test_panel):
    member = MemberFactory(union=county.a, name="王小明")
    a_test_panel("member", lambda request, m: {"name": m.name})
    client.force_login(officer_a)
    assert "panel for 王小明" in client.get(f"/members/{member.pk}/").content.decode()


def test_the_same_tab_twice_on_one_page_is_refused(a_test_panel):
    a_test_panel("member", lambda request, m: {})
    with pytest.raises(ValueError):
        a_test_panel("member", lambda request, m: {})
