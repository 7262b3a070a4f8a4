"""The demo county's satisfaction surveys (职工满意度测评): at the first three grassroots unions,
an anonymous survey open now (answered by part of the roll) and last year's, closed, with its
results; one union also has a draft with a named question. Idempotent: nothing is added once a
demo survey exists."""
from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from members.models import Member
from unionadmin.models import Organisation

from .models import Survey, SurveyQuestion
from .surveys import question_add, survey_answer, survey_create, survey_open

QUESTIONS = [
    ("您对本单位工会工作的总体满意度", SurveyQuestion.Kind.RATING, ""),
    ("您对职工食堂和生活服务的满意度", SurveyQuestion.Kind.RATING, ""),
    ("您最希望工会重点开展哪方面的工作", SurveyQuestion.Kind.CHOICE,
     "职工文体活动\n技能培训与岗位练兵\n困难职工帮扶\n劳动保护与安全生产"),
    ("您对工会工作还有哪些意见和建议", SurveyQuestion.Kind.TEXT, ""),
]
SUGGESTIONS = ["希望增加夜班职工的餐食供应", "建议多组织技能比武", "职工书屋的图书可以更新一些", "", "", ""]


def _survey(union, title, opens_on, closes_on, answering):
    survey = survey_create(union, by=None, title=title, opens_on=opens_on, closes_on=closes_on, anonymous=True,
                           intro="为了解职工对工会工作的意见，改进服务，请根据实际感受填写，本测评匿名进行。")
    for text, kind, options in QUESTIONS:
        question_add(survey, text=text, kind=kind, required=kind != SurveyQuestion.Kind.TEXT, options=options)
    survey = survey_open(survey)
    rng = random.Random(union.pk)
    questions = list(survey.questions.all())
    for member in answering:
        values = {}
        for question in questions:
            if question.kind == SurveyQuestion.Kind.RATING:
                values[question.pk] = rng.choice([3, 4, 4, 5, 5])
            elif question.kind == SurveyQuestion.Kind.CHOICE:
                values[question.pk] = rng.choice(question.option_list)
            else:
                values[question.pk] = rng.choice(SUGGESTIONS)
        survey_answer(survey, member, values)
    return survey


def load_demo_surveys(federation, users):
    unions = list(Organisation.objects.subtree_of(federation).grassroots().filter(is_active=True).order_by("path")[:3])
    if not unions or Survey.objects.filter(union__in=unions).exists():
        return 0
    today = timezone.localdate()
    with transaction.atomic():
        for index, union in enumerate(unions):
            roll = list(Member.objects.active().filter(union=union).order_by("pk")[:12])
            _survey(union, f"{today.year}年度职工满意度测评", today - datetime.timedelta(days=3),
                    today + datetime.timedelta(days=20), roll[: 4 + 2 * index])
            last = _survey(union, f"{today.year - 1}年度职工满意度测评", today - datetime.timedelta(days=40),
                           today + datetime.timedelta(days=1), roll[:8])
            # Last year's: its days moved back to when it ran, and closed.
            Survey.objects.filter(pk=last.pk).update(
                opens_on=datetime.date(today.year - 1, 11, 1), closes_on=datetime.date(today.year - 1, 11, 30),
                state=Survey.State.CLOSED, closed_at=timezone.now())
        draft = survey_create(unions[0], by=None, title="职工疗休养意向调查", opens_on=today + datetime.timedelta(days=7),
                              closes_on=today + datetime.timedelta(days=21), anonymous=False)
        question_add(draft, text="您希望的疗休养时间", kind=SurveyQuestion.Kind.CHOICE, options="春季\n夏季\n秋季")
    return len(unions) * 2 + 1
