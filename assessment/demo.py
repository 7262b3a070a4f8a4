"""The assessment part of the demo county.

``load_demo_assessment(county_federation, users)`` writes, through the assessment's own
services (so the demo holds only what the pages could have made, history included):

* last year's rubric, every unit's sheet reviewed and final, and the results published —
  so units can read a published ranking and the "assessment_grade" indicator has a year;
* this year's rubric (41 items in 6 areas: 34 scored items worth 100 points, 3 bonus items
  capped at 5 points, 2 deduction items and 2 veto items; six items measured from the
  product's own data when their indicator is registered), with the units' sheets in every
  state: final ones with a spread of grades (some exemplary, some below 91, one vetoed),
  some open to appeal with an appeal waiting, some submitted and waiting for the reviewer,
  some being filled in (the demo ``officer``'s own union among them) and a few not started.

``users`` may be a mapping (its values are used) or an iterable of accounts; the people who
act are picked by the roles they hold, never by login name. Units without an officer
account of their own are scored without a user (the history shows "system"). Nothing is
done when the federation already has this year's rubric.
"""
from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from unionadmin.indicators import registry as indicators
from unionadmin.models import Organisation, RoleAssignment
from unionadmin.roles import Role

from . import grading
from .measuring import proposals_for_units
from .models import Rubric
from .services import AssessmentError
from .services import results as results_services
from .services import review as review_services
from .services import rubrics as rubric_services
from .services import sheets as sheet_services

D = Decimal
STEPS_MEMBERSHIP = {"kind": "steps", "steps": [{"at_least": 100, "share": 100}, {"at_least": 95, "share": 80},
                                               {"at_least": 90, "share": 60}, {"at_least": 80, "share": 30}]}
ALL_OR_NOTHING = {"kind": "steps", "steps": [{"at_least": 100, "share": 100}]}

