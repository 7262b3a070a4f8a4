"""One-to-one pairings: plans, follow-ups and the assessed outcome."""
from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionadmin.querystring import query_object

from ..filters import PairingFilter
from ..forms import AssessPairingForm, FollowUpForm, PairingForm
from ..models import HardshipFile, Pairing
from ..services import pairing_assess
from .base import ChildFormView, WelfareCreateView, WelfareDetailView, WelfareListView, WelfareUpdateView


class PairingListView(WelfareListView):
    model = Pairing
    template_name = "welfare/pairing_list.html"
    section = "pairings"
    page_title = gettext_lazy("Pairings")

    def optimise(self, queryset):
        return queryset.select_related("file__worker", "file__union")

    def get_queryset(self):
        self.filterset = PairingFilter(self.request.GET or None, queryset=super().get_queryset(), user=self.request.user)
        return self.filterset.result

    def get_context_data(self, **kwargs):
        return super().get_context_data(filterset=self.filterset, today=timezone.localdate(), **kwargs)


class PairingCreateView(WelfareCreateView):
    model = Pairing
    form_class = PairingForm
    section = "pairings"
    page_title = gettext_lazy("New pairing")

    def get_initial(self):
        initial = super().get_initial()
        file = query_object(self.request.GET, "file", HardshipFile.objects.visible_to(self.request.user, "change"))
        if file:
            initial["file"] = file
        return initial

    def form_valid(self, form):
        messages.success(self.request, _("The pairing was recorded."))
        return super().form_valid(form)


class PairingUpdateView(WelfareUpdateView):
    model = Pairing
    form_class = PairingForm
    section = "pairings"
    page_title = gettext_lazy("Edit pairing")


class PairingDetailView(WelfareDetailView):
    model = Pairing
    template_name = "welfare/pairing_detail.html"
    section = "pairings"

    def optimise(self, queryset):
        return queryset.select_related("file__worker", "file__union", "assessed_by")

    def get_context_data(self, **kwargs):
        can_change = self.can("change", self.object)
        return super().get_context_data(
            follow_ups=self.object.follow_ups.select_related("recorded_by"),
            can_change=can_change,
            follow_up_form=FollowUpForm() if can_change else None,
            **kwargs,
        )


class FollowUpCreateView(ChildFormView):
    model = Pairing
    form_class = FollowUpForm
    section = "pairings"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Follow-up: %(pairing)s") % {"pairing": self.object}, **kwargs)

    def perform(self, form):
        form.instance.pairing = self.object
        form.instance.recorded_by = self.request.user
        form.save()
        return _("The follow-up was recorded.")


class PairingAssessView(ChildFormView):
    model = Pairing
    form_class = AssessPairingForm
    section = "pairings"

    def refuse(self, pairing):
        return _("This pairing has already been assessed.") if pairing.status != Pairing.Status.ACTIVE else None

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Assess: %(pairing)s") % {"pairing": self.object}, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        pairing_assess(self.object, by=self.request.user, status=data["status"], outcome=data["outcome"],
                       rating=data["rating"])
        return _("The outcome was recorded.")


__all__ = ["FollowUpCreateView", "PairingAssessView", "PairingCreateView", "PairingDetailView", "PairingListView",
           "PairingUpdateView"]
