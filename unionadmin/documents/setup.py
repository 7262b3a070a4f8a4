"""What the PDF pipeline registers when Django starts (called from UnionAdminConfig.ready)."""
from django.utils.translation import gettext_lazy as _


def ready():
    from ..navigation import NavItem, add_menu_item
    from ..roles import Role
    from . import checks, dashboard_snapshot, profile, signals, tasks  # noqa: F401  (system check, worker hooks, Celery tasks)

    profile.register()
    dashboard_snapshot.register()
    add_menu_item(NavItem(_("My documents"), "documents:list", frozenset(Role), icon="file-earmark-pdf", order=800,
                          group="account"))
