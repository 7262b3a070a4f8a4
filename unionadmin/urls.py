from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import accounts, audit, dashboard, health, home, notifications, organisations, pickers

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("healthz", health.healthz, name="healthz"),
    # Accounts
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/profile/", accounts.ProfileView.as_view(), name="profile"),
    path("language/", accounts.SetLanguageView.as_view(), name="set_language"),
    # The organisation tree
    path("organisations/", organisations.OrganisationListView.as_view(), name="organisation_list"),
    path("organisations/new/", organisations.OrganisationCreateView.as_view(), name="organisation_create"),
    path("organisations/<int:pk>/", organisations.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("organisations/<int:pk>/edit/", organisations.OrganisationUpdateView.as_view(), name="organisation_update"),
    path("organisations/<int:pk>/roles/new/", organisations.GrantRoleView.as_view(), name="role_grant"),
    path("roles/<int:pk>/revoke/", organisations.RevokeRoleView.as_view(), name="role_revoke"),
    path("audit/", audit.AuditEventListView.as_view(), name="audit_list"),
    # The person's own notifications (the navbar's bell), whichever app sent them
    path("notifications/", notifications.NotificationListView.as_view(), name="notification_list"),
    path("notifications/<int:pk>/open/", notifications.NotificationOpenView.as_view(), name="notification_open"),
    path("notifications/read-all/", notifications.NotificationsReadAllView.as_view(), name="notifications_read_all"),
    # The dashboard: every registered indicator for an organisation's subtree
    path("dashboard/<int:pk>/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("dashboard/<int:pk>/indicator/<str:code>/", dashboard.IndicatorDrillDownView.as_view(),
         name="dashboard_indicator"),
    # The search behind every picker box (unionadmin/pickers.py)
    path("pick/", include(pickers.picker_urls())),
    path("documents/", include("unionadmin.documents.urls")),
    # Each app mounts its pages here.
    path("planning/", include("planning.urls")),
    path("competitions/", include("competitions.urls")),
    path("assessment/", include("assessment.urls")),
    path("members/", include("members.urls")),
    path("congress/", include("congress.urls")),
    path("welfare/", include("welfare.urls")),
    path("finance/", include("finance.urls")),
    # The member portal (issue 19): members' own pages under /me/, and the public pages a join
    # link, a card's QR code and a one-time link lead to.
    path("me/", include("members.portal_urls")),
    path("me/welfare/", include("welfare.portal_urls")),
    path("me/congress/", include("congress.portal_urls")),
    path("me/competitions/", include("competitions.portal_urls")),
    path("join/", include("members.join_urls")),
    path("", include("members.public_urls")),
    path("captcha/", include("captcha.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "unionadmin.views.errors.page_not_found"
handler403 = "unionadmin.views.errors.permission_denied"
handler500 = "unionadmin.views.errors.server_error"

