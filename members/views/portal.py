"""The member portal's home page: the member's card in brief, what they can do, their record."""
from django.views.generic import TemplateView

from unionadmin.portal import actions_for

from ..portal import MemberPortalMixin


class PortalHomeView(MemberPortalMixin, TemplateView):
    template_name = "members/portal/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(actions=actions_for(self.member), **kwargs)
