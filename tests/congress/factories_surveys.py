"""Factories for the satisfaction surveys, their entries for the cross-tenant matrix, and the
member portal's makers (``PORTAL_OWN``, read by tests/members/test_portal_access.py)."""
import datetime

import factory
from django.utils import timezone

from congress.models import Survey, SurveyQuestion
from tests.factories import GrassrootsFactory


class SurveyFactory(factory.django.DjangoModelFactory):
    """An open survey, answerable today."""

    class Meta:
        model = Survey

    union = factory.SubFactory(GrassrootsFactory)
    title = factory.Sequence(lambda n: f"职工满意度测评{n}")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    anonymous = True
    state = Survey.State.OPEN


class SurveyQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyQuestion

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"问题{n}")
    kind = SurveyQuestion.Kind.RATING


def survey_with_questions(union, **fields):
    """An open survey of ``union`` with a rating, a choice and a free-text question."""
    survey = SurveyFactory(union=union, **fields)
    SurveyQuestionFactory(survey=survey, position=1, text="您对工会工作总体满意吗？", kind=SurveyQuestion.Kind.RATING)
    SurveyQuestionFactory(survey=survey, position=2, text="您最希望工会开展哪类活动？", kind=SurveyQuestion.Kind.CHOICE,
                          options="文体活动\n技能培训\n困难帮扶")
    SurveyQuestionFactory(survey=survey, position=3, text="您还有什么建议？", kind=SurveyQuestion.Kind.TEXT,
                          required=False)
    return survey


CROSS_TENANT = {
    Survey: lambda union: survey_with_questions(union),
    SurveyQuestion: lambda union: SurveyQuestionFactory(survey=SurveyFactory(union=union, state=Survey.State.DRAFT)),
}

# A survey belongs to a union, not to one member: every member of the union (and of its
# branches) may open it, so the maker gives the member's union a survey, and the portal access
# walk checks the 404 with a member of ANOTHER union (PORTAL_UNION_WIDE).
PORTAL_OWN = {
    Survey: lambda member: survey_with_questions(member.union),
}
PORTAL_UNION_WIDE = {Survey}
