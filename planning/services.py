"""The rules of the work plan: state changes, structured editing of the items, copying last
year's plan, acknowledgements, targets' values and the year-end summary.

Every change of state or structure runs in ``transaction.atomic()`` with the plan row locked
(``select_for_update``), so two officers acting at once cannot interleave. Errors are
``PlanError`` with a translated message; views turn them into messages or form errors.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from unionadmin.errors import DomainError
from unionadmin.indicators import Tally
from unionadmin.models import Organisation

from .models import (
    MAX_LEVEL,
    ItemProgress,
    PlanAcknowledgement,
    PlanAttachment,
    PlanItem,
    PlanTarget,
    WorkPlan,
)


class PlanError(DomainError):
    """A rule of the work plan would be broken; the message is translated and shown as is."""


def _locked(plan: WorkPlan) -> WorkPlan:
    return WorkPlan.objects.select_for_update().get(pk=plan.pk)


def ensure_editable(plan: WorkPlan):
    if plan.state == WorkPlan.State.ISSUED:
        raise PlanError(_("This plan has been issued and can no longer be changed. "
                          "To make a new version, start a new plan from a copy of it."))
    if plan.state != WorkPlan.State.DRAFT:
        raise PlanError(_("This plan has been approved. Return it to draft before changing it."))


# --- States -------------------------------------------------------------------------------
def plan_approve(plan: WorkPlan, user) -> WorkPlan:
    """Draft → approved. The drafter may approve their own plan (a union often has one
    officer); who approved and when is recorded."""
    with transaction.atomic():
        locked = _locked(plan)
        if locked.state != WorkPlan.State.DRAFT:
            raise PlanError(_("Only a draft can be approved; this plan is %(state)s.")
                            % {"state": locked.get_state_display()})
        if not locked.title.strip():
            raise PlanError(_("Give the plan a title before approving it."))
        if not locked.items.exists():
            raise PlanError(_("The plan has no items yet; write its sections before approving it."))
        locked.state = WorkPlan.State.APPROVED
        locked.approved_by = user
        locked.approved_at = timezone.now()
        locked._change_reason = "approved"
        locked.save()
    return locked


def plan_reopen(plan: WorkPlan, user) -> WorkPlan:
    """Approved → draft, clearing the approval, so the text can be changed again."""
    with transaction.atomic():
        locked = _locked(plan)
        if locked.state != WorkPlan.State.APPROVED:
            raise PlanError(_("Only an approved plan that has not been issued can return to draft."))
        locked.state = WorkPlan.State.DRAFT
        locked.approved_by = None
        locked.approved_at = None
        locked._change_reason = "returned to draft"
        locked.save()
    return locked


def next_sequence(plan: WorkPlan) -> int:
    """The next free sequence number for the plan's organ code and year among issued plans."""
    used = WorkPlan.objects.filter(
        issuer_id=plan.issuer_id, organ_code=plan.organ_code, number_year=plan.number_year or plan.year,
        state=WorkPlan.State.ISSUED,
    ).aggregate(m=Max("sequence"))["m"]
    return (used or 0) + 1


def plan_issue(plan: WorkPlan, user) -> WorkPlan:
    """Approved → issued. Fills in a free sequence number and the dates left blank: today's
    signing date, and as printing date (印发日期) the signing date for a plan of an earlier
    year (an old plan entered now was printed when it was signed), else today. The issued
    plan is read-only from then on."""
    with transaction.atomic():
        locked = _locked(plan)
        if locked.state == WorkPlan.State.DRAFT:
            raise PlanError(_("A draft cannot be issued; it must be approved first."))
        if locked.state != WorkPlan.State.APPROVED:
            raise PlanError(_("This plan has already been issued."))
        # Issuing is serialised per issuer (its row locked), so two plans issued at once cannot
        # both take the next number; the unique constraint stays the last line of defence.
        Organisation.objects.select_for_update().only("pk").get(pk=locked.issuer_id)
        if not locked.organ_code:
            raise PlanError(_("Give the issuing-organ code of the document number before issuing."))
        if locked.sequence is None:
            locked.sequence = next_sequence(locked)
        today = timezone.localdate()
        locked.signing_date = locked.signing_date or today
        locked.printing_date = locked.printing_date or (
            locked.signing_date if locked.year < today.year else today)
        locked.state = WorkPlan.State.ISSUED
        locked.issued_by = user
        locked.issued_at = timezone.now()
        locked._change_reason = "issued"
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError:
            raise PlanError(_("The document number %(number)s is already used by another issued plan; "
                              "return to draft and choose another sequence number.")
                            % {"number": locked.document_number}) from None
    return locked


