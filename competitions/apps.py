"""Competitions: competitions, entries, judges' scores, rankings, rationalisation proposals."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        from unionadmin.demo_steps import DemoStep, add_demo_step
        from unionadmin.notifications import register_kinds

        from . import demo, documents, indicators, navigation, notifications, pickers

        indicators.register()
        register_kinds(notifications.Verb)
        pickers.register_kinds()
        documents.register()
        navigation.register()
        add_demo_step(DemoStep("competitions", 50, demo.load_demo_competitions))
        from . import wiring_honours

        wiring_honours.register()
        from . import portal

        portal.register()  # the member portal's parts (issue 19)
