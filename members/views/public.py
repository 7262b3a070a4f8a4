"""Public pages of the member portal: setting a password through the one-time link."""
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Django's own one-time-link check; after it the member logs in with mobile and password."""

    template_name = "members/portal/set_password.html"
    success_url = reverse_lazy("public:set_password_done")
    post_reset_login = True
    post_reset_login_backend = "unionadmin.auth.UsernameOrMobileBackend"


class SetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "members/portal/set_password_done.html"
