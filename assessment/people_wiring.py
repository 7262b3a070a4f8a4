"""What assessing people adds to the shared registries: the ranking PDF, the member record's
tab, a menu entry, and the demo step (called from AssessmentConfig.ready)."""
from django.utils.translation import gettext_lazy as _


def register():
    from unionadmin.demo_steps import DemoStep, add_demo_step
    from unionadmin.navigation import NavItem, ObjectPanel, add_menu_item, add_object_panel
    from unionadmin.roles import OFFICER_ROLES, STAFF_ROLES

    from . import people_documents
    from .demo_people import load_demo_people
    from .views.people import member_panel

    people_documents.register()
    add_object_panel("member", ObjectPanel("assessments", _("Assessments"), "assessment/people/_member_tab.html",
                                           member_panel, order=60))
    add_menu_item(NavItem(_("Assessing people"), "assessment:people_index", frozenset(STAFF_ROLES | OFFICER_ROLES),
                          icon="person-check", order=71, group="planning"))
    # After the unit assessment's step (70) and the members it reads.
    add_demo_step(DemoStep("assessment_people", 71, load_demo_people, logins=(
        ("school_ethics", "reviews the teachers' ethics self-scores (师德考核)"),
        ("edu_union", "the education union above: reads the school's ranking"),
    )))
