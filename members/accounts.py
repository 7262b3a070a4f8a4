"""Members' own logins (issue 19): made when a membership is approved online or an officer
invites a member, with the password set by the member through a one-time link sent to their
mobile (unionadmin.texting). The link is Django's password-reset token: it works once (it
hashes the password and last login, which setting the password changes) and ends after
settings.PASSWORD_RESET_TIMEOUT."""
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from unionadmin.texting import send_text

from .models import Member
from .portal import forget_membership
from .services import MembersError


def login_for(member: Member):
    """The member's login, made (with no usable password) when they have none. A person with a
    login already (same mobile) keeps it: one person, one login across memberships. Raises
    MembersError when that login already belongs to another current member (the mobile on
    record is someone else's, or the person is a current member twice)."""
    User = get_user_model()
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.user_id:
            return member.user
        user = User.objects.filter(mobile=member.phone).first() if member.phone else None
        if user is not None and member.is_active_member and (
                Member.objects.active().filter(user=user).exclude(pk=member.pk).exists()):
            raise MembersError(gettext_lazy(
                "The login with this mobile number already belongs to another current member. Check the "
                "mobile number on record."))
        if user is not None and user.full_name and user.full_name != member.name:
            # A mistyped mobile must not hand this member's record to someone else's login (an
            # officer's, say); the same person keeps one login, so the names agree.
            raise MembersError(gettext_lazy(
                "The login with this mobile number is a person of another name. Check the mobile number on "
                "record."))
        if user is None:
            user = User(username=f"m{member.pk}", full_name=member.name, mobile=member.phone or None)
            user.set_unusable_password()
            user.save()
        member.user = user
        member.save(update_fields=["user"])
        forget_membership(user)
    return user


def password_link(user, *, base_url: str = "") -> str:
    path = reverse("public:set_password", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                                  "token": default_token_generator.make_token(user)})
    return base_url.rstrip("/") + path


def send_password_link(user, *, base_url: str = "") -> None:
    """Texts the one-time link to the login's mobile, in the person's language. Raises
    unionadmin.texting.TextNotSent when the message could not be handed over."""
    with override(user.language):
        body = _("%(name)s, your union membership login is ready. Set your password here (the link works "
                 "once): %(link)s") % {"name": user.display_name, "link": password_link(user, base_url=base_url)}
    send_text(user.mobile, body, purpose="password_link")
