"""Saving a recognised plan as a draft, and printing its outline the way it will be numbered.

The one way in for the page and ``manage.py import_work_plan``: the same tree, numbering,
targets and attachments whichever way the text arrived."""
from __future__ import annotations

from django.db import transaction

from ..models import PlanAttachment, PlanItem, PlanTarget, WorkPlan
from ..models.outline import MAX_LEVEL
from .chinese import HEADING_END
from .shapes import RecognisedPlan

HEAD_FIELDS = (
    "title", "notice_title", "notice_body", "organ_code", "number_year", "sequence", "addressees", "guiding",
    "signing_organ", "signing_date", "copy_to", "report_to", "mark", "printing_organ", "printing_date",
)
HEADING_LENGTH = PlanItem._meta.get_field("heading").max_length
CLAUSE_END = HEADING_END + "，,、;:!?"


def clamped_levels(recognised: RecognisedPlan) -> list[int]:
    """Each item's depth between 1 and 4, no item deeper than one below the item before it."""
    levels, previous = [], 0
    for item in recognised.items:
        level = max(1, min(item.level, previous + 1, MAX_LEVEL))
        levels.append(level)
        previous = level
    return levels


def fit_heading(heading: str) -> tuple[str, str]:
    """A heading that fits PlanItem.heading, and what did not fit (the body's first paragraph):
    a longer one is cut after its last clause mark (，、；：) that keeps it within the limit, or at
    the limit when it has none. No character is dropped."""
    if len(heading) <= HEADING_LENGTH:
        return heading, ""
    marks = [heading.rfind(mark, 0, HEADING_LENGTH) for mark in CLAUSE_END]
    cut = max(marks) + 1 if max(marks) >= 0 else HEADING_LENGTH
    return heading[:cut].strip(), heading[cut:].strip()


def _unsaved_tree(recognised: RecognisedPlan, plan: WorkPlan) -> list[PlanItem]:
    """The items as PlanItem objects with their parents, from the depths; not saved.

    They carry stand-in keys (1, 2, …) so ``WorkPlan.outline`` can number them before saving."""
    items, stack = [], []  # stack[d] = the last item seen at depth d + 1
    for index, (source, level) in enumerate(zip(recognised.items, clamped_levels(recognised), strict=True), start=1):
        del stack[level - 1:]
        parent = stack[-1] if stack else None
        level_style, _continuous = plan.level_numbering(level)
        heading, rest = fit_heading(source.heading)
        item = PlanItem(
            plan=plan, parent=parent, position=index, heading=heading,
            body="\n".join(part for part in (rest, source.body) if part),
            number_style="" if source.style == level_style else source.style,
        )
        item.pk = item.id = index
        item.parent_id = parent.pk if parent else None
        items.append(item)
        stack.append(item)
    return items


def printed_numbers(recognised: RecognisedPlan) -> list[str]:
    """The number each item will print with once saved, in the order of ``recognised.items``."""
    plan = WorkPlan(numbering=recognised.numbering)
    items = _unsaved_tree(recognised, plan)
    numbers = {node.item.pk: node.number for node in plan.outline(items)}
    return [numbers[item.pk] for item in items]


def outline_lines(recognised: RecognisedPlan) -> list[str]:
    """The outline as ``manage.py import_work_plan`` prints it: two spaces per level of depth,
    the number as it will print, a space, the heading; then one line per target found."""
    levels = clamped_levels(recognised)
    lines = [
        "  " * (level - 1) + f"{number} {item.heading}"
        for item, level, number in zip(recognised.items, levels, printed_numbers(recognised), strict=True)
    ]
    for target in recognised.targets:
        subject = target.indicator_code or "free"
        comparator = "≥" if target.comparator == "gte" else "≤"
        lines.append(f"target: {target.phrase} -> {subject} {comparator} {target.value.normalize():f}")
    return lines


@transaction.atomic
def save_recognised(recognised: RecognisedPlan, *, issuer, year: int, user,
                    targets: list[int] | None = None) -> WorkPlan:
    """A new draft plan of ``issuer`` for ``year`` holding the recognised head, items, targets
    (those whose index is in ``targets``; all when None) and attachments."""
    head = {name: getattr(recognised, name) for name in HEAD_FIELDS}
    head["title"] = (head["title"] or head["notice_title"])[:200]
    head = {name: value for name, value in head.items() if value not in (None, "")}
    plan = WorkPlan.objects.create(issuer=issuer, year=year, numbering=recognised.numbering, drafted_by=user, **head)
    unsaved = _unsaved_tree(recognised, plan)
    saved: dict[int, PlanItem] = {}
    for item in unsaved:
        stand_in, parent_stand_in = item.pk, item.parent_id
        item.pk = item.id = None
        item.parent = saved[parent_stand_in] if parent_stand_in else None
        item.save()
        saved[stand_in] = item
    chosen = range(len(recognised.targets)) if targets is None else targets
    for position, index in enumerate(sorted(set(chosen))):
        found = recognised.targets[index]
        item = saved[found.item + 1]
        PlanTarget.objects.create(
            item=item, position=position,
            kind=PlanTarget.Kind.INDICATOR if found.indicator_code else PlanTarget.Kind.NUMBER,
            indicator_code=found.indicator_code, label="" if found.indicator_code else (found.label or found.phrase)[:100],
            comparator=found.comparator, target_value=found.value, unit="" if found.indicator_code else found.unit,
        )
    for position, attachment in enumerate(recognised.attachments):
        PlanAttachment.objects.create(plan=plan, position=position, title=attachment.title[:200], body=attachment.body)
    return plan
