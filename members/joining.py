"""Joining online (网上入会, issue 19): the rules a worker's application and the officers'
decisions on it go through.

Each step is one function in one transaction (views only call them and turn ``JoinError`` into
a message). Submitting counts the recent applications in the database (``submitted_from``,
``submitted_at``), so the rate limits hold when Redis is down. A worker who is a current member
of another union gets no second membership: the application is kept with ``member_elsewhere``
and the union's officers offer the transfer instead. The public page never names that other
union.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.errors import DomainError
from unionadmin.integrity import saved_once
from unionadmin.models import Organisation
from unionadmin.notifications import notify, role_holders
from unionadmin.roles import MANAGING_ROLES
from unionadmin.texting import TextNotSent

from .models import CardBatch, JoinApplication, JoinLink, Member, Transfer
from .services import MembersError, cards_issue, grassroots_of
from .validators import gender_from_id, normalise_id_number

# The version of the personal-information notice the join page shows; stored on each
# application with its consents. Change it (and the text in joining/_notice.html) together.
NOTICE_VERSION = "2026-12-1"
# How long personal data is kept, as the notice tells the worker: an application not leading to
# a membership (refused, or a transfer offered) for this many years after the decision; a
# membership record while the person is a member and this many years after they leave.
RETENTION_YEARS_AFTER_DECISION = 1
RETENTION_YEARS_AFTER_MEMBERSHIP = 5


class JoinError(DomainError):
    """A rule refused the step; the message is translated."""


class TooManyApplications(JoinError):
    """Over a rate limit: the page answers 429."""


class Verb(models.TextChoices):
    APPLIED = "join_applied", _("A worker applied online to join your union")
    TRANSFER_ASKED = "join_transfer_asked", _("A member of your union applied to join another union; a transfer "
                                              "was sent")


# --- the join link ---------------------------------------------------------------------------
def join_link_for(union: Organisation, *, user=None) -> JoinLink:
    """The union's join link, made on first need (a grassroots union has one)."""
    link = JoinLink.objects.filter(union=union).first()
    if link is None:
        with transaction.atomic():
            JoinLink.objects.bulk_create([JoinLink(union=union, created_by=user)], ignore_conflicts=True)
        link = JoinLink.objects.get(union=union)
    return link


def join_links_for(unions) -> None:
    """Makes the missing links of these grassroots unions at once (the officers' link list)."""
    JoinLink.objects.bulk_create([JoinLink(union=u) for u in unions], ignore_conflicts=True)


def join_link_set_open(*, link_id: int, user, is_open: bool) -> JoinLink:
    with transaction.atomic():
        link = _lock_link(link_id, user)
        link.is_open = is_open
        link.save(update_fields=["is_open"])
    return link


def join_link_replace_code(*, link_id: int, user) -> JoinLink:
    """A new code: the old link and posters stop working at once."""
    from .models.joining import new_join_code

    with transaction.atomic():
        link = _lock_link(link_id, user)
        link.code = new_join_code()
        link.save(update_fields=["code"])
    return link


def _lock_link(link_id, user) -> JoinLink:
    link = JoinLink.objects.visible_to(user, "change").select_for_update().filter(pk=link_id).first()
    if link is None:
        raise JoinError(_("You may not change this join link."))
    return link


# --- applying ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Applicant:
    """What the worker typed, already checked by the join form."""

    name: str
    id_number: str
    phone: str
    employer: str
    employment_type: str
    post: str = ""
    education: str = ""
    political_status: str = ""


def current_membership(id_number: str) -> Member | None:
    return Member.objects.active().filter(id_number=normalise_id_number(id_number)).select_related("union").first()


def _check_rate_limits(link: JoinLink, address: str | None, now: datetime.datetime) -> None:
    if address:
        hour_ago = now - datetime.timedelta(hours=1)
        if (JoinApplication.objects.filter(submitted_from=address, submitted_at__gte=hour_ago).count()
                >= settings.JOIN_APPLICATIONS_PER_ADDRESS_PER_HOUR):
            raise TooManyApplications(_("Too many applications were sent from this network in the last hour. "
                                        "Please try again later, or ask your union for help."))
    day_ago = now - datetime.timedelta(days=1)
    if (JoinApplication.objects.filter(union_id=link.union_id, submitted_at__gte=day_ago).count()
            >= settings.JOIN_APPLICATIONS_PER_UNION_PER_DAY):
        raise TooManyApplications(_("This union has received as many online applications as it can take today. "
                                    "Please try again tomorrow, or ask your union for help."))


def application_submit(*, link: JoinLink, applicant: Applicant, address: str | None) -> JoinApplication:
    """Saves a worker's application (or refuses it with a ``JoinError``, saving nothing).

    The link's row is locked, so applications to one union are counted one at a time."""
    id_number = normalise_id_number(applicant.id_number)
    with transaction.atomic():
        link = JoinLink.objects.select_for_update().select_related("union").filter(pk=link.pk, is_open=True).first()
        if link is None:
            raise JoinError(_("This join link is closed; ask your union for its current link."))
        now = timezone.now()
        _check_rate_limits(link, address, now)
        if JoinApplication.objects.waiting().filter(id_number=id_number).exists():
            raise JoinError(JoinApplication.duplicate_messages["join_application_one_waiting"])
        membership = current_membership(id_number)
        if membership is not None and grassroots_of(membership.union).pk == link.union_id:
            raise JoinError(_("You are already a member of this union; you need not apply. Ask the union's "
                              "officers if you need your member card or your login."))
        with saved_once(JoinError):  # the same form sent twice at once: one application
            application = JoinApplication.objects.create(
                union=link.union, name=applicant.name, id_number=id_number, gender=gender_from_id(id_number),
                phone=applicant.phone, employer=applicant.employer, post=applicant.post,
                employment_type=applicant.employment_type, education=applicant.education,
                political_status=applicant.political_status, consented_at=now, sensitive_consented_at=now,
                notice_version=NOTICE_VERSION, submitted_from=address or None, member_elsewhere=membership,
            )
        notify(role_holders(link.union, MANAGING_ROLES), Verb.APPLIED, application, organisation=link.union)
    return application


