"""The federation's inspection round, end to end through the services and the pages: plan, pick
the units, notify, fieldwork, findings, the unit's rectification report, the federation's
verdict, overdue flags, closing, the summary PDF, the indicator; a unit sees its own inspection
only, once notified."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from finance import audit
from finance.models import CheckItem, Finding, InspectedUnit, InspectionRound, Rectification
from finance.services import FinanceError
from tests.factories import GrassrootsFactory, RoleAssignmentFactory, UserFactory
from unionadmin.indicators import registry
from unionadmin.models import DocumentJob, Notification
from unionadmin.roles import Role

from .factories_audit import PDF_BYTES

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
START = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def in_english(english, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


@pytest.fixture
def inspector(county):
    return RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=county.federation).user


@pytest.fixture
def keeper_a(county):
    return RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.a).user


@pytest.fixture
def keeper_b(county):
    return RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.b).user


@pytest.fixture
def chair_a(county):
    return RoleAssignmentFactory(role=Role.UNION_CHAIR, organisation=county.a).user


@pytest.fixture
def planned(county, inspector):
    return audit.round_create(county.federation, title="2026年财务检查", starts_on=START,
                              ends_on=datetime.date(2026, 7, 31), plan="检查凭证", by=inspector)


@pytest.fixture
def notified(county, planned, inspector):
    audit.round_set_units(planned, [county.a, county.b], by=inspector)
    return audit.round_notify(planned, by=inspector)


def unit_of(inspection, union):
    return InspectedUnit.objects.get(round=inspection, unit=union)


def finding_at(inspection, union, inspector, *, deadline=datetime.date(2026, 8, 31), **kwargs):
    return audit.finding_add(unit_of(inspection, union), category=kwargs.pop("category", CheckItem.FESTIVAL),
                             severity=kwargs.pop("severity", Finding.Severity.MAJOR),
                             description="节日慰问超标", deadline=deadline, by=inspector, **kwargs)


def test_the_round_end_to_end(county, planned, inspector, keeper_a, chair_a):
    # Planned: the units are every grassroots union below by default; only those can be picked.
    assert set(audit.units_below(county.federation)) == {county.a, county.b}
    other = GrassrootsFactory()  # under another federation
    with pytest.raises(FinanceError, match="Only grassroots unions below"):
        audit.round_set_units(planned, [county.a, other], by=inspector)
    audit.round_set_units(planned, [county.a, county.b], by=inspector)
    audit.round_set_units(planned, [county.a], by=inspector)
    assert list(planned.units.values_list("unit", flat=True)) == [county.a.pk]
    # Notified: the unit's finance officer and chair are told.
    audit.round_notify(planned, by=inspector)
    assert set(Notification.objects.filter(verb=audit.Notice.INSPECTION).values_list("recipient", flat=True)) == {
        keeper_a.pk, chair_a.pk}
    with pytest.raises(FinanceError, match="this step is not possible now"):
        audit.round_set_units(planned, [county.a, county.b], by=inspector)
    # Fieldwork and a finding.
    inspected = unit_of(planned, county.a)
    audit.unit_fieldwork(inspected, visited_on=datetime.date(2026, 6, 10), by=inspector, feedback="现场反馈",
                         checklist={"vouchers": "ok", "festival": "problem", "budget": "n/a"})
    planned.refresh_from_db()
    assert planned.status == InspectionRound.Status.FIELDWORK
    with pytest.raises(FinanceError, match="cannot be before 2026-06-10"):
        finding_at(planned, county.a, inspector, deadline=datetime.date(2026, 6, 9))
    finding = finding_at(planned, county.a, inspector, amount=Decimal("1200.00"))
    assert Notification.objects.filter(verb=audit.Notice.FINDING, recipient=keeper_a).exists()
    # The unit reports; a second report while one waits is refused.
    federation_keeper = RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.federation).user
    with pytest.raises(FinanceError, match="sent by the inspected union's own finance officer or chair"):
        audit.rectification_submit(finding, report="代报", by=federation_keeper)
    audit.rectification_submit(finding, report="已收回超标部分", by=keeper_a)
    assert Notification.objects.filter(verb=audit.Notice.RECTIFIED, recipient=inspector).exists()
    with pytest.raises(FinanceError, match="already waiting for verification"):
        audit.rectification_submit(finding, report="再报一次", by=keeper_a)
    # Returned: open again, with the note; reported again and accepted: closed.
    with pytest.raises(FinanceError, match="Say what is still missing"):
        audit.rectification_verify(finding, accept=False, by=inspector)
    audit.rectification_verify(finding, accept=False, note="缺少退款凭证", by=inspector)
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN and finding.closed_at is None
    assert Rectification.objects.get().verification_note == "缺少退款凭证"
    audit.rectification_submit(finding, report="已补退款凭证", by=keeper_a)
    audit.rectification_verify(finding, accept=True, by=inspector)
    finding.refresh_from_db()
    assert finding.status == Finding.Status.CLOSED and finding.closed_at is not None
    assert list(Rectification.objects.order_by("pk").values_list("verdict", flat=True)) == ["returned", "accepted"]
    # Every finding closed: the round closes.
    audit.round_close(planned, by=inspector)
    planned.refresh_from_db()
    assert planned.status == InspectionRound.Status.CLOSED


def test_a_round_with_open_findings_closes_only_with_them_listed(county, notified, inspector):
    finding_at(notified, county.a, inspector)
    with pytest.raises(FinanceError, match="1 findings are not closed yet"):
        audit.round_close(notified, by=inspector)
    audit.round_close(notified, with_open=True, by=inspector)
    notified.refresh_from_db()
    assert notified.status == InspectionRound.Status.CLOSED


def test_notifying_needs_units_and_the_checklist_takes_only_known_items(county, planned, inspector):
    with pytest.raises(FinanceError, match="Choose the unions to inspect"):
        audit.round_notify(planned, by=inspector)
    audit.round_set_units(planned, [county.a], by=inspector)
    audit.round_notify(planned, by=inspector)
    with pytest.raises(FinanceError, match="not known"):
        audit.unit_fieldwork(unit_of(planned, county.a), visited_on=START, checklist={"cash": "ok"}, by=inspector)


def test_overdue_is_flagged_on_the_round_the_unit_and_the_federation_home(client, county, notified, inspector,
                                                                          keeper_a):
    late = finding_at(notified, county.a, inspector, deadline=TODAY - datetime.timedelta(days=1))
    finding_at(notified, county.b, inspector, deadline=TODAY + datetime.timedelta(days=30))
    assert late.is_overdue() and list(audit.overdue(Finding.objects.all())) == [late]
    client.force_login(inspector)
    round_page = client.get(notified.get_absolute_url()).content.decode()
    assert 'id="overdue"' in round_page and "Overdue rectifications: 1" in round_page
    assert 'id="federation-overdue"' in client.get("/").content.decode()
    client.force_login(keeper_a)
    unit_page = client.get(unit_of(notified, county.a).get_absolute_url()).content.decode()
    assert "Overdue rectifications: 1" in unit_page
    assert 'id="own-overdue"' in client.get("/").content.decode()
    # A report waiting for verification is still overdue; accepted, it is not.
    audit.rectification_submit(late, report="已整改", by=keeper_a)
    late.refresh_from_db()
    assert late.is_overdue()
    audit.rectification_verify(late, accept=True, by=inspector)
    late.refresh_from_db()
    assert not late.is_overdue() and late.closed_on_time is False


def test_a_unit_sees_only_its_own_inspection_and_findings_once_notified(client, county, planned, inspector,
                                                                        keeper_a, keeper_b):
    audit.round_set_units(planned, [county.a, county.b], by=inspector)
    unit_a, unit_b = unit_of(planned, county.a), unit_of(planned, county.b)
    client.force_login(keeper_a)
    assert client.get(unit_a.get_absolute_url()).status_code == 404  # not yet notified
    assert client.get(planned.get_absolute_url()).status_code == 404  # the round is the federation's
    audit.round_notify(planned, by=inspector)
    mine, theirs = finding_at(planned, county.a, inspector), finding_at(planned, county.b, inspector)
    assert client.get(unit_a.get_absolute_url()).status_code == 200
    assert client.get(mine.get_absolute_url()).status_code == 200
    for url in (unit_b.get_absolute_url(), theirs.get_absolute_url(),
                reverse("finance:finding_rectify", args=[theirs.pk]), planned.get_absolute_url()):
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("finance:inspection_list")).content.decode()
    assert unit_a.get_absolute_url() in listing and unit_b.get_absolute_url() not in listing
    # The unit may not record findings or verify its own report.
    assert client.post(reverse("finance:finding_create", args=[unit_a.pk]), {}).status_code == 403
    assert client.post(reverse("finance:finding_verify", args=[mine.pk]), {"verdict": "accept"}).status_code == 403


def test_the_unit_answers_and_the_federation_verifies_on_the_pages(client, county, notified, inspector, keeper_a):
    finding = finding_at(notified, county.a, inspector)
    client.force_login(keeper_a)
    assert "Send a rectification report" in client.get(finding.get_absolute_url()).content.decode()
    rectify = reverse("finance:finding_rectify", args=[finding.pk])
    refused = client.post(rectify, {"report": "已整改", "file": SimpleUploadedFile("a.html", b"<html></html>")})
    assert refused.status_code == 200 and not Rectification.objects.exists()
    response = client.post(rectify, {"report": "已整改", "file": SimpleUploadedFile("整改报告.pdf", PDF_BYTES)})
    assert response.status_code == 302
    rectification = Rectification.objects.get()
    download = client.get(reverse("finance:rectification_file", args=[rectification.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    again = client.post(rectify, {"report": "再次提交"}, follow=True)
    assert "already waiting for verification" in again.content.decode()
    client.force_login(inspector)
    verify = reverse("finance:finding_verify", args=[finding.pk])
    assert "Verify" in client.get(finding.get_absolute_url()).content.decode()
    page = client.post(verify, {"verdict": "return", "note": ""})
    assert "Say what is still missing when returning the report." in page.content.decode()
    client.post(verify, {"verdict": "return", "note": "附件不全"})
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN
    client.force_login(keeper_a)
    client.post(rectify, {"report": "已补附件"})
    client.force_login(inspector)
    client.post(verify, {"verdict": "accept", "note": ""})
    finding.refresh_from_db()
    assert finding.status == Finding.Status.CLOSED
    assert "附件不全" in client.get(finding.get_absolute_url()).content.decode()


def test_the_federation_plans_picks_notifies_and_records_on_the_pages(client, county, inspector):
    client.force_login(inspector)
    response = client.post(reverse("finance:inspection_create"), {
        "federation": county.federation.pk, "title": "2026年财务检查", "starts_on": "2026-06-01",
        "ends_on": "2026-07-31", "plan": "检查凭证"})
    inspection = InspectionRound.objects.get()
    assert response.url == reverse("finance:inspection_units", args=[inspection.pk])
    units_page = client.get(response.url).content.decode()
    assert "甲公司工会" in units_page and "乙学校工会" in units_page and "checked" in units_page
    client.post(response.url, {"units": [county.a.pk, county.b.pk]})
    client.post(reverse("finance:inspection_notify", args=[inspection.pk]))
    inspection.refresh_from_db()
    assert inspection.status == InspectionRound.Status.NOTIFIED and inspection.units.count() == 2
    unit = unit_of(inspection, county.a)
    client.post(reverse("finance:inspected_unit_fieldwork", args=[unit.pk]), {
        "visited_on": "2026-06-12", "check_vouchers": "ok", "check_festival": "problem", "feedback": "当场反馈"})
    unit.refresh_from_db()
    assert unit.checklist == {"vouchers": "ok", "festival": "problem"} and unit.feedback == "当场反馈"
    client.post(reverse("finance:finding_create", args=[unit.pk]), {
        "category": "festival", "severity": "major", "amount": "800.00", "description": "超标",
        "opinion": "收回", "deadline": "2026-08-31"})
    assert Finding.objects.get().amount == Decimal("800.00")
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert 'value="finance_inspection_summary"' in page
    closing = client.post(reverse("finance:inspection_close", args=[inspection.pk]), {})
    assert "1 findings are not closed yet" in closing.content.decode()
    client.post(reverse("finance:inspection_close", args=[inspection.pk]), {"with_open": "on"})
    inspection.refresh_from_db()
    assert inspection.status == InspectionRound.Status.CLOSED


def test_a_union_officer_cannot_plan_a_round(client, county, keeper_a):
    client.force_login(keeper_a)
    assert client.get(reverse("finance:inspection_create")).status_code == 403


def test_the_summary_pdf(client, county, notified, inspector, keeper_a, tmp_path):
    from unionadmin.documents import rendering
    from unionadmin.documents.kinds import registry as documents

    closed = finding_at(notified, county.a, inspector, amount=Decimal("1000.00"),
                        deadline=TODAY + datetime.timedelta(days=30))
    audit.rectification_submit(closed, report="已整改", by=keeper_a)
    audit.rectification_verify(closed, accept=True, by=inspector)
    finding_at(notified, county.b, inspector, severity=Finding.Severity.SERIOUS, category=CheckItem.FORBIDDEN,
               amount=Decimal("500.00"), deadline=TODAY - datetime.timedelta(days=1))
    summary = audit.round_summary(notified)
    assert (summary["on_time"], summary["late"], summary["open"], len(summary["overdue"])) == (1, 0, 1, 1)
    assert summary["amount"] == Decimal("1500.00")
    assert [(row["label"], row["count"]) for row in summary["by_severity"]] == [("Major", 1), ("Serious", 1)]
    html = rendering.render_html(documents.get("finance_inspection_summary"), notified, {}, "zh-hans")
    for expected in ("检查情况汇总", "按期整改1个", "甲公司工会", "涉及金额1,500.00元"):
        assert expected in html, (expected, html[html.index("<body"):])
    pdf = rendering.html_to_pdf(html)
    (tmp_path / "summary.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    client.force_login(inspector)
    assert client.post(reverse("documents:request"), {"kind": "finance_inspection_summary",
                                                      "pk": notified.pk}).status_code == 302
    assert DocumentJob.objects.get().organisation == county.federation
    client.force_login(keeper_a)  # a unit does not get the round's summary
    assert client.post(reverse("documents:request"), {"kind": "finance_inspection_summary",
                                                      "pk": notified.pk}).status_code == 404


def test_the_rectification_on_time_rate(county, notified, inspector, keeper_a):
    on_time = finding_at(notified, county.a, inspector, deadline=datetime.date(TODAY.year, 12, 31))
    audit.rectification_submit(on_time, report="已整改", by=keeper_a)
    audit.rectification_verify(on_time, accept=True, by=inspector)
    finding_at(notified, county.b, inspector, deadline=datetime.date(TODAY.year, 12, 31))
    finding_at(notified, county.b, inspector, deadline=datetime.date(TODAY.year + 1, 1, 31))  # another year
    indicator = registry.get("rectification_on_time_rate")
    measured = indicator.measure(county.federation, TODAY.year)
    assert (measured.numerator, measured.denominator, measured.value) == (1, 2, Decimal("50.0"))
    assert indicator.measure_units(county.federation, TODAY.year)[county.a.pk].value == Decimal("100.0")


def test_the_demo_round_and_committee(county):
    from finance.models import AnnualAudit, AuditCommittee
    from finance.wiring.audit import load_demo_audit
    from tests.factories import MemberFactory

    for _n in range(4):
        GrassrootsFactory(parent=county.federation)
    for _n in range(6):
        MemberFactory(union=county.a)
    login = UserFactory(username="audit", full_name="孙立民")
    MemberFactory(union=county.a, name="孙立民")
    users = {"finance": RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.a).user,
             "audit": login,
             "fed_admin": RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=county.federation).user}
    today = datetime.date(2026, 12, 5)
    result = load_demo_audit(county.federation, users, today=today)
    assert result == {"committees": 1, "audits": 1, "rounds": 1, "findings": 5}
    committee = AuditCommittee.objects.get()
    assert committee.members.count() == 3 and committee.members.filter(user=login).exists()
    assert login.role_assignments.filter(role=Role.AUDIT_COMMITTEE, organisation=county.a).exists()
    assert AnnualAudit.objects.get().is_signed
    statuses = sorted(Finding.objects.values_list("status", flat=True))
    assert statuses == ["closed", "closed", "open", "open", "reported"]
    assert sorted(f.closed_on_time for f in Finding.objects.filter(status="closed")) == [False, True]
    assert sum(f.is_overdue(today) for f in Finding.objects.all()) == 1
    assert load_demo_audit(county.federation, users, today=today) == {"committees": 0}
