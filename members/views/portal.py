"""The member portal's home page and electronic card: the logged-in member's own, never anyone else's."""
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from unionadmin.portal import actions_for

from .. import ecards
from ..portal import MemberPortalMixin

# The frame's own pages, linked from the home page's first list; an action registered for one
# of them is not listed a second time under "What I can do".
FRAME_PAGES = {"portal:home", "portal:card", "portal:record", "portal:my_data"}


class PortalHomeView(MemberPortalMixin, TemplateView):
    template_name = "members/portal/home.html"

    def get_context_data(self, **kwargs):
        actions = [a for a in actions_for(self.member) if a.url_name not in FRAME_PAGES]
        return super().get_context_data(actions=actions, **kwargs)


def card_code_context(request, member) -> dict:
    """The card's QR code (a freshly signed token), its expiry and the refresh interval."""
    card = ecards.card_for(member)
    if card is None:
        return {"card": None}
    now = timezone.now()
    url = request.build_absolute_uri(reverse("public:card_verify", args=[ecards.sign(card)]))
    return {"card": card, "qr": ecards.qr_svg(url), "verify_url": url,
            "valid_until": now + timedelta(seconds=ecards.token_lifetime()),
            "refresh_every": ecards.refresh_every()}


@method_decorator(never_cache, name="dispatch")
class PortalCardView(MemberPortalMixin, TemplateView):
    """The electronic membership card: name, union, card number and a QR code an officer scans
    (or any phone opens) to check the card; the code is refreshed before its token expires."""

    template_name = "members/portal/card.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**card_code_context(self.request, self.member), **kwargs)


@method_decorator(never_cache, name="dispatch")
class PortalCardCodeView(MemberPortalMixin, TemplateView):
    """htmx: the card's code with a new token (the card page asks for it every few minutes)."""

    template_name = "members/portal/_card_code.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**card_code_context(self.request, self.member), **kwargs)
