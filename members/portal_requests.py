"""A member's requests to the union (issue 19): correct a field of their record, withdraw a
consent, or have their personal information deleted — and the officers' answers.

Each rule is one function inside one transaction; views only call them and turn
``MembersError`` into a message or a form error.

Rules for personal-information requests (PIPL arts. 15, 47, under the union's rules for
membership records):

* **Withdraw consent** — carried out: the member's portal login is closed (no more online
  processing that relied on the consent: portal, electronic card), the membership record stays
  as the union's constitution requires it; the member is told by text message.
* **Delete** — a current member's record is kept while they are a member: the officer refuses
  with that reason (or ends the membership first, then carries it out). For a former member the
  officer erases the personal fields of every membership row of the person (and of their
  online applications and the rows' history): mobile, employer, post, education, political
  status cleared; name and ID number replaced by placeholders; the birth date kept as a year
  only. Dues, honours and the dates of membership stay, no longer naming anyone.
"""
from __future__ import annotations

import datetime
import logging

from django import forms as django_forms
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from unionadmin.notifications import notify, role_holders
from unionadmin.personal_data import mask_id_number, mask_phone
from unionadmin.roles import MANAGING_ROLES

from .models import JoinApplication, Member
from .models.portal import CorrectionRequest, DataRightsRequest, ElectronicCard
from .portal import forget_membership
from .services import MembersError, grassroots_of

# The fields a member may ask to have corrected, in the order the page lists them.
CORRECTABLE_FIELDS = ("name", "id_number", "phone", "employer", "post", "education", "political_status")
logger = logging.getLogger("members.portal_requests")
ERASED_NAME = pgettext_lazy("erased member", "(erased)")


class RequestVerb(models.TextChoices):
    CORRECTION_WAITING = "correction_waiting", _("A member asks for a correction of their record")
    DATA_REQUEST_WAITING = "data_request_waiting", _("A member makes a request about their personal information")


def field_label(field: str) -> str:
    return str(Member._meta.get_field(field).verbose_name)


def field_display(field: str, value: str, *, masked: bool = False) -> str:
    """A stored value as a person reads it (a choice's label; a personal value masked if asked)."""
    model_field = Member._meta.get_field(field)
    if model_field.choices and value:
        return str(dict(model_field.flatchoices).get(value, value))
    if masked and field in Member.personal_fields:
        return Member.personal_fields[field](value)
    return value


def _officers_of(member: Member):
    """Who answers a member's request: the managing officers at the member's unit and at its
    grassroots union (they may see and decide it: the request's scope is the member's union)."""
    units = {member.union, grassroots_of(member.union)}
    people = []
    for unit in units:
        people.extend(role_holders(unit, MANAGING_ROLES))
    return people, grassroots_of(member.union)


# --- corrections --------------------------------------------------------------------------


def correction_request_submit(*, member: Member, field: str, proposed_value: str, reason: str = "") -> CorrectionRequest:
    if field not in CORRECTABLE_FIELDS:
        raise MembersError(_("This field cannot be corrected by a request."), field="field")
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("union").get(pk=member.pk)
        current = getattr(member, field) or ""
        if str(proposed_value) == str(current):
            raise MembersError(_("This is already the value on your record."), field="proposed_value")
        if member.correction_requests.waiting().filter(field=field).exists():
            raise MembersError(CorrectionRequest.duplicate_messages["correction_one_waiting_per_field"],
                               field="field")
        request = CorrectionRequest.objects.create(
            member=member, field=field, proposed_value=proposed_value, reason=reason,
            # The officers read the value on record masked if it is personal (the ID card is the check).
            current_value=field_display(field, current, masked=True),
        )
        officers, union = _officers_of(member)
        notify(officers, RequestVerb.CORRECTION_WAITING, request, organisation=union)
        return request


def _lock_waiting(model, request_id: int, user):
    request = model.objects.select_for_update().filter(pk=request_id).first()
    if request is None or not model.objects.visible_to(user, "decide").filter(pk=request_id).exists():
        raise MembersError(_("You may not answer this request."))
    if request.state != model.State.SUBMITTED:
        raise MembersError(_("This request has already been answered (%(state)s).") % {
            "state": request.get_state_display()})
    return request