# --- Copying last year's plan ---------------------------------------------------------------
def plan_copy(source: WorkPlan, user, year: int | None = None) -> WorkPlan:
    """A new draft for ``year`` (default: the year after the source) with the source's header,
    items (tree and order kept), targets and attachments; sequence, dates, approvals, owners'
    progress notes and acknowledgements are not copied."""
    year = year or source.year + 1
    with transaction.atomic():
        plan = WorkPlan.objects.create(
            issuer=source.issuer, year=year, organ_code=source.organ_code, number_year=year, sequence=None,
            mark=source.mark, title=source.title.replace(str(source.year), str(year)),
            addressees=source.addressees, guiding=source.guiding.replace(str(source.year), str(year)),
            signing_organ=source.signing_organ, copy_to=source.copy_to, report_to=source.report_to,
            printing_organ=source.printing_organ, numbering=source.numbering,
            notice_title=source.notice_title.replace(str(source.year), str(year)),
            notice_body=source.notice_body.replace(str(source.year), str(year)),
            drafted_by=user, copied_from=source,
        )
        mapping: dict[int, PlanItem] = {}
        for node in source.outline():  # depth-first, so a parent is copied before its children
            old = node.item
            new = PlanItem.objects.create(
                plan=plan, parent=mapping[old.parent_id] if old.parent_id else None, position=old.position,
                number_style=old.number_style, heading=old.heading, body=old.body, owner_text=old.owner_text, owner_user=old.owner_user,
                due_date=_shift_year(old.due_date, year - source.year),
            )
            mapping[old.pk] = new
        for target in PlanTarget.objects.filter(item__plan=source):
            PlanTarget.objects.create(
                item=mapping[target.item_id], position=target.position, kind=target.kind,
                indicator_code=target.indicator_code, label=target.label, comparator=target.comparator,
                target_value=target.target_value, unit=target.unit,
            )
        for attachment in source.attachments.all():
            # An uploaded file is shared, not duplicated: files are never deleted with their row.
            PlanAttachment.objects.create(
                plan=plan, position=attachment.position, title=attachment.title.replace(str(source.year), str(year)),
                file=attachment.file.name, file_name=attachment.file_name, file_size=attachment.file_size,
                document_kind=attachment.document_kind, object_id=attachment.object_id, body=attachment.body,
            )
    return plan


def _shift_year(date, years):
    if date is None:
        return None
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


# --- Editing the items ------------------------------------------------------------------------
def _renumber(plan: WorkPlan, parent_id):
    siblings = list(PlanItem.objects.filter(plan=plan, parent_id=parent_id).order_by("position", "pk"))
    for index, sibling in enumerate(siblings):
        if sibling.position != index:
            sibling.position = index
            sibling.save(update_fields=["position"])
    return siblings


def _node(plan: WorkPlan, item: PlanItem):
    for node in plan.outline():
        if node.pk == item.pk:
            return node
    raise PlanError(_("This item does not belong to the plan."))


ITEM_FIELDS = {"heading", "body", "owner_text", "owner_user", "due_date"}


def item_add(plan: WorkPlan, *, parent: PlanItem | None = None, after: PlanItem | None = None,
             **fields) -> PlanItem:
    """A new item: as the last child of ``parent`` (None: a new section at the end), or right
    after ``after`` at the same level."""
    with transaction.atomic():
        plan = _locked(plan)
        ensure_editable(plan)
        if after is not None:
            parent_id = after.parent_id
            _renumber(plan, parent_id)
            after.refresh_from_db()
            PlanItem.objects.filter(plan=plan, parent_id=parent_id, position__gt=after.position).update(
                position=F("position") + 1)
            position = after.position + 1
        else:
            parent_id = parent.pk if parent is not None else None
            if parent is not None and _node(plan, parent).level >= MAX_LEVEL:
                raise PlanError(_("Items can be nested four levels deep at most."))
            position = PlanItem.objects.filter(plan=plan, parent_id=parent_id).count()
        item = PlanItem.objects.create(plan=plan, parent_id=parent_id, position=position,
                                       **{k: v for k, v in fields.items() if k in ITEM_FIELDS})
        plan_touched(plan)
    return item


