"""Welfare data for the demo county: hardship files across categories and states, this
year's minimum-living line, programmes with budgets for this year and last, grants (approved
and awaiting approval), visits, pairings and a donation drive.

    load_demo_welfare(county_federation, users, *, seed=2026, today=None) -> dict

``users`` maps usernames to the demo's users (the dict load_demo builds; a list of users
works too). It uses "welfare" (welfare officer of 恒达机械) and "officer" (its chair, who
approves), "officer_school" (chair of 县一中). Federation welfare staff approve county-wide
grants, and money needs two people, so two federation welfare logins are used: "fed_welfare"
and "fed_welfare_head" — created here with the demo password (the hash of the "welfare" login)
when ``users`` does not hold them. Everything goes through the welfare services, so the demo
obeys the same rules as the forms (two people for money, budgets, once a year, lifecycle).
Dates are relative to ``today``; nothing is written when the county already has files.
"""
from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from members.models import Member
from members.validators import id_check_character
from unionadmin.models import Organisation, RoleAssignment
from unionadmin.roles import Role

from .models import (
    AidProgramme,
    Donation,
    DonationDrive,
    FileTransition,
    HardshipFile,
    HouseholdMember,
    LivingStandard,
    MustVisitOccasion,
    Pairing,
    PairingFollowUp,
    ProgrammeBudget,
    Visit,
)
from .services import file_confirm_category, file_create, file_recompute, file_transition, grant_approve, grant_propose

Status = HardshipFile.Status
Kind = AidProgramme.Kind
R = HouseholdMember.Relationship
O = HouseholdMember.Occupation
REGION = "513099"  # the demo county's fictitious region code (unionadmin/demo/data.py)

FEDERATION_STAFF = [
    ("fed_welfare", "吴静", "13900000010", "帮扶中心干事"),
    ("fed_welfare_head", "钱志明", "13900000011", "帮扶中心主任"),
]

# Federation programmes: (kind, name, budget this year, last year, usual amount)
FEDERATION_PROGRAMMES = [
    (Kind.WARMTH, "县总工会送温暖", 200000, 180000, 1000),
    (Kind.AUTUMN_SCHOOL, "县总工会金秋助学", 150000, 150000, 3000),
    (Kind.CHILDRENS_DAY, "六一助学", 20000, 20000, 500),
    (Kind.SERIOUS_ILLNESS, "职工大病救助", 300000, 260000, 5000),
    (Kind.MEDICAL_INSURANCE, "困难职工医保补贴", 60000, 60000, 400),
    (Kind.WORK_INJURY, "工伤职工关爱", 50000, 40000, 2000),
    (Kind.WINTER, "冬季援助", 80000, 80000, 800),
    (Kind.SINGLE_MOTHERS, "单亲女职工特别关爱", 40000, 30000, 1500),
    (Kind.LEGAL_AID, "职工法律援助", 30000, 30000, None),
    (Kind.HOSPITAL_INSURANCE, "职工住院互助保险", 100000, 90000, 600),
]
# A grassroots union's own lines: unit key → [(kind, name, this year, last year, usual)]
UNION_PROGRAMMES = {
    "hengda": [
        (Kind.WARMTH, "恒达送温暖", 30000, 28000, 800),
        (Kind.AUTUMN_SCHOOL, "恒达金秋助学", 20000, 15000, 2000),
        (Kind.SERIOUS_ILLNESS, "恒达职工大病互助", 50000, 40000, 3000),
        (Kind.OWN, "恒达职工互助金", 10000, 10000, 500),
    ],
    "no1": [
        (Kind.WARMTH, "一中送温暖", 15000, 12000, 600),
        (Kind.AUTUMN_SCHOOL, "一中教职工子女助学", 10000, 8000, 1500),
    ],
}

