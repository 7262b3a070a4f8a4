"""Model-worker care for the demo county (青溪县): the federation's cut-off for the annual
update, last year's recuperation round for city-level model workers and above, this year's
health check for every model worker (most went, one declined, one was replaced), a coming
recuperation round with invitations only, and the annual updates (some model workers left
overdue, so the overdue list has rows), and one model worker's application for hardship aid.

    load_demo_care(county_federation, users, *, today=None) -> dict

Runs after the welfare step (order 31) and uses its federation welfare login "fed_welfare"
when there is one. Outcomes go through the care services (archive entries once each).
Nothing is written when the county already has a care round.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from members.models import Honour, Member

from .models import CareInvitation, CareRound, CareSettings, HardshipFile, SituationUpdate
from .services import WelfareError, file_create
from .services.model_worker_care import invitation_record_outcome, levels_from, model_workers_of

Status = CareInvitation.Status
Income = SituationUpdate.Income

WORK = ["在一线岗位带徒传艺，牵头技术攻关", "担任班组长，带领班组完成年度任务", "在教学一线，承担毕业班教学",
        "参与科室质量改进项目", "负责车队安全行车培训"]
HEALTH = ["良好", "良好", "高血压，服药控制", "腰椎间盘突出，定期理疗", "良好"]
INCOMES = [Income.MIDDLE, Income.MIDDLE, Income.LOW, Income.COMFORTABLE, Income.MIDDLE]
DIFFICULTIES = ["", "", "爱人长期患病，医疗开支较大", "", "子女上大学，开支增加"]
WISHES = ["希望多组织技能交流", "", "希望协调定点医院复诊", "希望参加疗休养", ""]


def _hardship_application(worker, clerk):
    """The model worker whose spouse is long ill applies for hardship aid (the list of model
    workers in hardship then has a row); None when they already have an open file."""
    try:
        return file_create(worker=worker, by=clerk, identity_status=HardshipFile.IdentityStatus.ON_DUTY,
                           main_cause=HardshipFile.Cause.ILLNESS, head_income=Decimal("3200"),
                           situation="爱人长期患病，每月医疗开支较大。", medical_costs=Decimal("1500"))
    except WelfareError:
        return None


def _honour_flagged_members(county_federation, today):
    """Members flagged as model workers with no honour at all (a county built without the members
    app's step) get a county 劳动模范 honour, so care - which asks for a model-worker honour -
    finds them."""
    bare = Member.objects.filter(union__path__startswith=county_federation.path, is_model_worker=True,
                                 honours__isnull=True)
    for index, member in enumerate(bare.order_by("pk")):
        level, title, by = (("county", "县劳动模范", "青溪县人民政府"), ("city", "市劳动模范", "市人民政府"))[index % 2]
        Honour.objects.create(member=member, kind=Honour.Kind.MODEL_WORKER, title=title, level=level,
                              year=today.year - 3 - index % 5, awarded_by=by)


def _day(year: int, month: int, day: int, today: datetime.date) -> datetime.date:
    """The date in ``year``, moved back a year when it would lie after ``today``."""
    date = datetime.date(year, month, day)
    return date if date <= today else datetime.date(year - 1, month, day)


@transaction.atomic
def load_demo_care(county_federation, users, *, today=None) -> dict:
    today = today or timezone.localdate()
    if CareRound.objects.filter(organiser__path__startswith=county_federation.path).exists():
        return {"created": False}
    users = users if isinstance(users, dict) else {u.username: u for u in users}
    clerk = users.get("fed_welfare") or users.get("welfare")
    _honour_flagged_members(county_federation, today)
    workers = list(model_workers_of(county_federation))
    if not workers:
        return {"created": False}

    CareSettings.objects.get_or_create(organisation=county_federation,
                                       defaults={"update_due_month": 7, "update_due_day": 31})

    # Last year's recuperation round: city-level model workers and above; everyone went.
    last = today.year - 1
    trip = CareRound.objects.create(
        organiser=county_federation, kind=CareRound.Kind.RECUPERATION, year=last,
        title=f"{last}年市级以上劳模疗休养", place="浙江淳安千岛湖职工疗休养基地",
        starts_on=datetime.date(last, 10, 14), ends_on=datetime.date(last, 10, 18),
        budget_per_person=Decimal("2800"), created_by=clerk,
        note="县总工会组织，往返统一乘车。")
    senior = [m for m in workers if m.honours.filter(level__in=levels_from("city")).exists()]
    for member in senior[:8]:
        invitation = CareInvitation.objects.create(care_round=trip, member=member)
        invitation_record_outcome(invitation, status=Status.ATTENDED, by=clerk)
    # Paid ten days after it ended; set directly, since round_pay pays on today's date and
    # posts today's voucher (last year's books are not the demo's).
    trip.paid_on, trip.paid_by = trip.ends_on + datetime.timedelta(days=10), clerk
    trip.save(update_fields=["paid_on", "paid_by"])

    # This year's health check for every model worker (started before today).
    check_start = _day(today.year, 4, 10, today)
    check = CareRound.objects.create(
        organiser=county_federation, kind=CareRound.Kind.HEALTH_CHECK, year=check_start.year,
        title=f"{check_start.year}年全县劳模健康体检", place="青溪县人民医院体检中心",
        starts_on=check_start, ends_on=check_start + datetime.timedelta(days=20),
        budget_per_person=Decimal("680"), created_by=clerk)
    invited = [CareInvitation.objects.create(care_round=check, member=m) for m in workers[:-1]]
    spare = workers[-1]
    for index, invitation in enumerate(invited):
        if index == 1:
            invitation_record_outcome(invitation, status=Status.DECLINED, by=clerk, decline_reason="住院治疗中，改期单独安排")
        elif index == 2:
            replacement = invitation_record_outcome(invitation, status=Status.REPLACED, by=clerk,
                                                    replacement=spare).replaced_by
            invitation_record_outcome(replacement, status=Status.ATTENDED, by=clerk)
        elif index == 3:
            continue  # still "invited": the outcome is not recorded yet
        else:
            invitation_record_outcome(invitation, status=Status.ATTENDED, by=clerk,
                                      cost=Decimal("860") if index == 0 else None)  # extra items for one

    # A coming recuperation round: invitations only.
    coming_start = today + datetime.timedelta(days=30)
    coming = CareRound.objects.create(
        organiser=county_federation, kind=CareRound.Kind.RECUPERATION, year=coming_start.year,
        title=f"{coming_start.year}年劳模疗休养（第二批）", place="青溪县桃花岭职工疗休养基地",
        starts_on=coming_start, ends_on=coming_start + datetime.timedelta(days=4),
        budget_per_person=Decimal("1800"), created_by=clerk)
    for member in workers[8:16]:
        CareInvitation.objects.create(care_round=coming, member=member)

    # Annual updates: last year for most, this year for about half; the rest are overdue.
    updates = 0
    for index, member in enumerate(workers):
        years = []
        if index % 5 != 4:
            years.append(last)
        if index % 2 == 0:
            years.append(today.year)
        for year in years:
            visited = _day(year, 6, 12, today) if year == today.year else datetime.date(year, 6, 12)
            SituationUpdate.objects.create(
                union=member.union, member=member, year=year, work=WORK[index % 5], health=HEALTH[index % 5],
                family_income=INCOMES[index % 5], difficulties=DIFFICULTIES[index % 5], wishes=WISHES[index % 5],
                visited_by="县总工会劳模办", visited_on=visited, recorded_by=clerk)
            updates += 1
    hardship = _hardship_application(workers[2], clerk)
    return {"created": True, "rounds": 3, "hardship_files": int(hardship is not None), "invitations": CareInvitation.objects.filter(
        care_round__organiser=county_federation).count(), "updates": updates,
        "model_workers": Member.objects.filter(pk__in=[m.pk for m in workers]).count()}