def correction_accept(*, request_id: int, user, answer: str = "") -> CorrectionRequest:
    """Applies the proposed value to the member through a form of that one field (its
    validators and the member's clean), with the history reason "correction requested by the
    member"; refused with the form's own words when the value does not pass."""
    with transaction.atomic():
        request = _lock_waiting(CorrectionRequest, request_id, user)
        member = Member.objects.select_for_update().get(pk=request.member_id)
        form_class = django_forms.modelform_factory(Member, fields=[request.field])
        form = form_class(data={request.field: request.proposed_value}, instance=member)
        if not form.is_valid():
            problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
            raise MembersError(_("The proposed value cannot be put on the record: %(problems)s") % {
                "problems": problems})
        old = getattr(Member.objects.get(pk=member.pk), request.field) or ""
        member = form.save(commit=False)
        member._change_reason = gettext("Correction requested by the member")
        member.save()
        if request.field == "phone":
            _follow_mobile(member, old)
        request.state = CorrectionRequest.State.ACCEPTED
        request.decided_at, request.decided_by, request.answer = timezone.now(), user, answer
        request.save(update_fields=["state", "decided_at", "decided_by", "answer"])
        return request


def correction_decline(*, request_id: int, user, answer: str) -> CorrectionRequest:
    if not (answer or "").strip():
        raise MembersError(_("Tell the member why the correction is declined."), field="answer")
    with transaction.atomic():
        request = _lock_waiting(CorrectionRequest, request_id, user)
        request.state = CorrectionRequest.State.DECLINED
        request.decided_at, request.decided_by, request.answer = timezone.now(), user, answer.strip()
        request.save(update_fields=["state", "decided_at", "decided_by", "answer"])
        return request


# --- personal-information requests ---------------------------------------------------------


def memberships_of(member: Member):
    """Every membership row of the person: the login's rows, else this one."""
    if member.user_id:
        return Member.objects.filter(user_id=member.user_id)
    return Member.objects.filter(pk=member.pk)


def data_request_submit(*, member: Member, kind: str, reason: str = "") -> DataRightsRequest:
    if kind not in DataRightsRequest.Kind.values:
        raise MembersError(_("Choose what you are asking for."), field="kind")
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("union").get(pk=member.pk)
        if member.data_rights_requests.waiting().filter(kind=kind).exists():
            raise MembersError(DataRightsRequest.duplicate_messages["data_request_one_waiting_per_kind"],
                               field="kind")
        request = DataRightsRequest.objects.create(member=member, kind=kind, reason=reason)
        officers, union = _officers_of(member)
        notify(officers, RequestVerb.DATA_REQUEST_WAITING, request, organisation=union)
        return request


def deletion_refusal(member: Member) -> str | None:
    """Why a deletion cannot be carried out now (None: it can)."""
    if memberships_of(member).filter(status=Member.Status.ACTIVE).exists():
        return str(_("The person is a current member: a membership record is kept while they are a member. "
                     "End the membership first, or refuse the request with this reason."))
    return None


def _close_login(member: Member, user, reason: str):
    """Ends the person's portal use: their electronic cards are revoked and their login closed —
    or, when the same login also holds a role (an officer who is a member too), only unlinked
    from the membership rows, so their work is not locked out with it."""
    from unionadmin.models import RoleAssignment

    login = member.user
    rows = memberships_of(member)
    ElectronicCard.objects.filter(member__in=rows, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=user, revoke_reason=reason[:200])
    if login is None:
        return
    if RoleAssignment.objects.filter(user=login).exists():
        Member.objects.filter(pk__in=list(rows.values_list("pk", flat=True))).update(user=None)
        forget_membership(login)
        return
    login.is_active = False
    login.set_unusable_password()
    login.save(update_fields=["is_active", "password"])


def _follow_mobile(member: Member, old: str):
    """A corrected mobile moves the member's login with it (they log in by it), when the login
    had the old one and nobody else has the new one; otherwise the login keeps its number."""
    from django.contrib.auth import get_user_model

    login = member.user
    if login is None or (login.mobile or "") not in ("", old) or not member.phone:
        return
    if get_user_model().objects.filter(mobile=member.phone).exclude(pk=login.pk).exists():
        return
    login.mobile = member.phone
    login.save(update_fields=["mobile"])


