"""What each person sees in the menu and on the home page, offered by the apps.

An app adds menu entries and home-page panels in its ``AppConfig.ready()``; the base
template and the home page show the ones whose roles the person holds. Showing an entry is
a convenience, not a permission: every view still scopes its rows with ``visible_to``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset  # shown to holders of any of these roles (superusers see all)
    icon: str = "circle"
    order: int = 100

    @property
    def url(self):
        return reverse(self.url_name)


@dataclass(frozen=True)
class HomePanel:
    """A section of the home page: a template and the function that fills it."""

    template: str
    roles: frozenset
    context: Callable = field(default=lambda request: {})
    order: int = 100


menu: list[NavItem] = []
home_panels: list[HomePanel] = []


def add_menu_item(item: NavItem):
    menu.append(item)
    menu.sort(key=lambda i: i.order)


def add_home_panel(panel: HomePanel):
    home_panels.append(panel)
    home_panels.sort(key=lambda p: p.order)


def _shown(user, roles) -> bool:
    return user.is_superuser or bool(user.held_roles() & roles)


def menu_for(user) -> list[NavItem]:
    return [item for item in menu if _shown(user, item.roles)] if user.is_authenticated else []


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
