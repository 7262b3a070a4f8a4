"""What the member portal (issue 19) registers with the core, in one place.

- Joining online: the officers' menu item, the notification kinds, the QR-code poster's document
  kind and the home page's waiting count.
- The portal's frame and card: the menu entries. A member's own login (no role) sees the
  portal's pages on the menu bar; someone with a role who is also a member finds "My
  membership" in their own dropdown (the "account" group). Roles cannot say "has a
  membership", so these NavItems decide with ``visible``.
- "My record" and "my data": the members app's record sections and personal-data sources, the
  "my data" document kind, the notification kinds of members' requests. The portal's home and
  its menu link to the two pages themselves; officers reach the request lists from the
  notifications and the members pages' tabs.
"""
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

POSTER_KIND = "members.join_poster"


def register():
    _register_joining()
    _register_portal_menu()
    _register_record_and_data()


# --- joining online -------------------------------------------------------------------------
def _poster_context(link, options):
    from .views.joining import qr_svg_data_uri

    base = str(options.get("base") or "").rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise ValueError("a join poster needs the site's address (options['base'])")
    url = base + link.get_absolute_url()
    return {"union": link.union, "link": link, "url": url, "qr": qr_svg_data_uri(url, scale=10)}


def _poster_filename(link, options):
    return gettext("Join poster %(union)s.pdf") % {"union": link.union.name}


def _poster_organisation(link):
    return link.union


def _home_panel(request):
    from .joining import waiting_count

    return {"waiting": waiting_count(request.user)}


def _register_joining():
    from unionadmin.navigation import HomePanel, NavItem, add_home_panel, add_menu_item
    from unionadmin.notifications import register_kinds
    from unionadmin.roles import OFFICER_ROLES

    from .joining import Verb

    register_kinds(Verb)
    add_menu_item(NavItem(gettext_lazy("Join applications"), "members:join_application_list", OFFICER_ROLES,
                          icon="person-plus", order=22, group="organisation"))
    add_home_panel(HomePanel(template="members/joining/_home_panel.html", roles=OFFICER_ROLES,
                             context=_home_panel, order=14))
    try:
        from unionadmin.documents.kinds import DocumentKind, registry
    except ImportError:  # the pipeline is not installed
        return
    from .models import JoinLink

    # No allowed_options: the site's address is set by the poster view from its own request.
    registry.register(DocumentKind(
        code=POSTER_KIND, label=gettext_lazy("Join poster"), model=JoinLink,
        template="members/joining/pdf/join_poster.html", context=_poster_context, filename=_poster_filename,
        organisation=_poster_organisation,
    ))


# --- the portal's menu ---------------------------------------------------------------------
def _register_portal_menu():
    from django.contrib.auth.signals import user_logged_in

    from unionadmin.navigation import NavItem, add_menu_item

    from .portal import is_member_only, is_staff_and_member

    user_logged_in.connect(_remember_at_login, dispatch_uid="members.portal.remember_membership")

    add_menu_item(NavItem(gettext_lazy("My membership"), "portal:home", frozenset(), icon="person-vcard", order=5,
                          visible=is_member_only))
    add_menu_item(NavItem(pgettext_lazy("menu", "Membership card"), "portal:card", frozenset(), icon="qr-code",
                          order=6, visible=is_member_only))
    add_menu_item(NavItem(gettext_lazy("My membership"), "portal:home", frozenset(), icon="person-vcard", order=800,
                          group="account", visible=is_staff_and_member))


def _remember_at_login(sender, user, **kwargs):
    from .portal import remember_membership

    remember_membership(user)


# --- my record and my data -----------------------------------------------------------------
def _register_record_and_data():
    from unionadmin.notifications import register_kinds

    from . import personal_data_export, record
    from .portal_requests import RequestVerb

    record.register()
    personal_data_export.register()
    register_kinds(RequestVerb)
