"""Congress: sessions, delegates, proposals and their handling, collective contracts."""
import importlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The congress's reminders are on the project's one beat schedule (settings.CELERY_BEAT_SCHEDULE).


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Congress")

    def ready(self):
        from unionadmin.demo_steps import DemoStep, add_demo_step
        from unionadmin.notifications import register_kinds

        from . import demo, documents, indicators, navigation, notifications, tasks  # noqa: F401

        indicators.register()
        navigation.register()
        documents.register()
        register_kinds(notifications.Verb)
        add_demo_step(DemoStep("congress", 40, demo.load_demo_congress))
        from .wiring import PARTS

        for part in PARTS:
            importlib.import_module(f"congress.wiring.{part}").register()
        # Satisfaction surveys and the member portal's congress parts (issue 19).
        importlib.import_module("congress.wiring.surveys").register()
