"""Planning: annual work plans, their items and targets."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planning")

    def ready(self):
        from unionadmin.demo_steps import DemoStep, add_demo_step
        from unionadmin.indicators import registry
        from unionadmin.navigation import HomePanel, NavItem, add_home_panel, add_menu_item
        from unionadmin.roles import STAFF_ROLES

        from . import demo, documents
        from .targets import indicator_targets
        from .views.home import awaiting_acknowledgement

        add_menu_item(NavItem(_("Work plans"), "planning:plan_list", STAFF_ROLES, icon="journal-text", order=60,
                              group="planning"))
        add_home_panel(HomePanel(template="planning/home/_awaiting.html", roles=STAFF_ROLES,
                                 context=awaiting_acknowledgement, order=20))
        documents.register()
        registry.add_target_source(indicator_targets)
        add_demo_step(DemoStep("work plans", 60, demo.load_for_demo_county))
