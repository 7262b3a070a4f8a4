"""The funds audit committee (经审会), its annual audit, and the federation's inspection rounds.

The 经审会 (FINANCE.md): elected with the union committee for the same term. There is no union
committee term in the project yet, so a term is 3 or 5 years from the day of the election
(``TERM_YEARS``) and ends the day before that anniversary. The chair, vice-chairs, the finance
head and anyone handling money or goods may not sit on it: ``seat_refusal`` checks the
member's current cadre posts at the union (chair, vice-chair), the login's roles there (union
chair, finance officer) and the declared handling of money or goods. A seat with a login grants
the ``audit_committee`` role at the union (logged as any grant); removing the seat or ending
the term removes it, unless the person still has a seat on a current committee there.
The chair and finance-officer roles exclude when held at the union or any union above it; a
cadre post excludes on any member row of the same person (ID or mobile number); a seat's login
must be the member's own account (its mobile number is the member's). Seats change only while
the term runs (not before it begins, not after it ended).

Rights come from the seat, not from the role row: beginning, writing and signing an audit (and
the budget's 经审会 agreement, through ``sits_on_audit_committee``) need a seat on the committee
whose exclusions are checked again at that step, so a post or role given after the seat, or
a role granted on the role page or held at a federation, writes nothing. The role row only lets
its holder read the books; when a term simply runs out (no ``committee_end``) the role row may
linger until the term is ended or the seat removed, and then only reads.

The annual audit: the committee in office writes the year's audit (scope, findings,
conclusion) and signs it; a signed audit is frozen, and keeps the committee's members of the
day of signing (``signatories``) for its report.

An inspection round of a federation: planned → units picked (grassroots unions below it) →
notified (the units' finance officers and chairs get a notification; from then on the unit
sees its own inspection) → fieldwork per unit (visit date, checklist, on-site feedback) →
findings with a rectification deadline → the unit's rectification report → the federation
accepts (the finding is closed) or returns it (open again, with a note) → the round is closed
when every finding is, or closed with the open ones listed. A finding is overdue when its
deadline has passed and it is not closed.

Every function runs in one transaction and refuses with ``FinanceError`` (translated).
"""
from __future__ import annotations

import datetime

from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import CadrePost, Member
from unionadmin import uploads
from unionadmin.models import AuditEvent, Organisation, RoleAssignment
from unionadmin.notifications import notify, role_holders
from unionadmin.roles import FEDERATION_FINANCE_ROLES, Role

from .models import (
    AnnualAudit,
    AuditCommittee,
    AuditCommitteeMember,
    CheckItem,
    Finding,
    InspectedUnit,
    InspectionRound,
    Rectification,
)
from .services import FinanceError

TERM_YEARS = (3, 5)
CHECK_RESULTS = ("ok", "problem", "n/a")
# Who may not sit on the 经审会: the posts and the roles held at the union itself.
EXCLUDED_POSTS = (CadrePost.Position.CHAIR, CadrePost.Position.VICE_CHAIR)
EXCLUDED_ROLES = (Role.UNION_CHAIR, Role.FINANCE_OFFICER)
UNIT_RECIPIENTS = (Role.FINANCE_OFFICER, Role.UNION_CHAIR)


class Notice(models.TextChoices):
    """What this part notifies people of (registered in finance/wiring/audit.py)."""

    INSPECTION = "finance_inspection_notice", gettext_lazy("Your union is to be inspected by the federation")
    FINDING = "finance_finding_recorded", gettext_lazy("An inspection finding to rectify")
    RECTIFIED = "finance_rectification_sent", gettext_lazy("A rectification report waits for verification")
    VERIFIED = "finance_rectification_checked", gettext_lazy("A rectification report was verified")


# --- the committee ---------------------------------------------------------------------------

def term_end_for(start: datetime.date, years: int) -> datetime.date:
    """The last day of a term of ``years`` from ``start``: the day before its anniversary (a
    term from 29 February ends on 28 February). A ``FinanceError`` past the calendar's end."""
    try:
        if start.month == 2 and start.day == 29:
            return datetime.date(start.year + years, 2, 28)
        return start.replace(year=start.year + years) - datetime.timedelta(days=1)
    except (ValueError, OverflowError):
        raise FinanceError(_("A term from %(start)s would end past the calendar's end.") % {"start": start},
                           field="term_start") from None


