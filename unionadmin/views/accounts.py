from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import UpdateView

from ..forms import LoginForm, ProfileForm
from ..middleware import SUPPORTED


def _remember_language(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # A person who chose a language keeps it on every computer they log in from.
        _remember_language(response, form.get_user().language)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)


class ProfileView(LoginRequiredMixin, UpdateView):
    form_class = ProfileForm
    template_name = "registration/profile.html"
    success_url = reverse_lazy("profile")

    def get_object(self, queryset=None):
        return self.request.user

    def get_context_data(self, **kwargs):
        assignments = self.request.user.role_assignments.select_related("organisation")
        return super().get_context_data(assignments=assignments, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        _remember_language(response, form.instance.language)
        messages.success(self.request, _("Your profile was saved."))
        return response


class SetLanguageView(View):
    """The language switch: a cookie for everyone, saved on the account when logged in."""

    def post(self, request):
        language = request.POST.get("language")
        next_url = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            next_url = "/"
        response = HttpResponseRedirect(next_url)
        if language in SUPPORTED:
            _remember_language(response, language)
            if request.user.is_authenticated and request.user.language != language:
                request.user.language = language
                request.user.save(update_fields=["language"])
        return response