def item_move(item: PlanItem, direction: str) -> PlanItem:
    """Move an item (with its sub-items) among its siblings ("up", "down"), or change its
    level: "indent" makes it the last sub-item of the item above it, "outdent" puts it right
    after its parent. Nesting is limited to four levels."""
    with transaction.atomic():
        plan = _locked(item.plan)
        ensure_editable(plan)
        item = PlanItem.objects.get(pk=item.pk)
        siblings = _renumber(plan, item.parent_id)
        index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
        if direction in ("up", "down"):
            other = index - 1 if direction == "up" else index + 1
            if 0 <= other < len(siblings):
                a, b = siblings[index], siblings[other]
                a.position, b.position = b.position, a.position
                a.save(update_fields=["position"])
                b.save(update_fields=["position"])
        elif direction == "indent":
            if index == 0:
                raise PlanError(_("The first item at its level cannot be indented: there is no item above it "
                                  "to hold it."))
            new_parent = siblings[index - 1]
            node = _node(plan, item)
            if node.level + node.subtree_height() > MAX_LEVEL:
                raise PlanError(_("Items can be nested four levels deep at most."))
            item.parent = new_parent
            item.position = PlanItem.objects.filter(plan=plan, parent=new_parent).count()
            item.save(update_fields=["parent", "position"])
            _renumber(plan, siblings[0].parent_id)
        elif direction == "outdent":
            if item.parent_id is None:
                raise PlanError(_("A section is already at the top level."))
            parent = item.parent
            old_parent_id = item.parent_id
            PlanItem.objects.filter(plan=plan, parent_id=parent.parent_id, position__gt=parent.position).update(
                position=F("position") + 1)
            item.parent_id = parent.parent_id
            item.position = parent.position + 1
            item.save(update_fields=["parent", "position"])
            _renumber(plan, old_parent_id)
            _renumber(plan, item.parent_id)
        else:
            raise PlanError(_("Unknown move."))
        plan_touched(plan)
    return item


def item_delete(item: PlanItem):
    """Delete an item with its sub-items, targets and notes."""
    with transaction.atomic():
        plan = _locked(item.plan)
        ensure_editable(plan)
        parent_id = item.parent_id
        item.delete()
        _renumber(plan, parent_id)
        plan_touched(plan)


def plan_touched(plan: WorkPlan):
    """Record that the plan's content changed (its updated_at feeds document caching)."""
    WorkPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())


# --- Acknowledgements -------------------------------------------------------------------------
def acknowledging_organisations(plan: WorkPlan, user):
    """The units below the issuer for which ``user`` may acknowledge the plan (staff roles)."""
    return Organisation.objects.filter(path__in=plan.acknowledging_paths(user)).order_by("path")


def plan_acknowledge(plan: WorkPlan, user, organisation: Organisation) -> PlanAcknowledgement:
    if plan.state != WorkPlan.State.ISSUED:
        raise PlanError(_("Only an issued plan can be acknowledged."))
    if not acknowledging_organisations(plan, user).filter(pk=organisation.pk).exists():
        raise PlanError(_("You cannot acknowledge this plan for %(unit)s.") % {"unit": organisation})
    try:
        with transaction.atomic():
            return PlanAcknowledgement.objects.create(plan=plan, organisation=organisation, user=user)
    except IntegrityError:
        raise PlanError(_("%(unit)s has already acknowledged this plan.") % {"unit": organisation}) from None


def expected_acknowledgers(plan: WorkPlan):
    """The units expected to acknowledge: active federations, industry unions and grassroots
    unions below the issuer (branches and groups read the plan through their union)."""
    return (Organisation.objects.subtree_of(plan.issuer, include_self=False)
            .filter(is_active=True, level__in=[Organisation.Level.FEDERATION, Organisation.Level.INDUSTRY,
                                               Organisation.Level.GRASSROOTS]))


# --- Targets and tracking ---------------------------------------------------------------------
@dataclass
class TargetStatus:
    target: PlanTarget
    value: Decimal | None
    met: bool | None
    bar: float | None  # 0–100 for the progress bar
    node: object = None

    @property
    def missing(self) -> bool:
        return self.value is None


def target_statuses(plan: WorkPlan, outline=None) -> list[TargetStatus]:
    """Each target with today's value: an indicator measured over the issuer's subtree for the
    plan's year (each indicator measured once), or the value typed in."""
    outline = outline if outline is not None else plan.outline()
    nodes = {node.pk: node for node in outline}
    targets = sorted(PlanTarget.objects.filter(item__plan=plan),
                     key=lambda t: (outline.index(nodes[t.item_id]) if t.item_id in nodes else 0, t.position, t.pk))
    measured: dict[str, Decimal | None] = {}
    tally = Tally(plan.issuer)  # each source counted once for all the plan's targets
    result = []
    for target in targets:
        if target.kind == PlanTarget.Kind.INDICATOR:
            indicator = target.indicator
            if indicator is None:
                value = None
            else:
                if target.indicator_code not in measured:
                    measured[target.indicator_code] = tally.whole(indicator, plan.year).value
                value = measured[target.indicator_code]
        else:
            value = target.current_value
        met = target.is_met(value)
        bar = None
        if value is not None and target.target_value:
            ratio = float(value) / float(target.target_value) * 100
            if target.comparator == PlanTarget.Comparator.AT_MOST:
                ratio = 100.0 if value <= target.target_value else float(target.target_value) / float(value) * 100
            bar = max(0.0, min(ratio, 100.0))
        result.append(TargetStatus(target=target, value=value, met=met, bar=bar, node=nodes.get(target.item_id)))
    return result


