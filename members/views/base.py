"""Shared pieces of the members app's views."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from unionadmin.views.mixins import ScopedObjectMixin

from ..models import Member


def may_act_at(user, model, action: str, organisation) -> bool:
    """Whether ``model``'s declared rules let ``user`` ``action`` new rows at ``organisation``
    (role paths are cached on the user, so this costs no query)."""
    if user.is_superuser:
        return True
    return any(organisation.path.startswith(p) for p in model.scope.organisation_paths(user, action))


def member_url(member_id, tab=""):
    return reverse("members:member_detail", args=[member_id]) + (f"#tab-{tab}" if tab else "")


class MemberChildCreateView(ScopedObjectMixin, SingleObjectMixin, FormView):
    """Add a record (dues, a post, an honour, …) to the member the URL names.

    The member is found among those the user may *see* (an outsider gets 404); adding needs
    the right to change the child model at the member's union (else 403).
    """

    model = Member
    child_model = None
    tab = ""
    template_name = "members/child_form.html"
    success_message = ""

    def get_member(self):
        if not hasattr(self, "member"):
            self.member = self.object = self.get_object()
            if not may_act_at(self.request.user, self.child_model, "change", self.member.union):
                raise PermissionDenied
        return self.member

    def get(self, request, *args, **kwargs):
        self.get_member()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_member()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "member": self.get_member(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.get_member(), child_verbose=self.child_model._meta.verbose_name,
                                        cancel_url=member_url(self.member.pk, self.tab), **kwargs)

    def fill(self, obj):
        """Set what the form does not ask for."""

    def form_valid(self, form):
        obj = form.save(commit=False)
        obj.member = self.member
        self.fill(obj)
        obj.save()
        messages.success(self.request, self.success_message or _("Saved."))
        return redirect(member_url(self.member.pk, self.tab))


class MemberChildUpdateView(ScopedObjectMixin, UpdateView):
    """Edit a record that belongs to a member; needs ``change`` on the record itself."""

    scope_action = "change"
    tab = ""
    template_name = "members/child_form.html"

    def optimise(self, queryset):
        return queryset.select_related("member")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "member": self.object.member, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            member=self.object.member, child_verbose=self.model._meta.verbose_name,
            cancel_url=member_url(self.object.member_id, self.tab),
            delete_url=reverse(self.delete_url_name, args=[self.object.pk]) if self.delete_url_name else None,
            **kwargs)

    delete_url_name = ""

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Changes saved."))
        return redirect(member_url(self.object.member_id, self.tab))


class MemberChildDeleteView(ScopedObjectMixin, SingleObjectMixin, View):
    """POST only: remove a record entered by mistake (its history keeps it)."""

    scope_action = "change"
    http_method_names = ["post"]
    tab = ""

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        member_id = obj.member_id
        obj.delete()
        messages.success(request, _("Deleted."))
        return redirect(member_url(member_id, self.tab))
