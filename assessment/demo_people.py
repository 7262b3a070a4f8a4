"""Demo: 青溪县第一中学 scores its teachers (师德量化考核) — the rubric, a sheet per teacher
entered by the chair (黄丽) on the teacher's behalf, reviewed by a second officer of the
school's union (the ethics assessment group), results published so the education union
above can read and export them. Idempotent: nothing is added once the rubric exists."""
from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import Member
from unionadmin.demo import data
from unionadmin.demo.people import IdNumbers
from unionadmin.models import Organisation, RoleAssignment
from unionadmin.roles import Role

from . import people
from .models import PeopleItem, PeopleRubric

SCHOOL_NAME = "第一中学工会"
REVIEWER = ("school_ethics", "王建华", "13900000041", "工会副主席（师德考核小组）")
# A login at the education union above, to show what the union above reads (the ranking, not the evidence).
EDUCATION_OFFICER = ("edu_union", "钱卫东", "13900000042", "县教育工会组织部干部")
TEACHERS = 10
ITEMS = [
    ("师德表现", "爱国守法，遵守教师职业道德规范", PeopleItem.Kind.STANDARD, 20, False),
    ("师德表现", "关爱学生，无体罚和变相体罚学生行为", PeopleItem.Kind.STANDARD, 20, False),
    ("教书育人", "认真备课上课、批改作业，因材施教", PeopleItem.Kind.STANDARD, 20, False),
    ("为人师表", "廉洁从教，不违规有偿补课、不收受家长礼品", PeopleItem.Kind.STANDARD, 20, False),
    ("团结协作", "参加集体教研，服从学校工作安排", PeopleItem.Kind.STANDARD, 20, False),
    ("加分项目", "获县级以上师德先进、优秀教师等表彰", PeopleItem.Kind.BONUS, 5, True),
    ("扣分项目", "家长有效投诉或违反师德规定经查实", PeopleItem.Kind.DEDUCTION, 10, False),
]
EXTRA_TEACHERS = ["陈思远", "林晓梅", "吴志刚", "郑雅琴", "何文斌", "许丽娟", "罗建平", "谢婷婷", "周明辉", "蒋慧敏",
                  "沈国栋", "韩雪"]


def _officer(organisation, granted_by, login):
    User = get_user_model()
    username, full_name, mobile, title = login
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(username=username, full_name=full_name, mobile=mobile,
                                   password=make_password(data.PASSWORD))
    RoleAssignment.objects.get_or_create(user=user, organisation=organisation, role=Role.UNION_OFFICER,
                                         defaults={"title": title, "granted_by": granted_by})
    return user


def _reviewer(school, granted_by):
    """A second officer of the school's union: self-scores are entered by one officer and
    reviewed by another, so the demo needs two."""
    return _officer(school, granted_by, REVIEWER)


def _teachers(school, rng):
    """The school's teachers on the roll, its 年级组 branches included (post 教师: not the school
    doctor, the caretakers or the union's chair); a few more teachers only when the roll is short."""
    members = list(Member.objects.filter(union__path__startswith=school.path, status=Member.Status.ACTIVE,
                                         post__contains="教师").order_by("union__path", "pk")[:TEACHERS])
    today = timezone.localdate()
    ids = IdNumbers(rng)
    for index, name in enumerate(EXTRA_TEACHERS[:max(0, TEACHERS - len(members))]):
        gender = "female" if index % 2 else "male"
        born = datetime.date(1975 + index * 2, 1 + index % 12, 10 + index)
        members.append(Member.objects.create(
            union=school, name=name, gender=gender, id_number=ids.make("331122", born, gender),
            employer=school.name, post="教师", joined_on=today.replace(year=today.year - 5, month=9, day=1)))
    return members


def load_demo_people(county_federation: Organisation, users) -> dict:
    school = Organisation.objects.filter(path__startswith=county_federation.path, name__contains=SCHOOL_NAME).first()
    chair = users.get("officer_school")
    if school is None or chair is None:
        return {"created": False, "reason": "no school"}
    year = timezone.localdate().year - 1
    title = f"{year}年度教师师德量化考核"
    existing = PeopleRubric.objects.filter(union=school, year=year, title=title).first()
    if existing is not None:
        return {"created": False, "rubric": existing}
    rng = random.Random(f"people-{year}")
    reviewer = _reviewer(school, chair)
    if school.parent is not None and school.parent.level == Organisation.Level.INDUSTRY:
        _officer(school.parent, None, EDUCATION_OFFICER)
    # Last year's sheets were filled in before its deadline: the rubric is given a deadline still
    # ahead while the demo enters them (the deadline is enforced) and last year's at the end.
    deadline = datetime.date(year, 12, 20)
    rubric = people.rubric_create(chair, union=school, year=year, title=title,
                                  deadline=max(deadline, timezone.localdate() + datetime.timedelta(days=1)),
                                  excellent_threshold=Decimal("90"), pass_threshold=Decimal("70"))
    for area, what, kind, maximum, evidence in ITEMS:
        people.item_add(rubric, chair, area=area, title=what, kind=kind, maximum=Decimal(maximum),
                        evidence_required=evidence)
    people.rubric_publish(rubric, chair)
    teachers = _teachers(school, rng)
    people.sheets_start(rubric, chair, Member.objects.filter(pk__in=[t.pk for t in teachers]))
    for index, sheet in enumerate(rubric.sheets.select_related("member").order_by("member__name")):
        entries = {}
        for score in sheet.scores.select_related("item"):
            if score.kind == PeopleItem.Kind.STANDARD:
                # Most teachers near full marks, a few short: 优秀, 合格 and one 不合格.
                loss = rng.choice([0, 0, 0, 1, 1, 2]) + {2: 2, 5: 3, 9: 7}.get(index, 0)
                points = max(Decimal(0), score.maximum - loss)
            elif score.kind == PeopleItem.Kind.BONUS:
                points = Decimal(3) if index % 4 == 0 else None
            else:
                points = Decimal(5) if index == 7 else None
            entries[score.item_id] = {"points": points, "note": ""}
        people.scores_save(sheet, chair, entries)
        bonus = sheet.scores.get(kind=PeopleItem.Kind.BONUS)
        if bonus.self_points:
            people.evidence_add(bonus, chair, SimpleUploadedFile(
                "县级师德先进证书.pdf", b"%PDF-1.4\n% demo certificate\n", content_type="application/pdf"))
        people.sheet_submit(sheet, chair)
        review = {}
        if index == 3:  # the group grants one point less on an item, with the reason
            first = sheet.scores.filter(kind=PeopleItem.Kind.STANDARD).order_by("item__position").first()
            review[first.item_id] = {"points": max(Decimal(0), first.self_points - 1),
                                     "remark": "集体教研缺席一次，扣1分"}
        people.sheet_review(sheet, reviewer, review, remark="经师德考核小组审核")
    count = people.results_publish(rubric, chair)
    PeopleRubric.objects.filter(pk=rubric.pk).update(deadline=deadline)
    rubric.refresh_from_db()
    return {"created": True, "rubric": rubric, "sheets": count}
