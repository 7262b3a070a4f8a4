"""The member portal's registry: what the apps offer a member who logs in (issue 19).

A member of a union is a ``User`` with no role, linked from their ``members.Member`` row
(``Member.user``). The portal lives under ``/me/``; ``members`` owns its frame (home, card,
record, my data) and every app offers its parts here instead of being imported by ``members``:

* ``RecordSection`` — a part of "my record" (``/me/record/``): a template and the function
  that fills it for one member, or returns ``None`` when the member has nothing there;
* ``PortalAction`` — a thing a member can do (apply for hardship aid, sign up for an event, …),
  listed on the portal's home page when ``available(member)`` says so;
* ``PersonalDataSource`` — what the app holds about a member, for "my data" (the ZIP of a
  readable PDF and a JSON file): ``collect(member)`` returns a list of rows, each a dict of
  {field label: value} with values already readable (str, numbers, dates, bools).

Apps register in their ``AppConfig.ready()``. The member lookup itself is registered by
``members`` (``set_member_lookup``) so the core can send a member-only user to the portal.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


def _always(member) -> bool:
    return True


@dataclass(frozen=True)
class RecordSection:
    key: str
    label: Any  # lazy translated
    template: str  # rendered with the context ``context(request, member)`` returns
    context: Callable  # (request, member) -> dict | None (None: nothing to show)
    order: int = 100


@dataclass(frozen=True)
class PortalAction:
    key: str
    label: Any
    url_name: str  # reversed without arguments
    icon: str = "circle"  # a Bootstrap icon's name
    description: Any = ""
    order: int = 100
    available: Callable = field(default=_always)  # (member) -> bool


@dataclass(frozen=True)
class PersonalDataSource:
    key: str  # the JSON's key for these rows
    label: Any  # the PDF's heading for them
    collect: Callable  # (member) -> list[dict[label, value]]
    order: int = 100


record_sections: dict[str, RecordSection] = {}
portal_actions: dict[str, PortalAction] = {}
personal_data_sources: dict[str, PersonalDataSource] = {}
_member_lookup: list[Callable] = []


def _add(registry: dict, item):
    if item.key in registry:
        raise ValueError(f"portal part {item.key!r} is registered twice")
    registry[item.key] = item


def add_record_section(section: RecordSection):
    _add(record_sections, section)


def add_portal_action(action: PortalAction):
    _add(portal_actions, action)


def add_personal_data_source(source: PersonalDataSource):
    _add(personal_data_sources, source)


def sections_in_order() -> list[RecordSection]:
    return sorted(record_sections.values(), key=lambda s: (s.order, s.key))


def actions_for(member) -> list[PortalAction]:
    return [a for a in sorted(portal_actions.values(), key=lambda a: (a.order, a.key)) if a.available(member)]


def sources_in_order() -> list[PersonalDataSource]:
    return sorted(personal_data_sources.values(), key=lambda s: (s.order, s.key))


def set_member_lookup(lookup: Callable):
    """``members`` registers ``current_member(user) -> Member | None``."""
    _member_lookup[:] = [lookup]


def member_of(user):
    """The user's current membership (an active ``Member``), or None."""
    if not _member_lookup or user is None or not user.is_authenticated:
        return None
    return _member_lookup[0](user)
