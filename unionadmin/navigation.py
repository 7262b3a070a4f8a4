"""What each person sees in the menu and on the home page, offered by the apps.

An app adds menu entries and home-page panels in its ``AppConfig.ready()``; the base
template and the home page show the ones whose roles the person holds. Showing an entry is
a convenience, not a permission: every view still scopes its rows with ``visible_to``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset  # shown to holders of any of these roles (superusers see all)
    icon: str = "circle"
    order: int = 100
    group: str = ""  # a NavGroup's key: listed under that group; none: a link of its own on the bar
    # (user) -> bool: when set, decides instead of ``roles`` whether the person sees the item (for
    # what roles cannot say, e.g. "has a membership": the member portal's entries)
    visible: Callable | None = None

    @property
    def url(self):
        return reverse(self.url_name)


@dataclass(frozen=True)
class NavGroup:
    """A dropdown on the menu bar gathering the items that name its ``key``. A person who sees
    one item of the group gets that item as a plain link; none, no group. ``in_user_menu``: the
    items go to the person's own dropdown at the right of the bar instead."""

    key: str
    label: str  # lazy translated
    icon: str = "folder"
    order: int = 100  # its place among the bar's items (NavItem.order)
    in_user_menu: bool = False


@dataclass(frozen=True)
class HomePanel:
    """A section of the home page: a template and the function that fills it."""

    template: str
    roles: frozenset
    context: Callable = field(default=lambda request: {})
    order: int = 100


menu: list[NavItem] = []
menu_groups: dict[str, NavGroup] = {}
home_panels: list[HomePanel] = []


def add_menu_item(item: NavItem):
    menu.append(item)
    menu.sort(key=lambda i: i.order)


def add_menu_group(group: NavGroup):
    if group.key in menu_groups:
        raise ValueError(f"menu group {group.key!r} is registered twice")
    menu_groups[group.key] = group


# The core's groups; an app's NavItem names one by its key (or an app adds its own group).
add_menu_group(NavGroup("organisation", pgettext_lazy("menu group", "Organisation"), icon="diagram-3", order=10))
add_menu_group(NavGroup("democracy", pgettext_lazy("menu group", "Democracy"), icon="megaphone",
                        order=40))
add_menu_group(NavGroup("competitions", pgettext_lazy("menu group", "Competitions"), icon="trophy",
                        order=50))
add_menu_group(NavGroup("planning", pgettext_lazy("menu group", "Plans and assessment"), icon="journal-text",
                        order=60))
add_menu_group(NavGroup("account", pgettext_lazy("menu group", "My account"), icon="person-circle",
                        in_user_menu=True))


def add_home_panel(panel: HomePanel):
    home_panels.append(panel)
    home_panels.sort(key=lambda p: p.order)


def _shown(user, roles) -> bool:
    return user.is_superuser or bool(user.held_roles() & roles)


@dataclass(frozen=True)
class MenuEntry:
    """One place on the menu bar: a group's dropdown (``group`` set) or a single link."""

    items: tuple
    group: NavGroup | None = None

    @property
    def item(self) -> NavItem:
        return self.items[0]

    @property
    def urls(self) -> list[str]:
        return [item.url for item in self.items]


class Menu(list):
    """The items a person sees, in order (a plain list of NavItem), and the same arranged for
    the base template: ``bar`` (entries: groups and single links) and ``user_menu`` (the items
    of groups listed in the person's own dropdown)."""

    def __init__(self, items):
        super().__init__(items)
        grouped: dict[str, list[NavItem]] = {}
        singles = []
        for item in self:
            if not item.group:
                singles.append(MenuEntry((item,)))
                continue
            if item.group not in menu_groups:
                raise ImproperlyConfigured(f"menu item {item.url_name!r} names no registered group {item.group!r}")
            grouped.setdefault(item.group, []).append(item)
        self.user_menu = [item for key, items in grouped.items() if menu_groups[key].in_user_menu
                          for item in items]
        entries = [(entry.item.order, entry) for entry in singles]
        for key, items in grouped.items():
            group = menu_groups[key]
            if group.in_user_menu:
                continue
            entry = MenuEntry(tuple(items), group) if len(items) > 1 else MenuEntry(tuple(items))
            entries.append((group.order if len(items) > 1 else items[0].order, entry))
        self.bar = [entry for _, entry in sorted(entries, key=lambda pair: pair[0])]


def menu_for(user) -> Menu:
    if not user.is_authenticated:
        return Menu(())
    return Menu(item for item in menu
                if (item.visible(user) if item.visible is not None else _shown(user, item.roles)))


def panels_for(user) -> list[HomePanel]:
    return [panel for panel in home_panels if _shown(user, panel.roles)]


@dataclass(frozen=True)
class ObjectPanel:
    """A tab another app adds to an object's page: a union's page (``"organisation"``) or a
    member's record (``"member"``). ``context(request, obj)`` returns the template's context,
    already scoped to ``request.user`` with ``visible_to``; ``None`` leaves the tab out (nothing
    to show, or nothing this person may see)."""

    key: str  # the tab's id on the page, unique per page: letters, digits and '-'
    label: str  # lazy translated
    template: str
    context: Callable
    order: int = 100


object_panels: dict[str, list[ObjectPanel]] = {}


def add_object_panel(page: str, panel: ObjectPanel):
    panels = object_panels.setdefault(page, [])
    if any(p.key == panel.key for p in panels):
        raise ValueError(f"panel {panel.key!r} is on the {page} page twice")
    panels.append(panel)
    panels.sort(key=lambda p: p.order)


def filled_panels(page: str, request, obj) -> list[dict]:
    """The panels of ``page`` with something for this person: ``{"panel", "context"}`` each."""
    filled = []
    for panel in object_panels.get(page, ()):
        context = panel.context(request, obj)
        if context is not None:
            filled.append({"panel": panel, "context": context})
    return filled


@dataclass(frozen=True)
class Badge:
    """A short mark beside a row (e.g. "in hardship"): ``tone`` is a Bootstrap colour."""

    label: str
    tone: str = "secondary"
    title: str = ""


@dataclass(frozen=True)
class RowBadges:
    """Marks another app adds to the rows of a list (``"model_worker"``: members' model-worker
    list). ``fill(request, rows)`` returns ``{row pk: [Badge]}`` for the page's rows in one
    query, scoped to ``request.user`` (an empty dict for someone who may not see them)."""

    fill: Callable


row_badges: dict[str, list[RowBadges]] = {}


def add_row_badges(page: str, badges: RowBadges):
    row_badges.setdefault(page, []).append(badges)


def attach_row_badges(page: str, request, rows) -> None:
    """Sets ``row.badges`` (a list, maybe empty) on each row of the page from every provider."""
    rows = list(rows)
    found: dict = {}
    for provider in row_badges.get(page, ()):
        for pk, badges in provider.fill(request, rows).items():
            found.setdefault(pk, []).extend(badges)
    for row in rows:
        row.badges = found.get(row.pk, [])
