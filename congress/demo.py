"""The congress part of the demo county.

``load_demo_congress(county_federation, users)`` adds, at the enterprise union where the demo
``officer`` works (恒达机械工会), a workers' congress with its third term, two sessions and
their delegates; proposals in every state; handling departments with replies and ratings;
collective contracts for most enterprise unions of the county (some expired, one about to
expire); and a few labour-relations warnings. Every step goes through the congress's
services, so the demo holds only what the pages could have made, notifications included.

``users`` maps the demo usernames to their accounts (fed_admin, officer, delegate,
department, …). New accounts (more delegates, a second department) get the demo password
and mobile numbers 139000010xx; the function returns what it made. It does nothing when the
union already has a congress.
"""
from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from unionadmin.models import Organisation, RoleAssignment
from unionadmin.roles import Role

from .models import (
    AgendaItem,
    CollectiveContract,
    Congress,
    ContractReport,
    Delegate,
    Delegation,
    HandlingDepartment,
    LabourRisk,
    Proposal,
    Reply,
    Resolution,
    Session,
    Term,
)
from .services.proposals import (
    proposal_accept,
    proposal_assign,
    proposal_cosign,
    proposal_create,
    proposal_decline,
    proposal_merge,
    proposal_rate,
    proposal_reply,
    proposal_submit,
    proposal_withdraw,
)

# name, gender, category, delegation, post
DELEGATES = [
    ("李春华", "female", "front_line", "一车间代表团", "铸造工"),
    ("王建军", "male", "front_line", "一车间代表团", "熔炼工"),
    ("陈芳", "female", "front_line", "二车间代表团", "车工"),
    ("刘洋", "male", "front_line", "二车间代表团", "钳工"),
    ("赵丽娟", "female", "front_line", "装配车间代表团", "装配工"),
    ("孙国庆", "male", "front_line", "装配车间代表团", "装配班长"),
    ("周敏", "female", "technical", "机关代表团", "工艺工程师"),
    ("吴志刚", "male", "technical", "二车间代表团", "质检员"),
    ("郑晓红", "female", "manager", "机关代表团", "财务部副部长"),
    ("黄永明", "male", "manager", "一车间代表团", "车间主任"),
    ("何建平", "male", "leader", "机关代表团", "副总经理"),
]
DEPARTMENTS = ["人力资源部", "安全环保部", "生产技术部", "行政后勤部"]
MOBILE_BASE = 13900001000


def _union_of(user) -> Organisation:
    return user.role_assignments.get(role=Role.UNION_OFFICER).organisation