@transaction.atomic
def committee_create(organisation, *, term_start: datetime.date, years: int, elected_at: str = "", by=None):
    if years not in TERM_YEARS:
        raise FinanceError(_("A funds audit committee is elected for 3 or 5 years, as the union committee is."),
                           field="years")
    if organisation.level == Organisation.Level.GROUP:
        raise FinanceError(_("A union group has no funds audit committee of its own."), field="organisation")
    term_end = term_end_for(term_start, years)
    overlapping = AuditCommittee.objects.filter(organisation=organisation, term_start__lte=term_end,
                                                term_end__gte=term_start).first()
    if overlapping is not None:
        raise FinanceError(_("%(union)s already has a funds audit committee for %(from)s to %(to)s; terms may not "
                             "overlap (end that term first).") % {
            "union": organisation.name, "from": overlapping.term_start, "to": overlapping.term_end},
            field="term_start")
    try:
        with transaction.atomic():
            return AuditCommittee.objects.create(organisation=organisation, term_start=term_start, term_end=term_end,
                                                 elected_at=elected_at)
    except IntegrityError:
        raise FinanceError(_("This funds audit committee is already recorded."), field="term_start") from None


def _same_person(member):
    """The member rows of the person ``member`` is (the same ID number or mobile number): a
    person's cadre posts may be recorded on another row of theirs."""
    same = Q(pk=member.pk)
    if member.id_number:
        same |= Q(id_number=member.id_number)
    if member.phone:
        same |= Q(phone=member.phone)
    return Member.objects.filter(same)


def login_is_members_own(user, member) -> bool:
    """A seat's login is the member's own account: its mobile number is the member's."""
    return bool(member.phone) and user.mobile == member.phone


def seat_refusal(committee, member, *, user=None, handles_money_or_goods=False) -> str | None:
    """Why ``member`` (with ``user`` as login) may not sit on ``committee``, or None. Checked
    when the seat is given and again at every step the seat allows (``sits_on_audit_committee``),
    so a post or role given after the seat ends its rights."""
    union = committee.organisation
    name = member.name
    if not member.union.path.startswith(union.path):
        return _("%(name)s is not a member of %(union)s.") % {"name": name, "union": union.name}
    if handles_money_or_goods:
        return _("%(name)s handles the union's money or goods, and may not sit on its funds audit committee.") % {
            "name": name}
    post = CadrePost.objects.current().filter(member__in=_same_person(member), organisation=union,
                                              position__in=EXCLUDED_POSTS).first()
    if post is not None:
        return _("%(name)s is the union's %(post)s, and may not sit on its funds audit committee.") % {
            "name": name, "post": post.get_position_display().lower()}
    if user is not None:
        if not login_is_members_own(user, member):
            return _("The login must be %(name)s's own account: its mobile number is the member's.") % {"name": name}
        # A role held at the union or at any union above it covers the union's books.
        held = RoleAssignment.objects.filter(user=user, organisation_id__in=_path_ids(union),
                                             role__in=EXCLUDED_ROLES).select_related("organisation").first()
        if held is not None:
            return _("The login %(login)s is %(role)s at %(union)s, and may not sit on this funds audit "
                     "committee.") % {"login": user.get_username(), "role": held.get_role_display().lower(),
                                      "union": held.organisation.name}
        other = AuditCommitteeMember.objects.filter(committee=committee, user=user).exclude(member=member).first()
        if other is not None:
            return _("The login %(login)s already has the seat of %(name)s.") % {
                "login": user.get_username(), "name": other.member.name}
    return None


def _path_ids(union) -> list[int]:
    """The union and every union above it."""
    return [*union.ancestor_ids(), union.pk]


def seat_of(user, committee):
    """``user``'s seat on ``committee`` if it still stands (no exclusion applies today), or None."""
    if user is None or not user.is_authenticated:
        return None
    seat = (AuditCommitteeMember.objects.filter(committee=committee, user=user)
            .select_related("member__union", "committee__organisation").first())
    if seat is None or seat_refusal(committee, seat.member, user=user,
                                    handles_money_or_goods=seat.handles_money_or_goods):
        return None
    return seat


