"""The members app's rules that change more than one row: transfers, card batches, dues.

Each is one function inside one transaction, locking what two officers could act on at
once; views only call them and turn ``MembersError`` into a message or a form error.
"""
from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.errors import DomainError
from unionadmin.integrity import saved_once
from unionadmin.models import Organisation
from unionadmin.notifications import notify, role_holders
from unionadmin.roles import MANAGING_ROLES
from unionadmin.scoping import user_can

from .models import CadrePost, CardBatch, DuesPayment, DuesRule, Member, Transfer
from .models.dues import DUES_RATE
from .notifications import Verb


class MembersError(DomainError):
    """A rule of the domain refused the action; the message is translated."""


# --- transfers ------------------------------------------------------------------------------
def grassroots_of(organisation: Organisation) -> Organisation:
    """The grassroots union an organisation belongs to (itself when it is one)."""
    if organisation.level in (Organisation.Level.BRANCH, Organisation.Level.GROUP):
        found = Organisation.objects.filter(pk__in=organisation.ancestor_ids(),
                                            level=Organisation.Level.GRASSROOTS).first()
        if found:
            return found
    return organisation


def transfer_destinations(member: Member):
    """The unions a member can be transferred to: every active grassroots union under the same
    top-level federation except the member's own. The sending officer must be able to pick a
    union outside their own scope; names of unions are no secret within a county."""
    root_path = member.union.path.split("/", 1)[0] + "/"
    own = grassroots_of(member.union)
    return (Organisation.objects.grassroots().filter(path__startswith=root_path, is_active=True)
            .exclude(pk=own.pk).order_by("path"))


def transfer_send(*, member: Member, to_union: Organisation, user, reason: str = "") -> Transfer:
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("union").get(pk=member.pk)
        if not user_can(user, "change", member):
            raise MembersError(_("You may not transfer this member."))
        if member.status != Member.Status.ACTIVE:
            raise MembersError(_("Only a current member can be transferred."))
        if member.transfers.filter(state=Transfer.State.SENT).exists():
            raise MembersError(_("A transfer of this member is already waiting for an answer."))
        if not transfer_destinations(member).filter(pk=to_union.pk).exists():
            raise MembersError(_("A member can be transferred only to another grassroots union."))
        transfer = Transfer.objects.create(member=member, from_union=member.union, to_union=to_union,
                                           reason=reason, sent_by=user)
        # The receiving union's managing officers answer it (Transfer.scope: "decide" at to_union).
        notify(role_holders(to_union, MANAGING_ROLES), Verb.TRANSFER_WAITING, transfer, organisation=to_union)
        return transfer


def _lock_open(transfer_id: int, user, action: str) -> Transfer:
    transfer = Transfer.objects.select_for_update().filter(pk=transfer_id).first()
    if transfer is None or not Transfer.objects.visible_to(user, action).filter(pk=transfer_id).exists():
        raise MembersError(_("You may not answer this transfer."))
    if transfer.state != Transfer.State.SENT:
        raise MembersError(_("This transfer has already been answered (%(state)s).") % {
            "state": transfer.get_state_display()})
    return transfer


def transfer_accept(*, transfer_id: int, user, into: Organisation | None = None) -> Transfer:
    """Union B takes the member in: the member's union changes in the same transaction, and
    the member's history (kept by simple-history) shows the move. Current cadre posts held
    at the old union end the day before; a card number already used at B is cleared."""
    today = timezone.localdate()
    with transaction.atomic():
        transfer = _lock_open(transfer_id, user, "decide")
        into = into or transfer.to_union
        if not into.is_within(transfer.to_union):
            raise MembersError(_("Choose a unit of the receiving union."))
        member = Member.objects.select_for_update().get(pk=transfer.member_id)
        if member.union_id != transfer.from_union_id or member.status != Member.Status.ACTIVE:
            raise MembersError(_("The member's record changed since the transfer was sent; ask the sending union "
                                 "to send it again."))
        if member.card_number and Member.objects.filter(
            union__path__startswith=grassroots_of(into).path, card_number=member.card_number
        ).exclude(pk=member.pk).exists():
            member.card_number, member.card_issued_on, member.card_batch = "", None, None
        for post in CadrePost.objects.current(today).filter(member=member):
            post.member = member
            post.term_end = max(today - datetime.timedelta(days=1), post.term_start)
            post.note = (post.note + " " if post.note else "") + str(_("Ended by transfer"))
            post.save()
        member.union = into
        member._change_reason = str(_("Transferred from %(from)s") % {"from": transfer.from_union})
        member.save()
        member.refresh_flags()
        transfer.state, transfer.decided_by, transfer.decided_at = Transfer.State.ACCEPTED, user, timezone.now()
        transfer.placed_in = into
        transfer.save()
    return transfer


def transfer_refuse(*, transfer_id: int, user, reason: str) -> Transfer:
    if not reason.strip():
        raise MembersError(_("Give the reason for refusing."))
    with transaction.atomic():
        transfer = _lock_open(transfer_id, user, "decide")
        transfer.state, transfer.decided_by, transfer.decided_at = Transfer.State.REFUSED, user, timezone.now()
        transfer.refusal_reason = reason.strip()[:200]
        transfer.save()
    return transfer


