"""The 经审会 seat is what gives the right to audit: the role alone (given on the role page, held
at a federation, or lingering after an exclusion came) writes no audit; exclusions are checked at
the union and every union above it, and again at every step; a seat's login is the member's own;
a signed report keeps its signatories; the committee is recorded by the union's officers or the
federation above, never by the chair or finance officer it audits."""
import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from finance import audit
from finance.forms_audit import CommitteeForm
from finance.models import AnnualAudit, AuditCommittee, Claim, Finding, InspectionRound
from finance.services import FinanceError
from members.models import CadrePost
from tests.factories import MemberFactory, RoleAssignmentFactory, UserFactory
from unionadmin.forms import grantable_roles
from unionadmin.roles import Role

from .factories import account
from .factories_claims import new_claim
from .factories_rules import seed_rules

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PHONES = itertools.count(13700000001)


@pytest.fixture(autouse=True)
def in_english(english):
    with translation.override("en"):
        yield


def own_login(union, **kwargs):
    member = MemberFactory(union=union, phone=str(next(PHONES)), **kwargs)
    return member, UserFactory(mobile=member.phone)


@pytest.fixture
def committee(county):
    return audit.committee_create(county.a, term_start=TODAY - datetime.timedelta(days=400), years=5)


@pytest.fixture
def seated(county, committee):
    member, person = own_login(county.a)
    audit.seat_add(committee, member, user=person)
    return member, person


# --- 1, 4: the seat, not the role, writes the audit ---------------------------------------------

def test_the_role_alone_does_not_begin_write_or_sign_the_audit(client, county, committee, seated):
    stray = RoleAssignmentFactory(role=Role.AUDIT_COMMITTEE, organisation=county.a).user  # no seat
    with pytest.raises(FinanceError, match="Only a member of 甲公司工会's funds audit committee"):
        audit.audit_start(county.a, TODAY.year - 1, by=stray)
    annual = audit.audit_start(county.a, TODAY.year - 1, by=seated[1])
    with pytest.raises(FinanceError, match="Only a member"):
        audit.audit_save(annual, scope_text="x", findings="x", conclusion="x", by=stray)
    audit.audit_save(annual, scope_text="收支", findings="无", conclusion="同意", by=seated[1])
    with pytest.raises(FinanceError, match="Only a member"):
        audit.audit_sign(annual, by=stray)
    client.force_login(stray)
    assert client.get(reverse("finance:annual_audit_create")).status_code == 403  # no union to choose
    response = client.post(reverse("finance:annual_audit_sign", args=[annual.pk]), follow=True)
    assert "Only a member" in response.content.decode()
    annual.refresh_from_db()
    assert not annual.is_signed
    assert audit.sits_on_audit_committee(seated[1], county.a) and not audit.sits_on_audit_committee(stray, county.a)


def test_a_federation_level_committee_role_writes_no_units_audit(client, county, committee):
    above = RoleAssignmentFactory(role=Role.AUDIT_COMMITTEE, organisation=county.federation).user
    with pytest.raises(FinanceError, match="Only a member"):
        audit.audit_start(county.a, TODAY.year - 1, by=above)
    client.force_login(above)
    assert client.get(reverse("finance:annual_audit_create")).status_code == 403
    assert not AnnualAudit.objects.exists()


def test_the_begin_form_offers_only_the_unions_where_the_person_sits(county, committee, seated):
    audit.committee_create(county.b, term_start=TODAY - datetime.timedelta(days=10), years=3)
    RoleAssignmentFactory(role=Role.AUDIT_COMMITTEE, organisation=county.b, user=seated[1])
    from finance.forms_audit import AuditStartForm

    assert list(AuditStartForm(user=seated[1]).fields["organisation"].queryset) == [county.a]


# --- 2, 3: exclusions checked above the union, and again later ---------------------------------

def test_a_finance_officer_role_at_a_parent_union_excludes(county, committee):
    member, person = own_login(county.a)
    RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.federation, user=person)
    with pytest.raises(FinanceError, match="is finance officer at 测试县总工会"):
        audit.seat_add(committee, member, user=person)
    assert not committee.members.exists()


def test_a_role_given_after_the_seat_ends_the_right_and_the_page_marks_the_seat(client, county, committee, seated):
    member, person = seated
    annual = audit.audit_start(county.a, TODAY.year - 1, by=person)
    RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.a, user=person)
    with pytest.raises(FinanceError, match="Only a member"):
        audit.audit_save(annual, scope_text="x", findings="x", conclusion="x", by=person)
    assert not audit.sits_on_audit_committee(person, county.a)
    officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user
    client.force_login(officer)
    page = client.get(committee.get_absolute_url()).content.decode()
    assert "seat-conflict" in page and "is finance officer at 甲公司工会" in page