# (area, [(item, maximum, guidance, deductions, evidence required, (indicator code, rule) or None)])
AREAS = [
    ("组织建设", [
        ("职工入会率达到100%", 5, "以会员名册和职工人数计算入会率。", "入会率每低5个百分点扣1分。", False,
         ("membership_rate", STEPS_MEMBERSHIP)),
        ("工会委员会按期换届，组织机构健全", 3, "查换届选举批复、委员会名单。", "未按期换届扣3分。", True, None),
        ("会员实名制管理，会员信息及时更新", 3, "会员信息准确率达到98%以上。", "信息不全每发现一处扣0.5分。", False, None),
        ("职工之家建设达到合格以上", 3, "按职工之家评定等级计分。", "", False,
         ("workers_home_qualified", ALL_OR_NOTHING)),
        ("工会干部参加上级工会培训", 2, "主席、副主席每年参加培训不少于一次。", "缺一人次扣0.5分。", False, None),
        ("女职工委员会组织健全、活动正常", 2, "查女职委名单及活动记录。", "", False, None),
        ("工会小组（职工小家）建设", 2, "班组、科室普遍建立工会小组。", "", False, None),
    ]),
    ("维权服务", [
        ("签订并履行集体合同", 5, "综合性集体合同在有效期内，并向职代会报告履行情况。", "未签订不得分。", False,
         ("contract_signing_rate", ALL_OR_NOTHING)),
        ("按期召开职工（教职工）代表大会", 4, "每年至少召开一次，程序规范。", "未召开不得分。", True,
         ("congress_held", ALL_OR_NOTHING)),
        ("推行厂务（校务）公开", 3, "公开栏、公开内容和监督小组齐全。", "", False, None),
        ("职工提案按期办理答复", 3, "提案按期答复率达到100%。", "按比例计分。", False,
         ("proposals_on_time_rate", {"kind": "linear", "zero_at": 60, "full_at": 100})),
        ("劳动争议调解和劳动关系预警", 2, "建立调解委员会，及时报告劳动关系风险。", "", False, None),
        ("签订女职工权益保护专项集体合同", 3, "专项合同在有效期内。", "", False, None),
    ]),
    ("劳动竞赛", [
        ("组织开展“安康杯”竞赛", 4, "有方案、有过程记录、有总结。", "无方案扣2分。", False, None),
        ("开展技能比武和岗位练兵", 4, "全年至少组织一次技能竞赛。", "", False, None),
        ("开展合理化建议活动", 3, "建议有登记、有评审、有采纳。", "", False, None),
        ("工人先锋号、劳模创新工作室创建", 2, "", "", False, None),
        ("开展职工文体活动", 2, "节日活动、文体比赛台账齐全。", "", False, None),
    ]),
    ("困难帮扶", [
        ("困难职工建档立卡，实行动态管理", 3, "档案资料齐全，信息准确。", "", False, None),
        ("困难职工解困脱困率达到30%", 3, "以年度脱困户数计算。", "", False,
         ("hardship_exit_rate", {"kind": "linear", "zero_at": 0, "full_at": 30})),
        ("困难职工档案年度复核", 2, "当年完成全部档案复核。", "", False, None),
        ("开展送温暖、金秋助学活动", 3, "资金发放手续完备，公示到位。", "资金发放手续不全扣1分。", False, None),
        ("落实“五必访”走访慰问", 2, "", "", False, None),
        ("开展“一帮一”结对帮扶", 2, "", "", False, None),
    ]),
    ("经费管理", [
        ("工会经费及时足额收缴", 4, "按职工工资总额2%拨缴。", "未足额拨缴扣2分。", False, None),
        ("设立工会独立账户，独立核算", 3, "", "未设立独立账户不得分。", False, None),
        ("经费审查委员会依法开展审查", 3, "每年审查经费收支情况并向会员大会报告。", "", True, None),
        ("会员会费按规定收缴", 2, "", "", False, None),
        ("经费使用符合规定，无违规违纪", 3, "", "发现违规使用扣3分。", False, None),
    ]),
    ("宣传教育", [
        ("开展职工思想政治引领和理论宣讲", 3, "", "", False, None),
        ("建设职工书屋，开展职工读书活动", 3, "", "", False, None),
        ("宣传劳模精神、劳动精神、工匠精神", 3, "", "", False, None),
        ("工会信息报送和宣传报道", 3, "全年向县总工会报送信息不少于6篇。", "每少一篇扣0.5分。", False, None),
        ("开展普法宣传教育", 3, "", "", False, None),
    ]),
]
BONUS = [
    ("获得省级以上工会表彰", 3, "以表彰文件为准。"),
    ("获得市级工会表彰", 2, "以表彰文件为准。"),
    ("工作经验被市级以上工会推广", 2, ""),
]
DEDUCTIONS = [
    ("未按时报送统计报表和考核材料", 2, "每迟报一次扣0.5分。"),
    ("发生职工越级上访且处置不力", 3, "每发生一起扣1分。"),
]
VETOES = [
    ("发生重大安全生产责任事故", "因工会监督不力造成重大安全生产责任事故的，实行一票否决。"),
    ("发生影响恶劣的群体性事件", "因劳动关系问题引发影响恶劣的群体性事件的，实行一票否决。"),
]


def _people(users) -> list:
    return list(users.values()) if hasattr(users, "values") else list(users or [])


def _holder(users, organisation, role):
    """One of ``users`` holding ``role`` at ``organisation`` or above it."""
    ids = [u.pk for u in _people(users) if getattr(u, "pk", None)]
    assignment = (RoleAssignment.objects.filter(user_id__in=ids, role=role,
                                                organisation_id__in=[organisation.pk, *organisation.ancestor_ids()])
                  .select_related("user").order_by("-organisation__depth").first())
    return assignment.user if assignment else None


def _unit_officers(users, units) -> dict:
    ids = [u.pk for u in _people(users) if getattr(u, "pk", None)]
    result = {}
    for assignment in RoleAssignment.objects.filter(user_id__in=ids, role=Role.UNION_OFFICER,
                                                    organisation__in=units).select_related("user"):
        result.setdefault(assignment.organisation_id, assignment.user)
    return result


