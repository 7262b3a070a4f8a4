"""A competition's workflow, its scoring scheme, and who may judge it.

Every change of state is one call to ``competition_transition``: inside
``transaction.atomic`` it locks the competition row, refuses a step the current state does
not allow (a translated ``CompetitionError``), applies the step's own rules, changes the
state and records a ``CompetitionTransition`` (who, when, from, to, why).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.integrity import saved_once
from unionadmin.models import RoleAssignment
from unionadmin.notifications import notify
from unionadmin.roles import Role

from ..models import AwardTier, Competition, CompetitionTransition, Entry
from ..notifications import Verb
from . import results
from .errors import CompetitionError

State = Competition.State


@dataclass(frozen=True)
class Transition:
    """How a step of the workflow looks and where it leads; the states it is possible from
    are the model's (``Competition.steps``), so the buttons and the POST agree."""

    action: str
    label: str
    target: str
    needs_reason: bool = False
    needs_date: bool = False  # the public notice's end date
    button: str = "outline-primary"
    help: str = ""


TRANSITIONS: dict[str, Transition] = {t.action: t for t in [
    Transition("open", _("Open for entries"), State.OPEN, button="primary",
               help=_("Units below the organiser can see the competition and enter teams or people.")),
    Transition("back_to_draft", _("Back to draft"), State.DRAFT, button="outline-secondary",
               help=_("Only while nobody has entered.")),
    Transition("start_scoring", _("Start scoring"), State.SCORING, button="primary",
               help=_("Entries close; the judges can score. The scoring scheme can no longer change.")),
    Transition("lock", _("Lock the scores"), State.LOCKED, button="primary",
               help=_("Every judge must have scored every entry assigned to them. The results are worked out "
                      "and frozen.")),
    Transition("unlock", _("Reopen scoring"), State.SCORING, needs_reason=True,
               button="outline-secondary", help=_("The frozen results are cleared; the judges can change scores.")),
    Transition("start_notice", _("Start the public notice"), State.NOTICE, needs_date=True,
               button="primary",
               help=_("The results are shown to the units for the notice period; they can be published from the "
                      "day after it ends.")),
    Transition("reopen_scoring", _("Back to scoring after an objection"), State.SCORING,
               needs_reason=True, button="outline-danger",
               help=_("For an objection upheld during the notice: the frozen results are cleared.")),
    Transition("publish", _("Publish the results"), State.PUBLISHED, button="primary",
               help=_("The results, ranks and awards become final; certificates can be printed.")),
]}


def not_possible(transition: Transition, competition: Competition) -> str:
    return _("“%(step)s” is not possible now: the competition is at the stage “%(state)s”.") % {
        "step": transition.label, "state": competition.get_state_display()}


def _locked(competition: Competition) -> Competition:
    return Competition.objects.select_for_update(of=("self",)).get(pk=competition.pk)


def competition_transition(competition: Competition, action: str, *, by, reason: str = "",
                           notice_ends_on: datetime.date | None = None, today: datetime.date | None = None
                           ) -> Competition:
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise CompetitionError(_("There is no such step."))
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked(competition)
        if locked.state not in Competition.step_states(action):
            raise CompetitionError(not_possible(transition, locked))
        reason = (reason or "").strip()
        if transition.needs_reason and not reason:
            raise CompetitionError(_("Say why (the reason is recorded)."))
        _check_and_apply(locked, transition, by=by, notice_ends_on=notice_ends_on, today=today)
        from_state = locked.state
        locked.state = transition.target
        locked._change_reason = str(transition.label)
        locked.save()
        CompetitionTransition.objects.create(competition=locked, action=action, from_state=from_state,
                                             to_state=transition.target, by=by, reason=reason)
        if transition.target == State.SCORING:  # scoring (re)opens: every judge has sheets to fill
            judges = get_user_model().objects.filter(pk__in=locked.judge_assignments.values("judge_id"))
            notify(judges, Verb.SCORES_WAITING, locked, organisation=locked.organiser, exclude=by)
    return locked


def _check_and_apply(competition: Competition, transition: Transition, *, by, notice_ends_on, today):
    action = transition.action
    if action == "open":
        if not competition.items.exists():
            raise CompetitionError(_("Add at least one scoring item before opening the competition for entries."))
    elif action == "back_to_draft":
        if competition.entries.exists():
            raise CompetitionError(_("Units have already entered; the competition cannot go back to draft."))
    elif action == "start_scoring":
        competing = competition.entries.competing()
        if not competing.exists():
            raise CompetitionError(_("Nobody has entered yet; scoring cannot start."))
        if not competition.judge_assignments.exists():
            raise CompetitionError(_("Assign at least one judge before scoring starts."))
        without = [e for e, judges in results.judges_by_entry(competition).items() if not judges]
        if without:
            names = ", ".join(str(e) for e in Entry.objects.filter(pk__in=without).order_by("number")[:5])
            raise CompetitionError(_("These entries have no judge: %(entries)s.") % {"entries": names})
    elif action == "lock":
        progress = results.results_progress(competition)
        if progress.entries_without_judge:
            names = ", ".join(str(e) for e in progress.entries_without_judge[:5])
            raise CompetitionError(_("These entries have no judge: %(entries)s.") % {"entries": names})
        if progress.missing:
            who = ", ".join(f"{row.judge} ({row.missing})" for row in progress.judges if row.missing)
            raise CompetitionError(
                _("%(missing)s scores are still missing (%(judges)s); every judge must score every entry assigned "
                  "to them before the scores are locked.") % {"missing": progress.missing, "judges": who})
        competition.locked_at = timezone.now()
        results.results_freeze(competition)
    elif action in ("unlock", "reopen_scoring"):
        results.results_clear(competition)
        competition.locked_at = None
        competition.notice_ends_on = None
    elif action == "start_notice":
        if notice_ends_on is None:
            raise CompetitionError(_("Give the last day of the public notice."))
        if notice_ends_on < today:
            raise CompetitionError(_("The public notice cannot end before today."))
        competition.notice_ends_on = notice_ends_on
    elif action == "publish":
        if competition.notice_ends_on is None or today <= competition.notice_ends_on:
            raise CompetitionError(
                _("The public notice runs until %(date)s; the results can be published from the day after.")
                % {"date": competition.notice_ends_on.isoformat() if competition.notice_ends_on else "—"})
        competition.published_at = timezone.now()