# --- the officers' decisions ------------------------------------------------------------------
def _lock_waiting(application_id: int, user) -> JoinApplication:
    application = (JoinApplication.objects.visible_to(user, "decide").select_for_update(of=("self",))
                   .select_related("union").filter(pk=application_id).first())
    if application is None:
        raise JoinError(_("You may not decide on this application."))
    if application.state != JoinApplication.State.SUBMITTED:
        raise JoinError(_("This application has already been decided (%(state)s).") % {
            "state": application.get_state_display()})
    return application


def _card_for(member: Member, union: Organisation, user) -> None:
    """The next card number of the union, as a one-member batch in the union's usual style."""
    last = CardBatch.objects.filter(union=union).order_by("-issued_on", "-pk").first()
    prefix, digits = (last.prefix, last.digits) if last else ("", 5)
    try:
        cards_issue(union=union, user=user, members=Member.objects.filter(pk=member.pk), prefix=prefix,
                    digits=digits)
    except MembersError:  # the usual digits are too few now: one more digit than the number needs
        cards_issue(union=union, user=user, members=Member.objects.filter(pk=member.pk), prefix=prefix,
                    digits=digits + 1)


def application_approve(*, application_id: int, user) -> JoinApplication:
    """Makes the worker a member of the union: the member (joined today), the next card
    number and the login, in one transaction. Texting the login's one-time link comes after
    the commit (``application_send_link``): a text that fails loses nothing."""
    from .accounts import login_for

    today = timezone.localdate()
    with transaction.atomic():
        application = _lock_waiting(application_id, user)
        if application.member_elsewhere_id is not None:
            raise JoinError(_("This worker is a current member of another union; offer the transfer instead."))
        membership = current_membership(application.id_number)
        if membership is not None:
            raise JoinError(_("This worker became a current member meanwhile (%(union)s); the application "
                              "cannot make them a member twice.") % {"union": membership.union})
        holder = get_user_model().objects.filter(mobile=application.phone).first()
        if holder is not None and Member.objects.active().filter(user=holder).exists():
            raise JoinError(_("The mobile number %(phone)s is the login of another current member; ask the worker "
                              "to apply again with their own mobile number.") % {"phone": application.phone})
        union = Organisation.objects.get(pk=application.union_id)
        member = Member(
            union=union, name=application.name, id_number=application.id_number, gender=application.gender,
            phone=application.phone, employer=application.employer, post=application.post,
            education=application.education, employment_type=application.employment_type,
            political_status=application.political_status, joined_on=today,
        )
        member._change_reason = str(_("Joined online"))
        with saved_once(JoinError):
            member.save()
        _card_for(member, union, user)
        login_for(member)
        application.state, application.decided_by, application.decided_at = (
            JoinApplication.State.APPROVED, user, timezone.now())
        application.member = member
        application.save()
    return application


def application_send_link(application: JoinApplication, *, base_url: str = "") -> bool:
    """Texts the new member the one-time link to set their password; False when the text
    could not be handed over (the officer can send it again from the application)."""
    from .accounts import send_password_link

    member = Member.objects.select_related("user").get(pk=application.member_id)
    if member.user is None or not member.user.mobile:
        return False
    try:
        send_password_link(member.user, base_url=base_url)
    except TextNotSent:
        return False
    return True


def application_refuse(*, application_id: int, user, reason: str) -> JoinApplication:
    reason = (reason or "").strip()
    if not reason:
        raise JoinError(_("Give the reason for refusing the application."))
    with transaction.atomic():
        application = _lock_waiting(application_id, user)
        application.state, application.decided_by, application.decided_at = (
            JoinApplication.State.REFUSED, user, timezone.now())
        application.refusal_reason = reason[:200]
        application.save()
    return application


def application_offer_transfer(*, application_id: int, user) -> JoinApplication:
    """The worker is a current member of another union: instead of a second membership, a
    transfer of their membership from that union to this one, sent at the worker's own request
    (their application). It waits for this union to accept it on the transfer's page, as every
    transfer does; the other union's officers are told and can cancel it there."""
    with transaction.atomic():
        application = _lock_waiting(application_id, user)
        if application.member_elsewhere_id is None:
            raise JoinError(_("This worker is not a member of another union; approve the application instead."))
        member = Member.objects.select_for_update().select_related("union").get(pk=application.member_elsewhere_id)
        if not member.is_active_member:
            raise JoinError(_("The worker is no longer a current member of the other union; they can apply again "
                              "to join as a new member."))
        from_union = grassroots_of(member.union)
        if from_union.pk == application.union_id:
            raise JoinError(_("The worker is already a member of this union."))
        if member.transfers.filter(state=Transfer.State.SENT).exists():
            raise JoinError(_("A transfer of this member is already waiting for an answer."))
        transfer = Transfer.objects.create(
            member=member, from_union=member.union, to_union=application.union, sent_by=user,
            reason=str(_("Applied online to join %(union)s") % {"union": application.union})[:200],
        )
        notify(role_holders(from_union, MANAGING_ROLES), Verb.TRANSFER_ASKED, transfer, organisation=from_union)
        application.state, application.decided_by, application.decided_at = (
            JoinApplication.State.TRANSFER, user, timezone.now())
        application.transfer = transfer
        application.save()
    return application


def waiting_count(user) -> int:
    return JoinApplication.objects.visible_to(user, "decide").waiting().count()
