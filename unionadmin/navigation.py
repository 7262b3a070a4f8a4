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
