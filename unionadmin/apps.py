from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class UnionAdminConfig(AppConfig):
    name = "unionadmin"
    verbose_name = _("Organisations and accounts")

    def ready(self):
        # What this package offers to the shared registries; each app above registers its own
        # indicators, menu entries and home panels in its AppConfig.ready() the same way.
        from . import indicators, pickers, stamps
        from .documents import setup as documents_setup
        from .navigation import NavItem, add_menu_item
        from .roles import STAFF_ROLES, Role
        from .views import home  # noqa: F401  (the overview and roles panels)

        add_menu_item(NavItem(_("Home"), "home", frozenset(Role), icon="house", order=0))
        add_menu_item(NavItem(_("Organisations"), "organisation_list", STAFF_ROLES, icon="diagram-3", order=10,
                              group="organisation"))
        add_menu_item(NavItem(_("Audit log"), "audit_list", frozenset({Role.FEDERATION_ADMIN}),
                              icon="shield-lock", order=900, group="account"))
        indicators.register()  # the tree's own: Workers' Home ratios
        pickers.register_core_kinds()  # the organisation search box
        post_migrate.connect(stamps.install_triggers, sender=self, dispatch_uid="unionadmin_stamp_triggers")
        documents_setup.ready()  # the PDF pipeline: kinds, tasks, worker hooks, "My documents"