def test_a_chair_post_given_after_the_seat_ends_the_right(county, committee, seated):
    member, person = seated
    CadrePost.objects.create(member=member, organisation=county.a, position=CadrePost.Position.VICE_CHAIR,
                             term_start=TODAY)
    with pytest.raises(FinanceError, match="Only a member"):
        audit.audit_start(county.a, TODAY.year - 1, by=person)


def test_the_cadre_post_of_the_same_person_on_another_member_row_excludes(county, committee):
    member, person = own_login(county.a)
    twin = MemberFactory(union=county.a, phone=member.phone)  # the person's second row
    CadrePost.objects.create(member=twin, organisation=county.a, position=CadrePost.Position.CHAIR,
                             term_start=datetime.date(2020, 1, 1))
    with pytest.raises(FinanceError, match="is the union's chair"):
        audit.seat_add(committee, member, user=person)


def test_the_login_must_be_the_members_own(county, committee):
    member = MemberFactory(union=county.a, phone="13698765432", name="钱审计")
    stranger = UserFactory(mobile="13611112222")
    with pytest.raises(FinanceError, match="The login must be 钱审计's own account"):
        audit.seat_add(committee, member, user=stranger)


def test_the_seat_form_does_not_tell_whether_a_login_exists(client, county, committee):
    officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user
    member = MemberFactory(union=county.a, phone="13698765431", name="孙审计")
    UserFactory(username="someone-else", mobile="13611113333")
    client.force_login(officer)
    url = reverse("finance:audit_seat_add", args=[committee.pk])
    existing = client.post(url, {"member": member.pk, "position": "member", "login": "someone-else"})
    missing = client.post(url, {"member": member.pk, "position": "member", "login": "nobody-at-all"})
    assert existing.status_code == missing.status_code == 200
    said = [r.content.decode().replace("someone-else", "X").replace("nobody-at-all", "X") for r in (existing, missing)]
    assert "孙审计 has no active account with the username or mobile number X" in said[0]
    assert said[0].count("has no active account") == said[1].count("has no active account") == 1
    assert not committee.members.exists()


# --- 5: terms not begun, 6: frozen after signing --------------------------------------------

def test_a_seat_on_a_term_not_yet_begun_says_so(county):
    later = audit.committee_create(county.b, term_start=TODAY + datetime.timedelta(days=30), years=3)
    with pytest.raises(FinanceError) as refused:
        audit.seat_add(later, MemberFactory(union=county.b))
    assert "begins on" in refused.value.message and "ended" not in refused.value.message


def test_the_signed_report_keeps_its_signatories(county, committee, seated):
    from unionadmin.documents import rendering
    from unionadmin.documents.kinds import registry

    member, person = seated
    other = MemberFactory(union=county.a, name="李委员")
    seat = audit.seat_add(committee, other)
    annual = audit.audit_start(county.a, TODAY.year - 1, by=person)
    audit.audit_save(annual, scope_text="收支", findings="无", conclusion="同意", by=person)
    audit.audit_sign(annual, by=person)
    audit.seat_remove(seat)
    annual.refresh_from_db()
    html = rendering.render_html(registry.get("finance_annual_audit"), annual, {}, "zh-hans")
    assert "李委员" in html and member.name in html


def test_an_ended_term_keeps_its_seats(county, committee, seated):
    seat = committee.members.get()
    AuditCommittee.objects.filter(pk=committee.pk).update(term_end=TODAY - datetime.timedelta(days=1))
    seat.refresh_from_db()
    with pytest.raises(FinanceError, match="This term has ended"):
        audit.seat_remove(seat)
    assert committee.members.count() == 1


# --- 7: the committee form ------------------------------------------------------------------

def test_a_term_far_in_the_future_is_refused_in_the_form_and_29_february_ends_on_28(client, county):
    officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user
    client.force_login(officer)
    response = client.post(reverse("finance:audit_committee_create"), {
        "organisation": county.a.pk, "term_start": "9998-01-01", "years": "5"})
    assert response.status_code == 200 and "more than a year ahead" in response.content.decode()
    assert not AuditCommittee.objects.exists()
    assert audit.term_end_for(datetime.date(2024, 2, 29), 3) == datetime.date(2027, 2, 28)
    assert audit.term_end_for(datetime.date(2024, 2, 29), 4) == datetime.date(2028, 2, 28)
    with pytest.raises(FinanceError, match="past the calendar's end"):
        audit.term_end_for(datetime.date(9998, 1, 1), 5)


