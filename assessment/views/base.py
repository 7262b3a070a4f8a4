"""What every assessment view shares: POST-only actions on one scoped object, htmx-aware
responses, and domain errors turned into messages."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.views.generic import View
from django.views.generic.detail import SingleObjectMixin

from unionadmin.views.mixins import ScopedObjectMixin

from ..services import AssessmentError


def htmx_response(request, template, context, *, trigger: str | None = None, status=200):
    response = HttpResponse(render_to_string(template, context, request=request), status=status)
    if trigger:
        response["HX-Trigger"] = trigger
    return response


class ObjectActionView(ScopedObjectMixin, SingleObjectMixin, View):
    """POST-only action on one scoped object; ``act`` returns the response. An
    ``AssessmentError`` becomes an error message and a redirect to ``done_url``."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            return self.act(request, self.object)
        except AssessmentError as error:
            messages.error(request, error.message)
            return redirect(self.done_url(self.object))

    def act(self, request, obj):  # pragma: no cover - every subclass implements it
        raise NotImplementedError

    def done_url(self, obj):  # pragma: no cover
        raise NotImplementedError