@transaction.atomic
def load_demo_congress(county_federation: Organisation, users: dict) -> dict:
    """Adds the congress demo; returns a summary (or {"created": False} when it is there)."""
    officer, delegate_user, department_user = users["officer"], users["delegate"], users["department"]
    union = _union_of(officer)
    if Congress.objects.filter(union=union).exists():
        return {"created": False}
    today = timezone.localdate()
    now = timezone.now()
    User = get_user_model()
    password = make_password(_demo_password())

    congress = Congress.objects.create(union=union, kind=Congress.Kind.WORKERS, min_women_percent=30)
    term = Term.objects.create(congress=congress, number=3, starts_on=today.replace(day=1) - datetime.timedelta(days=700),
                               ends_on=today.replace(day=1) + datetime.timedelta(days=1100))
    delegations = {name: Delegation.objects.create(term=term, name=name)
                   for name in sorted({d[3] for d in DELEGATES})}
    made_users = []

    def seat(user, name, gender, category, delegation, post):
        RoleAssignment.objects.get_or_create(user=user, organisation=union, role=Role.DELEGATE,
                                             defaults={"granted_by": officer, "title": "职工代表"})
        return Delegate.objects.create(term=term, user=user, name=name, gender=gender, category=category,
                                       delegation=delegations[delegation], post=post)

    delegates = [seat(delegate_user, delegate_user.full_name or "张伟", "male", "front_line", "二车间代表团", "数控操作工")]
    for n, (name, gender, category, delegation, post) in enumerate(DELEGATES, start=1):
        user = User.objects.create(username=f"delegate{n + 1}", full_name=name, mobile=str(MOBILE_BASE + n),
                                   password=password)
        made_users.append(user)
        delegates.append(seat(user, name, gender, category, delegation, post))
    zhang = delegates[0]

    departments = {name: HandlingDepartment.objects.create(union=union, name=name) for name in DEPARTMENTS}
    department_users = {}
    for n, (username, full_name, title) in enumerate([("dept_safety", "钱安", "安全环保部"),
                                                      ("dept_admin", "孙立新", "行政后勤部")], start=50):
        user = User.objects.create(username=username, full_name=full_name, mobile=str(MOBILE_BASE + n),
                                   password=password)
        RoleAssignment.objects.create(user=user, organisation=union, role=Role.DEPARTMENT, title=title,
                                      granted_by=officer)
        made_users.append(user)
        department_users[title] = user
        departments[title].officers.add(user)
    hr_title = department_user.role_assignments.filter(role=Role.DEPARTMENT, organisation=union).values_list(
        "title", flat=True).first()
    hr = departments.get(hr_title) or departments["人力资源部"]
    hr.officers.add(department_user)

    # --- session 1: held some months ago, its proposals carried through -------------------
    first = Session.objects.create(
        term=term, number=1, held_on=today, venue="公司三楼会议室", collection_opens_at=now - datetime.timedelta(hours=1),
        collection_closes_at=now + datetime.timedelta(hours=1), min_cosigners=2, reply_days=30,
    )

    def propose(session, delegate, subject, category, reasons, measures, cosigners=2, submit=True):
        p = proposal_create(session=session, user=delegate.user, data={
            "subject": subject, "category": category, "reasons": reasons, "measures": measures})
        if submit:
            proposal_submit(p, user=delegate.user)
            for helper in [d for d in delegates if d.pk != delegate.pk][:cosigners]:
                proposal_cosign(p, user=helper.user)
        return p

    s1 = {
        "canteen": propose(first, delegates[3], "关于改善职工食堂夜班供餐的提案", "living",
                           "夜班职工凌晨下班时食堂已关闭，只能吃泡面。", "食堂增设夜班窗口，22:00至次日1:00供应热餐。"),
        "heat": propose(first, zhang, "关于为高温岗位职工配发防暑降温用品的提案", "safety",
                        "铸造、熔炼岗位夏季温度超过40℃，现有降温措施不足。", "按月配发防暑药品和饮料，增设移动式冷风机。"),
        "training": propose(first, delegates[7], "关于建立青年职工导师带徒制度的提案", "training",
                            "新入职青年职工技能提升慢，流失率高。", "每名新员工配一名技师导师，签订带徒协议并给予带徒津贴。"),
        "parking": propose(first, delegates[5], "关于增设职工电动车充电车棚的提案", "living",
                           "电动车在楼道充电存在火灾隐患。", "在北门空地建设带充电桩的车棚。"),
        "overtime": propose(first, delegates[2], "关于规范加班审批和加班费计发的提案", "wages",
                            "部分班组加班未登记，加班费计算口径不一。", "统一加班审批单，按月公示加班时长和加班费。"),
        "bus": propose(first, delegates[4], "关于开通职工通勤班车的提案", "living",
                       "工业园区距县城较远，公交班次少。", "早晚各开通一班通勤车，职工按月购票。"),
        "lights": propose(first, delegates[6], "关于厂区道路照明改造的提案", "safety",
                          "厂区西侧道路夜间照明不足，已发生两起摔伤。", "更换为LED路灯并增加路灯数量。"),
        "lights2": propose(first, delegates[1], "关于西门道路增设路灯的提案", "safety",
                           "西门至铸造车间道路没有路灯。", "增设路灯6盏。"),
        "personal": propose(first, delegates[9], "关于调整本人岗位的提案", "other",
                            "本人希望调到机关工作。", "请公司考虑调整。"),
        "gym": propose(first, delegates[8], "关于建设职工健身活动室的提案", "living",
                       "职工业余文体活动场所缺乏。", "利用二楼闲置仓库改建健身活动室。", cosigners=1),
        "withdrawn": propose(first, delegates[10], "关于调整作息时间的提案", "production",
                             "夏季午休时间偏短。", "夏季午休延长半小时。"),
    }
    proposal_withdraw(s1["withdrawn"], user=delegates[10].user)
    for key in ("canteen", "heat", "training", "parking", "overtime", "bus", "lights"):
        proposal_accept(s1[key], user=officer)
    proposal_merge(s1["lights2"], into=s1["lights"], user=officer, reason="与第7号提案内容相同，并案办理。")
    proposal_decline(s1["personal"], user=officer, outcome="rejected",
                     reason="属于个人岗位调整诉求，不属于提案范围，请通过人力资源部反映。")
    proposal_decline(s1["gym"], user=officer, outcome="opinion", reason="转行政后勤部作为意见建议研究。")

    assign = {"canteen": ("行政后勤部", []), "heat": ("安全环保部", ["行政后勤部"]), "training": (hr.name, []),
              "parking": ("行政后勤部", ["安全环保部"]), "overtime": (hr.name, []), "lights": ("安全环保部", [])}
    for key, (lead, co) in assign.items():
        proposal_assign(s1[key], user=officer, lead=departments[lead], co_departments=[departments[c] for c in co],
                        deadline=today + datetime.timedelta(days=30))
    who = {hr.name: department_user, **department_users}

    def reply(key, text, department=None):
        p = Proposal.objects.get(pk=s1[key].pk)
        dept = department or p.lead_department
        return proposal_reply(p, user=who[dept.name], department=dept, text=text)

    reply("canteen", "自下月起食堂增开夜班窗口，供应时间22:00至次日1:00，费用按日常标准。")
    proposal_rate(s1["canteen"], user=delegates[3].user, rating="satisfied")
    reply("heat", "行政后勤部已配合采购降温用品。", department=departments["行政后勤部"])
    reply("heat", "6月起每月配发防暑药品和饮料；铸造车间已安装4台移动式冷风机。")
    proposal_rate(s1["heat"], user=zhang.user, rating="unsatisfied", comment="熔炼岗位仍未安装冷风机。")
    reply("heat", "熔炼岗位已于7月10日加装2台冷风机，并调整高温时段作业安排。")  # round 2, awaiting zhang's rating
    reply("training", "已出台《导师带徒管理办法》，首批结对32对，带徒津贴每月300元。")
    proposal_rate(s1["training"], user=delegates[7].user, rating="basically", comment="希望扩大到二车间。")
    reply("overtime", "下季度起统一使用加班审批单，每月公示加班时长。")
    # "parking" and "lights" stay with their departments; "bus" is accepted, not yet assigned.

    # Dates as they would have been: the session months ago, one reply late, one deadline passed.
    held = today - datetime.timedelta(days=120)
    Session.objects.filter(pk=first.pk).update(
        held_on=held, state=Session.State.HELD,
        collection_opens_at=now - datetime.timedelta(days=150), collection_closes_at=now - datetime.timedelta(days=125),
    )
    Proposal.objects.filter(pk=s1["parking"].pk).update(deadline=today - datetime.timedelta(days=12))
    late = Reply.objects.filter(proposal=s1["overtime"]).first()
    Reply.objects.filter(pk=late.pk).update(due_on=today - datetime.timedelta(days=5))
    for order, title in enumerate(["听取和审议总经理工作报告", "审议通过集体合同草案", "听取上届提案落实情况报告",
                                   "选举职工董事、职工监事"], start=1):
        AgendaItem.objects.create(session=first, order=order, title=title, presenter="")
    Resolution.objects.create(session=first, title="关于总经理工作报告的决议", delegates_entitled=len(delegates),
                              votes_for=len(delegates) - 1, abstentions=1)
    Resolution.objects.create(session=first, title="关于通过《集体合同（2025—2027）》的决议",
                              delegates_entitled=len(delegates), votes_for=len(delegates) - 2, votes_against=1,
                              abstentions=1)

    # --- session 2: collecting proposals now ----------------------------------------------
    second = Session.objects.create(
        term=term, number=2, held_on=today + datetime.timedelta(days=21), venue="公司三楼会议室",
        collection_opens_at=now - datetime.timedelta(days=3), collection_closes_at=now + datetime.timedelta(days=14),
        min_cosigners=2, reply_days=30,
    )
    propose(second, zhang, "关于数控班组增配刀具柜的提案", "production", "刀具随意堆放，取用不便且易损坏。",
            "为每个数控班组配置带分格的刀具柜。", submit=False)
    propose(second, delegates[1], "关于提高夜班津贴标准的提案", "wages", "夜班津贴多年未调整，低于同行业水平。",
            "夜班津贴由每班30元提高到50元。", cosigners=0)
    propose(second, delegates[4], "关于增加女职工卫生室的提案", "living", "装配车间女职工多，缺少卫生室。",
            "在装配车间增设女职工卫生室。", cosigners=1)
    propose(second, delegates[6], "关于推进车间数字化看板建设的提案", "production", "生产进度靠人工统计，信息滞后。",
            "在各车间安装生产数字化看板。", cosigners=2)
    AgendaItem.objects.create(session=second, order=1, title="听取和审议总经理工作报告")
    AgendaItem.objects.create(session=second, order=2, title="听取第一次会议提案落实情况报告")

    contracts = _contracts(county_federation, union, first, today)
    risks = _risks(county_federation, today)
    return {
        "created": True, "congress": congress, "sessions": [first, second], "delegates": len(delegates),
        "users": [u.username for u in made_users], "proposals": Proposal.objects.filter(session__term=term).count(),
        "contracts": contracts, "risks": risks,
    }


