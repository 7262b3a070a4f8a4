"""Django admin, for superusers only: officers work in the app's own scoped pages."""
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SuperuserAdminSite(admin.AdminSite):
    site_header = "unionadmin"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


class SuperuserAdminConfig(AdminConfig):
    default_site = "unionadmin.admin_site.SuperuserAdminSite"
