"""Transfers between unions: send (A), accept or refuse (B), cancel (A)."""
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django.views.generic.detail import SingleObjectMixin

from unionadmin.querystring import query_choice
from unionadmin.views.mixins import ScopedObjectMixin

from ..forms import AcceptTransferForm, RefuseTransferForm, TransferForm
from ..models import Member, Transfer
from ..services import MembersError, transfer_accept, transfer_cancel, transfer_destinations, transfer_refuse, \
    transfer_send


class TransferCreateView(ScopedObjectMixin, SingleObjectMixin, FormView):
    """Union A sends its member to union B."""

    model = Member
    scope_action = "change"
    template_name = "members/transfer_form.html"
    form_class = TransferForm

    def optimise(self, queryset):
        return queryset.select_related("union")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "destinations": transfer_destinations(self.object)}

    def form_valid(self, form):
        try:
            transfer = transfer_send(member=self.object, to_union=form.cleaned_data["to_union"],
                                     user=self.request.user, reason=form.cleaned_data["reason"])
        except MembersError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The transfer was sent to %(union)s; %(name)s stays on your roster until "
                                         "it is accepted.") % {"union": transfer.to_union, "name": self.object})
        return redirect("members:transfer_detail", pk=transfer.pk)


class TransferListView(ScopedObjectMixin, ListView):
    model = Transfer
    paginate_by = 50
    template_name = "members/transfer_list.html"

    def optimise(self, queryset):
        return queryset.select_related("member", "from_union__parent", "to_union__parent", "sent_by")

    def get_queryset(self):
        queryset = super().get_queryset()
        self.box = query_choice(self.request.GET, "box", ["incoming", "outgoing", "all"], default="incoming")
        user = self.request.user
        if self.box == "incoming":
            return queryset.filter(pk__in=Transfer.objects.visible_to(user, "decide").open().values("pk"))
        if self.box == "outgoing":
            return queryset.filter(pk__in=Transfer.objects.visible_to(user, "cancel").values("pk"))
        self.box = "all"
        return queryset

    def get_context_data(self, **kwargs):
        incoming = Transfer.objects.visible_to(self.request.user, "decide").open().count()
        return super().get_context_data(box=self.box, incoming_count=incoming, **kwargs)


class TransferDetailView(ScopedObjectMixin, DetailView):
    model = Transfer
    template_name = "members/transfer_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("member", "from_union__parent", "to_union", "sent_by", "decided_by", "placed_in")

    def get_context_data(self, **kwargs):
        user, transfer = self.request.user, self.object
        may_decide = transfer.is_open and Transfer.objects.visible_to(user, "decide").filter(pk=transfer.pk).exists()
        may_cancel = transfer.is_open and Transfer.objects.visible_to(user, "cancel").filter(pk=transfer.pk).exists()
        member_visible = Member.objects.visible_to(user).filter(pk=transfer.member_id).exists()
        return super().get_context_data(
            may_decide=may_decide, may_cancel=may_cancel, member_visible=member_visible,
            accept_form=AcceptTransferForm(transfer=transfer, user=user) if may_decide else None,
            refuse_form=RefuseTransferForm() if may_decide else None, **kwargs)


class _TransferActionView(ScopedObjectMixin, SingleObjectMixin, View):
    model = Transfer
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        transfer = self.get_object()
        try:
            message = self.act(transfer)
        except MembersError as error:
            messages.error(request, error.message)
        else:
            if message:
                messages.success(request, message)
        return redirect("members:transfer_detail", pk=transfer.pk)


class TransferAcceptView(_TransferActionView):
    scope_action = "decide"

    def act(self, transfer):
        form = AcceptTransferForm(self.request.POST, transfer=transfer, user=self.request.user)
        if not form.is_valid():
            raise MembersError(_("Choose a unit of the receiving union."))
        transfer = transfer_accept(transfer_id=transfer.pk, user=self.request.user, into=form.cleaned_data["into"])
        return _("%(name)s is now a member of %(union)s.") % {"name": transfer.member, "union": transfer.placed_in}


class TransferRefuseView(_TransferActionView):
    scope_action = "decide"

    def act(self, transfer):
        form = RefuseTransferForm(self.request.POST)
        if not form.is_valid():
            raise MembersError(_("Give the reason for refusing."))
        transfer_refuse(transfer_id=transfer.pk, user=self.request.user, reason=form.cleaned_data["reason"])
        return _("The transfer was refused; the member stays with the sending union.")


class TransferCancelView(_TransferActionView):
    scope_action = "cancel"

    def act(self, transfer):
        transfer_cancel(transfer_id=transfer.pk, user=self.request.user)
        return _("The transfer was cancelled.")
