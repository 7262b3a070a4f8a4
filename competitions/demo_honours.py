"""The honours part of the demo county (青溪县), after the competitions' own step.

``load_demo_honours(federation, users)`` adds three schemes of the county federation, one at
each stage:

* this year's 县劳动模范 (persons): quotas (每个企业类单位2名, 县教育工会1名), five nominations
  from 恒达机械, 鑫源水泥 and 县一中 — one refused, the rest accepted; posted for 7 days;
  one objection upheld (that nomination removed) and one dismissed; conferred, each conferred
  nominee a ``members.Honour`` on the member's record with a certificate number;
* this year's 先进集体 (collectives): two accepted, its notice running now, one objection open;
* this year's 模范职工之家: nominations being taken (one place per enterprise union, one for the
  education union), one submitted, one returned for changes.

Every step goes through competitions/honours.py. The first scheme's timeline lies in the past
(nominations a month ago, the notice three weeks ago): it is played through while nominations
are open, then its window is moved back to those dates, as a scheme run earlier this year would
have it. Returns a summary, or {"created": False} when the federation has the schemes already.
"""
from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from members.models import Member
from unionadmin.models import Organisation
from unionadmin.roles import MANAGING_ROLES

from . import honours as services
from .demo import _union, _user
from .models import HonourObjection, HonourScheme

DEEDS = {
    "model_worker": ("扎根生产一线{years}年，带领班组攻克关键工序质量难题，年创效益逾百万元；"
                     "先后提出合理化建议12条，被采纳9条；传帮带培养技术骨干8名。"),
    "collective": ("班组全年安全生产零事故，产品一次交验合格率99.6%；开展“师带徒”“技能比武”活动，"
                   "3人获评县级技术能手；积极参加“安康杯”竞赛并获表彰。"),
    "home": ("坚持职代会制度，厂务公开规范；建成职工书屋、心理疏导室和母婴室；"
             "会员入会率100%，职工满意度测评95分以上。"),
}


def _members(union, count):
    return list(Member.objects.filter(union__path__startswith=union.path, status=Member.Status.ACTIVE)
                .order_by("pk")[:count])


def _closed_and_vetted_on(scheme: HonourScheme, day) -> HonourScheme:
    """The demo plays a past scheme through today, then dates its window's close and its
    vetting back to ``day`` (the notice is posted only after both)."""
    HonourScheme.objects.filter(pk=scheme.pk).update(nominations_close=day)
    scheme.nominations.exclude(vetted_at=None).update(
        vetted_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))))
    scheme.refresh_from_db()
    return scheme