def _minimal_pdf(text: str) -> bytes:
    """A valid one-page PDF with one line of ASCII text (a stand-in for a scanned document)."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def build_demo_rubric(federation, year: int, user, *, deadline) -> Rubric:
    """The county's rubric for ``year``, published."""
    rubric = rubric_services.rubric_create(
        federation=federation, year=year, title=f"{federation.name}{year}年度基层工会目标管理考核细则",
        deadline=deadline, appeal_days=5, user=user)
    version = rubric.versions.get()
    rubric_services.version_settings_save(version, user, standard_threshold=grading.DEFAULT_STANDARD,
                                          exemplary_threshold=grading.DEFAULT_EXEMPLARY, bonus_cap=D("5"),
                                          categories=rubric_services.ALL_CATEGORIES)
    for a, (area_name, items) in enumerate(AREAS):
        area = rubric_services.area_save(version, user, name=area_name, position=a)
        for i, (title, maximum, guidance, deductions, evidence, measured) in enumerate(items):
            code, rule = measured if measured and measured[0] in indicators else ("", {})
            rubric_services.item_save(version, user, kind="standard", area=area, position=i, title=title,
                                      maximum=D(maximum), guidance=guidance, deduction_rules=deductions,
                                      evidence_required=evidence, indicator_code=code, rule=rule)
    for i, (title, maximum, guidance) in enumerate(BONUS):
        rubric_services.item_save(version, user, kind="bonus", position=i, title=title, maximum=D(maximum),
                                  guidance=guidance)
    for i, (title, maximum, rules) in enumerate(DEDUCTIONS):
        rubric_services.item_save(version, user, kind="deduction", position=i, title=title, maximum=D(maximum),
                                  deduction_rules=rules)
    for i, (title, guidance) in enumerate(VETOES):
        rubric_services.item_save(version, user, kind="veto", position=i, title=title, maximum=D(0),
                                  guidance=guidance)
    rubric_services.version_publish(version, user)
    rubric.refresh_from_db()
    return rubric


# How each unit does: its quality (share of the points it earns) decides its grade.
PROFILES = {
    "strong": (D("0.94"), D("0.98")),
    "good": (D("0.915"), D("0.95")),
    "weak": (D("0.80"), D("0.905")),
}


def _quality(rng, profile) -> D:
    low, high = PROFILES[profile]
    return low + (high - low) * D(str(round(rng.random(), 3)))


def _points(rng, maximum: D, quality: D) -> D:
    """Points in half-point steps, most items near the unit's quality."""
    share = min(D(1), max(D("0.4"), quality + D(str(round(rng.uniform(-0.06, 0.06), 3)))))
    return min(maximum, (maximum * share * 2).quantize(D("1")) / 2)


OVERRIDE_NOTES = {
    "contract_signing_rate": "集体合同已于年初续签并报人社局备案，系统中尚未录入，见附件。",
    "congress_held": "本年度职代会已召开，会议记录和决议见附件（系统中尚未登记）。",
    "proposals_on_time_rate": "提案均已按期答复，答复意见书见附件。",
    "hardship_exit_rate": "年底新增脱困户尚未在系统中更新。",
    "membership_rate": "年底新入职职工已入会，数据尚未录入系统。",
    "workers_home_qualified": "职工之家已通过复评，证书见附件。",
}


def _entries(rubric, sheet, rng, quality, proposals, *, bonus=(), deductions=(), veto=None, areas=None) -> dict:
    """The unit's self-scores: a measured item takes the proposal when the data are fair to the
    unit, otherwise the unit scores what it believes with a note (the data lag behind its
    paper records); the other items get points near the unit's quality."""
    entries = {}
    for score in sheet.scores.select_related("item", "item__area"):
        item = score.item
        if areas is not None and (item.area is None or item.area.position not in areas):
            continue
        if item.kind == "veto":
            if veto == item.title:
                entries[item.pk] = {"vetoed": True, "note": "本年度发生，已如实填报。"}
        elif item.kind == "bonus":
            if item.title in bonus:
                entries[item.pk] = {"points": item.maximum, "note": "见表彰文件。"}
        elif item.kind == "deduction":
            if item.title in deductions:
                entries[item.pk] = {"points": D("1"), "note": "第三季度统计报表迟报两次。"}
        else:
            target = _points(rng, item.maximum, quality)
            proposal = proposals.get(item.pk)
            if proposal is not None and proposal.points is not None and proposal.points >= target - D("0.5"):
                entries[item.pk] = {"use_proposal": True}
            elif proposal is not None and proposal.points is not None:
                entries[item.pk] = {"points": target, "note": OVERRIDE_NOTES.get(item.indicator_code, "详见附件。")}
            else:
                entries[item.pk] = {"points": target, "note": "详见工作台账。" if rng.random() < 0.2 else ""}
    return entries


