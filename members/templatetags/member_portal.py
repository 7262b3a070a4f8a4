"""The member page's panel on the member's portal login and electronic card (issue 19)."""
from django import template

from ..models import ElectronicCard, Member
from ..views.base import may_act_at

register = template.Library()


@register.simple_tag(takes_context=True)
def member_portal(context, member):
    """{has_login, password_set, can_invite, card (the current one, or None), can_revoke}."""
    user = context["request"].user
    login = member.user
    card = (ElectronicCard.objects.filter(member=member, revoked_at__isnull=True).first()
            if member.card_number else None)
    return {
        "has_login": login is not None,
        "password_set": login is not None and login.has_usable_password(),
        "last_login": login.last_login if login is not None else None,
        "can_invite": may_act_at(user, Member, "change", member.union) and member.is_active_member,
        "card": card,
        "can_revoke": card is not None and ElectronicCard.scope.allows(user, "revoke", card),
    }
