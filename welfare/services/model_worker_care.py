"""Model-worker care rules: who may be invited to a round, what an invitation's outcome
does (the archive entry, the replacement), a round's totals, and whose annual update is
overdue. Views call these; every queryset here starts from what the person may see."""
import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, Max, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import ArchiveEntry, Honour, Member
from members.models.cadres import Level
from unionadmin.scoping import subtree_q

from ..models import CareInvitation, CareRound, CareSettings, Grant, HardshipFile, SituationUpdate
from .errors import WelfareError

LEVEL_ORDER = [Level.COUNTY, Level.CITY, Level.PROVINCE, Level.NATIONAL]  # lowest first


def levels_from(level: str) -> list[str]:
    """The honour levels at ``level`` or above (county < city < province < national)."""
    return [str(item) for item in LEVEL_ORDER[LEVEL_ORDER.index(level):]]


# The honours that make a member a model worker for care (劳模关爱): 劳动模范, the May Day Labour
# Medal, and 先进工作者 - the same honour as 劳模 given in other sectors. Other conferred honours
# (优秀工会干部 …) also set ``is_model_worker`` on members, so care asks for these kinds itself.
CARE_HONOUR_KINDS = (Honour.Kind.MODEL_WORKER, Honour.Kind.MAY_DAY_MEDAL, Honour.Kind.ADVANCED_WORKER)


def care_honours(member_ref="pk"):
    """The care honours of the member ``member_ref`` names in the outer query."""
    return Honour.objects.filter(member=OuterRef(member_ref), kind__in=CARE_HONOUR_KINDS)


def is_cared_for(member) -> bool:
    """Whether ``member`` holds a model-worker honour (one query)."""
    return member.is_model_worker and member.honours.filter(kind__in=CARE_HONOUR_KINDS).exists()


def model_workers(members):
    """``members`` narrowed to the active model workers (a care honour, not any honour)."""
    return members.active().filter(Exists(care_honours()), is_model_worker=True)


def model_workers_of(organisation):
    """The active model workers of ``organisation``'s subtree: whom its rounds may invite."""
    return (model_workers(Member.objects.filter(union__path__startswith=organisation.path))
            .select_related("union").order_by("union__path", "name"))


def round_candidates(care_round: CareRound, *, min_level: str | None = None):
    """Model workers the round may still invite (not invited yet), at ``min_level`` or above."""
    members = model_workers_of(care_round.organiser).exclude(care_invitations__care_round=care_round)
    if min_level:
        members = members.filter(Exists(care_honours().filter(level__in=levels_from(min_level))))
    return members


def round_invite(care_round: CareRound, *, members=(), min_level: str | None = None) -> int:
    """Invite the picked model workers, or every model worker of ``min_level`` or above; the
    ones already invited are left as they are. Returns how many were newly invited."""
    if care_round.paid_on:
        raise WelfareError(_("The round is paid; nobody more can be invited."))
    if care_round.ends_on < timezone.localdate():
        raise WelfareError(_("The round is over; nobody more can be invited."))
    candidates = round_candidates(care_round, min_level=min_level)
    chosen = list(candidates) if min_level and not members else [m for m in members]
    allowed = set(round_candidates(care_round).filter(pk__in=[m.pk for m in chosen]).values_list("pk", flat=True))
    strangers = [m for m in chosen if m.pk not in allowed]
    if strangers:
        raise WelfareError(_("%(names)s cannot be invited: not a model worker of the organising union's "
                             "area, or already invited.") % {"names": "、".join(m.name for m in strangers)},
                           field="members")
    with transaction.atomic():
        # a double submit finds the first one's invitations: only the new ones are counted
        return sum(CareInvitation.objects.get_or_create(care_round=care_round, member=member)[1]
                   for member in chosen)


def _entry_fields(invitation: CareInvitation) -> dict:
    """What the archive says of attending: the round's kind, first day, title and place, and the cost."""
    care_round = invitation.care_round
    return {"kind": care_round.archive_kind, "date": care_round.starts_on, "amount": invitation.cost_recorded,
            "summary": _("%(title)s at %(place)s") % {"title": care_round.title, "place": care_round.place}}


def _archive_entry_for(invitation: CareInvitation, by) -> ArchiveEntry:
    return ArchiveEntry.objects.create(member=invitation.member, recorded_by=by, **_entry_fields(invitation))


def round_update(care_round: CareRound) -> CareRound:
    """Save an edit of the round (the form's unsaved instance) and bring the archive entries of
    those who went in line with it (kind, date, title and place, cost). A paid round is frozen."""
    with transaction.atomic():
        locked = CareRound.objects.select_for_update().get(pk=care_round.pk)
        if locked.paid_on:
            raise WelfareError(_("This round was paid on %(day)s and can no longer be changed.") % {
                "day": locked.paid_on})
        care_round.save()
        for invitation in care_round.invitations.filter(archive_entry__isnull=False).select_related("archive_entry"):
            invitation.care_round = care_round
            entry = invitation.archive_entry
            for name, value in _entry_fields(invitation).items():
                setattr(entry, name, value)
            entry.save(update_fields=["kind", "date", "summary", "amount"])
    return care_round