# Files: (unit, target state, category, cause, identity, household spec, costs (medical, schooling, other))
# household spec: [(relationship, occupation, monthly income), …] after the worker (whose income comes first).
FILES = [
    ("hengda", "filed_due", "deep", "illness", "sick_leave", 900,
     [(R.SPOUSE, O.UNEMPLOYED, 0), (R.CHILD, O.STUDENT, 0)], (600, 300, 0)),
    ("hengda", "filed_due", "relative", "schooling", "on_duty", 2600,
     [(R.SPOUSE, O.FARMING, 300), (R.CHILD, O.STUDENT, 0), (R.CHILD, O.STUDENT, 0)], (0, 1200, 0)),
    ("hengda", "filed", "accident", "accident", "on_duty", 3200,
     [(R.SPOUSE, O.WORKING, 1800), (R.CHILD, O.PRESCHOOL, 0)], (4200, 0, 300)),
    ("hengda", "filed", "relative", "single_parent", "on_duty", 2200, [(R.CHILD, O.STUDENT, 0)], (200, 600, 0)),
    ("hengda", "filed", "deep", "disability", "early_retired", 1100,
     [(R.SPOUSE, O.UNABLE, 0), (R.PARENT, O.RETIRED, 400)], (500, 0, 0)),
    ("hengda", "recheck", "relative", "illness", "on_duty", 2400,
     [(R.SPOUSE, O.UNEMPLOYED, 0), (R.PARENT, O.RETIRED, 600)], (900, 0, 0)),
    ("hengda", "lifted", "relative", "unemployment", "laid_off", 1500, [(R.SPOUSE, O.WORKING, 1200)], (0, 0, 0)),
    ("hengda", "notice_ended", "deep", "work_injury", "sick_leave", 1000,
     [(R.SPOUSE, O.FARMING, 200), (R.CHILD, O.STUDENT, 0)], (800, 200, 0)),
    ("hengda", "notice", "relative", "illness", "on_duty", 2300,
     [(R.SPOUSE, O.UNEMPLOYED, 0), (R.CHILD, O.STUDENT, 0)], (700, 400, 0)),
    ("hengda", "checking", "relative", "schooling", "on_duty", 2800,
     [(R.SPOUSE, O.WORKING, 900), (R.CHILD, O.STUDENT, 0), (R.CHILD, O.STUDENT, 0)], (0, 1500, 0)),
    ("hengda", "applied", "", "illness", "on_duty", 2100, [(R.SPOUSE, O.UNEMPLOYED, 0)], (1200, 0, 0)),
    ("hengda", "applied", "", "single_parent", "on_duty", 2000,
     [(R.CHILD, O.STUDENT, 0), (R.CHILD, O.PRESCHOOL, 0)], (0, 500, 0)),
    ("no1", "filed_due", "relative", "illness", "on_duty", 3500,
     [(R.SPOUSE, O.UNABLE, 0), (R.CHILD, O.STUDENT, 0)], (1800, 400, 0)),
    ("no1", "filed", "relative", "single_parent", "on_duty", 3200,
     [(R.CHILD, O.STUDENT, 0), (R.PARENT, O.RETIRED, 0)], (300, 800, 0)),
    ("no1", "lifted", "relative", "illness", "on_duty", 3600, [(R.SPOUSE, O.WORKING, 2500)], (400, 0, 0)),
    ("hospital", "filed", "deep", "illness", "sick_leave", 1200,
     [(R.CHILD, O.STUDENT, 0), (R.PARENT, O.RETIRED, 300)], (900, 300, 0)),
    ("hospital", "withdrawn", "relative", "illness", "on_duty", 4200, [(R.SPOUSE, O.WORKING, 3000)], (500, 0, 0)),
    ("xinyuan", "filed", "relative", "work_injury", "sick_leave", 1800,
     [(R.SPOUSE, O.FARMING, 400), (R.CHILD, O.STUDENT, 0), (R.PARENT, O.RETIRED, 0)], (600, 500, 0)),
    ("xinyuan", "closed", "deep", "illness", "retired", 1300, [(R.SPOUSE, O.RETIRED, 600)], (800, 0, 0)),
    ("binjiang", "filed", "accident", "accident", "migrant", 3000,
     [(R.SPOUSE, O.FARMING, 300), (R.CHILD, O.STUDENT, 0)], (3600, 300, 0)),
    ("binjiang", "lifted", "relative", "work_injury", "migrant", 2500, [(R.SPOUSE, O.WORKING, 1600)], (0, 0, 0)),
    ("park", "filed", "relative", "unemployment", "laid_off", 900,
     [(R.SPOUSE, O.WORKING, 1600), (R.CHILD, O.STUDENT, 0)], (0, 400, 0)),
    ("yunling", "applied", "", "disability", "on_duty", 1900, [(R.SPOUSE, O.FARMING, 200)], (300, 0, 0)),
]
NAMES = {
    R.SPOUSE: ["李秀兰", "王建军", "陈玉梅", "刘德华", "张淑芬", "杨国强"],
    R.CHILD: ["张子涵", "李浩然", "王欣怡", "刘宇轩", "陈思雨", "赵梓萱", "黄俊杰"],
    R.PARENT: ["张大山", "李桂花", "王富贵", "刘秀珍"],
}


