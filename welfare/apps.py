"""Welfare: hardship files, aid programmes and grants, visits, pairings, donations."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

BEAT_ENTRY = "welfare-refresh-recheck-due"


class WelfareConfig(AppConfig):
    name = "welfare"
    verbose_name = _("Welfare")

    def ready(self):
        from celery.schedules import crontab

        from unionadmin.celery import app
        from unionadmin.demo_steps import DemoStep, add_demo_step

        from . import demo, documents, home, indicators

        indicators.register()
        home.register()
        documents.register()
        add_demo_step(DemoStep("welfare", 30, demo.load_demo_welfare))
        # The re-check-due list is refreshed every morning (Asia/Shanghai, CELERY_TIMEZONE).
        app.conf.beat_schedule = {
            **(app.conf.beat_schedule or {}),
            BEAT_ENTRY: {"task": "welfare.tasks.refresh_recheck_due", "schedule": crontab(hour=5, minute=10)},
        }
