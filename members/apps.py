"""Members: members, transfers, cards, dues, cadres, model workers."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from unionadmin.demo_steps import DemoStep, add_demo_step
        from unionadmin.navigation import HomePanel, NavItem, add_home_panel, add_menu_item
        from unionadmin.notifications import register_kinds
        from unionadmin.portal import set_member_lookup
        from unionadmin.roles import OFFICER_ROLES, STAFF_ROLES

        from . import demo, demo_portal, documents, indicators, notifications, pickers
        from .portal import current_member
        from .views.home import officer_panel

        set_member_lookup(current_member)
        # The member portal's parts (issue 19): joining online, the portal and card, the record and data.
        from . import portal_setup

        portal_setup.register()
        indicators.register()
        register_kinds(notifications.Verb)
        pickers.register_kinds()
        documents.register()
        add_menu_item(NavItem(_("Members"), "members:member_list", STAFF_ROLES, icon="people", order=20,
                              group="organisation"))
        # Transfers, dues, cards, cadres and model workers are reached from the members pages'
        # own tabs (members/_subnav.html), keeping the main menu short.
        # Transfers, cards, dues, cadres and model workers, before welfare (30) builds on members.
        add_demo_step(DemoStep("members", 20, lambda federation, users: demo.load_demo_members_extras(federation)))
        # Joining online and member logins (issue 19), last: the delegate and the record's data come first.
        add_demo_step(DemoStep("member_portal", 90, demo_portal.load_demo_portal, logins=demo_portal.LOGINS))
        add_home_panel(HomePanel(template="members/home/_officer.html", roles=OFFICER_ROLES,
                                 context=officer_panel, order=15))