def _at(day: datetime.date, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _id_number(rng, born: datetime.date, female: bool) -> str:
    sequence = rng.randrange(0, 999)
    sequence = sequence - sequence % 2 + (0 if female else 1)
    first17 = f"{REGION}{born:%Y%m%d}{sequence:03d}"
    return first17 + id_check_character(first17)


def _users(users) -> dict:
    if isinstance(users, dict):
        return dict(users)
    return {u.username: u for u in users}


def _federation_staff(federation, users: dict):
    staff = []
    template = users.get("welfare")
    User = get_user_model()
    for username, name, mobile, title in FEDERATION_STAFF:
        user = users.get(username) or User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=name,
                        mobile=mobile if not User.objects.filter(mobile=mobile).exists() else None)
            user.password = template.password if template is not None else "!"
            user.save()
        RoleAssignment.objects.get_or_create(user=user, organisation=federation, role=Role.WELFARE_OFFICER,
                                             defaults={"title": title})
        staff.append(user)
    return staff


def _programmes(owner, specs, year):
    programmes = {}
    for kind, name, this_year, last_year, usual in specs:
        programme = AidProgramme.objects.create(
            organisation=owner, kind=kind, name=name, standard_amount=usual,
            description="按年度预算执行，资金专款专用。",
        )
        ProgrammeBudget.objects.create(programme=programme, year=year, amount=this_year)
        ProgrammeBudget.objects.create(programme=programme, year=year - 1, amount=last_year)
        programmes[kind] = programme
    return programmes


def _backdate(file, days):
    """Spread the file's recorded steps over the past so the history reads like a real year."""
    steps = list(file.transitions.order_by("pk"))
    for i, step in enumerate(steps):
        FileTransition.objects.filter(pk=step.pk).update(at=_at(days[min(i, len(days) - 1)]))