def _erase(member: Member):
    from unionadmin.models import RoleAssignment

    rows = list(memberships_of(member).select_for_update())
    placeholder = str(ERASED_NAME)
    login = member.user
    if login is not None and not RoleAssignment.objects.filter(user=login).exists():
        login.full_name, login.mobile = placeholder, None  # a member-only login: nothing of the person stays
        login.save(update_fields=["full_name", "mobile"])
    for row in rows:
        row.name = placeholder
        row.id_number = ""
        row.birth_date = datetime.date(row.birth_date.year, 1, 1)
        row.phone = row.employer = row.post = row.education = row.political_status = ""
    # Not through save(): a placeholder is not an ID number (save() reads the birth date from it).
    Member.objects.bulk_update(rows, ["name", "id_number", "birth_date", "phone", "employer", "post", "education",
                                      "political_status"])
    pks = [row.pk for row in rows]
    history = Member.history.model.objects.filter(id__in=pks)
    for row in rows:
        history.filter(id=row.pk).update(name=placeholder, id_number="", birth_date=row.birth_date, phone="",
                                         employer="", post="", education="", political_status="")
    JoinApplication.objects.filter(models.Q(member_id__in=pks) | models.Q(member_elsewhere_id__in=pks)).update(
        name=placeholder, id_number="", phone="", employer="", post="")
    CorrectionRequest.objects.filter(member_id__in=pks).update(current_value="", proposed_value="-", reason="")


def data_request_carry_out(*, request_id: int, user, note: str = "") -> DataRightsRequest:
    with transaction.atomic():
        request = _lock_waiting(DataRightsRequest, request_id, user)
        member = Member.objects.select_related("user").get(pk=request.member_id)
        mobile = member.user.mobile if member.user_id and member.user.mobile else member.phone
        if request.kind == DataRightsRequest.Kind.DELETE:
            refusal = deletion_refusal(member)
            if refusal:
                raise MembersError(refusal)
            _erase(member)
            _close_login(member, user, gettext("Personal information deleted at the member's request"))
            outcome = gettext("Your personal information was erased: name and ID number replaced by placeholders, "
                              "mobile, employer, post, education and political status cleared, your login closed.")
        else:
            _close_login(member, user, gettext("Consent withdrawn by the member"))
            outcome = gettext("Your consent is withdrawn: your portal login and electronic card are closed. Your "
                              "membership record is kept by the union as its rules for membership records require.")
        if note.strip():
            outcome = f"{outcome}\n{note.strip()}"
        request.state = DataRightsRequest.State.DONE
        request.decided_at, request.decided_by, request.outcome = timezone.now(), user, outcome
        if request.kind == DataRightsRequest.Kind.DELETE:
            request.reason = ""
        request.save(update_fields=["state", "decided_at", "decided_by", "outcome", "reason"])
        if mobile:
            body = gettext("Your union answered your request (%(kind)s): %(outcome)s") % {
                "kind": request.get_kind_display(), "outcome": outcome}
            transaction.on_commit(lambda: _text(mobile, body))
        return request


def _text(mobile: str, body: str):
    """The outcome by text (the login is closed, so the portal cannot show it); a provider that
    refuses loses nothing: the outcome is recorded on the request."""
    from unionadmin.texting import TextNotSent, send_text

    try:
        send_text(mobile, body, purpose="data_request")
    except TextNotSent:
        logger.warning("the outcome of a personal-information request could not be texted")


def data_request_refuse(*, request_id: int, user, reasons: str) -> DataRightsRequest:
    if not (reasons or "").strip():
        raise MembersError(_("Give the member the reasons for refusing."), field="outcome")
    with transaction.atomic():
        request = _lock_waiting(DataRightsRequest, request_id, user)
        request.state = DataRightsRequest.State.REFUSED
        request.decided_at, request.decided_by, request.outcome = timezone.now(), user, reasons.strip()
        request.save(update_fields=["state", "decided_at", "decided_by", "outcome"])
        return request


def masked_for(user, member: Member, field: str, value: str) -> str:
    """A proposed personal value as an officer reads it: in full for those who may reveal the
    member's personal data (they check it against the ID card), masked for the rest."""
    from unionadmin.personal_data import may_reveal

    if field not in Member.personal_fields or may_reveal(user, member):
        return field_display(field, value)
    return (mask_id_number if field == "id_number" else mask_phone)(value)
