"""Hardship files: creating one, recomputing its income, and moving it through its lifecycle.

Every transition is one call to ``file_transition``: inside ``transaction.atomic`` it locks
the file row (``select_for_update``), refuses an action the current state does not allow
(``TransitionNotAllowed``, with a translated message), changes the state and records a
``FileTransition`` row with who, when, from, to and why. Views and forms only call these.
"""
from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import DateField, Exists, ExpressionWrapper, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from unionadmin.models import Notification
from unionadmin.notifications import notify, role_holders
from unionadmin.roles import Role

from ..models import FileTransition, HardshipFile, HouseholdMember, LivingStandard
from ..models.files import Transition
from ..notifications import Verb
from .errors import WelfareError

Status = HardshipFile.Status
Category = HardshipFile.Category

RECHECK_WARNING_DAYS = 30


class TransitionNotAllowed(WelfareError):
    pass


# The lifecycle is declared on the model (HardshipFile.TRANSITIONS); by action, for the service.
TRANSITIONS: dict[str, Transition] = {t.action: t for t in HardshipFile.TRANSITIONS}


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def suggest_category(*, per_capita, total_income, costs, standard) -> tuple[str, bool]:
    """(suggested category or "", is edge household) by the locality's configured rule."""
    if standard is None:
        return "", False
    line = standard.monthly_line
    if per_capita < line:
        return Category.DEEP, False
    is_edge = per_capita < line * standard.edge_multiple
    if costs > 0 and costs * 100 > total_income * standard.cost_share_percent:
        return Category.ACCIDENT, is_edge
    if per_capita < line * standard.relative_multiple:
        return Category.RELATIVE, is_edge
    return "", is_edge


def file_recompute(file: HardshipFile, *, save: bool = True) -> HardshipFile:
    """Household size, income, the line that applies and the suggested category."""
    incomes = list(file.household.values_list("monthly_income", flat=True)) if file.pk else []
    size = max(len(incomes), 1)
    total = sum(incomes, Decimal("0"))
    year = (file.filed_on or file.applied_on or timezone.localdate()).year
    standard = LivingStandard.applying_to(file.union, year)
    file.household_size = size
    file.total_income = _money(total)
    file.per_capita_income = _money(total / size)
    file.living_line = standard.monthly_line if standard else None
    file.suggested_category, file.is_edge = suggest_category(
        per_capita=file.per_capita_income, total_income=file.total_income, costs=file.unavoidable_costs,
        standard=standard,
    )
    if save:
        file.save(update_fields=["household_size", "total_income", "per_capita_income", "living_line",
                                 "suggested_category", "is_edge"])
    return file


@transaction.atomic
def file_create(*, worker, by, head_income=Decimal("0"), head_occupation=None, **fields) -> HardshipFile:
    """A new application (申报) for ``worker``'s household, with the worker as its first member.

    The worker's member row is locked first, so two applications for one worker at the same
    moment (a double click) queue: the second finds the first's open file and is refused."""
    type(worker).objects.select_for_update(no_key=True).filter(pk=worker.pk).first()
    if HardshipFile.objects.open().filter(worker=worker).exists():
        raise WelfareError(_("%(name)s already has an open hardship file.") % {"name": worker.name})
    file = HardshipFile(worker=worker, union=worker.union, created_by=by, **fields)
    file.save()
    HouseholdMember.objects.create(
        file=file, name=worker.name, relationship=HouseholdMember.Relationship.SELF, id_number=worker.id_number,
        monthly_income=head_income, health=file.health,
        occupation=head_occupation or _occupation_for(file.identity_status),
    )
    FileTransition.objects.create(file=file, action="apply", from_status="", to_status=file.status, by=by)
    return file_recompute(file)