@transaction.atomic
def load_demo_welfare(county_federation: Organisation, users, *, seed: int = 2026, today=None) -> dict:
    today = today or timezone.localdate()
    year = today.year
    day = datetime.timedelta(days=1)
    if HardshipFile.objects.filter(union__path__startswith=county_federation.path).exists():
        return {"created": False}
    rng = random.Random(seed)
    users = _users(users)
    officer, chair = users["welfare"], users["officer"]
    school_chair = users.get("officer_school")
    fed_staff, fed_head = _federation_staff(county_federation, users)
    units = {u.name: u for u in Organisation.objects.subtree_of(county_federation).grassroots()}
    from unionadmin.demo import data as demo_data

    by_key = {unit.key: units[unit.name] for unit in demo_data.GRASSROOTS if unit.name in units}

    # The minimum-living line (低保标准) of the county, this year and last.
    for y, line in ((year, Decimal("760")), (year - 1, Decimal("730")), (year - 2, Decimal("700"))):
        LivingStandard.objects.create(organisation=county_federation, year=y, monthly_line=line,
                                      note=f"{y}年县民政局公布的城乡低保标准")

    fed_programmes = _programmes(county_federation, FEDERATION_PROGRAMMES, year)
    union_programmes = {key: _programmes(by_key[key], specs, year) for key, specs in UNION_PROGRAMMES.items()}

    # --- hardship files ---------------------------------------------------------------------
    taken: set[int] = set()
    files = []
    for key, state, category, cause, identity, head_income, household, costs in FILES:
        unit = by_key[key]
        candidates = list(Member.objects.filter(union__path__startswith=unit.path, status=Member.Status.ACTIVE)
                          .exclude(pk__in=taken).order_by("pk").values_list("pk", flat=True)[:200])
        if not candidates:
            continue
        worker = Member.objects.get(pk=rng.choice(candidates))
        taken.add(worker.pk)
        proposer = officer if key == "hengda" else fed_staff
        ago = {"filed": (60, 420), "filed_due": (360, 380), "recheck": (380, 400), "lifted": (400, 700),
               "closed": (400, 700), "withdrawn": (400, 700)}.get(state, (3, 40))
        applied_on = today - rng.randint(*ago) * day
        file = file_create(
            worker=worker, by=proposer, head_income=Decimal(head_income), identity_status=identity,
            main_cause=cause, secondary_causes=["schooling"] if cause != "schooling" and any(
                r == R.CHILD and o == O.STUDENT for r, o, _ in household) else [],
            health=HardshipFile.Health.SERIOUS if cause == "illness" else (
                HardshipFile.Health.DISABLED if cause in ("disability", "work_injury")
                else HardshipFile.Health.HEALTHY),
            housing=rng.choice([HardshipFile.Housing.OWN, HardshipFile.Housing.RENTED,
                                HardshipFile.Housing.PUBLIC_RENTAL]),
            medical_costs=Decimal(costs[0]), education_costs=Decimal(costs[1]), other_costs=Decimal(costs[2]),
            situation=_situation(cause, worker), applied_on=applied_on,
        )
        for relationship, occupation, income in household:
            female = rng.random() < 0.5 if relationship != R.SPOUSE else worker.gender == "male"
            born = worker.birth_date + datetime.timedelta(days=365 * {R.SPOUSE: rng.randint(-3, 3), R.CHILD: 26,
                                                                     R.PARENT: -27}.get(relationship, 0))
            born = min(born, today - 400 * day)
            HouseholdMember.objects.create(
                file=file, name=rng.choice(NAMES.get(relationship, ["张三"])), relationship=relationship,
                occupation=occupation, monthly_income=Decimal(income),
                id_number=_id_number(rng, born, female) if born < today - 365 * 2 * day else "",
                health=HardshipFile.Health.CHRONIC if occupation == O.UNABLE else HardshipFile.Health.HEALTHY,
            )
        file_recompute(file)
        files.append((file, state, category, proposer, applied_on))
        _advance(file, state, category, proposer, chair if key == "hengda" else (
            school_chair if key == "no1" and school_chair else fed_head), applied_on, today, rng)

    # --- grants ----------------------------------------------------------------------------
    grants = _grants(files, by_key, fed_programmes, union_programmes, officer, chair, school_chair, fed_staff,
                     fed_head, today, rng)

    # --- visits, pairings, a donation drive ---------------------------------------------------
    visits = _visits(by_key, officer, fed_staff, today, rng)
    pairings = _pairings(files, officer, fed_staff, today)
    drive = _donations(by_key["hengda"], year, today, rng)
    # One grant paid from the drive.
    file = HardshipFile.objects.on_file().filter(union__path__startswith=by_key["hengda"].path).order_by("pk").first()
    if file is not None:
        grant = grant_propose(programme=union_programmes["hengda"][Kind.OWN], member=file.worker, file=file,
                              by=officer, amount=Decimal("600"), granted_on=today - 3 * day, donation_drive=drive,
                              note="慈善一日捐定向资助")
        grant_approve(grant, by=chair)
        grants += 1

    from .services import file_refresh_recheck_flags

    file_refresh_recheck_flags(today)
    return {
        "created": True, "files": len(files), "grants": grants, "visits": visits, "pairings": pairings,
        "donations": drive.donations.count(), "federation_staff": [fed_staff.username, fed_head.username],
    }


