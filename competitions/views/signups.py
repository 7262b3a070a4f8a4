"""The organiser's side of members' sign-up for an event (issue 19): opening the event for
sign-up in the member portal, with a last day and a number of places."""
from __future__ import annotations

from django.utils.translation import gettext as _

from ..forms.portal import EventSignupSettingsForm
from ..models import SportsEvent
from .base import ObjectFormView


class EventSignupSettingsView(ObjectFormView):
    model = SportsEvent
    section = "events"
    scope_action = "change"
    form_class = EventSignupSettingsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_page_title(self):
        return _("Members' sign-up for “%(event)s”") % {"event": self.object}

    @property
    def help_text(self):
        return _("Members of %(union)s and of the units below it see the event in the member portal and sign up "
                 "on their phones until the last day.") % {"union": self.object.organiser}

    def get_back_url(self):
        return self.object.get_absolute_url() + "#signups"

    def perform(self, form):
        event = form.save(commit=False)
        event._change_reason = "members' sign-up settings"
        event.save(update_fields=["signup_open", "signup_closes", "capacity"])
        return _("Members can sign up until %(date)s.") % {"date": event.signup_closes.isoformat()} \
            if event.signup_open else _("The event is closed for members' sign-up.")
