"""The competitions part of the demo county.

``load_demo_competitions(county_federation, users)`` adds, organised by the county
federation:

* this year's 安康杯 (Safety and Health Cup) with three weighted items, three judges (the demo
  ``judge`` and two more judge logins it creates, mobiles 13900000021 and 13900000022, the
  demo password), seven work teams from five unions, every judge's scores, one recusal,
  locked, through its public notice and published with awards;
* this year's 创新杯 (Innovation Cup), scored by z-score, still being scored: the demo judge
  has entries waiting on their home page;
* rationalisation proposals and technical innovations at 恒达机械 and 鑫源水泥 in every
  state, three of them implemented with their annual benefit;
* a staff basketball tournament with four teams, its round-robin matches and final places.

Every step goes through the app's services, so the demo holds only what the pages could have
made. ``users`` maps the demo usernames to their accounts (fed_admin, judge, officer,
department …); the function returns a summary, or {"created": False} when the federation
already has this year's 安康杯.
"""
from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from unionadmin.models import Organisation, RoleAssignment
from unionadmin.roles import MANAGING_ROLES, Role

from .models import (
    AwardTier,
    Competition,
    Entry,
    EventMatch,
    EventParticipant,
    ImprovementProposal,
    ScoringItem,
    SportsEvent,
    TieBreak,
)
from .services import competitions as services
from .services.entries import entry_create
from .services.judging import recusal_declare, score_save
from .services.proposals import proposal_award, proposal_decide, proposal_implement, proposal_route

SEED = "qingxi-competitions"
NEW_JUDGES = [("judge2", "周建华", "13900000021", "县安监局退休高级工程师"),
              ("judge3", "孙丽萍", "13900000022", "县总工会劳动保护部")]

# (union short name, branch or group names to look for, entry name, quality 0–1)
SAFETY_TEAMS = [
    ("恒达机械工会", ("数控班组工会小组", "机加工车间工会"), "机加工车间数控班组", 0.93),
    ("恒达机械工会", ("熔炼班组工会小组", "铸造车间工会"), "铸造车间熔炼班组", 0.86),
    ("鑫源水泥工会", ("窑头班组工会小组", "烧成车间工会"), "烧成车间窑头班组", 0.90),
    ("鑫源水泥工会", ("原料班组工会小组", "生料车间工会"), "生料车间原料班组", 0.84),
    ("云岭茶业工会", ("精制班组工会小组", "制茶车间工会"), "制茶车间精制班组", 0.84),
    ("锦程纺织工会", ("甲班工会小组", "纺纱车间工会"), "纺纱车间甲班", 0.88),
    ("公交公司工会", ("一车队分会",), "公交一车队", 0.83),
]
INNOVATION_ENTRIES = [
    ("恒达机械工会", ("机加工车间工会",), "数控车床气动夹具改造", 0.9),
    ("鑫源水泥工会", ("机电维修分会",), "回转窑托轮自动润滑装置", 0.85),
    ("云岭茶业工会", ("制茶车间工会",), "名优茶连续化杀青工艺", 0.8),
    ("宏发食品工会", (), "包装线视觉检测改造", 0.75),
]
# (union short name, kind, title, proposer, state, benefit yuan, award)
PROPOSALS = [
    ("恒达机械工会", "innovation", "数控车床气动夹具改造", "王建军、刘洋", "implemented", "86500.00",
     ("技术革新一等奖", "3000.00")),
    ("恒达机械工会", "rationalisation", "铸造车间砂处理余热回收利用", "李春华", "implemented", "42800.00",
     ("合理化建议二等奖", "1500.00")),
    ("恒达机械工会", "rationalisation", "装配线工装定置管理", "赵丽娟", "adopted", None, None),
    ("恒达机械工会", "rationalisation", "食堂错峰就餐", "陈芳", "not_adopted", None, None),
    ("恒达机械工会", "rationalisation", "夜班通勤班车增开一趟", "孙国庆", "routed", None, None),
    ("鑫源水泥工会", "innovation", "回转窑托轮自动润滑装置", "周强", "implemented", "128000.00",
     ("技术革新一等奖", "5000.00")),
    ("鑫源水泥工会", "rationalisation", "原料堆场喷淋降尘改造", "吴志刚", "submitted", None, None),
]
BASKETBALL = ["恒达机械工会", "鑫源水泥工会", "县一中工会", "县医院工会"]


