"""Hardship files: list, edge households, create, page, edit, category, lifecycle steps,
household members, reveals, refiling, the printable form, and the minimum-living lines."""
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Member
from unionadmin.querystring import query_object
from unionadmin.views.personal import RevealFieldView

from ..access import may
from ..filters import HardshipFileFilter
from ..forms import (
    CategoryForm,
    HardshipFileCreateForm,
    HardshipFileForm,
    HouseholdMemberForm,
    LivingStandardForm,
    TransitionForm,
)
from ..models import HardshipFile, HouseholdMember, LivingStandard, Visit
from ..services import (
    TRANSITIONS,
    WelfareError,
    file_confirm_category,
    file_create,
    file_recompute,
    file_refile,
    file_transition,
    standard_save,
)
from .base import (
    WelfareActionView,
    WelfareCreateView,
    WelfareDetailView,
    WelfareFormView,
    WelfareListView,
    WelfareUpdateView,
)


class FileListView(WelfareListView):
    model = HardshipFile
    template_name = "welfare/file_list.html"
    section = "files"
    page_title = gettext_lazy("Hardship files")
    edge_only = False

    def optimise(self, queryset):
        return queryset.select_related("worker", "union")

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.edge_only:
            queryset = queryset.open().filter(is_edge=True)
        self.filterset = HardshipFileFilter(self.request.GET or None, queryset=queryset, user=self.request.user)
        return self.filterset.result

    def get_context_data(self, **kwargs):
        return super().get_context_data(filterset=self.filterset, edge_only=self.edge_only, **kwargs)


class EdgeHouseholdListView(FileListView):
    """Households just above the minimum-living line (低保边缘户), listed separately."""

    edge_only = True
    section = "edge"
    page_title = gettext_lazy("Edge households")


class FileCreateView(WelfareCreateView):
    model = HardshipFile
    form_class = HardshipFileCreateForm
    section = "files"
    page_title = gettext_lazy("New hardship file")

    def get_initial(self):
        initial = super().get_initial()
        worker = query_object(self.request.GET, "worker", Member.objects.visible_to(self.request.user))
        if worker:
            initial["worker"] = worker
        return initial

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name not in ("worker", "head_income")}
        try:
            self.object = file_create(worker=form.cleaned_data["worker"], by=self.request.user,
                                      head_income=form.cleaned_data["head_income"], **data)
        except WelfareError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The application was recorded. Add the other people in the household."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class FileDetailView(WelfareDetailView):
    model = HardshipFile
    template_name = "welfare/file_detail.html"
    section = "files"

    def optimise(self, queryset):
        return queryset.select_related("worker", "union", "category_confirmed_by", "previous_file")

    def get_context_data(self, **kwargs):
        file = self.object
        user = self.request.user
        allowed = file.allowed_actions(user)
        return super().get_context_data(
            household=file.household.all(),
            transitions=file.transitions.select_related("by"),
            allowed=allowed,
            steps=[t for t in file.TRANSITIONS if t.action in allowed],
            grants=file.worker.welfare_grants.visible_to(user).select_related("programme").order_by("-granted_on")[:20],
            pairings=file.pairings.all(),
            visits=Visit.objects.visible_to(user).filter(member=file.worker).order_by("-visited_on")[:10],
            print_available=_print_available(),
            full_print_options={"full": "1"},
            **kwargs,
        )


def _print_available() -> bool:
    from ..documents import hardship_file_kind_registered

    return hardship_file_kind_registered()


class FileUpdateView(WelfareUpdateView):
    model = HardshipFile
    form_class = HardshipFileForm
    section = "files"
    step = "edit"

    def step_refusal(self):
        if self.object.is_ended:
            return _("This file has ended; refile the household to change its details.")
        return super().step_refusal()

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.page_title = _("Edit %(file)s") % {"file": obj}
        return obj

    def form_valid(self, form):
        response = super().form_valid(form)
        file_recompute(self.object)
        messages.success(self.request, _("Changes saved."))
        return response


class FileCategoryView(WelfareFormView):
    model = HardshipFile
    form_class = CategoryForm
    section = "files"
    template_name = "welfare/file_category.html"
    step = "confirm_category"

    def step_refusal(self):
        if "confirm_category" not in self.object.allowed_actions(self.request.user):
            return _("The category can be confirmed only during the application, the household check or the "
                     "annual re-check; this file is at “%(status)s”.") % {"status": self.object.get_status_display()}
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "file": self.object}

    def get_page_title(self):
        return _("Confirm the category of %(file)s") % {"file": self.object}

    def perform(self, form):
        file_confirm_category(self.object, category=form.cleaned_data["category"], by=self.request.user)
        return _("The category was confirmed.")


