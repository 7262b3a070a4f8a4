"""A rubric version laid out for display: areas in order with their items, then the bonus,
deduction and veto items, each item numbered ("1.3", "+1", "−1", "V1")."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

KIND_PREFIX = {"bonus": "+", "deduction": "−", "veto": "V"}


@dataclass
class AreaBlock:
    area: object
    number: int
    items: list = field(default_factory=list)

    @property
    def maximum(self) -> Decimal:
        return sum((item.maximum for item in self.items), Decimal("0"))


@dataclass
class Outline:
    areas: list[AreaBlock]
    bonus: list
    deductions: list
    vetoes: list

    @property
    def items(self) -> list:
        """Every item in display order."""
        return [item for block in self.areas for item in block.items] + self.bonus + self.deductions + self.vetoes

    @property
    def standard_maximum(self) -> Decimal:
        return sum((block.maximum for block in self.areas), Decimal("0"))

    @property
    def bonus_maximum(self) -> Decimal:
        return sum((item.maximum for item in self.bonus), Decimal("0"))

    @property
    def deduction_maximum(self) -> Decimal:
        return sum((item.maximum for item in self.deductions), Decimal("0"))

    @property
    def special_sections(self):
        return [(kind, items) for kind, items in (("bonus", self.bonus), ("deduction", self.deductions),
                                                  ("veto", self.vetoes)) if items]


def _order(rows):
    return sorted(rows, key=lambda r: (r.position, r.pk or 0))


def outline(areas, items) -> Outline:
    """Numbers are set on the items as ``item.number`` (and ``item.area_number``)."""
    blocks = [AreaBlock(area, n) for n, area in enumerate(_order(areas), start=1)]
    by_area = {block.area.pk: block for block in blocks}
    special = {"bonus": [], "deduction": [], "veto": []}
    for item in _order(items):
        if item.kind == "standard":
            block = by_area.get(item.area_id)
            if block is None:
                continue
            block.items.append(item)
            item.number = f"{block.number}.{len(block.items)}"
            item.area_number = block.number
        else:
            special[item.kind].append(item)
            item.number = f"{KIND_PREFIX[item.kind]}{len(special[item.kind])}"
            item.area_number = None
    return Outline(blocks, special["bonus"], special["deduction"], special["veto"])


def version_outline(version) -> Outline:
    return outline(list(version.areas.all()), list(version.items.all()))