def _score_sheet(rubric, sheet, officer, rng, quality, proposals, **kwargs):
    sheet_services.scores_save(sheet, officer, _entries(rubric, sheet, rng, quality, proposals, **kwargs))
    if kwargs.get("areas") is not None:
        return
    for score in sheet.scores.select_related("item").filter(item__evidence_required=True):
        upload = SimpleUploadedFile(f"{score.item.title[:12]}.pdf", _minimal_pdf(f"Evidence {rubric.year} #{score.pk}"))
        sheet_services.evidence_add(score, officer, upload)


REMARKS = [
    "台账记录不完整，酌情扣分。",
    "佐证材料与自评不符，按实际完成情况计分。",
    "活动次数未达到细则要求。",
    "未提供会议记录，扣除相应分值。",
]


def _review(sheet, reviewer, officer, rng, *, appeal=False, answer=True, finalise=True, veto=None):
    """The reviewer lowers one to three items with a remark, sends the review; the unit may
    appeal one of them; the reviewer answers and finalises."""
    scores = [s for s in sheet.scores.select_related("item") if s.kind == "standard" and s.self_points]
    lowered = []
    for score in rng.sample(scores, k=min(len(scores), rng.choice([0, 1, 1, 2, 3]))):
        cut = min(score.self_points, D(rng.choice(["0.5", "1", "1", "1.5"])))
        review_services.item_review(score, reviewer, points=score.self_points - cut, remark=rng.choice(REMARKS))
        lowered.append(score)
    if veto:
        vetoed = sheet.scores.get(item__title=veto)
        review_services.item_review(vetoed, reviewer, vetoed=True, remark="经核实，事故属实，实行一票否决。")
    review_services.assessment_release(sheet, reviewer)
    if appeal and lowered:
        score = lowered[0]
        appealed = sheet_services.appeal_create(score, officer, reason="相关材料已补充上传，请予复核。")
        if answer:
            score.refresh_from_db()
            restore = rng.random() < 0.5
            review_services.appeal_answer(
                appealed, reviewer, answer="经复核，补充材料有效，恢复原分值。" if restore else "经复核，维持原评分。",
                points=score.self_points if restore else None)
    if finalise:
        review_services.assessment_finalise(sheet, reviewer)


def _plan_states(units, officer_unit, school_unit, rng) -> dict:
    """unit pk → (state to reach, profile). Deterministic for a given county."""
    plan = {}
    ordered = sorted(units, key=lambda u: u.path)
    profiles = ["strong", "good", "good", "weak"]
    for index, unit in enumerate(ordered):
        profile = profiles[index % len(profiles)]
        if unit.pk == officer_unit:
            state = "draft"
        elif unit.pk == school_unit:
            state = "submitted"
        else:
            state = rng.choices(["finalised", "reviewed", "submitted", "draft", "none"], [62, 10, 12, 8, 8])[0]
        plan[unit.pk] = (state, profile)
    return plan