# --- the scoring scheme ------------------------------------------------------------------------
def ensure_scheme_editable(competition: Competition):
    if not competition.scheme_editable:
        raise CompetitionError(_("Scoring has started: the scoring scheme can no longer change."))


def scheme_save(competition: Competition, *, settings_form=None, formsets=()) -> Competition:
    """Save the scheme's settings and its items, tie-breaks and award tiers (forms already
    valid), with the competition locked and still before scoring. A name another request
    saved while this one waited for the lock is refused with a message, nothing saved."""
    with saved_once(CompetitionError):
        locked = _locked(competition)
        ensure_scheme_editable(locked)
        if settings_form is not None and settings_form.has_changed():
            settings_form.instance.state = locked.state
            settings_form.save()
        for formset in formsets:
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                obj.delete()
            for obj in instances:
                obj.competition = locked
                obj.save()
            _renumber(formset.model, locked)
    return locked


def _renumber(model, competition):
    for position, obj in enumerate(model.objects.filter(competition=competition).order_by("position", "pk")):
        if obj.position != position:
            obj.position = position
            obj.save(update_fields=["position"])


DEFAULT_TIERS = [(_("First prize"), 1), (_("Second prize"), 2), (_("Third prize"), 3)]


def competition_create(*, by, **fields) -> Competition:
    """A new draft with the three usual award tiers (一/二/三等奖), named in the creator's language."""
    with transaction.atomic():
        competition = Competition.objects.create(created_by=by, **fields)
        for position, (name, count) in enumerate(DEFAULT_TIERS):
            AwardTier.objects.create(competition=competition, position=position, name=str(name), count=count)
    return competition


# --- judges ---------------------------------------------------------------------------------------
def eligible_judges(competition: Competition):
    """People holding the judge role at the organiser or above it (their role covers it)."""
    organiser = competition.organiser
    paths = [organiser.path[: i + 1] for i, c in enumerate(organiser.path) if c == "/"]
    judge_ids = RoleAssignment.objects.filter(role=Role.JUDGE, organisation__path__in=paths).values("user_id")
    return get_user_model().objects.filter(pk__in=judge_ids, is_active=True).order_by("full_name", "username")


def judge_assign(competition: Competition, judge, *, by, entry: Entry | None = None, weight=1):
    from ..models import JudgeAssignment

    with transaction.atomic():
        locked = _locked(competition)
        if locked.results_frozen:
            raise CompetitionError(_("The scores are locked; judges can no longer be assigned."))
        if not eligible_judges(locked).filter(pk=judge.pk).exists():
            raise CompetitionError(_("%(person)s does not hold the judge role at the organiser or above it.")
                                   % {"person": judge})
        if entry is not None and entry.competition_id != locked.pk:
            raise CompetitionError(_("This entry belongs to another competition."))
        if JudgeAssignment.objects.filter(competition=locked, judge=judge, entry__isnull=True).exists():
            raise CompetitionError(_("%(person)s already judges every entry of this competition.")
                                   % {"person": judge})
        try:
            with transaction.atomic():
                assignment = JudgeAssignment.objects.create(competition=locked, judge=judge, entry=entry,
                                                            weight=weight, assigned_by=by)
        except IntegrityError:
            raise CompetitionError(_("%(person)s is already assigned to this entry.") % {"person": judge}) from None
        if locked.state == State.SCORING:  # assigned while scoring is open: the sheet waits now
            notify([judge], Verb.SCORES_WAITING, locked, organisation=locked.organiser)
        return assignment


def judge_unassign(assignment, *, by):
    from ..models import Score

    with transaction.atomic():
        locked = _locked(assignment.competition)
        if locked.results_frozen:
            raise CompetitionError(_("The scores are locked; judges can no longer be removed."))
        scores = Score.objects.filter(judge=assignment.judge, entry__competition=locked)
        if assignment.entry_id:
            scores = scores.filter(entry_id=assignment.entry_id)
        if scores.exists():
            raise CompetitionError(_("%(person)s has already given scores; a judge with scores cannot be removed. "
                                     "If there is a conflict of interest, record a recusal instead.")
                                   % {"person": assignment.judge})
        assignment.delete()
