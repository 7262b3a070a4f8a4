"""The view side of scoping: every object view gets its rows through ``visible_to``."""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404


class ScopedObjectMixin(LoginRequiredMixin):
    """For list, detail, create, update and delete views of a scoped model.

    Outsiders get 404 (the object's existence is not confirmed); a person who may see the
    object but not perform ``scope_action`` on it gets 403.
    """

    scope_action = "view"

    def get_queryset(self):
        qs = self.model._default_manager.visible_to(self.request.user, self.scope_action)
        return self.optimise(qs)

    def optimise(self, queryset):
        """Per-page select_related/prefetch_related; override in views."""
        return queryset

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            if self.scope_action != "view" and "pk" in self.kwargs:
                visible = self.model._default_manager.visible_to(self.request.user, "view")
                if visible.filter(pk=self.kwargs["pk"]).exists():
                    raise PermissionDenied from None  # seen but not to be acted on: 403, not 404
            raise


class UserFormKwargsMixin:
    """Hands the user to forms that scope their choices (see forms.ScopedFormMixin)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}