def _situation(cause, worker):
    return {
        "illness": f"{worker.name}身患重病，长期住院治疗，医疗费用自付部分较高，家庭收入锐减。",
        "schooling": "两个子女同时在读，学费和生活费支出大，家庭入不敷出。",
        "accident": "家中突遭意外，住院和康复费用远超家庭承受能力。",
        "single_parent": "单亲家庭，独自抚养子女，收入来源单一。",
        "disability": "家庭成员残疾，长期需要照料，无法外出务工。",
        "unemployment": "配偶失业，家庭仅靠一人工资维持。",
        "work_injury": "因工受伤，停工留薪期收入减少，后续康复费用较高。",
    }.get(cause, "")


def _advance(file, state, category, by, approver, applied_on, today, rng):
    """Move a new file to ``state`` through the services, with dates in the past."""
    day = datetime.timedelta(days=1)
    if state == "applied":
        return
    file_transition(file, "start_check", by=by)
    file_confirm_category(file, category=category, by=by)
    if state == "checking":
        _backdate(file, [applied_on, applied_on + 3 * day])
        return
    notice_start = applied_on + 10 * day
    notice_end = notice_start + 6 * day
    if state == "notice":
        notice_start, notice_end = today - 3 * day, today + 3 * day
    if state == "notice_ended":
        notice_start, notice_end = today - 8 * day, today - day
    file_transition(file, "start_notice", by=by, notice_starts_on=notice_start, notice_ends_on=notice_end,
                    reason="在单位公示栏和工会微信群公示")
    if state in ("notice", "notice_ended"):
        _backdate(file, [applied_on, applied_on + 3 * day, notice_start])
        return
    filed_on = notice_end + day
    if state == "filed_due":
        filed_on = today.replace(year=today.year - 1) + rng.randint(5, 25) * day
        notice_start, notice_end = filed_on - 8 * day, filed_on - day
        HardshipFile.objects.filter(pk=file.pk).update(notice_starts_on=notice_start, notice_ends_on=notice_end)
    file_transition(file, "approve", by=approver, today=filed_on, reason="公示期满无异议，同意建档")
    days = [applied_on, applied_on + 3 * day, notice_start, filed_on]
    recheck_day = filed_on.replace(year=filed_on.year + 1) - 10 * day if not (
        filed_on.month == 2 and filed_on.day == 29) else filed_on + 355 * day
    if state == "filed" and recheck_day <= today:
        # Filed more than a year ago: last year's re-check kept it on file.
        file_transition(file, "start_recheck", by=by)
        file_transition(file, "confirm_recheck", by=by, today=recheck_day, reason="入户复核，家庭情况无明显变化")
        days += [recheck_day - 5 * day, recheck_day]
    if state == "recheck":
        file_transition(file, "start_recheck", by=by)
        days.append(today - 5 * day)
    elif state == "lifted":
        file_transition(file, "lift", by=by, today=today - rng.randint(20, 120) * day,
                        reason="家庭成员稳定就业，人均收入超过低保标准两倍，经复核脱困")
        days.append(today - 30 * day)
    elif state == "withdrawn":
        file_transition(file, "withdraw", by=by, today=today - 40 * day,
                        reason="复核发现家庭收入已超过困难标准，本人同意退档")
        days.append(today - 40 * day)
    elif state == "closed":
        file_transition(file, "close", by=by, today=today - 60 * day, close_reason="retired",
                        reason="本人已办理退休，转由退休职工管理")
        days.append(today - 60 * day)
    _backdate(file, days)


