"""换届: the union committee's terms (届) across the county — recording them, the federation's
due / overdue list, the reminders and the 按期换届率 indicator's counts.

Rules (docs: /tmp/docs/reelection.md):

- A term's end (``ends_on``) is its start plus its length (3 or 5 years); it is computed, never
  typed. The terms of a union follow each other by number: a later term starts after an
  earlier one, and each term's ``succeeded_on`` is the next term's start (recomputed for the
  whole union whenever one of its terms is recorded or edited, under a lock on the union).
- A union's *current* term is its latest term begun on or before the day; it is overdue when
  its end has passed and no next term has begun; "due soon" is an end within ``DUE_MONTHS``.
- Reminders: the union's chair and officers once per term when it comes due within
  ``DUE_MONTHS`` (``reminded_on``); the federation's officers once per overdue union per
  calendar month (the notifications already sent say whether this month's went out).
"""
from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Case, F, OuterRef, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionadmin.models import Notification, Organisation
from unionadmin.notifications import notify, role_holders
from unionadmin.roles import OFFICER_ROLES, Role

from .models import CommitteeTerm
from .models.committee_terms import years_after
from .services import CongressError

DUE_MONTHS = 6  # the federation starts preparing a union's 换届 half a year before its end
# Who at the federation hears of an overdue union: its administrators (组织部).
FEDERATION_OFFICER_ROLES = frozenset({Role.FEDERATION_ADMIN})


class ReelectionKind(models.TextChoices):
    TERM_DUE = "reelection_due", gettext_lazy("The union committee's term ends within six months: prepare the re-election")
    TERM_OVERDUE = "reelection_overdue", gettext_lazy("A union's re-election is overdue")


class Status(models.TextChoices):
    """Where a union stands, worst first (the federation's list is sorted by it)."""

    OVERDUE = "overdue", gettext_lazy("Overdue")
    NONE = "none", gettext_lazy("No term recorded")
    DUE = "due", gettext_lazy("Due within six months")
    OK = "ok", gettext_lazy("In term")


STATUS_RANK = {Status.OVERDUE: 0, Status.NONE: 1, Status.DUE: 2, Status.OK: 3}


def due_limit(today: datetime.date) -> datetime.date:
    return today + relativedelta(months=DUE_MONTHS)


def status_of(ends_on: datetime.date | None, today: datetime.date) -> str:
    if ends_on is None:
        return Status.NONE
    if ends_on < today:
        return Status.OVERDUE
    if ends_on <= due_limit(today):
        return Status.DUE
    return Status.OK


# --- recording terms ---------------------------------------------------------------------------

def from_above(user, union) -> bool:
    """Whether ``user`` acts for the union above ``union`` (its federation's officers): they
    record a union's terms once it has one; the union itself does not."""
    from unionadmin.scoping import user_can

    return user.is_superuser or (union.parent is not None and user_can(user, "change", union.parent))


def _fields_only_note(term, number, length_years, starts_on) -> bool:
    return (term.number, term.length_years, term.starts_on) == (number, length_years, starts_on)


def edits_note_only(term: CommitteeTerm, user) -> bool:
    """A term elected by an approved congress keeps its dates (its note may change); a union's
    own officers change only the notes of their terms (their 换届 date is the federation's)."""
    return term.union_congress_or_none() is not None or not from_above(user, term.union)


def may_record_new(union, user) -> bool:
    """The union records its history only while it has no term (first set-up); after that a new
    term comes from an approved congress, or by hand from the union above."""
    return from_above(user, union) or not CommitteeTerm.objects.filter(union=union).exists()


def committee_term_record(union: Organisation, *, number: int, length_years: int, starts_on: datetime.date,
                          note: str = "", term: CommitteeTerm | None = None, by=None) -> CommitteeTerm:
    """Records a term of ``union`` by hand (or edits ``term``): its end is computed from the
    start and length; the union's terms must follow each other by number and date; every
    term's ``succeeded_on`` is set from the next one's start. ``by`` (the person, when a page
    records it) is held to who may record what (``may_record_new``, ``edits_note_only``)."""
    if union.level != Organisation.Level.GRASSROOTS:
        raise CongressError(_("Committee terms are recorded for grassroots unions."))
    if term is not None and not _fields_only_note(term, number, length_years, starts_on):
        if term.union_congress_or_none() is not None:
            raise CongressError(_("This term was elected by %(congress)s: its dates follow the approved congress; "
                                  "only its note can be changed.") % {"congress": term.union_congress_or_none()})
        if by is not None and not from_above(by, union):
            raise CongressError(_("Only the note can be changed here: a term's number and dates are corrected by "
                                  "the union above."))
    today = timezone.localdate()
    if starts_on > today:
        raise CongressError(_("The committee is recorded once elected: the election date cannot be in the future."),
                            field="starts_on")
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=union.pk)  # one writer of a union's terms at a time
        others = list(CommitteeTerm.objects.filter(union=union).exclude(pk=getattr(term, "pk", None)))
        if any(other.number == number for other in others):  # first: a double click reads as such
            raise CongressError(_("Term %(number)s is already recorded for this union.") % {"number": number},
                                field="number")
        if term is None and by is not None and not may_record_new(union, by):
            raise CongressError(_("%(union)s already has a committee term: its next term comes from its approved "
                                  "union congress, or is recorded by the union above.") % {"union": union.name})
        for other in others:
            if (other.number < number) != (other.starts_on < starts_on) or other.starts_on == starts_on:
                if other.number < number:
                    message = _("Terms follow each other: term %(other)s was elected on %(date)s, so term "
                                "%(number)s must be elected after it.")
                else:
                    message = _("Terms follow each other: term %(other)s was elected on %(date)s, so term "
                                "%(number)s must be elected before it.")
                raise CongressError(message % {"other": other.number, "date": other.starts_on.isoformat(),
                                               "number": number}, field="starts_on")
        term = term or CommitteeTerm(union=union)
        ends_on = years_after(starts_on, length_years)
        if term.ends_on != ends_on:  # a new end is a new 6-month reminder
            term.reminded_on = None
        term.number, term.length_years, term.starts_on, term.ends_on, term.note = (
            number, length_years, starts_on, ends_on, note)
        term.full_clean(exclude=["union"])
        term.save()
        _link_successors(union)
    return term


