"""Grants: proposing, approving and rejecting. Money needs two people, budgets never go
below zero, and a person gets a programme once a year unless a reason is recorded.

Approving locks the grant row and then the programme's budget row (``select_for_update``,
always in that order), so two approvals at the same moment are serialised by PostgreSQL: the
second sees what the first spent. The CheckConstraints on the tables are the backstop.
"""
from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from finance.grants import grant_approved
from unionadmin.models import AuditEvent
from unionadmin.scoping import organisations_where

from ..models import AidProgramme, DonationDrive, Grant, HardshipFile, ProgrammeBudget
from .errors import WelfareError


def earlier_grants_this_year(*, member, programme, year, exclude_pk=None):
    qs = Grant.objects.filter(member=member, programme=programme, year=year).exclude(status=Grant.Status.REJECTED)
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


def grant_propose(*, programme: AidProgramme, member, by, amount, granted_on, kind=Grant.Kind.MONEY,
                  description="", file: HardshipFile | None = None, repeat_reason="", donation_drive=None,
                  note="") -> Grant:
    amount = Decimal(amount)
    repeat_reason = (repeat_reason or "").strip()
    if not organisations_where(by, Grant, "change").filter(pk=member.union_id).exists():
        raise WelfareError(_("You cannot propose grants for members of %(union)s.") % {"union": member.union})
    if not AidProgramme.objects.visible_to(by, "change").filter(pk=programme.pk).exists():
        raise WelfareError(_("You cannot propose grants under this programme."))
    if not programme.is_active:
        raise WelfareError(_("The programme “%(programme)s” is no longer active.") % {"programme": programme})
    if not member.union.path.startswith(programme.organisation.path):
        raise WelfareError(_("“%(programme)s” is for households in %(area)s; %(name)s is not one of them.") % {
            "programme": programme, "area": programme.organisation, "name": member.name})
    if file is not None:
        if file.worker_id != member.pk:
            raise WelfareError(_("The hardship file is not this member's."))
        if not file.is_on_file:
            raise WelfareError(_("Grants go to filed households; this file is at “%(status)s”.") % {
                "status": file.get_status_display()})
    if amount <= 0:
        raise WelfareError(_("The amount must be more than zero."))
    year = granted_on.year
    budget = ProgrammeBudget.objects.filter(programme=programme, year=year).first()
    if budget is None:
        raise WelfareError(_("“%(programme)s” has no budget for %(year)s yet.") % {
            "programme": programme, "year": year})
    if amount > budget.remaining:
        raise WelfareError(_("The %(year)s budget of “%(programme)s” has %(remaining)s yuan left; this grant "
                             "needs %(amount)s.") % {"year": year, "programme": programme,
                                                      "remaining": budget.remaining, "amount": amount},
                           field="amount")
    if not repeat_reason and earlier_grants_this_year(member=member, programme=programme, year=year).exists():
        raise WelfareError(_("%(name)s has already had “%(programme)s” in %(year)s; record why they should "
                             "have it again.") % {"name": member.name, "programme": programme, "year": year},
                           field="repeat_reason")
    grant = Grant(
        programme=programme, budget=budget, year=year, union=member.union, member=member, file=file, kind=kind,
        amount=amount, description=description, granted_on=granted_on, repeat_reason=repeat_reason,
        donation_drive=donation_drive, note=note, proposed_by=by,
        recipient_income=file.per_capita_income if file is not None else None,
    )
    try:
        with transaction.atomic():
            grant.save()
    except IntegrityError:
        # Another proposal for the same person, programme and year got in first.
        raise WelfareError(_("%(name)s has already had “%(programme)s” in %(year)s; record why they should "
                             "have it again.") % {"name": member.name, "programme": programme, "year": year},
                           field="repeat_reason") from None
    return grant


def grant_approve(grant: Grant | int, *, by) -> Grant:
    pk = grant if isinstance(grant, int) else grant.pk
    try:
        with transaction.atomic():
            grant = Grant.objects.select_for_update().get(pk=pk)
            if grant.status != Grant.Status.PROPOSED:
                raise WelfareError(_("This grant is no longer waiting for approval (it is “%(status)s”).") % {
                    "status": grant.get_status_display()})
            if grant.proposed_by_id == by.pk:
                raise WelfareError(_("You proposed this grant, so someone else must approve it."))
            if "approve" not in grant.allowed_actions(by):
                raise WelfareError(_("You cannot approve grants under this programme."))
            budget = ProgrammeBudget.objects.select_for_update().get(pk=grant.budget_id)
            if grant.amount > budget.remaining:
                raise WelfareError(_("The %(year)s budget of “%(programme)s” has %(remaining)s yuan left; this "
                                     "grant needs %(amount)s. Nothing was approved.") % {
                    "year": budget.year, "programme": grant.programme, "remaining": budget.remaining,
                    "amount": grant.amount})
            if grant.donation_drive_id:
                drive = DonationDrive.objects.select_for_update().get(pk=grant.donation_drive_id)
                left = drive.collected - drive.allocated
                if grant.amount > left:
                    raise WelfareError(_("The donation drive “%(drive)s” has %(left)s yuan not yet given out; "
                                         "this grant needs %(amount)s.") % {
                        "drive": drive, "left": left, "amount": grant.amount})
            budget.spent += grant.amount
            budget._change_reason = f"grant {grant.pk}"
            budget.save(update_fields=["spent"])
            grant.status = Grant.Status.APPROVED
            grant.approved_by = by
            grant.approved_at = timezone.now()
            grant.save(update_fields=["status", "approved_by", "approved_at"])
            AuditEvent.record(
                actor=by, verb=AuditEvent.Verb.APPROVE, organisation=grant.union, target=grant,
                detail=str(_("Grant: %(programme)s, %(amount)s yuan") % {
                    "programme": grant.programme, "amount": grant.amount}),
                amount=str(grant.amount), budget=budget.pk,
            )
    except IntegrityError:
        # The CheckConstraints caught what the checks above should have: say so, change nothing.
        raise WelfareError(_("The grant could not be approved: it would break a budget or approval rule.")) from None
    grant_approved(grant)  # the books of the programme's union post the money paid; a refusal never undoes this
    return grant


def grant_reject(grant: Grant | int, *, by, reason: str) -> Grant:
    pk = grant if isinstance(grant, int) else grant.pk
    reason = (reason or "").strip()
    if not reason:
        raise WelfareError(_("Give the reason for rejecting the grant."))
    with transaction.atomic():
        grant = Grant.objects.select_for_update().get(pk=pk)
        if grant.status != Grant.Status.PROPOSED:
            raise WelfareError(_("This grant is no longer waiting for approval (it is “%(status)s”).") % {
                "status": grant.get_status_display()})
        grant.status = Grant.Status.REJECTED
        grant.rejected_by = by
        grant.rejection_reason = reason
        grant.save(update_fields=["status", "rejected_by", "rejection_reason"])
    return grant
