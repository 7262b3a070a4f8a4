"""Scores and recusals.

A score is saved the moment the judge leaves its cell (htmx), one cell per call: the
competition row is locked for the few milliseconds of the save, so a score can never slip
in after the organiser has locked the scores, and each value is checked against its item's
maximum here (the form), and in the database (``score_within_maximum``).
"""
from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from ..models import Competition, Entry, JudgeAssignment, Recusal, Score, ScoringItem
from . import results
from .errors import CompetitionError

State = Competition.State
OPEN_STATES = (State.OPEN, State.SCORING)


def parse_score(raw, item: ScoringItem) -> Decimal | None:
    """The score typed into a cell, or None for an empty cell. Full-width digits (typed with a
    Chinese input method) and a decimal comma are accepted."""
    text = unicodedata.normalize("NFKC", str(raw if raw is not None else "")).strip().replace(",", ".")
    text = text.replace("。", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CompetitionError(_("Type a number, e.g. 8.5.")) from None
    if not value.is_finite():
        raise CompetitionError(_("Type a number, e.g. 8.5."))
    if value < 0:
        raise CompetitionError(_("A score cannot be negative."))
    if value > item.max_score:
        raise CompetitionError(_("At most %(maximum)s for “%(item)s”.")
                               % {"maximum": _number(item.max_score), "item": item.name})
    if value != value.quantize(Decimal("0.01")):
        raise CompetitionError(_("Use at most two decimal places."))
    return value.quantize(Decimal("0.01"))


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")


def _lock(competition_id) -> Competition:
    return Competition.objects.select_for_update(of=("self",)).get(pk=competition_id)


def score_save(entry: Entry, item: ScoringItem, judge, raw) -> Score | None:
    """Save (or clear, for an empty value) ``judge``'s score of ``entry`` on ``item``."""
    with transaction.atomic():
        competition = _lock(entry.competition_id)
        item = ScoringItem.objects.get(pk=item.pk)
        value = parse_score(raw, item)
        if competition.state != State.SCORING:
            raise CompetitionError(_("Scores cannot be changed: the competition is at the stage “%(state)s”.")
                                   % {"state": competition.get_state_display()})
        entry = Entry.objects.get(pk=entry.pk)
        if item.competition_id != competition.pk:
            raise CompetitionError(_("This item belongs to another competition."))
        if not entry.is_competing:
            raise CompetitionError(_("This entry is no longer competing."))
        if judge.pk not in results.judges_by_entry(competition, [entry])[entry.pk]:
            if Recusal.objects.filter(entry=entry, judge=judge).exists():
                raise CompetitionError(_("You have recused yourself from this entry."))
            raise CompetitionError(_("You are not a judge of this entry."))
        existing = Score.objects.select_for_update().filter(entry=entry, item=item, judge=judge).first()
        if value is None:
            if existing is not None:
                existing.delete()
            return None
        if existing is None:
            return Score.objects.create(entry=entry, item=item, judge=judge, value=value, max_score=item.max_score)
        if existing.value != value:
            existing.value = value
            existing.max_score = item.max_score
            existing.save(update_fields=["value", "max_score", "updated_at"])
        return existing


def scores_save_many(competition: Competition, judge, values: dict[tuple[int, int], str]) -> dict:
    """The whole grid at once (without JavaScript): {(entry id, item id): message} for the
    cells that were refused; the others are saved."""
    entries = Entry.objects.in_bulk({e for e, _ in values})
    items = ScoringItem.objects.filter(competition=competition).in_bulk({i for _, i in values})
    errors = {}
    for (entry_id, item_id), raw in values.items():
        entry, item = entries.get(entry_id), items.get(item_id)
        if entry is None or item is None or entry.competition_id != competition.pk:
            continue
        current = Score.objects.filter(entry=entry, item=item, judge=judge).values_list("value", flat=True).first()
        try:
            if parse_score(raw, item) == current:
                continue  # unchanged cells are not saved again (no history row)
            score_save(entry, item, judge, raw)
        except CompetitionError as error:
            errors[(entry_id, item_id)] = error.message
    return errors


def recusal_declare(entry: Entry, judge, *, by, reason: str) -> Recusal:
    """``judge`` stays out of ``entry`` (回避); their scores of it are removed."""
    reason = (reason or "").strip()
    if not reason:
        raise CompetitionError(_("Say why you stay out of this entry (the reason is recorded)."))
    with transaction.atomic():
        competition = _lock(entry.competition_id)
        if competition.state not in OPEN_STATES:
            raise CompetitionError(_("A recusal can be recorded only before the scores are locked."))
        assigned = JudgeAssignment.objects.filter(competition=competition, judge=judge).filter(
            entry__isnull=True).exists() or JudgeAssignment.objects.filter(entry=entry, judge=judge).exists()
        if not assigned:
            raise CompetitionError(_("%(person)s is not a judge of this entry.") % {"person": judge})
        try:
            with transaction.atomic():
                recusal = Recusal.objects.create(entry=entry, judge=judge, reason=reason[:200], declared_by=by)
        except IntegrityError:
            raise CompetitionError(_("%(person)s has already recused from this entry.") % {"person": judge}) from None
        for score in Score.objects.filter(entry=entry, judge=judge):
            score._change_reason = "recusal"
            score.delete()
    return recusal


def recusal_lift(recusal: Recusal, *, by) -> None:
    with transaction.atomic():
        competition = _lock(recusal.entry.competition_id)
        if competition.state not in OPEN_STATES:
            raise CompetitionError(_("A recusal can be lifted only before the scores are locked."))
        recusal.delete()
