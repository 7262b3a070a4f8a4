"""What honours (评先评优) put into the core's registries, called from CompetitionsConfig.ready():
the menu entry, the tabs on a union's page and a member's record, the two documents (the
public notice of names, and the certificate), and the demo step.

The notice lists the names posted for objection (公示) as one PDF the union prints and posts;
the certificate is one A4 landscape page per conferred nomination, issued by the scheme's union.
Both depend only on the object (the pipeline's rule), never on who asks.
"""
from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionadmin.documents.kinds import DocumentKind, registry
from unionadmin.numerals import chinese_date
from unionadmin.roles import STAFF_ROLES


def _date_text(day) -> str:
    if day is None:
        return ""
    if (translation.get_language() or "").startswith("zh"):
        return chinese_date(day)
    return day.strftime("%-d %B %Y")


# --- documents -------------------------------------------------------------------------------

def notice_context(scheme, options: dict) -> dict:
    from .models import HonourScheme, Nomination

    posted = scheme.state in (HonourScheme.State.PUBLICITY, HonourScheme.State.CONFERRED)
    # The names as posted: accepted ones, and (once conferred) the conferred ones; a name an
    # upheld objection removed is off the notice.
    nominations = (scheme.nominations.filter(state__in=[Nomination.State.ACCEPTED, Nomination.State.CONFERRED])
                   .select_related("unit", "member", "collective").order_by("unit__path", "pk")) if posted else []
    return {"scheme": scheme, "issuer": scheme.union, "nominations": list(nominations),
            "start": _date_text(scheme.publicity_start), "end": _date_text(scheme.publicity_end),
            "date": _date_text(scheme.publicity_start)}


def notice_filename(scheme, options: dict) -> str:
    return _("%(scheme)s public notice.pdf") % {"scheme": scheme.title}


def certificate_context(nomination, options: dict) -> dict:
    from .models import Nomination

    scheme = nomination.scheme
    conferred = nomination.state == Nomination.State.CONFERRED
    return {"scheme": scheme, "issuer": scheme.union, "nomination": nomination if conferred else None,
            "date": _date_text(scheme.conferred_on)}


def certificate_filename(nomination, options: dict) -> str:
    return _("%(honour)s certificate %(name)s.pdf") % {"honour": nomination.scheme.honour_title,
                                                       "name": nomination.nominee_name}


# --- tabs ------------------------------------------------------------------------------------

def member_panel(request, member):
    """The member's nominations, on the member's record (conferred ones are also honours there)."""
    from .models import Nomination

    rows = list(Nomination.objects.visible_to(request.user).filter(member=member)
                .select_related("scheme__union").order_by("-scheme__year", "-pk"))
    return {"nominations": rows} if rows else None


def organisation_panel(request, organisation):
    """The collective honours the union (or a unit under it) has been nominated for."""
    from .models import Nomination

    rows = list(Nomination.objects.visible_to(request.user)
                .filter(collective__path__startswith=organisation.path)
                .select_related("scheme__union", "collective").order_by("-scheme__year", "-pk")[:50])
    return {"nominations": rows} if rows else None


def register():
    from unionadmin.demo_steps import DemoStep, add_demo_step
    from unionadmin.navigation import NavItem, ObjectPanel, add_menu_item, add_object_panel

    from .demo_honours import load_demo_honours
    from .models import HonourScheme, Nomination

    registry.register(DocumentKind(
        code="honour_notice", label=gettext_lazy("Public notice of honour nominees"), model=HonourScheme,
        template="competitions/honours/pdf/notice.html", context=notice_context, filename=notice_filename,
        organisation=lambda scheme: scheme.union,
    ))
    registry.register(DocumentKind(
        code="honour_certificate", label=gettext_lazy("Honour certificate"), model=Nomination,
        template="competitions/honours/pdf/certificate.html", context=certificate_context,
        filename=certificate_filename, organisation=lambda nomination: nomination.unit,
    ))
    add_menu_item(NavItem(gettext_lazy("Honours"), "competitions:honour_scheme_list", STAFF_ROLES, icon="award",
                          order=51, group="competitions"))
    add_object_panel("member", ObjectPanel("honour-nominations", gettext_lazy("Honour nominations"),
                                           "competitions/honours/_member_panel.html", member_panel, order=60))
    add_object_panel("organisation", ObjectPanel("honours", gettext_lazy("Honours"),
                                                 "competitions/honours/_organisation_panel.html",
                                                 organisation_panel, order=60))
    add_demo_step(DemoStep("honours", 52, load_demo_honours))

