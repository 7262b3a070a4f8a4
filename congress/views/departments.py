"""Handling departments of a union (承办部门) and who answers for each."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, ListView, UpdateView

from unionadmin.models import RoleAssignment
from unionadmin.roles import Role
from unionadmin.scoping import organisations_where
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin

from ..forms import HandlingDepartmentForm
from ..models import HandlingDepartment
from ..services import CongressError
from ..services.sessions import department_save


class HandlingDepartmentListView(ScopedObjectMixin, ListView):
    model = HandlingDepartment
    template_name = "congress/department_list.html"
    paginate_by = 50

    def optimise(self, queryset):
        return queryset.select_related("union").prefetch_related(
            Prefetch("officers", queryset=get_user_model().objects.order_by("full_name", "username")),
        ).annotate(
            open_count=Count("led_proposals", filter=Q(led_proposals__state="assigned"), distinct=True),
        ).order_by("union__path", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        departments = list(context["object_list"])
        # Only officers still holding the department role at the union answer for it.
        holders = set(RoleAssignment.objects.filter(
            role=Role.DEPARTMENT, organisation_id__in={d.union_id for d in departments},
        ).values_list("user_id", "organisation_id"))
        for department in departments:
            department.people = [person for person in department.officers.all()
                                 if person.is_active and (person.pk, department.union_id) in holders]
        context["departments"] = departments
        context["can_create"] = organisations_where(self.request.user, HandlingDepartment, "change").exists()
        return context


class DepartmentFormMixin(ScopedObjectMixin, UserFormKwargsMixin):
    model = HandlingDepartment
    form_class = HandlingDepartmentForm
    scope_action = "change"
    template_name = "congress/form.html"

    def form_valid(self, form):
        try:
            self.object = department_save(form.instance, officers=form.cleaned_data["officers"])
        except CongressError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The department was saved."))
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return reverse("congress:department_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("congress:department_list"), **kwargs)


class HandlingDepartmentCreateView(DepartmentFormMixin, CreateView):
    extra_context = {"page_title": gettext_lazy("New handling department")}


class HandlingDepartmentUpdateView(DepartmentFormMixin, UpdateView):
    extra_context = {"page_title": gettext_lazy("Edit the handling department")}