def sits_on_audit_committee(user, organisation, on: datetime.date | None = None) -> bool:
    """Whether ``user`` holds a seat on ``organisation``'s 经审会 in office on ``on`` (today by
    default) and no exclusion applies to it now. The ``audit_committee`` role only lets a
    person read the books; writing the audit or agreeing the budget needs the seat."""
    on = on or timezone.localdate()
    committees = AuditCommittee.objects.filter(organisation=organisation, term_start__lte=on, term_end__gte=on)
    return any(seat_of(user, committee) is not None for committee in committees)


def unions_with_seat(user, on: datetime.date | None = None) -> list[int]:
    """The unions whose 经审会 in office on ``on`` ``user`` sits on (no exclusion applying now)."""
    on = on or timezone.localdate()
    seats = (AuditCommitteeMember.objects.filter(user=user, committee__term_start__lte=on,
                                                 committee__term_end__gte=on)
             .select_related("committee__organisation") if user.is_authenticated else [])
    return sorted({seat.committee.organisation_id for seat in seats if seat_of(user, seat.committee) is not None})


def audit_write_refusal(committee, user) -> str | None:
    """Why ``user`` may not write or sign the audit of ``committee``'s year, or None: the audit
    is the committee's, so the role alone (or one held above the union) is not enough."""
    if user is None or seat_of(user, committee) is not None:
        return None
    return _("Only a member of %(union)s's funds audit committee for this term, with a seat that still stands, "
             "writes and signs its audit.") % {"union": committee.organisation.name}


def _require_seat(committee, by):
    refusal = audit_write_refusal(committee, by)
    if refusal:
        raise FinanceError(refusal)


def _grant(user, union, by):
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, organisation=union, role=Role.AUDIT_COMMITTEE,
        defaults={"granted_by": by, "title": _("Funds audit committee")})
    if created:
        AuditEvent.record(actor=by, verb=AuditEvent.Verb.GRANT_ROLE, organisation=union, target=assignment,
                          detail=str(assignment))
    return assignment


def _revoke(user, union, by, *, leaving=None):
    """Removes the role unless the person still has a seat on another current committee there
    (``leaving``: the committee whose term is being ended)."""
    today = timezone.localdate()
    seats = AuditCommitteeMember.objects.filter(user=user, committee__organisation=union,
                                                committee__term_start__lte=today, committee__term_end__gte=today)
    if leaving is not None:
        seats = seats.exclude(committee=leaving)
    if seats.exists():
        return
    for assignment in RoleAssignment.objects.filter(user=user, organisation=union, role=Role.AUDIT_COMMITTEE):
        AuditEvent.record(actor=by, verb=AuditEvent.Verb.REVOKE_ROLE, organisation=union, target=user,
                          detail=str(assignment))
        assignment.delete()


@transaction.atomic
def seat_add(committee, member, *, position=AuditCommitteeMember.Position.MEMBER, user=None,
             handles_money_or_goods=False, by=None):
    """Gives ``member`` a seat; a login gets the ``audit_committee`` role at the union."""
    refusal = seat_change_refusal(committee)
    if refusal:
        raise FinanceError(refusal)
    refusal = seat_refusal(committee, member, user=user, handles_money_or_goods=handles_money_or_goods)
    if refusal:
        raise FinanceError(refusal)
    try:
        with transaction.atomic():
            seat = AuditCommitteeMember.objects.create(committee=committee, member=member, user=user,
                                                       position=position,
                                                       handles_money_or_goods=handles_money_or_goods)
    except IntegrityError:
        raise FinanceError(_("%(name)s already has a seat on this committee.") % {"name": member.name}) from None
    if user is not None and committee.is_current:
        _grant(user, committee.organisation, by)
    return seat


def seat_change_refusal(committee, today=None) -> str | None:
    """Seats change only while the term runs: an ended term keeps its members as they were,
    and a term not yet begun gets its seats from its first day (the role follows the seat)."""
    today = today or timezone.localdate()
    if committee.term_end < today:
        return _("This term has ended; its seats stay as they were, and seats are given on the current committee.")
    if committee.term_start > today:
        return _("This term begins on %(start)s; its seats are given from that day.") % {"start": committee.term_start}
    return None