def invitation_record_outcome(invitation: CareInvitation, *, status: str, by, decline_reason: str = "",
                              cost: Decimal | None = None, replacement: Member | None = None) -> CareInvitation:
    """Record whether the invited model worker went, declined (with a reason) or was replaced.

    Going adds one entry (health check or recuperation) to the model worker's archive; a
    later change of mind takes that entry away again, so the archive never holds it twice.
    A replacement gets an invitation of their own, and the replaced invitation is closed."""
    with transaction.atomic():
        # the round first (round_pay locks it too): an outcome and the payment cannot cross
        care_round = CareRound.objects.select_for_update().get(pk=invitation.care_round_id)
        invitation = (CareInvitation.objects.select_for_update().select_related("member")
                      .get(pk=invitation.pk))
        invitation.care_round = care_round
        invitation._history_user = by  # who recorded it: round_pay asks the history
        if care_round.paid_on:
            raise WelfareError(_("The round was paid on %(day)s; its outcomes and costs can no longer be changed.")
                               % {"day": care_round.paid_on})
        if invitation.status == CareInvitation.Status.REPLACED:
            raise WelfareError(_("This invitation was passed to %(name)s; record the outcome on theirs.") % {
                "name": invitation.replaced_by.member.name if invitation.replaced_by_id else "—"})
        if status == CareInvitation.Status.ATTENDED and not care_round.has_started:
            raise WelfareError(_("The round has not started yet; record who went once it has."), field="status")
        if status == CareInvitation.Status.DECLINED and not decline_reason.strip():
            raise WelfareError(_("Say why the model worker declined."), field="decline_reason")
        if status == CareInvitation.Status.REPLACED:
            if replacement is None:
                raise WelfareError(_("Choose who goes instead."), field="replacement")
            if not round_candidates(care_round).filter(pk=replacement.pk).exists():
                raise WelfareError(_("%(name)s cannot take the place: not a model worker of the organising "
                                     "union's area, or already invited.") % {"name": replacement.name},
                                   field="replacement")
            invitation.replaced_by = CareInvitation.objects.create(care_round=care_round, member=replacement)
        invitation.status = status
        invitation.decline_reason = decline_reason.strip() if status == CareInvitation.Status.DECLINED else ""
        invitation.cost = cost if status == CareInvitation.Status.ATTENDED else None
        entry = invitation.archive_entry
        if status == CareInvitation.Status.ATTENDED:
            if entry is None:
                invitation.archive_entry = _archive_entry_for(invitation, by)
            elif entry.amount != invitation.cost_recorded:
                entry.amount = invitation.cost_recorded
                entry.save(update_fields=["amount"])
        elif entry is not None:
            invitation.archive_entry = None
            invitation.save()
            entry.delete()
        invitation.save()
    return invitation


# A round's cost in the organiser's books (docs: finance/grants.py does the same for grants):
# Dr 50104 职工疗休养 for recuperation, 50299 其他维权支出 for health checks / Cr 102 银行存款.
SOURCE_KIND = "care_round"
EXPENDITURE_BY_KIND = {CareRound.Kind.RECUPERATION: "50104", CareRound.Kind.HEALTH_CHECK: "50299"}