def _demo_password() -> str:
    from unionadmin.demo import data

    return data.PASSWORD


def _contracts(federation, union, session, today) -> int:
    """General contracts for most enterprise unions: in force, two expired, one expiring soon;
    special contracts for a few."""
    enterprises = list(
        Organisation.objects.subtree_of(federation).grassroots().filter(category=Organisation.Category.ENTERPRISE)
        .order_by("path")
    )
    made = 0
    for n, unit in enumerate(enterprises):
        if n % 5 == 4:
            continue  # about one in five has none
        if n in (2, 7):  # expired
            starts = today - datetime.timedelta(days=3 * 365 + 60)
            ends = today - datetime.timedelta(days=60)
        elif n == 5:  # expires within 60 days
            starts = today - datetime.timedelta(days=2 * 365)
            ends = today + datetime.timedelta(days=40)
        else:
            starts = today - datetime.timedelta(days=200 + 40 * n)
            ends = starts + datetime.timedelta(days=3 * 365 - 1)
        contract = CollectiveContract.objects.create(
            union=unit, kind=CollectiveContract.Kind.GENERAL, title=f"{unit.short_name or unit.name}集体合同",
            consulted_on=starts - datetime.timedelta(days=30), signed_on=starts - datetime.timedelta(days=10),
            starts_on=starts, ends_on=ends, approved_by=session if unit == union else None,
            filed_on=starts + datetime.timedelta(days=15) if n != 3 else None,
            filing_number=f"青人社集备〔{starts.year}〕{n + 1}号" if n != 3 else "",
        )
        made += 1
        if n in (0, 1, 6):
            CollectiveContract.objects.create(
                union=unit, kind=CollectiveContract.Kind.WAGES, title=f"{unit.short_name or unit.name}工资专项集体合同",
                consulted_on=contract.consulted_on, signed_on=contract.signed_on,
                starts_on=contract.starts_on, ends_on=min(contract.ends_on, contract.starts_on + datetime.timedelta(days=364)),
            )
            made += 1
        if n in (0, 4):
            CollectiveContract.objects.create(
                union=unit, kind=CollectiveContract.Kind.WOMEN, title=f"{unit.short_name or unit.name}女职工权益保护专项集体合同",
                consulted_on=contract.consulted_on, signed_on=contract.signed_on,
                starts_on=contract.starts_on, ends_on=contract.ends_on,
            )
            made += 1
        if unit == union:
            ContractReport.objects.create(contract=contract, year=today.year, session=session,
                                          summary="工资增长、劳动安全卫生、女职工保护等条款均已履行，加班费计发问题正在整改。")
    return made


