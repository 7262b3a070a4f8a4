"""The menu bar gathers the apps' entries into the groups the core declares
(unionadmin.navigation.NavGroup): a federation administrator's fourteen entries fit on one row
as a few dropdowns, while a delegate keeps their own two links and no empty group."""
import lxml.html
import pytest
from django.urls import reverse

from unionadmin.navigation import Menu, NavGroup, NavItem, menu_groups
from unionadmin.roles import Role

from ..conftest import _user_with


def _bar(client, url):
    """The menu bar as the person sees it: ``{label: [item labels]}`` for each dropdown and
    ``{label: None}`` for each single link, in order; the person's own dropdown apart."""
    page = lxml.html.fromstring(client.get(url).content.decode())
    bar = {}
    for entry in page.xpath('//ul[contains(@class, "navbar-nav")]/li'):
        toggle = entry.xpath('./button[contains(@class, "dropdown-toggle")]')
        if toggle:
            bar[toggle[0].text_content().strip()] = [a.text_content().strip() for a in entry.xpath(".//ul//a")]
        else:
            bar[entry.xpath("./a")[0].text_content().strip()] = None
    return page, bar


@pytest.fixture
def zh(client):
    client.cookies["django_language"] = "zh-hans"
    return client


def test_a_federation_administrator_sees_the_groups_with_their_items(english, federation_admin):
    english.force_login(federation_admin)
    page, bar = _bar(english, reverse("home"))
    assert bar == {
        "Home": None,
        "Organisation": ["Organisations", "Members", "Re-election"],
        "Democracy": ["Congress", "Union congresses", "Women workers", "Satisfaction surveys"],
        "Finance": None,
        "Competitions": ["Competitions", "Honours"],
        "Plans and assessment": ["Work plans", "Assessment", "Assessing people"],
    }
    # "My documents" and "Audit log" moved to the person's own dropdown at the right.
    own = [a.text_content().strip() for a in page.xpath('//ul[contains(@class, "dropdown-menu-end")]//a')]
    assert own == ["My profile and roles", "Change password", "My documents", "Audit log"]


def test_a_delegate_sees_only_their_own_links_and_no_empty_group(english, county):
    delegate = _user_with(Role.DELEGATE, county.a)
    english.force_login(delegate)
    page, bar = _bar(english, reverse("home"))
    assert bar == {"Home": None, "My proposals": None}
    assert not page.xpath('//ul[contains(@class, "navbar-nav")]//button[contains(@class, "dropdown-toggle")]')


def test_a_group_the_person_sees_one_item_of_is_a_plain_link(english, county):
    judge = _user_with(Role.JUDGE, county.a)  # of the competitions group, only the competitions
    english.force_login(judge)
    page, bar = _bar(english, reverse("home"))
    assert bar == {"Home": None, "Competitions": None}
    link = page.xpath('//ul[contains(@class, "navbar-nav")]/li/a[normalize-space()="Competitions"]')[0]
    assert link.get("href") == reverse("competitions:competition_list")


def test_the_current_pages_group_is_marked_and_its_item_is_the_current_page(english, federation_admin):
    english.force_login(federation_admin)
    url = reverse("members:member_list")
    page, _bar_ = _bar(english, url)
    [toggle] = page.xpath('//button[contains(@class, "dropdown-toggle") and contains(@class, "active")]')
    assert toggle.text_content().strip() == "Organisation"
    [current] = page.xpath('//ul[contains(@class, "navbar-nav")]//a[@aria-current="page"]')
    assert current.get("href") == url and "active" in current.get("class")
    # Keyboard and screen readers: a real button, said to open its list, which names it.
    assert toggle.get("type") == "button" and toggle.get("aria-expanded") == "false"
    assert toggle.getnext().get("aria-labelledby") == toggle.get("id")
    # Other groups are not marked.
    home_page, _ = _bar(english, reverse("home"))
    assert not home_page.xpath('//button[contains(@class, "dropdown-toggle") and contains(@class, "active")]')


def test_the_group_labels_are_chinese_by_default(zh, federation_admin):
    zh.force_login(federation_admin)
    _page, bar = _bar(zh, reverse("home"))
    assert [label for label, items in bar.items() if items] == ["组织", "民主管理", "竞赛与荣誉", "工作与考核"]


def test_an_item_naming_a_group_nobody_registered_is_refused_loudly():
    from django.core.exceptions import ImproperlyConfigured

    item = NavItem("Typo", "home", frozenset(Role), group="organisaton")
    with pytest.raises(ImproperlyConfigured, match="organisaton"):
        Menu([item])


def test_a_group_sits_at_its_own_order_among_single_links():
    assert "organisation" in menu_groups
    items = [NavItem("A", "home", frozenset(Role), order=5),
             NavItem("B", "home", frozenset(Role), order=90, group="organisation"),
             NavItem("C", "home", frozenset(Role), order=95, group="organisation"),
             NavItem("D", "home", frozenset(Role), order=30)]
    bar = Menu(sorted(items, key=lambda i: i.order)).bar
    assert [(entry.group.key if entry.group else entry.item.label) for entry in bar] == ["A", "organisation", "D"]
    assert isinstance(menu_groups["organisation"], NavGroup) and menu_groups["organisation"].order == 10