def test_the_term_choices_are_built_for_each_form_not_at_import(county):
    """Built at import, the labels stayed in the language of the first import, never translated."""
    officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user
    assert not list(CommitteeForm.base_fields["years"].choices)
    assert [str(label) for _, label in CommitteeForm(user=officer).fields["years"].choices] == ["3 years", "5 years"]


# --- 10: who records the committee ----------------------------------------------------------

@pytest.mark.parametrize("role", [Role.UNION_CHAIR, Role.FINANCE_OFFICER])
def test_the_audited_do_not_record_the_committee(client, county, committee, role):
    person = RoleAssignmentFactory(role=role, organisation=county.a).user
    assert not AuditCommittee.objects.visible_to(person, "change").exists()
    assert AuditCommittee.objects.visible_to(person, "view").exists()
    client.force_login(person)
    member = MemberFactory(union=county.a)
    assert client.post(reverse("finance:audit_seat_add", args=[committee.pk]),
                       {"member": member.pk, "position": "member", "login": ""}).status_code in (403, 404)
    assert not committee.members.exists()


def test_the_union_officer_and_the_federation_above_record_it(county, committee):
    officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user
    admin = RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=county.federation).user
    assert list(AuditCommittee.objects.visible_to(officer, "change")) == [committee]
    assert list(AuditCommittee.objects.visible_to(admin, "change")) == [committee]


def test_the_role_page_does_not_grant_the_committee_role(county):
    admin = RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=county.federation).user
    assert Role.AUDIT_COMMITTEE not in grantable_roles(admin, county.a)


# --- 9: a form sent twice -------------------------------------------------------------------

def test_the_same_round_or_finding_twice_is_refused(county):
    start = TODAY - datetime.timedelta(days=5)
    inspection = audit.round_create(county.federation, title="夏季检查", starts_on=start, ends_on=TODAY)
    with pytest.raises(FinanceError, match="is already planned"):
        audit.round_create(county.federation, title="夏季检查", starts_on=start, ends_on=TODAY)
    assert InspectionRound.objects.count() == 1
    audit.round_set_units(inspection, [county.a])
    audit.round_notify(inspection)
    inspected = inspection.units.get()
    finding = {"category": "vouchers", "severity": "minor", "description": "现金日记账未日清", "deadline": TODAY}
    audit.finding_add(inspected, **finding)
    with pytest.raises(FinanceError, match="already recorded"):
        audit.finding_add(inspected, **finding)
    assert Finding.objects.count() == 1


# --- 8: the home panel ----------------------------------------------------------------------

def test_the_federation_chair_is_not_asked_to_rectify_the_units_findings(client, county):
    from finance.wiring.audit import panel_context

    inspection = audit.round_create(county.federation, title="检查", starts_on=TODAY, ends_on=TODAY)
    audit.round_set_units(inspection, [county.a])
    audit.round_notify(inspection)
    audit.finding_add(inspection.units.get(), category="vouchers", severity="minor", description="x", deadline=TODAY)
    chair = RoleAssignmentFactory(role=Role.UNION_CHAIR, organisation=county.federation).user
    unit_chair = RoleAssignmentFactory(role=Role.UNION_CHAIR, organisation=county.a).user
    request = type("Request", (), {"user": chair})
    assert panel_context(request)["own"]["open"] == 0
    request.user = unit_chair
    assert panel_context(request)["own"]["open"] == 1


# --- 12: the committee member never approves or pays -----------------------------------------

def test_a_committee_member_cannot_approve_or_pay_a_claim(client, county, committee, seated):
    from finance.claims import approve_claim, submit_claim

    account("102")
    seed_rules()
    keeper = RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.a).user
    chair = RoleAssignmentFactory(role=Role.UNION_CHAIR, organisation=county.a).user
    waiting = submit_claim(new_claim(county.a, user=keeper), user=keeper, reason="no budget yet")
    client.force_login(seated[1])
    # Refused: the claims page answers a step the person may not take by refreshing the page
    # with a message (or 403); the claim stays as it was.
    response = client.post(reverse("finance:claim_approve", args=[waiting.pk]), {"note": "同意"})
    assert response.status_code in (302, 403)
    assert Claim.objects.get(pk=waiting.pk).status == Claim.Status.SUBMITTED
    approved = approve_claim(waiting, user=chair, reason="no budget yet")
    response = client.post(reverse("finance:claim_pay", args=[approved.pk]), {"paid_on": str(TODAY), "reference": "NB1"})
    assert response.status_code in (302, 403)
    assert Claim.objects.get(pk=approved.pk).status == Claim.Status.APPROVED
