"""Congress: sessions, delegates, proposals and their handling, collective contracts."""
from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Daily, early in the morning (Asia/Shanghai, CELERY_TIMEZONE).
BEAT_SCHEDULE = {
    "congress-remind-overdue-replies": {"task": "congress.remind_overdue_replies",
                                        "schedule": crontab(hour=7, minute=30)},
    "congress-remind-expiring-contracts": {"task": "congress.remind_expiring_contracts",
                                           "schedule": crontab(hour=7, minute=40)},
}


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Congress")

    def ready(self):
        from unionadmin.celery import app
        from unionadmin.demo_steps import DemoStep, add_demo_step

        from . import demo, documents, indicators, navigation, tasks  # noqa: F401

        indicators.register()
        navigation.register()
        documents.register()
        add_demo_step(DemoStep("congress", 40, demo.load_demo_congress))
        # The congress's reminders join the beat schedule here, beside the settings' own entries.
        app.conf.beat_schedule = {**(app.conf.beat_schedule or {}), **BEAT_SCHEDULE}