def transfer_cancel(*, transfer_id: int, user) -> Transfer:
    with transaction.atomic():
        transfer = _lock_open(transfer_id, user, "cancel")
        transfer.state, transfer.decided_by, transfer.decided_at = Transfer.State.CANCELLED, user, timezone.now()
        transfer.save()
    return transfer


# --- cards ----------------------------------------------------------------------------------
def next_card_number(union: Organisation, prefix: str) -> int:
    """One more than the highest number with this prefix anywhere in the union's subtree."""
    pattern = re.compile(r"^" + re.escape(prefix) + r"(\d+)$")
    highest = 0
    for card in (Member.objects.filter(union__path__startswith=union.path, card_number__startswith=prefix)
                 .values_list("card_number", flat=True)):
        match = pattern.match(card)
        if match:
            highest = max(highest, int(match.group(1)))
    batches = CardBatch.objects.filter(union=union, prefix=prefix).aggregate(
        last=Max(F("first_number") + F("count") - 1))["last"] or 0
    return max(highest, batches) + 1


def cards_issue(*, union: Organisation, user, members, prefix: str = "", digits: int = 5,
                issued_on: datetime.date | None = None) -> CardBatch:
    """Give every member in ``members`` (current members without a card, inside ``union``'s
    subtree) the next numbers, as one batch. The union's row is locked so two batches at once
    cannot hand out the same numbers."""
    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        union = Organisation.objects.select_for_update().get(pk=union.pk)
        chosen = list(members.select_for_update(of=("self",)).filter(
            union__path__startswith=union.path, status=Member.Status.ACTIVE, card_number=""
        ).order_by("joined_on", "pk"))
        if not chosen:
            raise MembersError(_("Every current member here already has a card."))
        first = next_card_number(union, prefix)
        if len(str(first + len(chosen) - 1)) > digits:
            raise MembersError(_("%(digits)d digits are too few for these numbers; allow more digits.") % {
                "digits": digits})
        batch = CardBatch.objects.create(union=union, prefix=prefix, digits=digits, first_number=first,
                                         count=len(chosen), issued_on=issued_on, issued_by=user)
        for offset, member in enumerate(chosen):
            member.card_number = batch.number(first + offset)
            member.card_issued_on = issued_on
            member.card_batch = batch
        from simple_history.utils import bulk_update_with_history

        bulk_update_with_history(chosen, Member, ["card_number", "card_issued_on", "card_batch"], batch_size=1000,
                                 default_user=user, default_change_reason=str(batch))
    return batch


# --- dues -----------------------------------------------------------------------------------
def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def dues_rule_for(organisation: Organisation) -> DuesRule:
    """The union's own rule, or the nearest one above it, or the defaults (unsaved)."""
    paths = [organisation.path[:i + 1] for i, c in enumerate(organisation.path) if c == "/"]
    rule = (DuesRule.objects.filter(union__path__in=paths).select_related("union")
            .order_by("-union__depth").first())
    return rule or DuesRule(union=organisation)


def dues_amount(wage: Decimal, rate: Decimal = DUES_RATE) -> Decimal:
    return (wage * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def dues_collect_month(*, union: Organisation, period: datetime.date, paid_on: datetime.date, user) -> int:
    """Record a month's dues for every current member of ``union`` (subtree) not yet recorded for it,
    at the amount each paid last time; members with no earlier payment are left to record by hand.

    The union's row is locked first, so a second collection of the same union (a double click)
    waits for the first and then finds every member recorded (0). Collections of a union and
    its branch at the same moment can still meet on a member: the database's one-payment-a-month
    constraint refuses the second, which becomes a ``MembersError`` with nothing recorded."""
    period = month_start(period)
    with transaction.atomic(), saved_once(MembersError):
        # NO KEY UPDATE: the payments' foreign keys to the union (FOR KEY SHARE) are not blocked,
        # so a collection of a branch at the same moment cannot deadlock with this one.
        Organisation.objects.select_for_update(no_key=True).filter(pk=union.pk).first()
        members = (Member.objects.active().filter(union__path__startswith=union.path, joined_on__lt=_next_month(period))
                   .exclude(dues__period=period))
        last = {}
        for member_id, amount, wage in (DuesPayment.objects.filter(member__in=members).order_by("member_id", "-period")
                                        .distinct("member_id").values_list("member_id", "amount", "wage")):
            last[member_id] = (amount, wage)
        payments = [
            DuesPayment(member_id=m.pk, union_id=m.union_id, period=period, amount=last[m.pk][0], wage=last[m.pk][1],
                        paid_on=paid_on, recorded_by=user)
            for m in members.only("pk", "union_id") if m.pk in last
        ]
        from simple_history.utils import bulk_create_with_history

        bulk_create_with_history(payments, DuesPayment, batch_size=1000, default_user=user)
    return len(payments)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