def _grants(files, by_key, fed_programmes, union_programmes, officer, chair, school_chair, fed_staff, fed_head,
            today, rng):
    count = 0
    year = today.year
    spring = max(datetime.date(year, 1, 20), datetime.date(year, 1, 1))
    autumn = datetime.date(year, 8, 20) if today >= datetime.date(year, 8, 20) else today

    def give(programme, file, proposer, approver, amount, on, **extra):
        nonlocal count
        file = HardshipFile.objects.get(pk=file.pk)
        if file.filed_on and on.year == file.filed_on.year:
            on = max(on, file.filed_on)  # no grant to a household before it was filed
        grant = grant_propose(programme=programme, member=file.worker, file=file if file.is_on_file else None,
                              by=proposer, amount=Decimal(amount), granted_on=min(on, today), **extra)
        if approver is not None:
            grant_approve(grant, by=approver)
        count += 1
        return grant

    for file, state, category, *_ in files:
        file = HardshipFile.objects.get(pk=file.pk)
        if not file.is_on_file and state != "lifted":
            continue
        key = next((k for k in ("hengda", "no1") if file.union.path.startswith(by_key[k].path)), None)
        if key == "hengda":
            programmes = union_programmes["hengda"]
            give(programmes[Kind.WARMTH], file, officer, chair, 800 if category != "deep" else 1200, spring)
            if HouseholdMember.objects.filter(file=file, relationship=R.CHILD, occupation=O.STUDENT).exists():
                give(programmes[Kind.AUTUMN_SCHOOL], file, officer, chair, 2000, autumn)
            if category == "deep" and file.main_cause == "illness":
                give(programmes[Kind.SERIOUS_ILLNESS], file, officer, chair, 3000, today - 40 * datetime.timedelta(1))
                # A second round the same year, with the reason recorded.
                give(programmes[Kind.SERIOUS_ILLNESS], file, officer, None, 2000, today - 2 * datetime.timedelta(1),
                     repeat_reason="再次住院手术，自付费用超过两万元")
        elif key == "no1" and school_chair is not None:
            give(union_programmes["no1"][Kind.WARMTH], file, fed_staff, school_chair, 600, spring)
        else:
            give(fed_programmes[Kind.WARMTH], file, fed_staff, fed_head, 1000, spring)
            if category == "accident":
                give(fed_programmes[Kind.SERIOUS_ILLNESS], file, fed_staff, fed_head, 5000,
                     today - 20 * datetime.timedelta(1))
            if file.main_cause == "work_injury":
                give(fed_programmes[Kind.WORK_INJURY], file, fed_staff, None, 2000, today - 1 * datetime.timedelta(1))
        # Last year's Spring-Festival visit money, for the by-year report.
        last_spring = datetime.date(year - 1, 1, 22)
        if file.filed_on and file.filed_on <= last_spring:
            programme = fed_programmes[Kind.WARMTH]
            give(programme, file, fed_staff, fed_head, 800, last_spring)
    # Goods: rice and oil for every filed household of 恒达 at the winter aid.
    winter = fed_programmes[Kind.WINTER]
    for file, _state, *_ in files:
        file = HardshipFile.objects.get(pk=file.pk)
        if file.is_on_file and file.union.path.startswith(by_key["hengda"].path) and today.month >= 11:
            give(winter, file, fed_staff, fed_head, 300, today - 5 * datetime.timedelta(1), kind="goods",
                 description="大米20公斤、食用油10升、棉被一床")
    return count


def _visits(by_key, officer, fed_staff, today, rng):
    day = datetime.timedelta(days=1)
    hengda = by_key["hengda"]
    occasions = [MustVisitOccasion.objects.create(organisation=hengda, name=str(name), order=i)
                 for i, name in enumerate(MustVisitOccasion.DEFAULTS, start=1)]
    members = list(Member.objects.filter(union__path__startswith=hengda.path, status=Member.Status.ACTIVE)
                   .order_by("pk")[:60])
    specs = [
        (Visit.Kind.HOSPITAL, dict(hospital="青溪县人民医院", money=Decimal("500"), goods="水果、牛奶")),
        (Visit.Kind.HOSPITAL, dict(hospital="市第一人民医院", money=Decimal("500"))),
        (Visit.Kind.CONDOLENCE, dict(relationship=R.PARENT, deceased_name="王德明", money=Decimal("800"),
                                     goods="花圈一个")),
        (Visit.Kind.CONDOLENCE, dict(relationship=R.SPOUSE_PARENT, deceased_name="李淑珍", money=Decimal("500"))),
        (Visit.Kind.FESTIVAL, dict(festival="春节", group=Visit.Group.MODEL_WORKER, money=Decimal("1000"))),
        (Visit.Kind.FESTIVAL, dict(festival="春节", group=Visit.Group.RETIREE, goods="大米、食用油")),
        (Visit.Kind.FESTIVAL, dict(festival="中秋节", group=Visit.Group.HARDSHIP, goods="月饼、食用油")),
        (Visit.Kind.MUST_VISIT, dict(occasion=occasions[3], money=Decimal("300"), note="祝贺新婚")),
        (Visit.Kind.MUST_VISIT, dict(occasion=occasions[4], goods="纪念品", note="光荣退休座谈")),
        (Visit.Kind.MUST_VISIT, dict(occasion=occasions[0], hospital="青溪县中医医院", money=Decimal("300"))),
    ]
    for i, (kind, extra) in enumerate(specs):
        member = members[(i * 7) % len(members)]
        Visit.objects.create(union=member.union, member=member, kind=kind, visited_on=today - (i * 17 + 3) * day,
                             visitors="工会主席刘志强、帮扶干部王秀英", recorded_by=officer, **extra)
    return len(specs)


