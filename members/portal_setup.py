"""What the member portal's frame and card (issue 19) register with the core: the menu entries.

A member's own login (no role) sees the portal's pages on the menu bar; someone with a role who
is also a member finds "My membership" in their own dropdown (the "account" group). Roles
cannot say "has a membership", so these NavItems decide with ``visible``.
"""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def register():
    from django.contrib.auth.signals import user_logged_in

    from unionadmin.navigation import NavItem, add_menu_item

    from .portal import is_member_only, is_staff_and_member

    user_logged_in.connect(_remember_at_login, dispatch_uid="members.portal.remember_membership")

    add_menu_item(NavItem(_("My membership"), "portal:home", frozenset(), icon="person-vcard", order=5,
                          visible=is_member_only))
    add_menu_item(NavItem(pgettext_lazy("menu", "Membership card"), "portal:card", frozenset(), icon="qr-code",
                          order=6, visible=is_member_only))
    add_menu_item(NavItem(_("My membership"), "portal:home", frozenset(), icon="person-vcard", order=800,
                          group="account", visible=is_staff_and_member))


def _remember_at_login(sender, user, **kwargs):
    from .portal import remember_membership

    remember_membership(user)
