from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from ..filters import OrganisationFilter
from ..forms import GrantRoleForm, OrganisationForm
from ..models import AuditEvent, Organisation, RoleAssignment
from ..navigation import filled_panels
from ..querystring import query_object
from ..scoping import organisations_where, user_can
from .mixins import ScopedObjectMixin, UserFormKwargsMixin


class OrganisationListView(ScopedObjectMixin, ListView):
    model = Organisation
    paginate_by = 50
    template_name = "unionadmin/organisation_list.html"

    def optimise(self, queryset):
        return queryset.select_related("parent")

    def get_queryset(self):
        self.filterset = OrganisationFilter(self.request.GET or None, queryset=super().get_queryset(),
                                            user=self.request.user)
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else self.filterset.queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(filterset=self.filterset, **kwargs)


class OrganisationDetailView(ScopedObjectMixin, DetailView):
    model = Organisation
    template_name = "unionadmin/organisation_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("parent")

    def get_context_data(self, **kwargs):
        org = self.object
        user = self.request.user
        children = org.children.annotate(
            grassroots=Count("pk", filter=Q(level=Organisation.Level.GRASSROOTS))
        ).order_by("path")
        subtree = Organisation.objects.subtree_of(org).aggregate(
            units=Count("pk", filter=Q(level=Organisation.Level.GRASSROOTS)),
            all=Count("pk"),
        )
        return super().get_context_data(
            ancestors=[a for a in org.ancestors() if user_can(user, "view", a)],
            children=children,
            subtree=subtree,
            can_change=user_can(user, "change", org),
            role_holders=RoleAssignment.objects.visible_to(user).filter(organisation=org).select_related("user"),
            panels=filled_panels("organisation", self.request, org),
            **kwargs,
        )


class OrganisationCreateView(ScopedObjectMixin, UserFormKwargsMixin, CreateView):
    model = Organisation
    form_class = OrganisationForm
    scope_action = "change"
    template_name = "unionadmin/organisation_form.html"

    def get_initial(self):
        initial = super().get_initial()
        parent = query_object(self.request.GET, "parent", Organisation.objects.visible_to(self.request.user, "change"))
        if parent:
            initial["parent"] = parent
            initial["level"] = {
                Organisation.Level.FEDERATION: Organisation.Level.GRASSROOTS,
                Organisation.Level.INDUSTRY: Organisation.Level.GRASSROOTS,
                Organisation.Level.GRASSROOTS: Organisation.Level.BRANCH,
                Organisation.Level.BRANCH: Organisation.Level.GROUP,
            }.get(parent.level)
        return initial

    def form_valid(self, form):
        messages.success(self.request, _("The organisation “%(name)s” was created.") % {"name": form.instance.name})
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("organisation_detail", args=[self.object.pk])


class OrganisationUpdateView(ScopedObjectMixin, UserFormKwargsMixin, UpdateView):
    model = Organisation
    form_class = OrganisationForm
    scope_action = "change"
    template_name = "unionadmin/organisation_form.html"

    def form_valid(self, form):
        messages.success(self.request, _("Changes saved."))
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("organisation_detail", args=[self.object.pk])


class GrantRoleView(LoginRequiredMixin, FormView):
    """Give someone a role at this organisation (creating their account if needed)."""

    model = Organisation  # what the URL's pk names
    form_class = GrantRoleForm
    template_name = "unionadmin/grant_role.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # Granting needs the right to change role assignments at this organisation.
            self.organisation = get_object_or_404(
                organisations_where(request.user, RoleAssignment, "change"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation, "granted_by": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():  # the grant and its audit row persist together or not at all
            assignment = form.save()
            AuditEvent.record(
                actor=self.request.user, verb=AuditEvent.Verb.GRANT_ROLE, organisation=self.organisation,
                target=assignment, detail=str(assignment),
            )
        messages.success(self.request, _("%(user)s is now %(role)s here.") % {
            "user": assignment.user, "role": assignment.get_role_display()})
        return redirect("organisation_detail", pk=self.organisation.pk)


class RevokeRoleView(ScopedObjectMixin, DetailView):
    """POST only: remove a role assignment within the user's scope."""

    model = RoleAssignment
    scope_action = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        assignment = self.get_object()
        if assignment.user_id == request.user.id:
            messages.error(request, _("You cannot remove your own role; ask another administrator."))
        else:
            with transaction.atomic():  # the revocation and its audit row persist together or not at all
                AuditEvent.record(
                    actor=request.user, verb=AuditEvent.Verb.REVOKE_ROLE, organisation=assignment.organisation,
                    target=assignment.user, detail=str(assignment),
                )
                assignment.delete()
            messages.success(request, _("The role was removed."))
        return redirect("organisation_detail", pk=assignment.organisation_id)