def _user(users, username, role, organisation):
    user = users.get(username) if hasattr(users, "get") else None
    if user is not None:
        return user
    ancestors = [organisation.pk, *organisation.ancestor_ids()]
    assignment = (RoleAssignment.objects.filter(role__in=role, organisation_id__in=ancestors)
                  .select_related("user").order_by("-organisation__depth", "pk").first())
    return assignment.user if assignment else None


def _union(federation, short_name):
    return Organisation.objects.subtree_of(federation).filter(short_name=short_name).first()


def _unit(federation, short_name, names):
    union = _union(federation, short_name)
    if union is None:
        return None
    for name in names:
        found = Organisation.objects.subtree_of(union).filter(name=name).first()
        if found is not None:
            return found
    return union


def _judges(federation, users, admin):
    from unionadmin.demo.data import PASSWORD

    User = get_user_model()
    judges = [users.get("judge")] if users.get("judge") else []
    password = make_password(PASSWORD)
    for username, name, mobile, title in NEW_JUDGES:
        user = User.objects.filter(username=username).first() or User.objects.filter(mobile=mobile).first()
        if user is None:
            user = User.objects.create(username=username, full_name=name, mobile=mobile, password=password)
        RoleAssignment.objects.get_or_create(user=user, organisation=federation, role=Role.JUDGE,
                                             defaults={"title": title, "granted_by": admin})
        judges.append(user)
    return judges


def _scheme(competition, items, tiers, tie_breaks=()):
    made = []
    for position, (name, maximum, weight, guidance) in enumerate(items):
        made.append(ScoringItem.objects.create(competition=competition, position=position, name=name,
                                               max_score=Decimal(maximum), weight=Decimal(weight), guidance=guidance))
    competition.tiers.all().delete()
    for position, (name, count, minimum) in enumerate(tiers):
        AwardTier.objects.create(competition=competition, position=position, name=name, count=count,
                                 min_total=Decimal(minimum) if minimum is not None else None)
    for position, (criterion, item_index) in enumerate(tie_breaks):
        TieBreak.objects.create(competition=competition, position=position, criterion=criterion,
                                item=made[item_index] if item_index is not None else None)
    return made


def _score(rng, maximum, quality, bias):
    value = Decimal(maximum) * Decimal(str(min(max(quality + bias + rng.uniform(-0.04, 0.04), 0.3), 1.0)))
    return min((value * 2).quantize(Decimal(1)) / 2, Decimal(maximum))  # judges give whole or half points