class FileTransitionView(WelfareFormView):
    """One lifecycle step (``step``, set per URL with ``scope_action`` "approve" for the
    approval). A step the file does not offer now is refused with a message and nothing
    changes, whether it comes from the form or straight to the URL."""

    model = HardshipFile
    form_class = TransitionForm
    section = "files"
    template_name = "welfare/file_transition.html"

    def step_refusal(self):
        transition = TRANSITIONS[self.step]
        if self.object.status not in transition.sources:
            return _("“%(step)s” is not possible for a file at “%(status)s”; nothing was changed.") % {
                "step": transition.label, "status": self.object.get_status_display()}
        return super().step_refusal()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "file": self.object, "action": self.step}

    def get_page_title(self):
        return TRANSITIONS[self.step].label

    def get_context_data(self, **kwargs):
        return super().get_context_data(transition=TRANSITIONS[self.step], **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        file_transition(
            self.object, self.step, by=self.request.user, reason=data.get("reason", ""),
            notice_starts_on=data.get("notice_starts_on"), notice_ends_on=data.get("notice_ends_on"),
            close_reason=data.get("close_reason", ""),
        )
        return _("Done: %(step)s.") % {"step": TRANSITIONS[self.step].label}


class FileRefileView(WelfareActionView):
    model = HardshipFile
    step = "refile"

    def act(self, file):
        self.new_file = file_refile(file, by=self.request.user)
        return _("The household was refiled as a new application.")

    def get_success_url(self):
        new = getattr(self, "new_file", None)
        return (new or self.object).get_absolute_url()


class FileRevealView(RevealFieldView):
    model = HardshipFile

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, "view"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class HouseholdRevealView(FileRevealView):
    model = HouseholdMember


class HouseholdCreateView(WelfareFormView):
    model = HardshipFile
    form_class = HouseholdMemberForm
    section = "files"
    step = "edit"

    def step_refusal(self):
        if self.object.is_ended:
            return _("This file has ended; refile the household to change it.")
        return super().step_refusal()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return {**kwargs, "user": self.request.user, "instance": HouseholdMember(file=self.object)}

    def get_page_title(self):
        return _("Add someone to the household of %(name)s") % {"name": self.object.worker.name}

    def get_back_url(self):
        return self.object.get_absolute_url() + "#household"

    def perform(self, form):
        form.save()
        file_recompute(self.object)
        return _("%(name)s was added to the household.") % {"name": form.instance.name}


class HouseholdUpdateView(WelfareUpdateView):
    model = HouseholdMember
    form_class = HouseholdMemberForm
    section = "files"

    def optimise(self, queryset):
        return queryset.select_related("file__worker")

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Edit %(person)s") % {"person": self.object},
                                        cancel_url=self.object.get_absolute_url(), **kwargs)

    def form_valid(self, form):
        if form.instance.file.is_ended:
            messages.error(self.request, _("This file has ended; refile the household to change it."))
            return redirect(form.instance.file)
        response = super().form_valid(form)
        file_recompute(self.object.file)
        messages.success(self.request, _("Changes saved."))
        return response


class HouseholdDeleteView(WelfareActionView):
    model = HouseholdMember

    def act(self, person):
        if person.relationship == HouseholdMember.Relationship.SELF:
            raise WelfareError(_("The worker cannot be removed from their own household."))
        if person.file.is_ended:
            raise WelfareError(_("This file has ended; refile the household to change it."))
        person.delete()
        file_recompute(person.file)
        return _("%(name)s was removed from the household.") % {"name": person.name}


# --- minimum-living lines ------------------------------------------------------------------
class StandardListView(WelfareListView):
    model = LivingStandard
    template_name = "welfare/standard_list.html"
    section = "standards"
    page_title = gettext_lazy("Minimum-living lines")

    def optimise(self, queryset):
        return queryset.select_related("organisation")


class StandardSaveMixin:
    """A line is saved with every open file in its area recomputed, in one service call."""

    model = LivingStandard
    form_class = LivingStandardForm
    section = "standards"

    def form_valid(self, form):
        self.object = form.instance
        standard_save(self.object)
        messages.success(self.request, _("The line was saved; open files in its area were recalculated."))
        return HttpResponseRedirect(reverse("welfare:standard_list"))


class StandardCreateView(StandardSaveMixin, WelfareCreateView):
    page_title = gettext_lazy("New minimum-living line")


class StandardUpdateView(StandardSaveMixin, WelfareUpdateView):
    page_title = gettext_lazy("Edit minimum-living line")


__all__ = [
    "EdgeHouseholdListView", "FileCategoryView", "FileCreateView", "FileDetailView", "FileListView",
    "FileRefileView", "FileRevealView", "FileTransitionView", "FileUpdateView",
    "HouseholdCreateView", "HouseholdDeleteView", "HouseholdRevealView", "HouseholdUpdateView",
    "StandardCreateView", "StandardListView", "StandardUpdateView",
]