@transaction.atomic
def load_demo_honours(federation: Organisation, users) -> dict:
    today = timezone.localdate()
    year = today.year
    prefix = federation.name.removesuffix("总工会")  # 青溪县总工会 → 青溪县
    model_title = f"{year}年度{prefix}劳动模范评选"
    if HonourScheme.objects.filter(union=federation, title=model_title).exists():
        return {"created": False}
    users = users if hasattr(users, "get") else {u.username: u for u in users}
    admin = _user(users, "fed_admin", MANAGING_ROLES, federation)
    hengda, xinyuan, school = (_union(federation, name) for name in ("恒达机械工会", "鑫源水泥工会", "县一中工会"))
    if not all((admin, hengda, xinyuan, school)):
        return {"created": False}
    officer = _user(users, "officer", MANAGING_ROLES, hengda)
    officer_school = _user(users, "officer_school", MANAGING_ROLES, school)
    # 鑫源 has no login in the demo: its paper nominations are entered at the federation by an
    # officer other than the one who vets them (the nominator never vets their own).
    clerk = _user(users, "fed_reviewer", MANAGING_ROLES, federation)
    edu = school.parent

    # --- 劳动模范: conferred ------------------------------------------------------------------
    model = HonourScheme.objects.create(
        union=federation, title=model_title, honour_title=f"{prefix}劳动模范", kind=HonourScheme.Kind.MODEL_WORKER,
        nominee=HonourScheme.Nominee.PERSON, level="county", year=year,
        nominations_open=today - datetime.timedelta(days=60), nominations_close=today, created_by=admin)
    services.quota_set(model, by=admin, category=Organisation.Category.ENTERPRISE, places=2)
    services.quota_set(model, by=admin, unit=edu, places=1)
    people = [(hengda, officer, m) for m in _members(hengda, 2)] + [(xinyuan, clerk, m) for m in _members(xinyuan, 2)]
    people += [(school, officer_school, m) for m in _members(school, 1)]
    nominations = []
    for number, (unit, by, member) in enumerate(people):
        nominations.append(services.nomination_create(
            model, by=by, unit=unit, member=member, deeds=DEEDS["model_worker"].format(years=12 + number * 3)))
    for nomination in nominations[:-2]:
        services.nomination_vet(nomination, by=admin, decision="accept")
    services.nomination_vet(nominations[-2], by=admin, decision="refuse",
                            reason="本单位同期已推荐一名人选，按名额分配方案只能择优推荐一名。")
    services.nomination_vet(nominations[-1], by=admin, decision="accept")
    # Played through while open; the window, the vetting and the notice as they were, weeks ago.
    model = _closed_and_vetted_on(model, today - datetime.timedelta(days=30))
    model = services.scheme_publicise(model, by=admin, start=today - datetime.timedelta(days=21))
    upheld = services.objection_record(
        nominations[2], by=admin, raised_by="匿名（来信）", channel=HonourObjection.Channel.LETTER,
        received_on=today - datetime.timedelta(days=19),
        content="反映该同志2024年度因违章操作受过厂纪处分，不符合推荐条件。")
    services.objection_answer(upheld, by=admin, upheld=True,
                              answer="经县总工会会同企业党委核查，处分属实且在影响期内，取消推荐资格，已书面答复。")
    dismissed = services.objection_record(
        nominations[0], by=admin, raised_by="同车间职工 王某（电话 139****5678）", channel=HonourObjection.Channel.PHONE,
        received_on=today - datetime.timedelta(days=18), content="认为该同志事迹材料中创效金额偏高。")
    services.objection_answer(dismissed, by=admin, upheld=False,
                              answer="经核对财务部门出具的效益证明，创效金额属实；已电话向反映人说明情况。")
    model = services.scheme_confer(model, by=admin)

    # --- 先进集体: its notice running, one objection open -------------------------------------
    collective = HonourScheme.objects.create(
        union=federation, title=f"{year}年度{prefix}先进集体评选", honour_title=f"{prefix}先进集体",
        kind=HonourScheme.Kind.ADVANCED_COLLECTIVE, nominee=HonourScheme.Nominee.COLLECTIVE, level="county",
        year=year, nominations_open=today - datetime.timedelta(days=20), nominations_close=today, created_by=admin)
    teams = [services.nomination_create(collective, by=officer, unit=hengda, collective=hengda,
                                        collective_name="机加工车间数控班组", deeds=DEEDS["collective"]),
             services.nomination_create(collective, by=clerk, unit=xinyuan, collective=xinyuan,
                                        collective_name="烧成车间窑头班组", deeds=DEEDS["collective"])]
    for team in teams:
        services.nomination_vet(team, by=admin, decision="accept")
    collective = _closed_and_vetted_on(collective, today - datetime.timedelta(days=3))
    collective = services.scheme_publicise(collective, by=admin, start=today - datetime.timedelta(days=2))
    services.objection_record(teams[1], by=admin, raised_by="鑫源水泥 职工 李某", channel=HonourObjection.Channel.VISIT,
                              received_on=today, content="反映该班组上半年发生一起轻伤事故未如实上报。")

    # --- 模范职工之家: nominations being taken --------------------------------------------------
    home = HonourScheme.objects.create(
        union=federation, title=f"{year}年度{prefix}模范职工之家评选", honour_title=f"{prefix}模范职工之家",
        kind=HonourScheme.Kind.MODEL_HOME, nominee=HonourScheme.Nominee.COLLECTIVE, level="county", year=year,
        nominations_open=today - datetime.timedelta(days=5), nominations_close=today + datetime.timedelta(days=25),
        created_by=admin)
    services.quota_set(home, by=admin, unit=edu, places=1)
    services.quota_set(home, by=admin, category=Organisation.Category.ENTERPRISE, places=1)
    services.nomination_create(home, by=officer_school, unit=school, collective=school, deeds=DEEDS["home"])
    returned = services.nomination_create(home, by=officer, unit=hengda, collective=hengda, deeds=DEEDS["home"])
    services.nomination_vet(returned, by=admin, decision="return",
                            reason="请补充职代会会议记录和职工满意度测评结果。")
    return {"created": True, "schemes": [model, collective, home]}