@transaction.atomic
def load_demo_competitions(county_federation: Organisation, users) -> dict:
    """Adds the competitions demo; returns a summary (or {"created": False} when it is there)."""
    today = timezone.localdate()
    year = today.year
    safety_title = f"{county_federation.short_name or county_federation.name}{year}年度“安康杯”竞赛"
    if Competition.objects.filter(organiser=county_federation, title=safety_title).exists():
        return {"created": False}
    users = users if hasattr(users, "get") else {u.username: u for u in users}
    rng = random.Random(SEED)
    admin = _user(users, "fed_admin", MANAGING_ROLES, county_federation)
    judges = _judges(county_federation, users, admin)
    biases = [0.0, -0.03, 0.02]

    # --- the 安康杯, published ---------------------------------------------------------------
    safety = services.competition_create(
        by=admin, organiser=county_federation, kind=Competition.Kind.SAFETY_CUP, title=safety_title, year=year,
        season=f"{year}年度", starts_on=datetime.date(year, 1, 1),
        rules=("一、参赛范围：全县各企业工会所属生产一线班组。\n"
               "二、评比内容：安全培训教育（30分）、隐患排查治理（40分）、零事故零违章（30分），满分100分。\n"
               "三、评分办法：三名评委分别评分，取平均分；总分相同的，依次比较隐患排查治理得分、评委最低总分。\n"
               "四、奖项设置：一等奖1名、二等奖2名、三等奖3名；其余总分80分以上的评为优胜班组。\n"
               "五、评审结果公示5个工作日，无异议后发文表彰。"),
    )
    _scheme(safety, [("安全培训教育", 30, 1, "培训台账、持证上岗率、班前安全讲话记录"),
                     ("隐患排查治理", 40, 1, "隐患排查记录、整改闭环率、“手指口述”落实"),
                     ("零事故零违章", 30, 1, "全年无轻伤以上事故、无“三违”记录")],
            [("一等奖", 1, None), ("二等奖", 2, None), ("三等奖", 3, None), ("优胜班组", None, 80)],
            [("item", 1), ("lowest", None)])
    services.competition_transition(safety, "open", by=admin)
    for judge in judges:
        services.judge_assign(safety, judge, by=admin)
    entries = []
    for short_name, names, entry_name, quality in SAFETY_TEAMS:
        unit = _unit(county_federation, short_name, names)
        if unit is not None:
            entry = entry_create(safety, by=admin, organisation=unit, kind=Entry.Kind.TEAM, name=entry_name,
                                 leader="", description=f"{entry_name}全年开展安全活动，隐患整改率100%。")
            entries.append((entry, quality))
    services.competition_transition(safety, "start_scoring", by=admin)
    recused = entries[5][0] if len(entries) > 5 else None
    if recused is not None and len(judges) > 1:
        recusal_declare(recused, judges[1], by=judges[1], reason="本人曾在该企业任安全科长，申请回避")
    items = list(safety.items.all())
    for entry, quality in entries:
        for judge, bias in zip(judges, biases):
            if entry == recused and judge == judges[1]:
                continue
            for item in items:
                score_save(entry, item, judge, str(_score(rng, item.max_score, quality, bias)))
    services.competition_transition(safety, "lock", by=admin)
    services.competition_transition(safety, "start_notice", by=admin, notice_ends_on=today - datetime.timedelta(days=3),
                                    today=today - datetime.timedelta(days=10))
    services.competition_transition(safety, "publish", by=admin, today=today)

    # --- the 创新杯, being scored (z-score) ----------------------------------------------------
    innovation = services.competition_create(
        by=admin, organiser=county_federation, kind=Competition.Kind.INNOVATION_CUP,
        title=f"{county_federation.short_name or county_federation.name}{year}年职工“创新杯”技术创新成果评选",
        year=year, method=Competition.Method.ZSCORE,
        rules=("评委分别对创新性、实用性、经济效益三项打分；为消除评委打分尺度差异，各评委得分先标准化（Z分数）"
               "再换算回原分值取平均。"),
    )
    _scheme(innovation, [("创新性", 40, 1, ""), ("实用性", 30, 1, ""), ("经济效益", 30, 1, "")],
            [("一等奖", 1, None), ("二等奖", 1, None), ("三等奖", 2, None)], [("item", 0)])
    services.competition_transition(innovation, "open", by=admin)
    for judge in judges:
        services.judge_assign(innovation, judge, by=admin)
    innovation_entries = []
    for short_name, names, entry_name, quality in INNOVATION_ENTRIES:
        unit = _unit(county_federation, short_name, names)
        if unit is not None:
            innovation_entries.append((entry_create(innovation, by=admin, organisation=unit,
                                                    kind=Entry.Kind.TEAM, name=entry_name), quality))
    services.competition_transition(innovation, "start_scoring", by=admin)
    items = list(innovation.items.all())
    for index, (judge, bias) in enumerate(zip(judges, [0.0, -0.08, 0.06])):
        # the other judges are done; the demo judge has scored the first entry only
        scored = innovation_entries[:1] if index == 0 else innovation_entries
        for entry, quality in scored:
            for item in items:
                score_save(entry, item, judge, str(_score(rng, item.max_score, quality, bias)))

    # --- rationalisation proposals -------------------------------------------------------------
    proposals = _proposals(county_federation, users, admin, judges, today, rng)

    # --- a basketball tournament ------------------------------------------------------------
    event = _basketball(county_federation, admin, today, rng)

    safety.refresh_from_db()
    innovation.refresh_from_db()
    return {"created": True, "competitions": [safety, innovation], "judges": [j.username for j in judges],
            "entries": len(entries) + len(innovation_entries), "proposals": len(proposals), "event": event}


