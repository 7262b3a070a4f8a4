"""Assessment: assessment rubrics, self-scores, reviews, rankings."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Assessment")

    def ready(self):
        from unionadmin.demo_steps import DemoStep, add_demo_step
        from unionadmin.navigation import HomePanel, NavItem, add_home_panel, add_menu_item
        from unionadmin.notifications import register_kinds
        from unionadmin.roles import OFFICER_ROLES

        from . import demo, documents, indicators, notifications
        from .models.rubrics import FEDERATION_ROLES
        from .views.home import review_panel, unit_panel

        indicators.register()
        register_kinds(notifications.Verb)
        documents.register()
        add_menu_item(NavItem(_("Assessment"), "assessment:index", frozenset({*OFFICER_ROLES, *FEDERATION_ROLES}),
                              icon="clipboard-check", order=70, group="planning"))
        add_home_panel(HomePanel(template="assessment/home/_due.html", roles=OFFICER_ROLES,
                                 context=unit_panel, order=18))
        add_home_panel(HomePanel(template="assessment/home/_review.html", roles=FEDERATION_ROLES,
                                 context=review_panel, order=19))
        # After the apps whose data the measured items read (members, welfare, congress).
        add_demo_step(DemoStep("assessment", 70, demo.load_demo_assessment))
        # Assessing people (issue 18 item 6): its tab, menu entry and demo step.
        from . import people_wiring

        people_wiring.register()
