"""Public pages of the member portal (no login): setting a password through the one-time link,
and checking an electronic membership card from its QR code."""
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .. import ecards


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Django's own one-time-link check; after it the member logs in with mobile and password.
    A used or expired link shows a page saying so (``validlink`` is false)."""

    template_name = "members/portal/set_password.html"
    success_url = reverse_lazy("public:set_password_done")
    post_reset_login = True
    post_reset_login_backend = "unionadmin.auth.UsernameOrMobileBackend"


class SetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "members/portal/set_password_done.html"


@method_decorator(never_cache, name="dispatch")
class CardVerifyView(TemplateView):
    """What an officer's scan (or any phone) of a card's QR code shows: "valid member of …"
    with the name and card number, or why not. Only a token signed by this site names a card,
    so the page cannot be used to look members up; it never shows an ID or mobile number."""

    template_name = "members/ecards/verify.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(check=ecards.verify(self.kwargs["token"]), **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
