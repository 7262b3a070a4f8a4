"""The search behind every picker box: ``/pick/<kind>/?q=…&for=…`` → JSON (unionadmin/pickers.py)."""
from __future__ import annotations

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views import View

from ..pickers import MAX_QUERY, kinds, pick


class PickQuery(forms.Form):
    """``q``: what was typed; ``for``: which of the kind's querysets the form field uses."""

    q = forms.CharField(max_length=MAX_QUERY, required=False, error_messages={
        "max_length": _("Type at most %(limit_value)d characters."),
    })

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        # "for" is a Python keyword, so the field is added here.
        self.fields["for"] = forms.RegexField(regex=r"^[\w.:,-]*$", max_length=120, required=False)


class PickView(LoginRequiredMixin, View):
    """At most LIMIT rows the user may pick, as ``{"results": [{"value", "text"}], "more"}``.
    A query that does not validate is 400 with its message."""

    kind = ""

    def get(self, request):
        picker = kinds[self.kind]
        query = PickQuery(request.GET)
        if not query.is_valid():
            errors = [str(message) for messages in query.errors.values() for message in messages]
            return JsonResponse({"results": [], "more": False, "errors": errors}, status=400)
        rows, more = pick(picker, request.user, query.cleaned_data["q"], query.cleaned_data["for"])
        return JsonResponse({"results": [{"value": str(row.pk), "text": picker.label(row)} for row in rows],
                             "more": more})


def picker_urls():
    """``/pick/<kind>/``, one path per registered kind (the URLconf loads after every app's
    ready()): an unknown kind is not found, and no URL takes a kwarg that names no object
    (the cross-tenant matrix walks those; tests/unionadmin/test_pickers.py is this one's)."""
    return [path(f"{name}/", PickView.as_view(kind=name), name=name) for name in sorted(kinds)], "pick"