def _risks(federation, today) -> int:
    enterprises = list(
        Organisation.objects.subtree_of(federation).grassroots().filter(category=Organisation.Category.ENTERPRISE)
        .order_by("path")
    )
    if not enterprises:
        return 0
    pick = lambda n: enterprises[n % len(enterprises)]  # noqa: E731
    rows = [
        dict(union=pick(5), reported_on=today - datetime.timedelta(days=90), title="部分职工反映两个月工资未按时发放",
             kind="wage_arrears", level="significant", workers_involved=46, state="resolved",
             description="企业资金周转困难，4、5月工资延迟发放。",
             resolution="工会与企业协商，企业分两期补发完毕，并承诺按月足额发放。", resolved_on=today - datetime.timedelta(days=60)),
        dict(union=pick(6), reported_on=today - datetime.timedelta(days=20), title="企业拟整体搬迁，职工担心安置问题",
             kind="restructuring", level="serious", workers_involved=180, state="handling",
             description="企业计划明年迁往市经开区，尚未公布职工安置方案。"),
        dict(union=pick(1), reported_on=today - datetime.timedelta(days=7), title="劳务派遣工反映社保未足额缴纳",
             kind="social_insurance", level="general", workers_involved=12, state="open"),
        dict(union=pick(0), reported_on=today - datetime.timedelta(days=150), title="装配车间连续加班超过法定上限",
             kind="hours", level="general", workers_involved=35, state="resolved",
             resolution="企业调整排班，增招临时工，加班时长已降至法定范围内。", resolved_on=today - datetime.timedelta(days=130)),
    ]
    for row in rows:
        LabourRisk.objects.create(**row)
    return len(rows)
