"""The electronic membership card (issue 19): issuing, signing, verifying and revoking.

A member's card page shows a QR code holding the URL of the public verify page with a signed,
expiring token. The token is ``TimestampSigner`` over the ``ElectronicCard``'s pk (never the
ID number or the card number), salted for this use only; it verifies for
``settings.ECARD_TOKEN_MAX_AGE`` seconds after it was signed. Nobody can make a token without
the secret key, so the verify page cannot be used to walk through the members.

Whether a card is good is decided at every verification, from the rows as they are then:
the card is not revoked, its member is a current member, and of the union the card was issued
at, with the same card number. A revoked card, a member who left and a transferred member (whose
membership row at the first union is closed, and whose new union differs) stop verifying at once.
The member's next card view issues a fresh card for what is on record.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ElectronicCard, Member
from .services import MembersError

SALT = "members.ecard"


class _Signer(signing.TimestampSigner):
    """A TimestampSigner that may sign at a given moment (tests sign in the past, no sleeping)."""

    def __init__(self, *, at: float | None = None):
        super().__init__(salt=SALT)
        self.at = at

    def timestamp(self):
        return signing.b62_encode(int(self.at if self.at is not None else time.time()))


def sign(card: ElectronicCard, *, at: datetime | None = None) -> str:
    """The token for ``card``'s QR code, signed now (or at ``at``)."""
    return _Signer(at=at.timestamp() if at else None).sign_object(card.pk)


def token_lifetime() -> int:
    return settings.ECARD_TOKEN_MAX_AGE


def refresh_every() -> int:
    """Seconds between the card page's refreshes of its code: well before the token expires."""
    return max(5, token_lifetime() // 2)


# ---------------------------------------------------------------------------------------------
# Issuing


def card_is_current(card: ElectronicCard, member: Member) -> bool:
    """Whether ``card`` still stands for what is on ``member``'s record."""
    return (card.revoked_at is None and member.is_active_member and card.union_id == member.union_id
            and card.card_number == member.card_number)


def card_for(member: Member) -> ElectronicCard | None:
    """The member's current electronic card, issued (or re-issued) when needed; None while the
    member has no card number or is not a current member. A card that no longer matches the
    record (another union, another number) is closed and a new one issued."""
    if not member.is_active_member or not member.card_number:
        return None
    card = ElectronicCard.objects.filter(member=member, revoked_at__isnull=True).first()
    if card is not None and card_is_current(card, member):
        return card
    try:
        with transaction.atomic():
            member = Member.objects.select_for_update().get(pk=member.pk)
            stale = ElectronicCard.objects.select_for_update().filter(member=member, revoked_at__isnull=True)
            for old in stale:
                if card_is_current(old, member):
                    return old
                old.revoked_at = timezone.now()
                old.revoke_reason = str(_("The record changed; a new card was issued."))[:200]
                old.save(update_fields=["revoked_at", "revoke_reason"])
            if not member.is_active_member or not member.card_number:
                return None
            return ElectronicCard.objects.create(member=member, union_id=member.union_id,
                                                 card_number=member.card_number)
    except IntegrityError:
        # Two card pages opened at once: the other request's card stands.
        return ElectronicCard.objects.filter(member=member, revoked_at__isnull=True).first()


def revoke(card: ElectronicCard, *, by, reason: str) -> ElectronicCard:
    """Stops the card verifying now. Raises MembersError when it was revoked already."""
    with transaction.atomic():
        card = ElectronicCard.objects.select_for_update().get(pk=card.pk)
        if card.revoked_at is not None:
            raise MembersError(_("This card was revoked already."))
        card.revoked_at = timezone.now()
        card.revoked_by = by
        card.revoke_reason = reason[:200]
        card.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return card


# ---------------------------------------------------------------------------------------------
# Verifying


@dataclass(frozen=True)
class Verification:
    """What the verify page says. Only a ``valid`` answer carries the card (name, union, number)."""

    VALID = "valid"
    EXPIRED = "expired"  # a genuine token, older than ECARD_TOKEN_MAX_AGE
    NOT_VALID = "not_valid"  # a genuine token for a card that no longer stands (revoked, left, moved)
    TAMPERED = "tampered"  # not a token we signed

    outcome: str
    checked_at: datetime
    card: ElectronicCard | None = None

    @property
    def is_valid(self) -> bool:
        return self.outcome == self.VALID


def verify(token: str) -> Verification:
    now = timezone.now()
    try:
        pk = _Signer().unsign_object(token, max_age=token_lifetime())
    except signing.SignatureExpired:
        return Verification(Verification.EXPIRED, now)
    except (signing.BadSignature, ValueError, TypeError):
        return Verification(Verification.TAMPERED, now)
    if not isinstance(pk, int):
        return Verification(Verification.TAMPERED, now)
    card = ElectronicCard.objects.select_related("member", "union").filter(pk=pk).first()
    if card is None or not card_is_current(card, card.member):
        return Verification(Verification.NOT_VALID, now)
    return Verification(Verification.VALID, now, card)


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (no size of its own: the page's CSS sizes it)."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True, svgclass="ecard-qr d-block w-100",
                                                  lineclass="ecard-qr-line")
