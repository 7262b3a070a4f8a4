"""What the planning views share: htmx-aware responses, the editor's address, and the refusal
to change a plan that is no longer a draft."""
from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse

from ..models import WorkPlan
from ..services import ensure_editable  # noqa: F401  (re-exported for the views)

PLAN_CHANGED = "planChanged"


def htmx_response(request, template, context, *, changed=False, status=200):
    """A partial for htmx; ``changed`` tells the page to refresh the live preview."""
    response = HttpResponse(render_to_string(template, context, request=request), status=status)
    if changed:
        response["HX-Trigger"] = json.dumps({PLAN_CHANGED: True})
    return response


def editor_url(plan, anchor=""):
    return reverse("planning:plan_edit", args=[plan.pk]) + (f"#{anchor}" if anchor else "")


def refuse_if_not_editable(request, plan: WorkPlan):
    """A redirect to the plan's page with a message when the plan is no longer a draft."""
    if plan.is_editable:
        return None
    from ..services import PlanError

    try:
        ensure_editable(plan)
    except PlanError as error:
        messages.warning(request, error.message)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("planning:plan_detail", args=[plan.pk])
        return response
    return redirect("planning:plan_detail", pk=plan.pk)
