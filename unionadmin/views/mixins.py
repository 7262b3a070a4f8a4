"""The view side of scoping: every object view gets its rows through ``visible_to``."""
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..querystring import QueryForm

PRINT_MAX_ROWS = 5000  # a browser lays out a few thousand rows; beyond that, the export or PDF


class PrintQuery(QueryForm):
    """``?print=all``: every row of the current filter on one page, for printing."""

    print = forms.ChoiceField(choices=[("", ""), ("all", "all")], required=False)


class PrintAllRowsMixin:
    """For paginated lists: ``?print=all`` shows every row of the current filter (up to
    ``PRINT_MAX_ROWS``) on one page, which the pagination partial offers and prints.
    A value that is not ``all`` gives the normal page with a message."""

    def printing_all(self) -> bool:
        if not hasattr(self, "_printing_all"):
            form = PrintQuery(self.request.GET)
            self._printing_all = form.values["print"] == "all"
            if "print" in self.request.GET and not form.is_valid():
                messages.warning(self.request, _("This print option is not known; the list is shown page by page."))
        return self._printing_all

    def get_paginate_by(self, queryset):
        paginate_by = super().get_paginate_by(queryset)
        return PRINT_MAX_ROWS if paginate_by and self.printing_all() else paginate_by

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        if self.printing_all() and paginator.count > PRINT_MAX_ROWS:
            messages.warning(self.request, _(
                "This list has %(count)s rows; only the first %(max)s are shown for printing. Narrow the "
                "filters, or use the export or the PDF for the whole list.") % {
                "count": number_format(paginator.count, force_grouping=True),
                "max": number_format(PRINT_MAX_ROWS, force_grouping=True)})
        return paginator, page, object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context.get("paginator") is not None:  # only a paginated list has rows beyond its page
            context.setdefault("print_rows", {"all": self.printing_all(), "max": PRINT_MAX_ROWS})
        return context


class ScopedObjectMixin(PrintAllRowsMixin, LoginRequiredMixin):
    """For list, detail, create, update and delete views of a scoped model (a list also
    prints all its rows: PrintAllRowsMixin).

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