@transaction.atomic
def load_demo_assessment(county_federation: Organisation, users) -> dict:
    """Last year's assessment, published, and this year's in progress; returns a summary."""
    today = timezone.localdate()
    year = today.year
    existing = Rubric.objects.filter(federation=county_federation, year=year).first()
    if existing is not None:
        return {"created": False, "rubric": existing}
    admin = _holder(users, county_federation, Role.FEDERATION_ADMIN)
    reviewer = _holder(users, county_federation, Role.FEDERATION_REVIEWER) or admin
    units = list(Organisation.objects.subtree_of(county_federation).grassroots().filter(is_active=True))
    officers = _unit_officers(users, units)
    summary = {"created": True}

    # Last year: everything final and published.
    last = build_demo_rubric(county_federation, year - 1, admin, deadline=today + datetime.timedelta(days=30))
    rng = random.Random(f"assessment-{year - 1}")
    proposals = proposals_for_units(list(last.current_version.items.all()), county_federation, last.year)
    for index, unit in enumerate(sorted(units, key=lambda u: u.path)):
        officer = officers.get(unit.pk)
        sheet = sheet_services.sheet_create(last, unit, officer)
        profile = ["strong", "good", "good", "weak"][(index + 1) % 4]
        _score_sheet(last, sheet, officer, rng, _quality(rng, profile), proposals.get(unit.pk, {}),
                     bonus=("获得市级工会表彰",) if profile == "strong" and rng.random() < 0.5 else ())
        sheet_services.assessment_submit(sheet, officer)
        _review(sheet, reviewer, officer, rng, appeal=rng.random() < 0.2)
    rubric_services.rubric_settings_save(last, admin, title=last.title, deadline=datetime.date(year - 1, 12, 15),
                                         appeal_days=last.appeal_days)
    summary["last_year_published"] = results_services.results_publish(last, admin)
    last.refresh_from_db()

    # This year: in progress.
    rubric = build_demo_rubric(county_federation, year, admin, deadline=max(datetime.date(year, 12, 15),
                                                                           today + datetime.timedelta(days=14)))
    rng = random.Random(f"assessment-{year}")
    proposals = proposals_for_units(list(rubric.current_version.items.all()), county_federation, year)
    by_key = {u.pk: u for u in units}
    officer_unit = next((pk for pk, user in officers.items() if getattr(user, "username", "") == "officer"), None)
    if officer_unit is None and officers:
        officer_unit = next(iter(officers))
    school_unit = next((pk for pk in officers if pk != officer_unit
                        and by_key[pk].category == Organisation.Category.INSTITUTION), None)
    plan = _plan_states(units, officer_unit, school_unit, rng)
    # One unit whose year had a serious accident (a construction project if there is one).
    veto_unit = next((u.pk for u in units if u.sector == Organisation.Sector.PROJECT and plan[u.pk][0] == "finalised"),
                     None)
    counts = {}
    for unit in sorted(units, key=lambda u: u.path):
        state, profile = plan[unit.pk]
        counts[state] = counts.get(state, 0) + 1
        if state == "none":
            continue
        officer = officers.get(unit.pk)
        sheet = sheet_services.sheet_create(rubric, unit, officer)
        quality = _quality(rng, profile)
        veto = VETOES[0][0] if unit.pk == veto_unit else None
        bonus = ("获得省级以上工会表彰",) if profile == "strong" and rng.random() < 0.4 else \
            ("获得市级工会表彰",) if rng.random() < 0.25 else ()
        deductions = (DEDUCTIONS[0][0],) if rng.random() < 0.15 else ()
        if state == "draft":
            _score_sheet(rubric, sheet, officer, rng, quality, proposals.get(unit.pk, {}), areas={0, 1, 2})
            continue
        _score_sheet(rubric, sheet, officer, rng, quality, proposals.get(unit.pk, {}), bonus=bonus,
                     deductions=deductions, veto=veto)
        sheet_services.assessment_submit(sheet, officer)
        if state == "submitted":
            continue
        _review(sheet, reviewer, officer, rng, appeal=state == "reviewed" or rng.random() < 0.15,
                answer=state != "reviewed", finalise=state == "finalised", veto=veto)
    summary.update(rubric=rubric, last_year=last, states=counts,
                   grades=_grade_counts(rubric))
    return summary


def _grade_counts(rubric) -> dict:
    counts = {}
    for row in results_services.live_results(rubric):
        key = "vetoed" if row.vetoed else row.grade or "none"
        counts[key] = counts.get(key, 0) + 1
    return counts


__all__ = ["load_demo_assessment", "AssessmentError"]