@transaction.atomic
def seat_remove(seat, *, by=None):
    committee, user = seat.committee, seat.user
    refusal = seat_change_refusal(committee)
    if refusal:
        raise FinanceError(refusal)
    seat.delete()
    if user is not None:
        _revoke(user, committee.organisation, by)


@transaction.atomic
def committee_end(committee, *, on: datetime.date, by=None):
    """Ends the term on ``on`` (before its planned end: a re-election); the seats' logins lose
    the role now."""
    if not committee.term_start < on <= committee.term_end:
        raise FinanceError(_("The term ends after %(start)s and not after %(end)s.") % {
            "start": committee.term_start, "end": committee.term_end}, field="on")
    committee.term_end = on
    committee.save(update_fields=["term_end"])
    for seat in committee.members.exclude(user=None).select_related("user"):
        _revoke(seat.user, committee.organisation, by, leaving=committee)
    return committee


# --- the annual audit -----------------------------------------------------------------------

def committee_for_year(organisation, year: int):
    """The committee in office during ``year`` (the latest, when a term changed in it)."""
    return (AuditCommittee.objects.filter(organisation=organisation, term_start__lte=datetime.date(year, 12, 31),
                                          term_end__gte=datetime.date(year, 1, 1))
            .order_by("-term_start").first())


@transaction.atomic
def audit_start(organisation, year: int, *, by=None):
    committee = committee_for_year(organisation, year)
    if committee is None:
        raise FinanceError(_("%(union)s had no funds audit committee in %(year)s; record the committee first.") % {
            "union": organisation.name, "year": year}, field="year")
    _require_seat(committee, by)
    existing = AnnualAudit.objects.filter(organisation=organisation, year=year).first()
    if existing is not None:
        raise FinanceError(_("The audit of %(year)s is already begun; it is shown here.") % {"year": year},
                           field="year")
    try:
        with transaction.atomic():
            return AnnualAudit.objects.create(organisation=organisation, committee=committee, year=year)
    except IntegrityError:
        raise FinanceError(_("The audit of %(year)s is already begun; it is shown here.") % {"year": year},
                           field="year") from None


def _locked(instance):
    """Locks the row until the transaction ends and reads it again into ``instance`` (so the
    caller's object shows the step's result)."""
    type(instance).objects.select_for_update().filter(pk=instance.pk).values_list("pk").get()
    instance.refresh_from_db()
    return instance


def _locked_audit(audit, by):
    audit = _locked(audit)
    if audit.is_signed:
        raise FinanceError(_("This audit is signed; a signed audit report is not changed."))
    _require_seat(audit.committee, by)
    return audit


@transaction.atomic
def audit_save(audit, *, scope_text: str, findings: str, conclusion: str, by=None):
    audit = _locked_audit(audit, by)
    audit.scope_text, audit.findings, audit.conclusion = scope_text, findings, conclusion
    audit.save(update_fields=["scope_text", "findings", "conclusion"])
    return audit


@transaction.atomic
def audit_sign(audit, *, by):
    audit = _locked_audit(audit, by)
    missing = [label for label, text in ((_("what was audited"), audit.scope_text), (_("findings"), audit.findings),
                                         (_("conclusion"), audit.conclusion)) if not text.strip()]
    if missing:
        raise FinanceError(_("Write the audit's %(parts)s before signing it.") % {"parts": ", ".join(missing)})
    audit.status, audit.signed_by, audit.signed_at = AnnualAudit.Status.SIGNED, by, timezone.now()
    # The report names the committee as it was on the day of signing: later seat changes leave it.
    audit.signatories = [{"name": seat.member.name, "position": str(seat.get_position_display())}
                         for seat in audit.committee.members.select_related("member")]
    audit.save(update_fields=["status", "signed_by", "signed_at", "signatories"])
    return audit


def signatories(annual) -> list[dict]:
    """The committee named on the audit report: as it was at signing once signed."""
    if annual.is_signed:
        return annual.signatories
    return [{"name": seat.member.name, "position": str(seat.get_position_display())}
            for seat in annual.committee.members.select_related("member")]


