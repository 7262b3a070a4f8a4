"""What the audit part of finance offers the core's registries: the 经审会 and inspection
notification kinds, the annual audit report and the round's summary as PDF kinds, the
rectification-on-time indicator, the home panel (the committee's union for its members; overdue
rectifications for the federation and for the unit) and the demo step (order 65)."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import Indicator, count_by_organisation, registry
from unionadmin.roles import AUDIT_ROLES, CHAIR_ROLES, FEDERATION_FINANCE_ROLES, Role

from . import SECTION

ANNUAL_AUDIT_KIND = "finance_annual_audit"
SUMMARY_KIND = "finance_inspection_summary"


# --- the indicator ---------------------------------------------------------------------------

def count_rectifications(root, years):
    """Per inspected unit and year of the deadline: findings due (``due``) and closed by their
    deadline (``on_time``), one grouped query."""
    from ..models import Finding

    findings = Finding.objects.filter(inspected__unit__path__startswith=root.path)
    return count_by_organisation(findings, "inspected__unit_id", years, year_field="deadline__year",
                                 due=Count("pk"), on_time=Count("pk", filter=Q(closed_at__date__lte=F("deadline"))))


# --- documents -------------------------------------------------------------------------------

def _audit_context(annual, options):
    from ..audit import signatories
    from ..statements import income_expenditure

    return {"audit": annual, "statement": income_expenditure(annual.organisation, annual.year, 12),
            "seats": signatories(annual)}


def _audit_filename(annual, options):
    return f"经费审查报告 {annual.organisation.name} {annual.year}.pdf"


def _summary_context(inspection, options):
    from ..audit import round_summary

    return {"round": inspection, "summary": round_summary(inspection), "today": timezone.localdate()}


def _summary_filename(inspection, options):
    return f"{inspection.title} 汇总.pdf"


def _register_documents():
    from unionadmin.documents.kinds import DocumentKind
    from unionadmin.documents.kinds import registry as documents

    from ..models import AnnualAudit, InspectionRound

    documents.register(DocumentKind(
        code=ANNUAL_AUDIT_KIND, label=_("Annual audit report"), model=AnnualAudit,
        template="finance/audit/documents/annual_audit.html", context=_audit_context, filename=_audit_filename))
    documents.register(DocumentKind(
        code=SUMMARY_KIND, label=_("Inspection round summary"), model=InspectionRound,
        template="finance/audit/documents/inspection_summary.html", context=_summary_context,
        filename=_summary_filename, organisation=lambda inspection: inspection.federation))


# --- the home panel --------------------------------------------------------------------------

def panel_context(request):
    from ..audit import UNIT_RECIPIENTS, overdue
    from ..models import AuditCommittee, Finding, InspectionRound

    user = request.user
    rounds = InspectionRound.objects.visible_to(user, "change")
    federation = overdue(Finding.objects.filter(inspected__round__in=rounds)) if rounds.exists() else None
    # The unit's own findings: where the person is finance officer or chair at the unit itself
    # (a role at the federation covers the units too, but the report is the unit's).
    own_units = user.role_assignments.filter(role__in=UNIT_RECIPIENTS).values("organisation")
    to_rectify = (Finding.objects.visible_to(user, "rectify").filter(inspected__unit__in=own_units)
                  .exclude(inspected__round__in=rounds).exclude(status=Finding.Status.CLOSED))
    committees = []  # (union, its current committee or None) where the person holds the role
    if user.held_roles() & AUDIT_ROLES:
        today = timezone.localdate()
        for assignment in user.role_assignments.filter(role=Role.AUDIT_COMMITTEE).select_related("organisation"):
            union = assignment.organisation
            committees.append((union, AuditCommittee.objects.filter(organisation=union, term_start__lte=today,
                                                                    term_end__gte=today).first()))
    own = {"open": to_rectify.filter(status=Finding.Status.OPEN).count(), "overdue": overdue(to_rectify).count()}
    show = bool(committees) or federation is not None or own["open"] or own["overdue"]
    return {"show": show, "committees": committees, "federation_overdue": None if federation is None else
            federation.count(), "rounds_open": rounds.exclude(status=InspectionRound.Status.CLOSED).count(),
            "own": own}


# --- the demo --------------------------------------------------------------------------------

DEMO_UNITS = 5


def _member(union, *, exclude_names=(), skip=0):
    from members.models import CadrePost, Member

    posts = CadrePost.objects.filter(organisation=union).values("member_id")
    return (Member.objects.filter(union=union, status=Member.Status.ACTIVE).exclude(pk__in=posts)
            .exclude(name__in=exclude_names).order_by("pk")[skip])


@transaction.atomic
def load_demo_audit(federation, users, *, today: datetime.date | None = None) -> dict:
    """恒达机械工会's 经审会 (three members, one with the login ``audit``) and last year's
    signed audit; one inspection round of the county federation this summer over five units,
    with findings rectified and closed, one report waiting for verification, one overdue.
    Nothing is written when the committee is there already."""
    from unionadmin.models import Organisation

    from .. import audit
    from ..models import AuditCommittee, AuditCommitteeMember, CheckItem, Finding

    get = users.get if isinstance(users, dict) else (lambda name: next((u for u in users if u.username == name),
                                                                       None))
    keeper, login, admin = get("finance"), get("audit"), get("fed_admin")
    assignment = keeper.role_assignments.filter(role=Role.FINANCE_OFFICER).first() if keeper else None
    if assignment is None or AuditCommittee.objects.filter(organisation=assignment.organisation).exists():
        return {"committees": 0}
    union = assignment.organisation
    today = today or timezone.localdate()
    committee = audit.committee_create(union, term_start=datetime.date(today.year - 2, 3, 18), years=5,
                                       elected_at=f"{union.name}第三次会员代表大会", by=admin)
    named = union.members.filter(name=login.full_name).first() if login else None
    audit_member = named or _member(union)
    if login is not None and not audit.login_is_members_own(login, audit_member):
        # A seat's login is the member's own account: the same mobile number.
        if login.mobile:
            audit_member.phone = login.mobile
            audit_member.save(update_fields=["phone"])
        else:
            login.mobile = audit_member.phone or f"139{audit_member.pk:08d}"[-11:]
            login.save(update_fields=["mobile"])
            if not audit_member.phone:
                audit_member.phone = login.mobile
                audit_member.save(update_fields=["phone"])
    audit.seat_add(committee, audit_member, position=AuditCommitteeMember.Position.DIRECTOR, user=login, by=admin)
    for skip, position in ((0, AuditCommitteeMember.Position.DEPUTY), (1, AuditCommitteeMember.Position.MEMBER)):
        audit.seat_add(committee, _member(union, exclude_names=[audit_member.name], skip=skip), position=position,
                       by=admin)
    signer = login or admin
    annual = audit.audit_start(union, today.year - 1, by=signer)
    audit.audit_save(annual, by=signer, scope_text="对本会上年度经费收支、资产管理、专项资金使用及预算执行情况进行了审查。",
                     findings="经费收支均已入账，凭证齐全；个别慰问品采购未附清单，已要求补齐。未发现违规发放现金、购物卡情况。",
                     conclusion="本会上年度经费收支真实、合规，账务处理基本规范，同意提交会员代表大会审议。")
    audit.audit_sign(annual, by=signer)

    # This summer's round, or last summer's before September (so that its dates have passed).
    year = today.year if today.month >= 9 else today.year - 1
    starts = datetime.date(year, 6, 1)
    others = list(audit.units_below(federation).exclude(pk=union.pk).order_by("path")[:DEMO_UNITS - 1])
    inspection = audit.round_create(federation, title=f"{year}年基层工会财务检查", starts_on=starts,
                                    ends_on=datetime.date(year, 7, 31), by=admin,
                                    plan="检查凭证账簿、审批手续、节日慰问、超标准发放、禁止性支出、预算执行和拨缴情况。")
    audit.round_set_units(inspection, Organisation.objects.filter(pk__in=[u.pk for u in [*others, union]]), by=admin)
    audit.round_notify(inspection, by=admin)
    severity = Finding.Severity
    later = today + datetime.timedelta(days=30)
    # (category, severity, amount, what was found, deadline, outcome): the union with the demo
    # books (the "finance" login) has the overdue one.
    plans = [
        (CheckItem.FESTIVAL, severity.MAJOR, "3600.00", "中秋慰问品人均标准超出省定标准。", 30, "closed"),
        (CheckItem.VOUCHERS, severity.MINOR, None, "部分报销凭证未附发票清单。", 20, "closed_late"),
        (CheckItem.FORBIDDEN, severity.SERIOUS, "5000.00", "以购物卡形式发放节日福利。", later, "reported"),
        (CheckItem.BUDGET, severity.MAJOR, "12000.00", "年度预算未经经审会审查即执行。", later, "open"),
        (CheckItem.APPROVALS, severity.MINOR, None, "两笔支出无主席审批签字。", 15, "open"),
    ]
    inspected_units = {u.unit_id: u for u in inspection.units.all()}
    for number, (unit, plan) in enumerate(zip([*others, union], plans)):
        category, level, amount, text, due, outcome = plan
        inspected = inspected_units[unit.pk]
        visit = starts + datetime.timedelta(days=7 * number)
        checklist = {value: "ok" for value in CheckItem.values if value != CheckItem.OTHER}
        checklist[category] = "problem"
        audit.unit_fieldwork(inspected, visited_on=visit, checklist=checklist, by=admin,
                             feedback="现场反馈检查情况，要求按期整改并报送整改报告。")
        deadline = due if isinstance(due, datetime.date) else visit + datetime.timedelta(days=due)
        finding = audit.finding_add(inspected, category=category, severity=level, description=text,
                                    amount=Decimal(amount) if amount else None, opinion="限期整改，并报送整改报告。",
                                    deadline=deadline, by=admin)
        if outcome == "open":
            continue
        audit.rectification_submit(finding, report="已按要求完成整改，相关材料已补齐。", by=None)
        if outcome == "reported":
            continue
        audit.rectification_verify(finding, accept=True, by=admin)
        closed_on = deadline + datetime.timedelta(days=10 if outcome == "closed_late" else -3)
        Finding.objects.filter(pk=finding.pk).update(  # verified on the day it was, not on the demo's
            closed_at=timezone.make_aware(datetime.datetime.combine(closed_on, datetime.time(10))))
    return {"committees": 1, "audits": 1, "rounds": 1,
            "findings": Finding.objects.filter(inspected__round=inspection).count()}


def register() -> None:
    from unionadmin.demo_steps import DemoStep, add_demo_step
    from unionadmin.navigation import HomePanel, add_home_panel
    from unionadmin.notifications import register_kinds

    from ..audit import Notice
    from ..models import Finding

    register_kinds(Notice)
    _register_documents()
    registry.add_source("rectification", count_rectifications, models=[Finding])
    registry.register(Indicator(
        code="rectification_on_time_rate", label=_("Rectification on time"), unit="percent",
        numerator="rectification:on_time", denominator="rectification:due", section=SECTION,
        description=_("Inspection findings closed by their rectification deadline, out of the findings whose "
                      "deadline fell in the year.")))
    add_home_panel(HomePanel(template="finance/audit/home/_panel.html",
                             roles=FEDERATION_FINANCE_ROLES | AUDIT_ROLES | CHAIR_ROLES, context=panel_context,
                             order=27))
    # Before the budgets (62): the 经审会's agreement to a budget is recorded by a seated member.
    add_demo_step(DemoStep("finance_audit", 61, load_demo_audit))