def _pairings(files, officer, fed_staff, today):
    day = datetime.timedelta(days=1)
    on_file = [HardshipFile.objects.get(pk=f.pk) for f, *_ in files]
    on_file = [f for f in on_file if f.is_on_file]
    specs = [
        ("赵建国", "恒达机械总经理", 300, 60, "家庭人均月收入超过低保标准两倍", Pairing.Status.ACTIVE),
        ("孙立新", "恒达机械副总经理", 400, -20, "配偶实现稳定就业", Pairing.Status.ACTIVE),  # overdue
        ("周建华", "县总工会主席", 500, -100, "子女完成学业并就业", Pairing.Status.ACHIEVED),
    ]
    count = 0
    for (helper, post, started, deadline, goal, status), file in zip(specs, on_file, strict=False):
        pairing = Pairing.objects.create(
            file=file, helper_name=helper, helper_post=post, started_on=today - started * day, goal=goal,
            plan="1. 每季度入户走访一次；2. 协调配偶到园区企业就业；3. 子女申请金秋助学；4. 落实医保补贴。",
            deadline=today + deadline * day,
        )
        for months in (1, 4, 7):
            if started - months * 30 > 0:
                PairingFollowUp.objects.create(pairing=pairing, on=today - (started - months * 30) * day,
                                               note="入户走访，了解就业和就医情况，送去慰问品。", recorded_by=officer)
        if status != Pairing.Status.ACTIVE:
            Pairing.objects.filter(pk=pairing.pk).update(
                status=status, outcome="配偶在园区企业稳定就业，子女毕业工作，家庭人均收入达到低保标准2.4倍。",
                rating=Pairing.Rating.GOOD, assessed_on=today + deadline * day, assessed_by=fed_staff,
            )
        count += 1
    return count


def _donations(union, year, today, rng):
    drive = DonationDrive.objects.create(
        organisation=union, name=f"{year}年“慈善一日捐”", year=year, starts_on=today - 40 * datetime.timedelta(1),
        ends_on=today - 10 * datetime.timedelta(1), purpose="全体职工捐出一日工资，用于本单位困难职工帮扶。",
    )
    departments = ["机加工车间", "装配车间", "铸造车间", "技术部", "财务部", "综合办"]
    donors = list(Member.objects.filter(union__path__startswith=union.path, status=Member.Status.ACTIVE)
                  .order_by("pk")[:36])
    for i, member in enumerate(donors):
        Donation.objects.create(drive=drive, donor_type=Donation.DonorType.STAFF, donor_name=member.name,
                                donor_unit=departments[i % len(departments)],
                                amount=Decimal(rng.choice([50, 100, 100, 150, 200, 300])),
                                donated_on=drive.starts_on + datetime.timedelta(days=i % 20),
                                receipt_number=f"CS{year}{i + 1:04d}")
    Donation.objects.create(drive=drive, donor_type=Donation.DonorType.ORGANISATION, donor_name="恒达机械制造有限公司",
                            amount=Decimal("5000"), donated_on=drive.ends_on, receipt_number=f"CS{year}9001")
    Donation.objects.create(drive=drive, donor_type=Donation.DonorType.PUBLIC, donor_name="匿名",
                            amount=Decimal("200"), donated_on=drive.ends_on)
    return drive
