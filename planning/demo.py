"""Demo work plans: the county federation's 工作要点 for the current year, issued, with
targets bound to indicators and progress notes; and one grassroots union's own plan.

The lead's ``load_demo`` calls ``load_demo_plans(federation, grassroots_union, users)``.
``users`` may be a mapping (its values are used) or any iterable of users; the function
picks the people to act from the roles they hold, so it does not depend on login names.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from unionadmin.indicators import registry as indicators
from unionadmin.models import Organisation, RoleAssignment
from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES

from . import services
from .models import ItemProgress, PlanAttachment, PlanItem, PlanTarget, WorkPlan

# (heading, body, owner, due "MM-DD" or None, [targets], [sub-items]); a target is
# ("indicator", code-or-keywords, value) or ("number", label, value, unit, current).
COUNTY_PLAN = [
    ("坚持政治引领，筑牢职工团结奋斗的思想根基", "", "县总工会办公室", None, [], [
        ("深化职工思想政治引领",
         "以职工群众喜闻乐见的方式开展理论宣讲，组织“工会大讲堂”进企业、进园区、进工地活动，全年开展宣讲不少于20场次。",
         "县总工会宣教部", "11-30", [("number", "工会大讲堂宣讲", 20, "场次", 14)], []),
        ("大力弘扬劳模精神、劳动精神、工匠精神",
         "组织劳模工匠进校园、进企业宣讲活动；做好县级劳模推荐评选和劳模动态管理，落实劳模健康体检和疗休养待遇。",
         "县总工会宣教部", "10-31", [], [
            ("", "做好劳模动态档案管理，年内完成全县劳模信息核查更新。", "县总工会宣教部", "06-30", [], []),
            ("", "组织省、市、县级劳模健康体检和疗休养，覆盖率达到100%。", "县总工会宣教部", "09-30", [], []),
        ]),
        ("加强职工文化阵地建设",
         "推进职工书屋、职工文化活动中心建设，开展“三八”“五一”“国庆”等节日职工文体活动。",
         "县总工会宣教部", "12-15", [], []),
    ]),
    ("加强组织建设，持续扩大工会组织覆盖面", "", "县总工会组织部", None, [], [
        ("推进工会组建和会员发展",
         "巩固基层工会组建成果，重点推动新就业形态劳动者和农民工入会，全县职工入会率保持在100%。",
         "县总工会组织部", "12-31", [("indicator", "membership_rate", 100)], [
            ("", "开展新就业形态劳动者集中入会行动，依托区域性、行业性工会联合会推进快递、外卖、网约车等行业建会入会。",
             "县总工会组织部", "06-30", [], []),
            ("", "规范会员实名制管理，做好会员关系转接和会员证发放，年内实名制数据准确率达到98%以上。",
             "县总工会组织部", "09-30", [], []),
        ]),
        ("深化职工之家建设",
         "开展“建家、强家、暖家”活动，全县基层工会合格职工之家达到90%以上，先进职工之家达到30%以上。",
         "县总工会组织部", "11-30",
         [("indicator", "workers_home_qualified", 90), ("indicator", "workers_home_advanced", 30)], []),
        ("加强工会干部队伍建设",
         "举办基层工会主席、经审委员、女职工委员会主任培训班，全年培训工会干部不少于300人次。",
         "县总工会组织部", "11-30", [("number", "培训工会干部", 300, "人次", 226)], []),
        ("做好女职工工作",
         "推进女职工专项集体合同签订，开展“女职工关爱行动”，建设一批“爱心妈咪小屋”。",
         "县总工会女职工部", "12-15", [], []),
    ]),
    ("聚焦主责主业，切实维护职工合法权益", "", "县总工会法律保障部", None, [], [
        ("深入推进集体协商",
         "以工资集体协商为重点，推动已建工会企业普遍签订集体合同，集体合同签订率达到80%以上。",
         "县总工会法律保障部", "11-30", [("indicator", ("contract", "rate"), 80)], []),
        ("深化厂务公开民主管理",
         "推动企事业单位普遍建立职工代表大会制度，做好职代会提案征集、办理和答复工作，提案办理满意率达到90%以上。",
         "县总工会法律保障部", "12-31", [], []),
        ("加强劳动关系预警和法律援助",
         "完善劳动关系矛盾隐患排查和预警机制，为职工提供法律咨询和法律援助服务。",
         "县总工会法律保障部", None, [], [
            ("", "每季度开展一次劳动关系风险排查，及时报告重大隐患。", "县总工会法律保障部", "12-31", [], []),
            ("", "办理职工法律援助案件不少于30件。", "县总工会法律保障部", "12-31",
             [("number", "法律援助案件", 30, "件", 21)], []),
        ]),
    ]),
    ("围绕中心大局，深入开展劳动和技能竞赛", "", "县总工会经济技术部", None, [], [
        ("扎实开展“安康杯”竞赛",
         "组织企业班组参加“安康杯”竞赛，开展安全生产培训和隐患排查，力争参赛班组零事故。",
         "县总工会经济技术部", "11-30", [], []),
        ("开展职工技能比武和岗位练兵",
         "围绕县内重点产业举办职业技能竞赛不少于5项，选树一批技术能手。",
         "县总工会经济技术部", "10-31", [("number", "职业技能竞赛", 5, "项", 3)], []),
        ("推进合理化建议和技术创新",
         "开展“五小”创新和合理化建议活动，评选职工技术创新成果，推广创新工作室经验。",
         "县总工会经济技术部", "12-15", [], []),
    ]),
    ("突出服务职工，做实困难职工帮扶", "", "县总工会权益保障部", None, [], [
        ("做好送温暖活动",
         "元旦春节期间走访慰问困难职工、劳模和一线职工，确保慰问资金及时足额发放到位。",
         "县总工会权益保障部", "02-28", [], []),
        ("做实困难职工帮扶",
         "做好困难职工档案年度复核和动态管理，落实“一帮一”结对帮扶，全年困难职工解困脱困率达到30%以上。",
         "县总工会权益保障部", "12-31", [("indicator", ("hardship", "exit"), 30)], [
            ("", "完成在档困难职工年度复核。", "县总工会权益保障部", "06-30", [], []),
            ("", "开展金秋助学，资助困难职工家庭考入大学的子女。", "县总工会权益保障部", "09-15", [], []),
        ]),
        ("推进职工互助保障",
         "扩大职工住院互助保险覆盖面，及时办理理赔，让参保职工得到实惠。",
         "县总工会权益保障部", "12-31", [], []),
    ]),
    ("加强工会自身建设，提升服务保障能力", "", "县总工会办公室", None, [], [
        ("加强工会经费收缴和审查监督",
         "推进工会经费及时足额收缴，开展经费审查审计，规范经费使用管理。",
         "县总工会财务部", "12-31", [], []),
        ("实行目标管理考核",
         "按照《2026年基层工会目标管理考核细则》对基层工会开展考核，考核结果在全县通报。",
         "县总工会办公室", "12-31", [], []),
    ]),
]

UNION_PLAN = [
    ("加强组织建设", "", "", None, [], [
        ("做好会员发展", "新入职员工应入尽入，入会率保持100%。", "工会办公室", "12-31",
         [("indicator", "membership_rate", 100)], []),
        ("建设职工之家", "完善职工活动室和职工书屋，争创县级先进职工之家。", "工会办公室", "10-31", [], []),
    ]),
    ("维护职工权益", "", "", None, [], [
        ("召开职工代表大会", "上半年召开职工代表大会，审议集体合同履行情况报告，做好提案征集和办理。",
         "工会办公室", "06-30", [], []),
        ("开展困难职工帮扶", "做好送温暖和金秋助学工作，落实困难职工结对帮扶。", "工会办公室", "12-31", [], []),
    ]),
    ("丰富职工文化生活", "组织“三八”节、职工运动会等活动，全年开展文体活动不少于6次。", "工会办公室", "12-15",
     [("number", "文体活动", 6, "次", 4)], []),
]


def _pick_user(users, organisation, roles):
    """The first of ``users`` holding one of ``roles`` at ``organisation`` (or above it)."""
    candidates = list(users.values()) if hasattr(users, "values") else list(users or [])
    ids = [u.pk for u in candidates if getattr(u, "pk", None)]
    ancestors = [organisation.pk, *organisation.ancestor_ids()]
    assignment = (RoleAssignment.objects.filter(user_id__in=ids, organisation_id__in=ancestors, role__in=roles)
                  .select_related("user").order_by("-organisation__depth").first())
    return assignment.user if assignment else None


def _find_indicator(code):
    """A code, or a tuple of keywords matched against the registered codes (indicators
    registered by apps that may not exist yet); None when nothing matches."""
    if isinstance(code, str):
        return code if code in indicators else None
    for indicator in indicators:
        if all(word in indicator.code for word in code):
            return indicator.code
    return None


def _due(year, text):
    if not text:
        return None
    month, day = (int(part) for part in text.split("-"))
    return datetime.date(year, month, day)


def _build(plan, spec, year, parent=None, notes=True, today=None):
    for position, (heading, body, owner, due, targets, children) in enumerate(spec):
        item = PlanItem.objects.create(plan=plan, parent=parent, position=position, heading=heading, body=body,
                                       owner_text=owner, due_date=_due(year, due))
        for index, target in enumerate(targets):
            if target[0] == "indicator":
                code = _find_indicator(target[1])
                if code:
                    PlanTarget.objects.create(item=item, position=index, kind=PlanTarget.Kind.INDICATOR,
                                              indicator_code=code, target_value=Decimal(target[2]))
            else:
                _, label, value, unit, current = target
                PlanTarget.objects.create(item=item, position=index, kind=PlanTarget.Kind.NUMBER, label=label,
                                          target_value=Decimal(value), unit=unit, current_value=Decimal(current))
        if notes and item.due_date and today and parent is not None:
            # Progress so far: items due by now are done, later ones under way.
            done = item.due_date <= today
            ItemProgress.objects.create(
                item=item, date=min(item.due_date, today) if done else today - datetime.timedelta(days=20),
                note="已按计划完成。" if done else "正在推进，已完成阶段性任务。", percent=100 if done else 60,
            )
        _build(plan, children, year, parent=item, notes=notes, today=today)


@transaction.atomic
def load_demo_plans(federation: Organisation, grassroots_union: Organisation, users) -> list[WorkPlan]:
    """The county's issued plan for this year and the grassroots union's approved plan;
    nothing is done when the federation already has a plan for this year."""
    today = timezone.localdate()
    year = today.year
    if WorkPlan.objects.filter(issuer=federation, year=year).exists():
        return list(WorkPlan.objects.filter(issuer__in=[federation, grassroots_union], year=year))
    officer = _pick_user(users, federation, MANAGING_ROLES)
    county = WorkPlan.objects.create(
        issuer=federation, year=year, organ_code=federation.document_code or "青工发", number_year=year, sequence=3,
        title=f"{federation.name}{year}年工作要点",
        addressees="各乡镇、系统（产业）、企业工会，县直机关工会工委",
        guiding=(f"{year}年全县工会工作的总体思路是：坚持党对工会工作的全面领导，围绕县委、县政府中心工作，"
                 "以维护职工合法权益、竭诚服务职工群众为基本职责，深化工会改革和建设，团结动员全县广大职工"
                 "在推动高质量发展中建功立业。现将主要工作安排如下："),
        signing_organ=federation.name,
        signing_date=datetime.date(year, 2, 20), printing_date=datetime.date(year, 2, 21),
        copy_to="县委办公室，县人大常委会办公室，县政府办公室，县政协办公室，市总工会",
        printing_organ=f"{federation.name}办公室", drafted_by=officer,
    )
    _build(county, COUNTY_PLAN, year, today=today)
    PlanAttachment.objects.create(plan=county, position=0, title=f"{federation.name}{year}年基层工会目标管理考核细则")
    services.plan_approve(county, officer)
    county = services.plan_issue(county, officer)
    WorkPlan.objects.filter(pk=county.pk).update(
        approved_at=timezone.make_aware(datetime.datetime(year, 2, 19, 10)),
        issued_at=timezone.make_aware(datetime.datetime(year, 2, 21, 9)),
    )
    union_officer = _pick_user(users, grassroots_union, STAFF_ROLES)
    if union_officer is not None and services.acknowledging_organisations(county, union_officer).filter(
            pk=grassroots_union.pk).exists():
        services.plan_acknowledge(county, union_officer, grassroots_union)

    union_plan = WorkPlan.objects.create(
        issuer=grassroots_union, year=year, organ_code=grassroots_union.document_code, number_year=year,
        title=f"{grassroots_union.name}{year}年工作计划",
        addressees="各分会、工会小组", signing_organ=grassroots_union.name,
        guiding=f"根据{federation.name}{year}年工作要点，结合本单位实际，制定本年度工会工作计划如下：",
        signing_date=datetime.date(year, 3, 5), drafted_by=_pick_user(users, grassroots_union, MANAGING_ROLES),
    )
    _build(union_plan, UNION_PLAN, year, notes=False)
    union_plan = services.plan_approve(union_plan, union_plan.drafted_by)
    county.refresh_from_db()
    return [county, union_plan]


def load_for_demo_county(federation: Organisation, users) -> list[WorkPlan]:
    """The demo step: the county's plan and the demo officer's union's plan."""
    officer = users["officer"]
    union = officer.role_assignments.get(role="union_officer").organisation
    return load_demo_plans(federation, union, users)
