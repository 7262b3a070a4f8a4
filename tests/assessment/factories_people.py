"""Assessing people: test data built straight into the database (the rules are tested through
``assessment.people`` in test_people.py) and the cross-tenant entries of its URLs."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from assessment.models import PeopleItem, PeopleRubric, PersonEvidence, PersonScore, PersonSheet

from ..factories import MemberFactory
from .factories import PDF_BYTES

D = Decimal
# (area, what is assessed, kind, maximum, evidence required): standard items add up to 100.
ETHICS_ITEMS = [
    ("师德表现", "爱国守法，遵守职业道德", "standard", 40, False),
    ("教书育人", "认真备课上课，批改作业", "standard", 30, False),
    ("为人师表", "廉洁从教，不违规补课", "standard", 30, False),
    ("加分项目", "获县级以上师德表彰", "bonus", 5, True),
    ("扣分项目", "家长有效投诉经查实", "deduction", 10, False),
]


def build_people_rubric(union, *, publish=True, items=ETHICS_ITEMS, title=None, excellent=90, passing=60):
    rubric = PeopleRubric.objects.create(
        union=union, year=2026, title=title or f"{union.name}教师师德量化考核{PeopleRubric.objects.count() + 1}",
        deadline=timezone.localdate() + datetime.timedelta(days=30), excellent_threshold=D(excellent),
        pass_threshold=D(passing))
    for position, (area, what, kind, maximum, evidence) in enumerate(items, start=1):
        PeopleItem.objects.create(rubric=rubric, position=position, area=area, title=what, kind=kind,
                                  maximum=D(maximum), evidence_required=evidence)
    if publish:
        rubric.state, rubric.published_at = PeopleRubric.State.PUBLISHED, timezone.now()
        rubric.save()
    return rubric


def build_person_sheet(rubric, member=None):
    member = member or MemberFactory(union=rubric.union)
    sheet = PersonSheet.objects.create(rubric=rubric, member=member)
    for item in rubric.items.all():
        PersonScore.objects.create(sheet=sheet, item=item, kind=item.kind, maximum=item.maximum)
    return sheet


def _sheet(union):
    return build_person_sheet(build_people_rubric(union))


def _evidence(union):
    score = _sheet(union).scores.get(kind="bonus")
    evidence = PersonEvidence(score=score, file_name="证书.pdf", size=len(PDF_BYTES), content_kind="pdf")
    evidence.file.save("证书.pdf", ContentFile(PDF_BYTES), save=False)
    evidence.save()
    return evidence


CROSS_TENANT = {
    PeopleRubric: build_people_rubric,
    PeopleItem: lambda union: build_people_rubric(union, publish=False).items.first(),
    PersonSheet: _sheet,
    PersonScore: lambda union: _sheet(union).scores.first(),
    PersonEvidence: _evidence,
}