def _proposals(federation, users, admin, judges, today, rng):
    made = []
    department = users.get("department")
    for index, (short_name, kind, title, proposer, state, benefit, award) in enumerate(PROPOSALS):
        union = _union(federation, short_name)
        if union is None:
            continue
        officer = _user(users, "officer" if short_name == "恒达机械工会" else "", MANAGING_ROLES, union) or admin
        submitted = max(datetime.date(today.year, 1, 2), today - datetime.timedelta(days=150 - 12 * index))
        proposal = ImprovementProposal.objects.create(
            union=union, kind=kind, year=today.year, title=title, proposer_name=proposer, submitted_on=submitted,
            problem="现有做法效率低、能耗高。", suggestion=f"{title}：具体方案见附件。",
            expected_benefit="提高效率、降低成本", created_by=officer,
        )
        made.append(proposal)
        if state == "submitted":
            continue
        evaluator = department if department is not None and short_name == "恒达机械工会" else judges[0]
        proposal_route(proposal, evaluator, by=officer)
        if state == "routed":
            continue
        proposal_decide(proposal, by=evaluator, adopt=state != "not_adopted",
                        opinion="经评审，方案可行，效益明显，建议采纳。" if state != "not_adopted"
                        else "受场地和班次限制，暂不具备实施条件。")
        if state == "implemented":
            implemented = max(datetime.date(today.year, 1, 1), min(today, submitted + datetime.timedelta(days=45)))
            proposal_implement(proposal, by=officer, implemented_on=implemented, annual_benefit=Decimal(benefit),
                               benefit_note="按节约的材料、能耗和工时折算。")
            proposal_award(proposal, by=officer, award_name=award[0], award_amount=Decimal(award[1]))
    return made


def _basketball(federation, admin, today, rng):
    start = max(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=40))
    event = SportsEvent.objects.create(
        organiser=federation, kind=SportsEvent.Kind.SPORTS, discipline="篮球",
        title=f"{federation.short_name or federation.name}{today.year}年职工篮球赛", year=today.year,
        starts_on=start, ends_on=start + datetime.timedelta(days=3), venue="县全民健身中心",
        description="单循环赛，胜一场得2分，负一场得1分。", points_win=2, points_draw=1, points_loss=1,
        created_by=admin,
    )
    teams = []
    for short_name in BASKETBALL:
        union = _union(federation, short_name)
        if union is not None:
            teams.append(EventParticipant.objects.create(event=event, name=short_name.replace("工会", "队"),
                                                         organisation=union, members="12名队员"))
    strength = {team.pk: 60 + 6 * (len(teams) - i) for i, team in enumerate(teams)}
    day = 0
    for i, home in enumerate(teams):
        for away in teams[i + 1:]:
            home_score = strength[home.pk] + rng.randint(-8, 8)
            away_score = strength[away.pk] + rng.randint(-8, 8)
            if home_score == away_score:
                home_score += 1
            EventMatch.objects.create(event=event, round_label="单循环", home=home, away=away,
                                      home_score=home_score, away_score=away_score,
                                      played_on=start + datetime.timedelta(days=day % 4))
            day += 1
    from .services.events import event_standings

    for line in event_standings(event):
        participant = line["participant"]
        participant.place = line["row"].rank
        participant.result = f"{line['row'].won}胜{line['row'].lost}负"
        participant.save(update_fields=["place", "result"])
    return event