def round_pay(care_round: CareRound, *, by):
    """Record that the round's cost was paid, once, after the round is over and every outcome
    is recorded. When the organiser keeps its books here the payment is posted as one voucher
    (source ("care_round", pk)); a refusal by the books refuses the payment too. Returns the
    voucher, or None when the books are kept elsewhere."""
    from finance.grants import BANK, keeps_books, posting_date
    from finance.models import Account
    from finance.services import SUMMARY_LENGTH, ZERO, FinanceError, post_voucher

    with transaction.atomic():
        care_round = CareRound.objects.select_for_update().select_related("organiser").get(pk=care_round.pk)
        if care_round.paid_on:
            raise WelfareError(_("This round was already paid on %(day)s.") % {"day": care_round.paid_on})
        if by is not None and (care_round.created_by_id == by.pk or CareInvitation.history.filter(
                care_round_id=care_round.pk, history_type="~", history_user_id=by.pk).exists()):
            # as for grants: whoever set the round up or recorded who went and what it cost
            # does not also pay it
            raise WelfareError(_("You set up this round or recorded its outcomes, so someone else must pay it."))
        if care_round.ends_on >= timezone.localdate():
            raise WelfareError(_("The round is not over yet; pay it once it is."))
        if care_round.invitations.filter(status=CareInvitation.Status.INVITED).exists():
            raise WelfareError(_("Record every invitation's outcome first."))
        total = round_totals(care_round)["cost"]
        if not total:
            raise WelfareError(_("Nobody went; there is nothing to pay."))
        care_round.paid_on, care_round.paid_by = timezone.localdate(), by
        care_round.save(update_fields=["paid_on", "paid_by"])
        payer = care_round.organiser
        if not keeps_books(payer):
            return None
        code = EXPENDITURE_BY_KIND[care_round.kind]
        accounts = {a.code: a for a in Account.objects.filter(code__in=[BANK, code])}
        summary = f"{care_round.title}（{care_round.place}）"[:SUMMARY_LENGTH]
        try:
            if len(accounts) < 2:
                raise FinanceError(_("The chart of accounts has no account %(codes)s.") % {"codes": f"{code}, {BANK}"})
            return post_voucher(payer, date=posting_date(payer, care_round.paid_on), summary=summary,
                                source=(SOURCE_KIND, care_round.pk),  # posted by the product, as for grants
                                lines=[(accounts[code], total, ZERO, summary), (accounts[BANK], ZERO, total, summary)])
        except FinanceError as error:
            raise WelfareError(_("The books refused the payment: %(reason)s") % {"reason": error.message}) from error


def round_totals(care_round: CareRound) -> dict:
    """Counts per outcome and the cost of those who went (own cost, else the budget per person)."""
    counts = dict.fromkeys(CareInvitation.Status.values, 0)
    cost = Decimal("0")
    for invitation in care_round.invitations.all():
        counts[invitation.status] += 1
        cost += invitation.cost_recorded or 0
    went = counts[CareInvitation.Status.ATTENDED]
    return {
        "invited": sum(counts.values()),
        "counts": counts,
        "went": went,
        "cost": cost,
        "budget": care_round.budget_per_person * went,
        "per_person": (cost / went).quantize(Decimal("0.01")) if went else None,
    }


def hardship_of_model_workers(user):
    """The hardship files of model workers this person may see, with the help given on each
    (approved grants on the file), newest first."""
    return (HardshipFile.objects.visible_to(user).filter(Exists(care_honours("worker")), worker__is_model_worker=True)
            .select_related("worker", "union")
            .annotate(help_given=Sum("grants__amount", filter=Q(grants__status=Grant.Status.APPROVED)))
            .order_by("union__path", "worker__name", "-applied_on"))


def cut_off_for(union, settings_by_org: dict, year: int) -> datetime.date:
    """The annual update's cut-off for a model worker of ``union``: the nearest union at or
    above it that set one, else 30 June."""
    for org_id in [union.pk, *reversed(union.ancestor_ids())]:
        found = settings_by_org.get(org_id)
        if found is not None:
            return CareSettings.cut_off(found.update_due_month, found.update_due_day, year)
    return CareSettings.cut_off(CareSettings.DEFAULT_MONTH, CareSettings.DEFAULT_DAY, year)


def model_workers_in_scope(user, action="change"):
    """Active model workers of the unions where ``user`` may ``action`` annual updates."""
    members = model_workers(Member.objects.all()).select_related("union")
    if user.is_superuser:
        return members
    q = subtree_q(SituationUpdate.scope.organisation_paths(user, action), "union__path")
    return members.none() if q is None else members.filter(q)


def overdue_updates(user, today: datetime.date | None = None) -> list[dict]:
    """Model workers the person may update whose annual update is overdue.

    Overdue means: no update this year once this year's cut-off has passed, or - before the
    cut-off - no update last year either (last year's was missed outright), for someone who
    was a model worker last year; one honoured this year is first due at this year's cut-off.
    Each row says the last year updated and the cut-off that applies."""
    today = today or timezone.localdate()
    year = today.year
    first_years = care_honours().order_by().values("member").annotate(first=Min("year")).values("first")
    members = list(model_workers_in_scope(user).annotate(last_year=Max("situation_updates__year"),
                                                          first_year=Subquery(first_years))
                   .order_by("union__path", "name"))
    org_ids = {org_id for m in members for org_id in [m.union_id, *m.union.ancestor_ids()]}
    settings_by_org = {s.organisation_id: s for s in CareSettings.objects.filter(organisation_id__in=org_ids)}
    rows = []
    for member in members:
        last = member.last_year
        if last is not None and last >= year:
            continue
        cut_off = cut_off_for(member.union, settings_by_org, year)
        missed_last_year = member.first_year < year and (last is None or last < year - 1)
        if today > cut_off or missed_last_year:
            rows.append({"member": member, "last_year": last, "cut_off": cut_off})
    return rows
