"""What changed between two versions of a rubric, free of Django.

Areas and items carry a ``lineage`` that a correction copies unchanged, so an item is the
"same" item across versions whatever happens to its text, maximum or place. The view turns
``Version`` snapshots (plain dicts) into a list of added, removed and changed items, each
change with its old and new value.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# The fields of an item compared between versions, in the order they are shown.
ITEM_FIELDS = ("area", "kind", "title", "guidance", "deduction_rules", "maximum", "evidence_required",
               "indicator_code", "rule")
SETTINGS_FIELDS = ("standard_threshold", "exemplary_threshold", "bonus_cap", "categories")


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class ItemDiff:
    status: str  # "added", "removed", "changed"
    number: str  # in the new version (the old one for a removed item)
    title: str
    old: dict | None
    new: dict | None
    changes: list[Change] = field(default_factory=list)

    @property
    def is_added(self) -> bool:
        return self.status == "added"

    @property
    def is_removed(self) -> bool:
        return self.status == "removed"

    @property
    def is_changed(self) -> bool:
        return self.status == "changed"


@dataclass
class VersionDiff:
    settings: list[Change]
    areas: list[ItemDiff]
    items: list[ItemDiff]

    @property
    def is_empty(self) -> bool:
        return not (self.settings or self.areas or self.items)

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)

    @property
    def count_added(self) -> int:
        return self.count("added")

    @property
    def count_removed(self) -> int:
        return self.count("removed")

    @property
    def count_changed(self) -> int:
        return self.count("changed")


def _compare(old: dict, new: dict, fields) -> list[Change]:
    return [Change(name, old.get(name), new.get(name)) for name in fields if old.get(name) != new.get(name)]


def _diff_rows(old_rows: list[dict], new_rows: list[dict], fields) -> list[ItemDiff]:
    old_by = {row["lineage"]: row for row in old_rows}
    new_by = {row["lineage"]: row for row in new_rows}
    result = []
    for row in new_rows:  # in the new version's order, removed ones after
        before = old_by.get(row["lineage"])
        if before is None:
            result.append(ItemDiff("added", row["number"], row["title"], None, row))
        else:
            changes = _compare(before, row, fields)
            if changes:
                result.append(ItemDiff("changed", row["number"], row["title"], before, row, changes))
    for row in old_rows:
        if row["lineage"] not in new_by:
            result.append(ItemDiff("removed", row["number"], row["title"], row, None))
    return result


def diff_versions(old: dict, new: dict) -> VersionDiff:
    """``old`` and ``new``: {"settings": {...}, "areas": [{lineage, number, title}], "items":
    [{lineage, number, title, area, kind, maximum, …}]}."""
    return VersionDiff(
        settings=_compare(old["settings"], new["settings"], SETTINGS_FIELDS),
        areas=_diff_rows(old["areas"], new["areas"], ("title",)),
        items=_diff_rows(old["items"], new["items"], ITEM_FIELDS),
    )