def _link_successors(union):
    """Each term's ``succeeded_on`` is the next term's start (the latest term's is empty)."""
    terms = list(CommitteeTerm.objects.filter(union=union).order_by("number"))
    for term, following in zip(terms, terms[1:] + [None]):
        succeeded_on = following.starts_on if following else None
        if term.succeeded_on != succeeded_on:
            term.succeeded_on = succeeded_on
            term.save(update_fields=["succeeded_on"])


def term_from_congress(congress) -> CommitteeTerm:
    """The term an approved union congress opens (called by ``elections.approve``, the one path
    besides the hand record): under the same lock on the union, a term already recorded by hand
    for the congress's day is taken over (its number kept, its length and end from the
    congress) rather than doubled; otherwise the next number, which must not start before a
    recorded term; the successors are relinked with history."""
    union, day = congress.union, congress.held_on
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=union.pk)
        terms = list(CommitteeTerm.objects.filter(union=union).order_by("number"))
        term = next((t for t in terms if t.starts_on == day), None)
        if term is not None and term.union_congress_or_none() not in (None, congress):
            raise CongressError(_("Term %(number)s elected on %(date)s already belongs to %(congress)s.") % {
                "number": term.number, "date": day.isoformat(), "congress": term.union_congress_or_none()})
        if term is None:
            later = [t for t in terms if t.starts_on > day]
            if later:
                raise CongressError(_("Term %(number)s is recorded as elected on %(date)s, after this congress: "
                                      "correct the union's recorded terms before approving.") % {
                    "number": later[0].number, "date": later[0].starts_on.isoformat()})
            term = CommitteeTerm(union=union, number=(terms[-1].number if terms else 0) + 1, starts_on=day,
                                 note=str(congress)[:200])
        term.length_years = congress.term_years
        ends_on = years_after(day, congress.term_years)
        if term.ends_on != ends_on:
            term.reminded_on = None
        term.ends_on = ends_on
        term.note = term.note or str(congress)[:200]
        term.full_clean(exclude=["union"])
        term.save()
        _link_successors(union)
    return term


def next_term_number(union) -> int:
    latest = CommitteeTerm.objects.filter(union=union).aggregate(n=models.Max("number"))["n"]
    return (latest or 0) + 1


# --- the county's list -------------------------------------------------------------------------

def with_current_term(unions, today: datetime.date):
    """Grassroots unions annotated with their current term (``term_pk``, ``term_number``,
    ``term_starts_on``, ``term_ends_on``), their ``status`` rank and ``days_left`` (negative:
    days overdue), in one query."""
    current = (CommitteeTerm.objects.current(today).filter(union=OuterRef("pk")).order_by("-number"))
    limit = due_limit(today)
    return unions.grassroots().filter(is_active=True).annotate(
        term_pk=Subquery(current.values("pk")[:1]),
        term_number=Subquery(current.values("number")[:1]),
        term_starts_on=Subquery(current.values("starts_on")[:1]),
        term_ends_on=Subquery(current.values("ends_on")[:1]),
    ).annotate(
        status_rank=Case(
            When(term_ends_on__isnull=True, then=Value(STATUS_RANK[Status.NONE])),
            When(term_ends_on__lt=today, then=Value(STATUS_RANK[Status.OVERDUE])),
            When(term_ends_on__lte=limit, then=Value(STATUS_RANK[Status.DUE])),
            default=Value(STATUS_RANK[Status.OK]), output_field=models.IntegerField()),
    )


def worst_first(unions):
    """Overdue (longest overdue first), no term recorded, due soon (soonest first), in term."""
    return unions.order_by("status_rank", F("term_ends_on").asc(nulls_last=True), "path")