def year_figures(organisation, year: int, today=None) -> dict:
    """What the committee works from: the year's income and expenditure (to December, or to
    this month in the current year), the rule breaches recorded on the year's claims, and the
    budget's execution when the budgets part offers it."""
    from .models import RuleBreach
    from .statements import income_expenditure

    today = today or timezone.localdate()
    month = 12 if year < today.year else today.month
    figures = {"statement": income_expenditure(organisation, year, month), "month": month,
               "breaches": list(RuleBreach.objects.filter(claim__organisation=organisation, recorded_at__year=year)
                                .select_related("claim", "rule").order_by("recorded_at")),
               "execution": None}
    try:
        from .budgets import execution
    except ImportError:  # the budgets part is not there
        return figures
    figures["execution"] = execution(organisation, year)
    return figures


# --- inspection rounds ----------------------------------------------------------------------

def units_below(federation):
    """The grassroots unions an inspection round of ``federation`` may visit."""
    return Organisation.objects.subtree_of(federation, include_self=False).grassroots().filter(is_active=True)


@transaction.atomic
def round_create(federation, *, title: str, starts_on, ends_on, plan: str = "", by=None):
    if ends_on < starts_on:
        raise FinanceError(_("The round cannot end before it starts."), field="ends_on")
    # One round at a time per federation (a double click sends the form twice).
    Organisation.objects.select_for_update().filter(pk=federation.pk).values_list("pk").get()
    if InspectionRound.objects.filter(federation=federation, title=title, starts_on=starts_on).exists():
        raise FinanceError(_("A round %(title)s from %(start)s is already planned.") % {
            "title": title, "start": starts_on}, field="title")
    return InspectionRound.objects.create(federation=federation, year=starts_on.year, title=title, plan=plan,
                                          starts_on=starts_on, ends_on=ends_on, created_by=by)


def _locked_round(inspection, *statuses):
    inspection = _locked(inspection)
    if statuses and inspection.status not in statuses:
        raise FinanceError(_("This round is %(status)s; this step is not possible now.") % {
            "status": inspection.get_status_display().lower()})
    return inspection


@transaction.atomic
def round_set_units(inspection, units, *, by=None):
    """The units to visit (only while planned): every grassroots union given must be below the
    federation."""
    inspection = _locked_round(inspection, InspectionRound.Status.PLANNED)
    allowed = set(units_below(inspection.federation).values_list("pk", flat=True))
    wanted = {unit.pk for unit in units}
    if not wanted:
        raise FinanceError(_("Choose at least one union to inspect."), field="units")
    if wanted - allowed:
        raise FinanceError(_("Only grassroots unions below %(federation)s can be inspected in this round.") % {
            "federation": inspection.federation.name}, field="units")
    inspection.units.exclude(unit_id__in=wanted).delete()
    have = set(inspection.units.values_list("unit_id", flat=True))
    InspectedUnit.objects.bulk_create([InspectedUnit(round=inspection, unit_id=pk) for pk in sorted(wanted - have)])
    return inspection


@transaction.atomic
def round_notify(inspection, *, by=None):
    """Tells each unit's finance officer and chair; from now on the unit sees its inspection."""
    inspection = _locked_round(inspection, InspectionRound.Status.PLANNED)
    units = list(inspection.units.select_related("unit"))
    if not units:
        raise FinanceError(_("Choose the unions to inspect before notifying them."))
    inspection.status = InspectionRound.Status.NOTIFIED
    inspection.save(update_fields=["status"])
    for inspected in units:
        notify(role_holders(inspected.unit, UNIT_RECIPIENTS), Notice.INSPECTION, inspected,
               organisation=inspected.unit, exclude=by)
    return inspection


def _open_round(inspected):
    return _locked_round(inspected.round, InspectionRound.Status.NOTIFIED, InspectionRound.Status.FIELDWORK)


