"""Handling departments of a union (承办部门)."""
from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy
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
        return queryset.select_related("union").annotate(
            open_count=Count("led_proposals", filter=Q(led_proposals__state="assigned"), distinct=True),
        ).order_by("union__path", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        departments = list(context["object_list"])
        holders = {}
        for assignment in RoleAssignment.objects.filter(
            role=Role.DEPARTMENT, organisation_id__in={d.union_id for d in departments},
        ).select_related("user"):
            holders.setdefault((assignment.organisation_id, assignment.title), []).append(assignment.user)
        for department in departments:
            department.people = holders.get((department.union_id, department.name), [])
        context["departments"] = departments
        context["can_create"] = organisations_where(self.request.user, HandlingDepartment, "change").exists()
        return context


class DepartmentFormMixin(ScopedObjectMixin, UserFormKwargsMixin):
    model = HandlingDepartment
    form_class = HandlingDepartmentForm
    scope_action = "change"
    template_name = "congress/form.html"

    def form_valid(self, form):
        old_name = HandlingDepartment.objects.filter(pk=form.instance.pk).values_list("name", flat=True).first()
        try:
            self.object = department_save(form.instance, old_name=old_name)
        except CongressError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The department was saved. Its people are those holding the “handling "
                                         "department” role at the union with the department's name as title."))
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("congress:department_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse("congress:department_list"), **kwargs)


class HandlingDepartmentCreateView(DepartmentFormMixin, CreateView):
    extra_context = {"page_title": gettext_lazy("New handling department")}


class HandlingDepartmentUpdateView(DepartmentFormMixin, UpdateView):
    extra_context = {"page_title": gettext_lazy("Edit the handling department")}
