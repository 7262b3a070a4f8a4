"""Satisfaction surveys (职工满意度测评): the rules (issue 19, item 6).

An officer writes a survey as a draft with its questions, opens it (it needs a question, and
each choice question two options), and may close it early; members answer it once between its
opening and closing days. ``survey_answer`` checks everything again under the survey's row
lock; the participation's unique constraint refuses a second answer sent at the same moment.
"""
from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from unionadmin.scoping import ancestor_paths

from .models import Survey, SurveyAnswer, SurveyParticipation, SurveyQuestion, SurveyResponse
from .services import CongressError

RATINGS = (1, 2, 3, 4, 5)


def _locked(survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


def _check_dates(opens_on, closes_on):
    if opens_on and closes_on and closes_on < opens_on:
        raise CongressError(_("A survey closes on or after the day it opens."), field="closes_on")


# --- the officer's side --------------------------------------------------------------------------
def survey_create(union, *, by, title, opens_on, closes_on, anonymous=True, intro="") -> Survey:
    _check_dates(opens_on, closes_on)
    return Survey.objects.create(union=union, created_by=by, title=title, intro=intro, opens_on=opens_on,
                                 closes_on=closes_on, anonymous=anonymous)


def survey_update(survey, **fields) -> Survey:
    with transaction.atomic():
        survey = _locked(survey)
        if survey.state != Survey.State.DRAFT:
            raise CongressError(_("Only a draft survey can be changed; this one has been opened."))
        _check_dates(fields.get("opens_on", survey.opens_on), fields.get("closes_on", survey.closes_on))
        for name, value in fields.items():
            setattr(survey, name, value)
        survey.save()
    return survey


def question_add(survey, *, text, kind, required=True, options="") -> SurveyQuestion:
    with transaction.atomic():
        survey = _locked(survey)
        if survey.state != Survey.State.DRAFT:
            raise CongressError(_("Questions can only be added while the survey is a draft."))
        question = SurveyQuestion(survey=survey, text=text, kind=kind, required=required,
                                  options=options if kind == SurveyQuestion.Kind.CHOICE else "")
        if kind == SurveyQuestion.Kind.CHOICE and len(question.option_list) < 2:
            raise CongressError(_("A choice question needs at least two options, one per line."), field="options")
        question.options = "\n".join(question.option_list)
        question.position = (survey.questions.aggregate(last=Max("position"))["last"] or 0) + 1
        question.save()
    return question


def question_remove(question) -> None:
    with transaction.atomic():
        survey = _locked(question.survey)
        if survey.state != Survey.State.DRAFT:
            raise CongressError(_("Questions can only be removed while the survey is a draft."))
        question.delete()
        # Number the rest again, 1, 2, 3… (two passes: positions are unique per survey).
        rest = list(survey.questions.order_by("position", "pk"))
        for offset, q in enumerate(rest, start=1):
            SurveyQuestion.objects.filter(pk=q.pk).update(position=1000 + offset)
        for offset, q in enumerate(rest, start=1):
            SurveyQuestion.objects.filter(pk=q.pk).update(position=offset)


def survey_open(survey) -> Survey:
    with transaction.atomic():
        survey = _locked(survey)
        if survey.state != Survey.State.DRAFT:
            raise CongressError(_("This survey has already been opened."))
        questions = list(survey.questions.all())
        if not questions:
            raise CongressError(_("Add at least one question before opening the survey."))
        if survey.closes_on < timezone.localdate():
            raise CongressError(_("The survey's closing day has passed; change the dates first."))
        survey.state = Survey.State.OPEN
        survey.opened_at = timezone.now()
        survey.save(update_fields=["state", "opened_at"])
    return survey


def survey_close(survey) -> Survey:
    with transaction.atomic():
        survey = _locked(survey)
        if survey.state != Survey.State.OPEN:
            raise CongressError(_("Only an open survey can be closed."))
        survey.state = Survey.State.CLOSED
        survey.closed_at = timezone.now()
        survey.save(update_fields=["state", "closed_at"])
    return survey


# --- the member's side ---------------------------------------------------------------------------
def surveys_for(member):
    """The surveys a member sees in the portal: opened (or closed) surveys of their union and of
    every union above it, while they are a current member."""
    if member is None or member.status != Member.Status.ACTIVE:
        return Survey.objects.none()
    path = member.union.path
    return Survey.objects.filter(union__path__in=sorted({path} | ancestor_paths([path]))).exclude(
        state=Survey.State.DRAFT)


def surveys_to_answer(member):
    """Open surveys the member has not answered yet (the portal's "answer a survey")."""
    return surveys_for(member).accepting().exclude(participations__member=member)


def has_survey_to_answer(member) -> bool:
    return surveys_to_answer(member).exists()


def _reaches(survey, member) -> bool:
    path = member.union.path
    return member.status == Member.Status.ACTIVE and (path == survey.union.path or path.startswith(survey.union.path))


def clean_answers(survey, values: dict) -> dict:
    """{question: value} from {question pk: raw value}; a required question left empty or a value
    outside the question's options is refused (the form checks the same)."""
    cleaned = {}
    for question in survey.questions.all():
        raw = values.get(question.pk)
        raw = raw.strip() if isinstance(raw, str) else raw
        if raw in (None, ""):
            if question.required:
                raise CongressError(_("Please answer question %(number)s.") % {"number": question.position})
            continue
        if question.kind == SurveyQuestion.Kind.RATING:
            try:
                raw = int(raw)
            except (TypeError, ValueError):
                raw = 0
            if raw not in RATINGS:
                raise CongressError(_("Question %(number)s takes a rating from 1 to 5.") % {
                    "number": question.position})
        elif question.kind == SurveyQuestion.Kind.CHOICE and raw not in question.option_list:
            raise CongressError(_("Question %(number)s: please choose one of the options.") % {
                "number": question.position})
        cleaned[question] = raw
    return cleaned


def survey_answer(survey, member, values: dict) -> SurveyParticipation:
    """Record the member's answers once. ``values``: {question pk: value}."""
    with transaction.atomic():
        survey = _locked(survey)
        if not _reaches(survey, member):
            raise CongressError(_("This survey is for the members of another union."))
        if survey.state == Survey.State.DRAFT or survey.not_open_yet:
            raise CongressError(_("This survey is not open yet."))
        if not survey.accepts_answers():
            raise CongressError(_("This survey is closed; answers are no longer taken."))
        if SurveyParticipation.objects.filter(survey=survey, member=member).exists():
            raise CongressError(_("You have already answered this survey."))
        answers = clean_answers(survey, values)
        participation = SurveyParticipation.objects.create(survey=survey, member=member)
        response = SurveyResponse.objects.create(
            survey=survey, member=None if survey.anonymous else member,
            submitted_at=None if survey.anonymous else timezone.now())
        SurveyAnswer.objects.bulk_create([
            SurveyAnswer(response=response, question=question,
                         rating=value if question.kind == SurveyQuestion.Kind.RATING else None,
                         choice=value if question.kind == SurveyQuestion.Kind.CHOICE else "",
                         text=value if question.kind == SurveyQuestion.Kind.TEXT else "")
            for question, value in answers.items()
        ])
    return participation


# --- results -------------------------------------------------------------------------------------
def current_member_count(survey) -> int:
    return Member.objects.active().filter(union__path__startswith=survey.union.path).count()


def survey_results(survey) -> dict:
    """Responses, the response rate against current members of the union's subtree, and per
    question: a rating's average and distribution, a choice's counts, the free-text answers.
    Free texts are listed in the order of their words, never of who or when (so an anonymous
    survey's answers cannot be put back in the order members answered)."""
    responses = survey.participations.count()
    members = current_member_count(survey)
    answers = list(SurveyAnswer.objects.filter(response__survey=survey).values(
        "question_id", "rating", "choice", "text", "response__member__name"))
    by_question: dict[int, list[dict]] = {}
    for answer in answers:
        by_question.setdefault(answer["question_id"], []).append(answer)
    questions = []
    for question in survey.questions.all():
        rows = by_question.get(question.pk, [])
        item = {"question": question, "answered": len(rows)}
        if question.kind == SurveyQuestion.Kind.RATING:
            counts = Counter(r["rating"] for r in rows)
            item["average"] = round(sum(r["rating"] for r in rows) / len(rows), 2) if rows else None
            item["distribution"] = [{"value": v, "count": counts[v],
                                     "percent": round(100 * counts[v] / len(rows)) if rows else 0} for v in RATINGS]
        elif question.kind == SurveyQuestion.Kind.CHOICE:
            counts = Counter(r["choice"] for r in rows)
            options = question.option_list + sorted(set(counts) - set(question.option_list))
            item["choices"] = [{"option": o, "count": counts[o],
                                "percent": round(100 * counts[o] / len(rows)) if rows else 0} for o in options]
        else:
            texts = [{"text": r["text"], "name": "" if survey.anonymous else (r["response__member__name"] or "")}
                     for r in rows if r["text"]]
            item["texts"] = sorted(texts, key=lambda t: (t["text"], t["name"]))
        questions.append(item)
    return {
        "responses": responses, "members": members,
        "rate": round(100 * responses / members, 1) if members else None,
        "questions": questions,
    }


# --- the member's own record ---------------------------------------------------------------------
def answered_by(member):
    """The member's participations, newest first (titles and days only)."""
    return SurveyParticipation.objects.filter(member=member).select_related("survey", "survey__union").order_by(
        "-answered_on", "-pk")


def named_answers_of(member):
    """The member's answers in surveys that were not anonymous (anonymous answers name nobody)."""
    return SurveyAnswer.objects.filter(response__member=member, response__survey__anonymous=False).select_related(
        "response__survey__union", "question").order_by("-response__submitted_at", "question__position")