@transaction.atomic
def unit_fieldwork(inspected, *, visited_on, checklist: dict, feedback: str = "", by=None):
    inspection = _open_round(inspected)
    if visited_on < inspection.starts_on:
        raise FinanceError(_("The visit cannot be before the round starts (%(start)s).") % {
            "start": inspection.starts_on}, field="visited_on")
    unknown = set(checklist) - set(CheckItem.values)
    if unknown or any(value not in CHECK_RESULTS for value in checklist.values()):
        raise FinanceError(_("The checklist has an item or a result that is not known."))
    inspected.visited_on, inspected.checklist, inspected.feedback = visited_on, dict(checklist), feedback
    inspected.save(update_fields=["visited_on", "checklist", "feedback"])
    if inspection.status == InspectionRound.Status.NOTIFIED:
        inspection.status = InspectionRound.Status.FIELDWORK
        inspection.save(update_fields=["status"])
    return inspected


@transaction.atomic
def finding_add(inspected, *, category, severity, description, deadline, amount=None, opinion="", by=None):
    inspection = _open_round(inspected)
    since = inspected.visited_on or inspection.starts_on
    if deadline < since:
        raise FinanceError(_("The rectification deadline cannot be before %(day)s.") % {"day": since},
                           field="deadline")
    # The round is locked: a form sent twice finds the first finding.
    if Finding.objects.filter(inspected=inspected, category=category, description=description,
                              deadline=deadline).exists():
        raise FinanceError(_("This finding is already recorded for %(union)s.") % {"union": inspected.unit.name},
                           field="description")
    finding = Finding.objects.create(inspected=inspected, category=category, severity=severity, amount=amount,
                                     description=description, opinion=opinion, deadline=deadline, recorded_by=by)
    if inspection.status == InspectionRound.Status.NOTIFIED:
        inspection.status = InspectionRound.Status.FIELDWORK
        inspection.save(update_fields=["status"])
    notify(role_holders(inspected.unit, UNIT_RECIPIENTS), Notice.FINDING, finding, organisation=inspected.unit,
           exclude=by)
    return finding


def _locked_finding(finding, status, refusal):
    finding = _locked(finding)
    round_status = InspectionRound.objects.filter(pk=finding.inspected.round_id).values_list("status", flat=True)
    if round_status.get() == InspectionRound.Status.CLOSED:
        raise FinanceError(_("The inspection round is closed."))
    if finding.status != status:
        raise FinanceError(refusal)
    return finding


def answers_for_unit(user, finding) -> bool:
    """Whether ``user`` is the inspected unit's own finance officer or chair: the report is the
    unit's (the federation's finance officer, whose role covers the unit too, verifies it)."""
    return user.is_superuser or RoleAssignment.objects.filter(
        user=user, organisation_id=finding.inspected.unit_id, role__in=UNIT_RECIPIENTS).exists()


@transaction.atomic
def rectification_submit(finding, *, report: str, upload=None, by=None):
    """The unit's rectification report; the finding waits for the federation's verification."""
    finding = _locked_finding(finding, Finding.Status.OPEN, _(
        "A rectification report on this finding is already waiting for verification, or the finding is closed."))
    if by is not None and not answers_for_unit(by, finding):
        raise FinanceError(_("The rectification report is sent by the inspected union's own finance officer or "
                             "chair."))
    if not report.strip():
        raise FinanceError(_("Write what was done to rectify it."), field="report")
    rectification = Rectification(finding=finding, report=report, submitted_by=by)
    if upload is not None:
        try:
            checked = uploads.RECTIFICATION.check(upload)
        except uploads.UploadRefused as refusal:
            raise FinanceError(refusal.message, field="file") from None
        rectification.file.save(checked.stored_name, upload, save=False)
    rectification.save()
    finding.status = Finding.Status.REPORTED
    finding.save(update_fields=["status"])
    federation = finding.inspected.round.federation
    notify(role_holders(federation, FEDERATION_FINANCE_ROLES), Notice.RECTIFIED, finding, organisation=federation,
           exclude=by)
    return rectification


