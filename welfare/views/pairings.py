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
from .base import (
    WelfareCreateView,
    WelfareDetailView,
    WelfareFormView,
    WelfareListView,
    WelfareUpdateView,
)


class PairingListView(WelfareListView):
    model = Pairing
    template_name = "welfare/pairing_list.html"
    section = "pairings"
    page_title = gettext_lazy("Pairings")

    def optimise(self, queryset):
        return queryset.select_related("file__worker", "file__union")

    def get_queryset(self):
        self.filterset = PairingFilter(self.request.GET or None, queryset=super().get_queryset(),
                                       user=self.request.user)
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
    step = "edit"


class PairingDetailView(WelfareDetailView):
    model = Pairing
    template_name = "welfare/pairing_detail.html"
    section = "pairings"

    def optimise(self, queryset):
        return queryset.select_related("file__worker", "file__union", "assessed_by")

    def get_context_data(self, **kwargs):
        allowed = self.object.allowed_actions(self.request.user)
        return super().get_context_data(
            follow_ups=self.object.follow_ups.select_related("recorded_by"),
            allowed=allowed,
            follow_up_form=FollowUpForm() if "follow_up" in allowed else None,
            **kwargs,
        )


class FollowUpCreateView(WelfareFormView):
    model = Pairing
    form_class = FollowUpForm
    section = "pairings"
    step = "follow_up"

    def get_page_title(self):
        return _("Follow-up: %(pairing)s") % {"pairing": self.object}

    def perform(self, form):
        form.instance.pairing = self.object
        form.instance.recorded_by = self.request.user
        form.save()
        return _("The follow-up was recorded.")


class PairingAssessView(WelfareFormView):
    model = Pairing
    form_class = AssessPairingForm
    section = "pairings"
    step = "assess"

    def step_refusal(self):
        if "assess" not in self.object.allowed_actions(self.request.user):
            return _("This pairing has already been assessed.")
        return None

    def get_page_title(self):
        return _("Assess: %(pairing)s") % {"pairing": self.object}

    def perform(self, form):
        data = form.cleaned_data
        pairing_assess(self.object, by=self.request.user, status=data["status"], outcome=data["outcome"],
                       rating=data["rating"])
        return _("The outcome was recorded.")


__all__ = ["FollowUpCreateView", "PairingAssessView", "PairingCreateView", "PairingDetailView", "PairingListView",
           "PairingUpdateView"]
