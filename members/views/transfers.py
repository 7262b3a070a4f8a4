"""Transfers between unions: send (A), accept or refuse (B), cancel (A)."""
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from unionadmin.views.mixins import ScopedObjectMixin
from unionadmin.views.objects import ObjectActionView, ObjectFormView

from ..filters import TransferFilter
from ..forms import AcceptTransferForm, RefuseTransferForm, TransferForm
from ..models import Member, Transfer
from ..services import (
    MembersError,
    transfer_accept,
    transfer_cancel,
    transfer_destinations,
    transfer_refuse,
    transfer_send,
)


class TransferCreateView(ObjectFormView):
    """Union A sends its member to union B."""

    model = Member
    scope_action = "change"
    template_name = "members/transfer_form.html"
    form_class = TransferForm

    def optimise(self, queryset):
        return queryset.select_related("union")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "destinations": transfer_destinations(self.object), "member": self.object}

    def get_back_url(self):
        return reverse("members:member_detail", args=[self.object.pk])

    def perform(self, form):
        self.transfer = transfer_send(member=self.object, to_union=form.cleaned_data["to_union"],
                                      user=self.request.user, reason=form.cleaned_data["reason"])
        return _("The transfer was sent to %(union)s; %(name)s stays on your roster until it is accepted.") % {
            "union": self.transfer.to_union, "name": self.object}

    def get_success_url(self):
        return self.transfer.get_absolute_url()


class TransferListView(ScopedObjectMixin, ListView):
    model = Transfer
    paginate_by = 50
    template_name = "members/transfer_list.html"

    def optimise(self, queryset):
        return queryset.select_related("member", "from_union__parent", "to_union__parent", "sent_by")

    def get_queryset(self):
        self.filterset = TransferFilter(self.request.GET, queryset=super().get_queryset(), user=self.request.user)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        incoming = Transfer.objects.visible_to(self.request.user, "decide").open().count()
        return super().get_context_data(box=self.filterset.chosen_box, incoming_count=incoming, **kwargs)


class TransferDetailView(ScopedObjectMixin, DetailView):
    model = Transfer
    template_name = "members/transfer_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("member", "from_union__parent", "to_union", "sent_by", "decided_by", "placed_in")

    def get_context_data(self, **kwargs):
        user, transfer = self.request.user, self.object
        may_decide = "accept" in transfer.allowed_actions(user)
        member_visible = Member.objects.visible_to(user).filter(pk=transfer.member_id).exists()
        return super().get_context_data(
            member_visible=member_visible,
            accept_form=AcceptTransferForm(transfer=transfer, user=user) if may_decide else None,
            refuse_form=RefuseTransferForm() if may_decide else None, **kwargs)


class TransferAcceptView(ObjectActionView):
    model = Transfer
    scope_action = "decide"
    step = "accept"

    def act(self, transfer):
        form = AcceptTransferForm(self.request.POST, transfer=transfer, user=self.request.user)
        if not form.is_valid():
            raise MembersError(_("Choose a unit of the receiving union."))
        transfer = transfer_accept(transfer_id=transfer.pk, user=self.request.user, into=form.cleaned_data["into"])
        return _("%(name)s is now a member of %(union)s.") % {"name": transfer.member, "union": transfer.placed_in}


class TransferRefuseView(ObjectActionView):
    model = Transfer
    scope_action = "decide"
    step = "refuse"

    def act(self, transfer):
        form = RefuseTransferForm(self.request.POST)
        if not form.is_valid():
            raise MembersError(_("Give the reason for refusing."))
        transfer_refuse(transfer_id=transfer.pk, user=self.request.user, reason=form.cleaned_data["reason"])
        return _("The transfer was refused; the member stays with the sending union.")


class TransferCancelView(ObjectActionView):
    model = Transfer
    scope_action = "cancel"
    step = "cancel"

    def act(self, transfer):
        transfer_cancel(transfer_id=transfer.pk, user=self.request.user)
        return _("The transfer was cancelled.")