@transaction.atomic
def rectification_verify(finding, *, accept: bool, note: str = "", by=None):
    """Accept (the finding is closed) or return (open again, the note says what is missing)."""
    finding = _locked_finding(finding, Finding.Status.REPORTED, _(
        "There is no rectification report waiting for verification on this finding."))
    rectification = finding.rectifications.filter(verdict=Rectification.Verdict.PENDING).order_by(
        "-submitted_at").first()
    if rectification is None:
        raise FinanceError(_("There is no rectification report waiting for verification on this finding."))
    if not accept and not note.strip():
        raise FinanceError(_("Say what is still missing when returning the report."), field="note")
    now = timezone.now()
    rectification.verdict = Rectification.Verdict.ACCEPTED if accept else Rectification.Verdict.RETURNED
    rectification.verified_by, rectification.verified_at, rectification.verification_note = by, now, note
    rectification.save(update_fields=["verdict", "verified_by", "verified_at", "verification_note"])
    finding.status = Finding.Status.CLOSED if accept else Finding.Status.OPEN
    finding.closed_at = now if accept else None
    finding.save(update_fields=["status", "closed_at"])
    notify(role_holders(finding.inspected.unit, UNIT_RECIPIENTS), Notice.VERIFIED, finding,
           organisation=finding.inspected.unit, exclude=by)
    return rectification


@transaction.atomic
def round_close(inspection, *, with_open: bool = False, by=None):
    """Closes the round; with findings still open only when ``with_open`` (they stay listed,
    and overdue, on the summary)."""
    inspection = _locked_round(inspection, InspectionRound.Status.NOTIFIED, InspectionRound.Status.FIELDWORK)
    still_open = Finding.objects.filter(inspected__round=inspection).exclude(status=Finding.Status.CLOSED).count()
    if still_open and not with_open:
        raise FinanceError(_("%(count)s findings are not closed yet; close the round with them listed as open, or "
                             "wait for their rectification.") % {"count": still_open}, field="with_open")
    inspection.status = InspectionRound.Status.CLOSED
    inspection.save(update_fields=["status"])
    return inspection


def overdue(findings, today=None):
    """The findings (a queryset) whose deadline has passed and that are not closed."""
    return findings.filter(deadline__lt=today or timezone.localdate()).exclude(status=Finding.Status.CLOSED)


def unit_counts(inspection, today=None) -> dict[int, dict]:
    """{inspected unit pk: {"findings", "open", "reported", "closed", "overdue"}} in one query."""
    today = today or timezone.localdate()
    not_closed = ~Q(findings__status=Finding.Status.CLOSED)
    rows = inspection.units.annotate(
        n_findings=Count("findings"), n_open=Count("findings", filter=Q(findings__status=Finding.Status.OPEN)),
        n_reported=Count("findings", filter=Q(findings__status=Finding.Status.REPORTED)),
        n_closed=Count("findings", filter=Q(findings__status=Finding.Status.CLOSED)),
        n_overdue=Count("findings", filter=not_closed & Q(findings__deadline__lt=today)),
    ).values("pk", "n_findings", "n_open", "n_reported", "n_closed", "n_overdue")
    return {row["pk"]: {key[2:]: value for key, value in row.items() if key != "pk"} for row in rows}


def round_summary(inspection, today=None) -> dict:
    """The summary's figures: units inspected, findings by category and by severity (count and
    amount), and rectified on time / late / open."""
    today = today or timezone.localdate()
    findings = list(Finding.objects.filter(inspected__round=inspection).select_related("inspected__unit")
                    .order_by("inspected__unit__path", "deadline", "pk"))
    units = list(inspection.units.select_related("unit").order_by("unit__path"))

    def tally(choices, attribute):
        rows = []
        for value, label in choices:
            chosen = [f for f in findings if getattr(f, attribute) == value]
            if chosen:
                rows.append({"label": label, "count": len(chosen), "amount": sum(f.amount or 0 for f in chosen)})
        return rows

    on_time = sum(1 for f in findings if f.closed_on_time is True)
    late = sum(1 for f in findings if f.closed_on_time is False)
    return {
        "units": units, "visited": sum(1 for u in units if u.visited_on), "findings": findings,
        "by_category": tally(CheckItem.choices, "category"),
        "by_severity": tally(Finding.Severity.choices, "severity"),
        "amount": sum(f.amount or 0 for f in findings),
        "on_time": on_time, "late": late, "open": len(findings) - on_time - late,
        "overdue": [f for f in findings if f.is_overdue(today)],
    }