def progress_add(item: PlanItem, user, *, date, note: str, percent: int | None = None) -> ItemProgress:
    """A progress note: allowed in every state (it tracks the plan; it does not change it)."""
    return ItemProgress.objects.create(item=item, date=date, note=note, percent=percent, recorded_by=user)


# --- The year-end summary -------------------------------------------------------------------
@dataclass
class SummarySection:
    number: str
    heading: str
    level: int
    lines: list[str] = field(default_factory=list)


@dataclass
class Summary:
    title: str
    opening: str
    sections: list[SummarySection]
    closing: str
    signing_organ: str

    def as_text(self) -> str:
        parts = [self.title, "", self.opening, ""]
        for section in self.sections:
            indent = "" if section.level == 1 else "\u3000\u3000"
            parts.append(f"{indent}{section.number}{section.heading}")
            for line in section.lines:
                parts.append(f"\u3000\u3000{line}")
            if section.level == 1:
                parts.append("")
        parts += [self.closing, "", self.signing_organ]
        return "\n".join(parts).strip() + "\n"


def plan_summary(plan: WorkPlan) -> Summary:
    """A draft of the year-end summary (工作总结), its sections mirroring the plan: each item's
    progress notes and latest percentage, and each target with the value reached. The
    officer copies and edits it; nothing is stored."""
    outline = plan.outline()
    notes: dict[int, list[ItemProgress]] = {}
    for note in ItemProgress.objects.filter(item__plan=plan).order_by("date", "pk"):
        notes.setdefault(note.item_id, []).append(note)
    statuses: dict[int, list[TargetStatus]] = {}
    for status in target_statuses(plan, outline):
        statuses.setdefault(status.target.item_id, []).append(status)

    sections = []
    for node in outline:
        item = node.item
        section = SummarySection(number=node.number, heading=item.heading or _first_sentence(item.body),
                                 level=node.level)
        for note in notes.get(item.pk, []):
            section.lines.append(_("%(date)s: %(note)s") % {"date": note.date.strftime("%Y-%m-%d"),
                                                             "note": note.note.strip()})
        item_notes = notes.get(item.pk, [])
        latest = next((n.percent for n in reversed(item_notes) if n.percent is not None), None)
        if latest is not None:
            section.lines.append(_("Completed: %(percent)s%%.") % {"percent": latest})
        for status in statuses.get(item.pk, []):
            target = status.target
            values = {"label": target.display_label, "comparator": target.get_comparator_display(),
                      "target": _number(target.target_value), "unit": target.unit_display,
                      "value": _number(status.value) if status.value is not None else "—"}
            if status.met is None:
                line = _("%(label)s: target %(comparator)s %(target)s%(unit)s; no value yet.") % values
            elif status.met:
                line = _("%(label)s: %(value)s%(unit)s reached, target %(comparator)s %(target)s%(unit)s met.") % values
            else:
                line = _("%(label)s: %(value)s%(unit)s reached, target %(comparator)s %(target)s%(unit)s "
                         "not yet met.") % values
            section.lines.append(line)
        if node.level > 1 and not section.lines:
            section.lines.append(_("(No progress recorded; describe what was done.)"))
        sections.append(section)
    return Summary(
        title=_("%(organ)s: summary of the work in %(year)s") % {"organ": plan.signing_organ or plan.issuer.name,
                                                                 "year": plan.year},
        opening=_("In %(year)s, following the work plan “%(title)s” (%(number)s), the work was carried out "
                  "as follows.") % {"year": plan.year, "title": plan.title, "number": plan.document_number},
        sections=sections,
        closing=_("Next year's work: (write the main tasks and measures here)."),
        signing_organ=plan.signing_organ or plan.issuer.name,
    )


def _first_sentence(text: str) -> str:
    text = (text or "").strip()
    for stop in "。；;\n":
        if stop in text:
            return text.split(stop, 1)[0]
    return text[:40]


def _number(value) -> str:
    if value is None:
        return ""
    value = Decimal(value)
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"