def describe(union, today: datetime.date) -> dict:
    """A row of the county's list, for pages and the export."""
    status = status_of(union.term_ends_on, today)
    days = (union.term_ends_on - today).days if union.term_ends_on else None
    return {"union": union, "status": status, "status_label": Status(status).label, "days_left": days,
            "days_overdue": -days if days is not None and days < 0 else None}


def status_counts(unions, today: datetime.date) -> dict:
    """How many of these grassroots unions are overdue, due soon, without a term, in term."""
    rows = with_current_term(unions, today).values("status_rank").annotate(n=models.Count("pk")).order_by()
    by_rank = {row["status_rank"]: row["n"] for row in rows}
    return {status.value: by_rank.get(rank, 0) for status, rank in STATUS_RANK.items()}


# --- reminders ---------------------------------------------------------------------------------

def nearest_federation(union) -> Organisation | None:
    """The federation the union sits under (the deepest federation-level ancestor)."""
    ancestors = [union.path[:end] for end in range(len(union.path) - 1, 0, -1) if union.path[end - 1] == "/"]
    return (Organisation.objects.filter(path__in=ancestors, level=Organisation.Level.FEDERATION)
            .order_by("-path").first())


def federation_officers(union):
    federation = nearest_federation(union)
    return role_holders(federation, FEDERATION_OFFICER_ROLES) if federation else get_user_model().objects.none()


def reelection_remind(today: datetime.date | None = None) -> dict:
    """The daily reminders (see the module's rules); returns how many unions were reminded."""
    today = today or timezone.localdate()
    due = (CommitteeTerm.objects.current(today)
           .filter(union__is_active=True, union__level=Organisation.Level.GRASSROOTS, reminded_on__isnull=True,
                   ends_on__gte=today, ends_on__lte=due_limit(today)).select_related("union"))
    reminded = 0
    for term in due:
        with transaction.atomic():
            if CommitteeTerm.objects.filter(pk=term.pk, reminded_on__isnull=True).update(reminded_on=today):
                notify(role_holders(term.union, OFFICER_ROLES), ReelectionKind.TERM_DUE, term, organisation=term.union)
                reminded += 1
    overdue = (CommitteeTerm.objects.current(today)
               .filter(union__is_active=True, union__level=Organisation.Level.GRASSROOTS, ends_on__lt=today)
               .select_related("union"))
    term_type = ContentType.objects.get_for_model(CommitteeTerm)
    month_start = timezone.make_aware(datetime.datetime(today.year, today.month, 1))
    escalated = 0
    for term in overdue:
        with transaction.atomic():
            CommitteeTerm.objects.select_for_update().get(pk=term.pk)  # two beats at once send one notice
            sent = Notification.objects.filter(verb=ReelectionKind.TERM_OVERDUE, target_type=term_type,
                                               target_id=term.pk, created_at__gte=month_start)
            recipients = federation_officers(term.union).exclude(pk__in=sent.values("recipient_id"))
            if notify(recipients, ReelectionKind.TERM_OVERDUE, term, organisation=term.union):
                escalated += 1
    return {"due": reminded, "overdue": escalated}


# --- the indicator's source --------------------------------------------------------------------

def count_terms(root, years):
    """Per grassroots union and year: ``recorded`` 1 when it has a current term at the year's
    end (today for this year), ``on_time`` 1 when that term is not overdue then. A union with
    no term recorded has neither: the indicator counts it as incomplete data."""
    today = timezone.localdate()
    result = {}
    for year in years:
        on = min(datetime.date(year, 12, 31), today)
        # Grassroots unions only, as the list: a branch's term (from an older congress) is no extra union.
        current = CommitteeTerm.objects.current(on).filter(union__path__startswith=root.path,
                                                           union__level=Organisation.Level.GRASSROOTS)
        ends = {}
        for union_id, ends_on in current.order_by("union_id", "number").values_list("union_id", "ends_on"):
            ends[union_id] = ends_on  # the latest begun term wins
        result[year] = {pk: {"recorded": 1, **({"on_time": 1} if ends_on >= on else {})}
                        for pk, ends_on in ends.items()}
    return result


def union_terms_context(union, user, today=None) -> dict | None:
    """The term history and next due date of a union, for its page's tab and its terms page."""
    from unionadmin.scoping import user_can

    today = today or timezone.localdate()
    terms = list(CommitteeTerm.objects.visible_to(user).filter(union=union).order_by("-number"))
    current = next((t for t in terms if t.starts_on <= today and (t.succeeded_on is None or t.succeeded_on > today)),
                   None)
    status = status_of(current.ends_on if current else None, today)
    return {"union": union, "terms": terms, "current": current, "status": status,
            "status_label": Status(status).label,
            "days_left": (current.ends_on - today).days if current else None,
            "days_overdue": (today - current.ends_on).days if current and current.ends_on < today else None,
            "can_change": union.level == Organisation.Level.GRASSROOTS and user_can(user, "change", union),
            "can_record": (union.level == Organisation.Level.GRASSROOTS and user_can(user, "change", union)
                           and may_record_new(union, user)),
            "today": today}

