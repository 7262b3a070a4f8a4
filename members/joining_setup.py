"""Joining online (issue 19): what it registers with the core — the officers' menu item, the
notification kinds, the QR-code poster's document kind and the home page's waiting count."""
from django.utils.translation import gettext, gettext_lazy

POSTER_KIND = "members.join_poster"


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


def register():
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
