"""The corrections a person makes to a recognised outline before it is saved: an item one level
up or down, merged into the item above, split at one of its paragraphs, or removed.

Pure functions on a ``RecognisedPlan`` (nothing is saved); the targets found follow the items
they were found in. Levels are kept as the saving service reads them: no item deeper than one
below the item before it (``levels_clamped``)."""
from __future__ import annotations

import re

from ..models import WorkPlan
from ..models.outline import MAX_LEVEL
from .chinese import SENTENCE_END
from .service import clamped_levels, fit_heading
from .shapes import RecognisedPlan, SourceItem

SENTENCE = re.compile(f"[{SENTENCE_END}]")


def levels_clamped(plan: RecognisedPlan) -> None:
    """Each item at most one level below the item before it, between 1 and 4 (what is saved)."""
    for item, level in zip(plan.items, clamped_levels(plan), strict=True):
        item.level = level


def paragraphs(text: str) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()]


def can_demote(plan: RecognisedPlan, index: int) -> bool:
    return index > 0 and plan.items[index].level <= plan.items[index - 1].level and plan.items[index].level < MAX_LEVEL


def _moved(plan: RecognisedPlan, index: int, level: int) -> None:
    """The item at another level is numbered as that level is (its style can be changed after)."""
    item = plan.items[index]
    if level != item.level:
        item.level = level
        item.style = WorkPlan(numbering=plan.numbering).level_numbering(level)[0]
    levels_clamped(plan)


def promote(plan: RecognisedPlan, index: int) -> None:
    """One level up (（四） becomes a section: 三、); the items below it that were deeper stay where they are."""
    _moved(plan, index, max(1, plan.items[index].level - 1))


def demote(plan: RecognisedPlan, index: int) -> None:
    """One level down, under the item before it."""
    item = plan.items[index]
    _moved(plan, index, item.level + 1 if can_demote(plan, index) else item.level)


def merge(plan: RecognisedPlan, index: int) -> None:
    """The item's heading and text become text of the item above (a line taken for an item)."""
    if index <= 0:
        return
    above, item = plan.items[index - 1], plan.items[index]
    above.body = "\n".join(p for p in (above.body, item.heading, item.body) if p and p.strip())
    del plan.items[index]
    for target in plan.targets:
        if target.item >= index:
            target.item -= 1
    levels_clamped(plan)


def split(plan: RecognisedPlan, index: int, paragraph: int) -> None:
    """The item's ``paragraph``-th text paragraph (from 0) starts a new item at the same level:
    its first sentence the heading, the rest of it and the paragraphs after it the text."""
    item = plan.items[index]
    parts = paragraphs(item.body)
    if not 0 <= paragraph < len(parts):
        return
    first, rest = parts[paragraph], parts[paragraph + 1:]
    end = SENTENCE.search(first)
    heading, tail = fit_heading(first[:end.end()] if end else first)
    tail += first[end.end():] if end else ""
    new = SourceItem(level=item.level, style=item.style, number="", heading=heading,
                     body="\n".join(p for p in (tail.strip(), *rest) if p), line=item.line)
    item.body = "\n".join(parts[:paragraph])
    plan.items.insert(index + 1, new)
    moved = new.heading + new.body
    for target in plan.targets:
        if target.item > index:
            target.item += 1
        elif target.item == index and target.phrase in moved and target.phrase not in item.heading + item.body:
            target.item = index + 1
    levels_clamped(plan)


def remove(plan: RecognisedPlan, index: int) -> None:
    """The item goes, with the targets found in it (a page footer taken for an item)."""
    del plan.items[index]
    plan.targets = [t for t in plan.targets if t.item != index]
    for target in plan.targets:
        if target.item > index:
            target.item -= 1
    levels_clamped(plan)


ACTIONS = {"promote": promote, "demote": demote, "merge": merge, "remove": remove}
