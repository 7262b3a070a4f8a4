"""The numbered outline of a plan: its items as a tree up to four levels deep, each with
the number (一、 （一） 1. （1）) its place in the tree gives it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .items import PlanItem

MAX_LEVEL = 4


@dataclass(eq=False)
class OutlineNode:
    item: PlanItem
    level: int
    index: int
    number: str
    parent: OutlineNode | None = None
    children: list[OutlineNode] = field(default_factory=list)

    @property
    def pk(self):
        return self.item.pk

    @property
    def full_number(self) -> str:
        """The number with its ancestors' for use outside the document: 一、（二）3."""
        chain, node = [], self
        while node is not None:
            chain.append(node.number)
            node = node.parent
        return "".join(reversed(chain))

    def subtree_height(self) -> int:
        """Levels in this item's subtree, itself included."""
        return 1 + max((child.subtree_height() for child in self.children), default=0)
