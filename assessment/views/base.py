"""What the assessment's htmx views share: a fragment rendered as the answer. (Actions on one
object use the core view family, unionadmin/views/objects.py.)"""
from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string


def htmx_response(request, template, context, *, trigger: str | None = None, status=200):
    response = HttpResponse(render_to_string(template, context, request=request), status=status)
    if trigger:
        response["HX-Trigger"] = trigger
    return response