def _occupation_for(identity_status) -> str:
    Occupation = HouseholdMember.Occupation
    return {
        HardshipFile.IdentityStatus.UNEMPLOYED: Occupation.UNEMPLOYED,
        HardshipFile.IdentityStatus.LAID_OFF: Occupation.UNEMPLOYED,
        HardshipFile.IdentityStatus.RETIRED: Occupation.RETIRED,
        HardshipFile.IdentityStatus.EARLY_RETIRED: Occupation.RETIRED,
        HardshipFile.IdentityStatus.SICK_LEAVE: Occupation.UNABLE,
    }.get(identity_status, Occupation.WORKING)


def file_confirm_category(file: HardshipFile, *, category: str, by) -> HardshipFile:
    """An officer confirms (or overrides) the suggested category; allowed before filing and at re-check."""
    with transaction.atomic():
        file = HardshipFile.objects.select_for_update().get(pk=file.pk)
        if file.status not in (Status.APPLIED, Status.CHECKING, Status.RECHECK):
            raise TransitionNotAllowed(
                _("The category can be confirmed only during the application, the household check or the "
                  "annual re-check; this file is at “%(status)s”.") % {"status": file.get_status_display()}
            )
        if category not in Category.values:
            raise WelfareError(_("Choose one of the categories."))
        file.category = category
        file.category_confirmed_by = by
        file.category_confirmed_at = timezone.now()
        file.save(update_fields=["category", "category_confirmed_by", "category_confirmed_at"])
    return file


def _add_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def recheck_flag(file: HardshipFile, today=None) -> bool:
    today = today or timezone.localdate()
    return bool(
        file.status == Status.FILED and file.next_recheck_due
        and file.next_recheck_due <= today + datetime.timedelta(days=RECHECK_WARNING_DAYS)
    )


def file_transition(file: HardshipFile | int, action: str, *, by, reason: str = "", today=None,
                    notice_starts_on=None, notice_ends_on=None, close_reason: str = "") -> HardshipFile:
    """Move a file by ``action``; raises TransitionNotAllowed (nothing changes) when the file's
    current state does not allow it or the action's conditions are not met."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionNotAllowed(_("There is no such step for a hardship file."))
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    pk = file if isinstance(file, int) else file.pk
    with transaction.atomic():
        file = HardshipFile.objects.select_for_update().select_related("worker").get(pk=pk)
        if file.status not in transition.sources:
            raise TransitionNotAllowed(
                _("“%(step)s” is not possible for a file at “%(status)s”; nothing was changed.")
                % {"step": transition.label, "status": file.get_status_display()}
            )
        if transition.needs_reason and not reason:
            raise TransitionNotAllowed(_("Give the reason for “%(step)s”.") % {"step": transition.label})
        from_status = file.status
        changed = ["status"]

        if action == "start_notice":
            if not file.category:
                raise TransitionNotAllowed(_("Confirm the household's category before the public notice."))
            if not notice_starts_on or not notice_ends_on:
                raise TransitionNotAllowed(_("Give the first and last day of the public notice."))
            if notice_ends_on < notice_starts_on:
                raise TransitionNotAllowed(_("The public notice cannot end before it starts."))
            file.notice_starts_on, file.notice_ends_on = notice_starts_on, notice_ends_on
            changed += ["notice_starts_on", "notice_ends_on"]
        elif action == "approve":
            if file.notice_ends_on is None or today <= file.notice_ends_on:
                raise TransitionNotAllowed(
                    _("The public notice runs until %(date)s; the file can be approved from the day after.")
                    % {"date": file.notice_ends_on}
                )
            file.filed_on = today
            file.next_recheck_due = _add_year(today)
            changed += ["filed_on", "next_recheck_due"]
        elif action == "confirm_recheck":
            file.last_rechecked_on = today
            file.next_recheck_due = _add_year(today)
            changed += ["last_rechecked_on", "next_recheck_due"]
        elif action == "close":
            if close_reason not in HardshipFile.CloseReason.values:
                raise TransitionNotAllowed(_("Say why the file is closed: retirement, transfer or death."))
            file.close_reason = close_reason
            changed.append("close_reason")
        if transition.target in HardshipFile.ENDED_STATUSES:
            file.closed_on = today
            changed.append("closed_on")

        file.status = transition.target
        file.recheck_due_soon = recheck_flag(file, today)
        changed.append("recheck_due_soon")
        file._change_reason = reason or str(transition.label)
        file.save(update_fields=changed)
        FileTransition.objects.create(file=file, action=action, from_status=from_status,
                                      to_status=file.status, by=by, reason=reason)
    return file


@transaction.atomic
def file_refile(file: HardshipFile, *, by) -> HardshipFile:
    """A new application for a household whose file has ended, with the same household."""
    file = HardshipFile.objects.select_for_update().get(pk=file.pk)
    if not file.is_ended:
        raise TransitionNotAllowed(_("Only a file that has ended can be refiled."))
    if HardshipFile.objects.filter(previous_file=file).exists():
        raise TransitionNotAllowed(_("This file has already been refiled."))
    copy = {name: getattr(file, name) for name in (
        "identity_status", "health", "health_note", "housing", "housing_note", "main_cause", "secondary_causes",
        "situation", "medical_costs", "education_costs", "other_costs",
    )}
    worker = file.worker
    type(worker).objects.select_for_update(no_key=True).filter(pk=worker.pk).first()  # as file_create
    if HardshipFile.objects.open().filter(worker=worker).exists():
        raise WelfareError(_("%(name)s already has an open hardship file.") % {"name": worker.name})
    new = HardshipFile.objects.create(worker=worker, union=worker.union, created_by=by, previous_file=file,
                                      applied_on=timezone.localdate(), **copy)
    bulk_create_with_history([
        HouseholdMember(file=new, name=p.name, relationship=p.relationship, id_number=p.id_number,
                        occupation=p.occupation, health=p.health, monthly_income=p.monthly_income, note=p.note)
        for p in file.household.all()
    ], HouseholdMember)
    FileTransition.objects.create(file=new, action="refile", from_status="", to_status=new.status, by=by,
                                  reason=str(_("Refiled from %(number)s") % {"number": file.number}))
    return file_recompute(new)


def file_refresh_recheck_flags(today=None) -> int:
    """Mark the filed households whose re-check falls due within 30 days (and clear the rest).

    Run daily by the beat task ``welfare.tasks.refresh_recheck_due``; returns how many are due."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=RECHECK_WARNING_DAYS)
    due = HardshipFile.objects.filter(status=Status.FILED, next_recheck_due__lte=horizon)
    due.filter(recheck_due_soon=False).update(recheck_due_soon=True)
    HardshipFile.objects.filter(recheck_due_soon=True).exclude(pk__in=due.values("pk")).update(recheck_due_soon=False)
    return due.count()


