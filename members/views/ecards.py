"""The officers' side of members' logins and electronic cards: inviting a member to the portal
(their login, and a one-time link to set the password texted to them) and revoking a card."""
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from unionadmin.personal_data import mask_phone
from unionadmin.texting import TextNotSent
from unionadmin.views.mixins import ScopedObjectMixin

from .. import ecards
from ..accounts import login_for, send_password_link
from ..models import ElectronicCard, Member
from ..services import MembersError
from .base import member_url


class MemberPortalInviteView(ScopedObjectMixin, SingleObjectMixin, View):
    """POST: make the member's login (when they have none) and text them the link to set their
    password; sent again, it is a new link (the old one stops working once a password is set).
    The login stays when the text cannot be sent: the officer sends again."""

    model = Member
    scope_action = "change"
    http_method_names = ["post"]

    def optimise(self, queryset):
        return queryset.select_related("union", "user")

    def post(self, request, *args, **kwargs):
        member = self.get_object()
        if not member.is_active_member:
            messages.error(request, _("Only a current member can be invited to the member portal."))
        elif not member.phone:
            messages.error(request, _("Record the member's mobile number first: the link to set a password is "
                                      "sent to it by text message."))
        else:
            self.invite(member)
        return redirect(member_url(member.pk))

    def invite(self, member):
        request = self.request
        try:
            user = login_for(member)
        except MembersError as error:
            messages.error(request, str(error))
            return
        if not user.mobile:
            messages.error(request, _("This login has no mobile number to send the link to."))
            return
        try:
            send_password_link(user, base_url=request.build_absolute_uri("/"))
        except TextNotSent:
            messages.warning(request, _("The member's login is ready, but the text message could not be sent. "
                                        "Try again in a moment."))
            return
        messages.success(request, _("A link to set a password was texted to %(mobile)s.")
                         % {"mobile": mask_phone(user.mobile)})


class RevokeCardForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200,
                             help_text=gettext_lazy("For example: the phone was lost, or the card was misused."))


class ElectronicCardRevokeView(ScopedObjectMixin, SingleObjectMixin, FormView):
    """An officer of the member's union stops an electronic card verifying, with a reason. The
    member's next card page issues a new card (with a new code)."""

    model = ElectronicCard
    scope_action = "revoke"
    form_class = RevokeCardForm
    template_name = "members/ecards/revoke.html"

    def optimise(self, queryset):
        return queryset.select_related("member", "union", "revoked_by")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(card=self.object, cancel_url=member_url(self.object.member_id), **kwargs)

    def form_valid(self, form):
        try:
            ecards.revoke(self.object, by=self.request.user, reason=form.cleaned_data["reason"])
        except MembersError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The electronic card of %(name)s was revoked; it no longer verifies.")
                         % {"name": self.object.member.name})
        return redirect(member_url(self.object.member_id))
