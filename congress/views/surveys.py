"""Satisfaction surveys, the officer's side: the list, a survey with its questions, opening and
closing it, and its results (a page and an XLSX). Rows come through ``visible_to``; the rules
are in congress/surveys.py."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import CreateView, DetailView, ListView

from unionadmin.integrity import DuplicateWrite, saved_once
from unionadmin.scoping import organisations_where, user_can
from unionadmin.views.dashboard import xlsx_response
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin

from .. import surveys
from ..forms_surveys import QuestionForm, SurveyForm
from ..models import Survey, SurveyQuestion
from ..services import CongressError
from .base import ObjectActionView, ObjectFormView


class SurveyListView(ScopedObjectMixin, ListView):
    model = Survey
    template_name = "congress/surveys/survey_list.html"
    paginate_by = 50

    def optimise(self, queryset):
        return queryset.select_related("union").order_by("-opens_on", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_create=organisations_where(self.request.user, Survey, "change").exists(), **kwargs)


class SurveyCreateView(LoginRequiredMixin, UserFormKwargsMixin, CreateView):
    model = Survey
    form_class = SurveyForm
    template_name = "congress/surveys/survey_form.html"
    extra_context = {"page_title": gettext_lazy("New satisfaction survey")}

    def form_valid(self, form):
        try:
            with saved_once():
                self.object = surveys.survey_create(by=self.request.user, **form.cleaned_data)
        except (DuplicateWrite, CongressError) as error:
            form.add_error(getattr(error, "field", None) if getattr(error, "field", None) in form.fields else None,
                           error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The survey was saved as a draft; add its questions, then open it."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class SurveyUpdateView(ObjectFormView):
    model = Survey
    scope_action = "change"
    step = "edit"
    form_class = SurveyForm
    template_name = "congress/surveys/survey_form.html"
    page_title = gettext_lazy("Edit the survey")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "user": self.request.user}

    def perform(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "union"}
        surveys.survey_update(self.object, **data)
        return _("The survey was saved.")


class SurveyDetailView(ScopedObjectMixin, DetailView):
    model = Survey
    template_name = "congress/surveys/survey_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("union", "created_by")

    def get_context_data(self, **kwargs):
        survey = self.object
        allowed = survey.allowed_actions(self.request.user)
        return super().get_context_data(
            questions=survey.questions.all(), allowed=allowed,
            question_form=QuestionForm() if "edit" in allowed else None,
            responses=survey.participations.count(), **kwargs)


class QuestionAddView(ObjectFormView):
    model = Survey
    scope_action = "change"
    step = "edit"
    form_class = QuestionForm
    page_title = gettext_lazy("Add a question")

    def perform(self, form):
        question = surveys.question_add(self.object, **form.cleaned_data)
        return _("Question %(number)s was added.") % {"number": question.position}


class QuestionRemoveView(ObjectActionView):
    model = SurveyQuestion
    scope_action = "change"

    def act(self, question):
        surveys.question_remove(question)
        return _("The question was removed.")


class SurveyOpenView(ObjectActionView):
    model = Survey
    scope_action = "change"
    step = "open"

    def act(self, survey):
        surveys.survey_open(survey)
        return _("The survey is open: members answer it from their portal from %(date)s.") % {
            "date": survey.opens_on.isoformat()}


class SurveyCloseView(ObjectActionView):
    model = Survey
    scope_action = "change"
    step = "close"

    def act(self, survey):
        surveys.survey_close(survey)
        return _("The survey is closed; no more answers are taken.")


class SurveyResultsView(ScopedObjectMixin, DetailView):
    model = Survey
    template_name = "congress/surveys/survey_results.html"

    def optimise(self, queryset):
        return queryset.select_related("union")

    def get_context_data(self, **kwargs):
        return super().get_context_data(results=surveys.survey_results(self.object),
                                        can_change=user_can(self.request.user, "change", self.object), **kwargs)


class SurveyResultsExportView(ScopedObjectMixin, DetailView):
    """The results as XLSX: one row per rating value, option and free-text answer (an audited export)."""

    model = Survey

    def get(self, request, *args, **kwargs):
        survey = self.object = self.get_object()
        results = surveys.survey_results(survey)
        rows = [[_("Responses"), None, results["responses"], None],
                [_("Current members"), None, results["members"], None],
                [_("Response rate (percent)"), None, results["rate"], None]]
        for item in results["questions"]:
            question = item["question"]
            title = f"{question.position}. {question.text}"
            if "distribution" in item:
                rows.append([title, _("Average"), item["average"], None])
                rows += [[title, str(d["value"]), d["count"], d["percent"]] for d in item["distribution"]]
            elif "choices" in item:
                rows += [[title, c["option"], c["count"], c["percent"]] for c in item["choices"]]
            else:
                rows += [[title, t["text"], t["name"] or None, None] for t in item["texts"]]
        header = [_("Question"), pgettext("survey results", "Answer"), _("Count"), _("Percent")]
        return xlsx_response(request, organisation=survey.union, filename=f"survey-{survey.pk}-results.xlsx",
                             sheet=_("Survey results"), header=header, rows=rows,
                             detail=_("Results of the survey %(title)s") % {"title": survey.title})
