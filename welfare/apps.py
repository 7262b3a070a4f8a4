"""Welfare: hardship files, aid programmes and grants, visits, pairings, donations."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

BEAT_ENTRY = "welfare-refresh-recheck-due"  # on the project's one schedule, settings.CELERY_BEAT_SCHEDULE


class WelfareConfig(AppConfig):
    name = "welfare"
    verbose_name = _("Welfare")

    def ready(self):
        from unionadmin.demo_steps import DemoStep, add_demo_step
        from unionadmin.notifications import register_kinds

        from . import demo, documents, home, indicators, notifications, pickers

        indicators.register()
        register_kinds(notifications.Verb)
        pickers.register_kinds()
        home.register()
        documents.register()
        add_demo_step(DemoStep("welfare", 30, demo.load_demo_welfare))
        self.ready_model_worker_care(DemoStep, add_demo_step)
        self.ready_member_portal(register_kinds)

    def ready_model_worker_care(self, DemoStep, add_demo_step):
        """Model-worker care (issue 18 item 4): the tab on a member's record and its demo step."""
        from . import demo_model_worker_care
        from .views import model_worker_care

        model_worker_care.register()
        add_demo_step(DemoStep("welfare_care", 31, demo_model_worker_care.load_demo_care))

    def ready_member_portal(self, register_kinds):
        """Members' applications for hardship aid (issue 19): the portal action, the record
        section, the personal-data sources and the notification of a submitted application."""
        from unionadmin.navigation import HomePanel, add_home_panel
        from unionadmin.roles import Role

        from . import portal
        from .views.member_applications import home_panel_context

        portal.register()
        add_home_panel(HomePanel(template="welfare/member_applications/_home_panel.html",
                                 roles=frozenset({Role.WELFARE_OFFICER}), context=home_panel_context, order=21))
