"""Satisfaction surveys in the member portal (/me/congress/): the member's list and the answer page.

A survey is reached only among the member's own surveys (``surveys.surveys_for``: their union's
and those of the unions above it, once opened): another union's survey is a 404 by its pk. A
logged-in person who is no member gets the portal's 403 page for a survey their role lets them
see and 404 for any other (MemberPortalMixin, by ``model``), so nothing is confirmed to outsiders.
"""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from members.portal import MemberPortalMixin
from unionadmin.integrity import DuplicateWrite, saved_once

from .. import surveys
from ..forms_surveys import AnswerForm
from ..models import Survey, SurveyParticipation
from ..services import CongressError


def survey_state(survey, answered_on) -> str:
    """"answered", "open", "upcoming" or "closed", for the member's list."""
    if answered_on:
        return "answered"
    if survey.accepts_answers():
        return "open"
    if survey.not_open_yet:
        return "upcoming"
    return "closed"


class PortalSurveyListView(MemberPortalMixin, TemplateView):
    template_name = "congress/portal/survey_list.html"

    def get_context_data(self, **kwargs):
        answered = dict(SurveyParticipation.objects.filter(member=self.member).values_list("survey_id", "answered_on"))
        rows = [{"survey": s, "answered_on": answered.get(s.pk), "state": survey_state(s, answered.get(s.pk))}
                for s in surveys.surveys_for(self.member).select_related("union").order_by("-opens_on", "-pk")]
        order = {"open": 0, "upcoming": 1, "answered": 2, "closed": 3}
        rows.sort(key=lambda r: order[r["state"]])
        return super().get_context_data(rows=rows, **kwargs)


class PortalSurveyView(MemberPortalMixin, TemplateView):
    """A survey the member may answer: its questions as a form, or what became of it."""

    model = Survey
    template_name = "congress/portal/survey_answer.html"

    def get_survey(self) -> Survey:
        if not hasattr(self, "survey"):
            self.survey = get_object_or_404(surveys.surveys_for(self.member).select_related("union"),
                                            pk=self.kwargs["pk"])
        return self.survey

    def answered_on(self):
        return (SurveyParticipation.objects.filter(survey=self.get_survey(), member=self.member)
                .values_list("answered_on", flat=True).first())

    def get_context_data(self, form=None, **kwargs):
        survey = self.get_survey()
        answered_on = self.answered_on()
        state = survey_state(survey, answered_on)
        if form is None and state == "open":
            form = AnswerForm(survey=survey)
        return super().get_context_data(survey=survey, state=state, answered_on=answered_on, form=form, **kwargs)

    def back(self):
        return HttpResponseRedirect(reverse("congress_portal:survey", args=[self.get_survey().pk]))

    def post(self, request, *args, **kwargs):
        survey = self.get_survey()
        state = survey_state(survey, self.answered_on())
        if state != "open":
            return self.refused({"answered": _("You have already answered this survey."),
                                 "upcoming": _("This survey is not open yet.")}.get(
                state, _("This survey is closed; answers are no longer taken.")))
        form = AnswerForm(request.POST, survey=survey)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            with saved_once():  # the same answers sent twice at once: the second is refused
                surveys.survey_answer(survey, self.member, form.values())
        except (DuplicateWrite, CongressError) as error:
            return self.refused(error.message)
        messages.success(request, _("Thank you: your answers were recorded."))
        return HttpResponseRedirect(reverse("congress_portal:survey_list"))

    def refused(self, message):
        messages.error(self.request, message)
        return self.back()
