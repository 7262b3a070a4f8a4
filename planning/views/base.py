"""What every planning view shares: the scoping mixin with the model whose pk the URL names,
htmx-aware responses, and domain errors turned into messages."""
from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.generic import View
from django.views.generic.detail import SingleObjectMixin

from unionadmin.views.mixins import ScopedObjectMixin

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


class ObjectActionView(ScopedObjectMixin, SingleObjectMixin, View):
    """POST-only action on one scoped object (approve, issue, delete, move …)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.act(request, self.object)

    def act(self, request, obj):  # pragma: no cover - every subclass implements it
        raise NotImplementedError


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