def files_remind_recheck_due(today=None) -> int:
    """Tell the union's welfare officers of each filed household whose re-check falls due within
    RECHECK_WARNING_DAYS, once per file per due date: a file counts as reminded when it has a
    reminder from on or after the day its current due date came into that window.

    Run daily by the beat task ``welfare.tasks.remind_recheck_due``; returns how many files were reminded."""
    today = today or timezone.localdate()
    window_opens = ExpressionWrapper(F("next_recheck_due") - datetime.timedelta(days=RECHECK_WARNING_DAYS),
                                     output_field=DateField())
    reminded = Notification.objects.filter(
        verb=Verb.RECHECK_DUE, target_type=ContentType.objects.get_for_model(HardshipFile),
        target_id=OuterRef("pk"), created_at__date__gte=OuterRef("window_opens"))
    due = (HardshipFile.objects.filter(status=Status.FILED,
                                       next_recheck_due__lte=today + datetime.timedelta(days=RECHECK_WARNING_DAYS))
           .annotate(window_opens=window_opens).exclude(Exists(reminded)))
    count = 0
    for file in due.select_related("union"):
        with transaction.atomic():
            # Two runs at once: the second waits for the file's lock, then finds it reminded.
            if not due.select_for_update(of=("self",)).filter(pk=file.pk).exists():
                continue
            notify(role_holders(file.union, {Role.WELFARE_OFFICER}), Verb.RECHECK_DUE, file, organisation=file.union)
            count += 1
    return count
