"""The funds audit committee (经审会): who may not sit on it, the role that comes and goes with a
seat, the annual audit (signed is frozen, its PDF), and what a committee member may do with the
books (read them, never post)."""
import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from finance import audit
from finance.models import AnnualAudit, AuditCommittee, AuditCommitteeMember, Voucher
from finance.services import FinanceError
from members.models import CadrePost
from tests.factories import MemberFactory, RoleAssignmentFactory, UserFactory
from unionadmin.models import AuditEvent, RoleAssignment
from unionadmin.roles import Role

from .factories import account, post
from .factories_audit import AnnualAuditFactory, AuditCommitteeFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def in_english(english):
    with translation.override("en"):
        yield


@pytest.fixture
def committee(county):
    return audit.committee_create(county.a, term_start=TODAY - datetime.timedelta(days=400), years=5)


@pytest.fixture
def chair(county):
    return RoleAssignmentFactory(role=Role.UNION_CHAIR, organisation=county.a).user


PHONES = itertools.count(13800000001)


def own_login(union, *, name=None, username=None):
    """A member of ``union`` and their own account (the same mobile number): a seat's login."""
    member = MemberFactory(union=union, phone=str(next(PHONES)), **({"name": name} if name else {}))
    user = UserFactory(mobile=member.phone, **({"username": username} if username else {}))
    return member, user


@pytest.fixture
def officer(county):
    return RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user


def holds_audit_role(user, union) -> bool:
    return RoleAssignment.objects.filter(user=user, organisation=union, role=Role.AUDIT_COMMITTEE).exists()


# --- the committee ---------------------------------------------------------------------------

def test_a_term_is_three_or_five_years_and_terms_do_not_overlap(county):
    committee = audit.committee_create(county.a, term_start=datetime.date(2024, 3, 18), years=5)
    assert committee.term_end == datetime.date(2029, 3, 17)
    with pytest.raises(FinanceError, match="3 or 5 years"):
        audit.committee_create(county.b, term_start=datetime.date(2024, 3, 18), years=4)
    with pytest.raises(FinanceError, match="terms may not overlap"):
        audit.committee_create(county.a, term_start=datetime.date(2027, 1, 1), years=3)
    assert AuditCommittee.objects.count() == 1


def test_the_chair_by_cadre_post_may_not_sit_on_it(county, committee):
    chair = MemberFactory(union=county.a, name="刘主席")
    CadrePost.objects.create(member=chair, organisation=county.a, position=CadrePost.Position.CHAIR,
                             term_start=datetime.date(2020, 1, 1))
    with pytest.raises(FinanceError) as refused:
        audit.seat_add(committee, chair)
    assert refused.value.message == "刘主席 is the union's chair, and may not sit on its funds audit committee."
    assert not committee.members.exists()


def test_a_vice_chair_may_not_sit_on_it_but_a_former_one_may(county, committee):
    vice = MemberFactory(union=county.a, name="王副主席")
    post_ = CadrePost.objects.create(member=vice, organisation=county.a, position=CadrePost.Position.VICE_CHAIR,
                                     term_start=datetime.date(2020, 1, 1))
    with pytest.raises(FinanceError, match="is the union's vice-chair"):
        audit.seat_add(committee, vice)
    post_.term_end = TODAY - datetime.timedelta(days=1)
    post_.save()
    assert audit.seat_add(committee, vice).member == vice


def test_a_login_holding_the_finance_officer_or_chair_role_may_not_sit_on_it(county, committee, chair):
    member, keeper = own_login(county.a, username="kj")
    RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.a, user=keeper)
    with pytest.raises(FinanceError) as refused:
        audit.seat_add(committee, member, user=keeper)
    assert refused.value.message == ("The login kj is finance officer at 甲公司工会, and may not sit on this funds "
                                     "audit committee.")
    chair_member = MemberFactory(union=county.a, phone="13912345678")
    chair.mobile = chair_member.phone
    chair.save()
    with pytest.raises(FinanceError, match="is union chair at 甲公司工会"):
        audit.seat_add(committee, chair_member, user=chair)
    assert not committee.members.exists()


def test_anyone_handling_money_or_goods_may_not_sit_on_it(county, committee):
    with pytest.raises(FinanceError, match="handles the union's money or goods"):
        audit.seat_add(committee, MemberFactory(union=county.a, name="出纳"), handles_money_or_goods=True)
    assert not AuditCommitteeMember.objects.exists()


def test_a_member_of_another_union_may_not_sit_on_it(county, committee):
    with pytest.raises(FinanceError, match="is not a member of 甲公司工会"):
        audit.seat_add(committee, MemberFactory(union=county.b))


def test_a_seat_with_a_login_grants_the_role_and_removing_it_takes_it_away(county, committee, chair):
    member, person = own_login(county.a)
    seat = audit.seat_add(committee, member, user=person, by=chair)
    assert holds_audit_role(person, county.a)
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.GRANT_ROLE, actor=chair).count() == 1
    audit.seat_remove(seat, by=chair)
    assert not holds_audit_role(person, county.a)
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.REVOKE_ROLE, actor=chair).count() == 1


def test_ending_the_term_removes_the_role_from_every_seat(county, committee, chair):
    people = []
    for _ in range(2):
        member, person = own_login(county.a)
        audit.seat_add(committee, member, user=person, by=chair)
        people.append(person)
    audit.seat_add(committee, MemberFactory(union=county.a), by=chair)  # a seat without a login
    audit.committee_end(committee, on=TODAY, by=chair)
    committee.refresh_from_db()
    assert committee.term_end == TODAY
    assert not any(holds_audit_role(person, county.a) for person in people)
    with pytest.raises(FinanceError, match="The term ends after"):
        audit.committee_end(committee, on=committee.term_start, by=chair)


def test_the_seat_page_shows_the_refusal_next_to_the_form(client, county, committee, officer):
    vice = MemberFactory(union=county.a, name="王副主席")
    CadrePost.objects.create(member=vice, organisation=county.a, position=CadrePost.Position.VICE_CHAIR,
                             term_start=datetime.date(2020, 1, 1))
    client.force_login(officer)
    url = reverse("finance:audit_seat_add", args=[committee.pk])
    assert client.get(url).status_code == 200
    page = client.post(url, {"member": vice.pk, "position": "member", "login": ""})
    assert page.status_code == 200
    assert "王副主席 is the union&#x27;s vice-chair" in page.content.decode()
    assert not committee.members.exists()
    other, login = own_login(county.a, name="赵审计", username="zsj")
    response = client.post(url, {"member": other.pk, "position": "director", "login": "nobody-here"})
    assert ("赵审计 has no active account with the username or mobile number nobody-here"
            in response.content.decode())
    response = client.post(url, {"member": other.pk, "position": "director", "login": "zsj"})
    assert response.status_code == 302 and holds_audit_role(login, county.a)
    detail = client.get(committee.get_absolute_url()).content.decode()
    assert "赵审计" in detail and "zsj" in detail


def test_the_committee_pages(client, county, officer):
    client.force_login(officer)
    assert client.get(reverse("finance:audit_committee_list")).status_code == 200
    response = client.post(reverse("finance:audit_committee_create"), {
        "organisation": county.a.pk, "term_start": "2025-04-01", "years": "3", "elected_at": "第二次会员代表大会"})
    committee = AuditCommittee.objects.get()
    assert response.status_code == 302 and response.url == committee.get_absolute_url()
    assert committee.term_end == datetime.date(2028, 3, 31)
    again = client.post(reverse("finance:audit_committee_create"), {
        "organisation": county.a.pk, "term_start": "2025-04-01", "years": "3"})
    assert again.status_code == 200 and "terms may not overlap" in again.content.decode()
    listing = client.get(reverse("finance:audit_committee_list")).content.decode()
    assert "2025-04-01" in listing and "甲公司工会" in listing


# --- the annual audit ------------------------------------------------------------------------

@pytest.fixture
def member_login(county, committee, chair):
    member, person = own_login(county.a)
    audit.seat_add(committee, member, user=person, by=chair)
    return person


def test_the_committee_member_writes_and_signs_the_audit_and_signed_is_frozen(county, committee, member_login):
    annual = audit.audit_start(county.a, TODAY.year - 1, by=member_login)
    assert annual.committee == committee
    with pytest.raises(FinanceError, match="Write the audit's what was audited, findings, conclusion"):
        audit.audit_sign(annual, by=member_login)
    audit.audit_save(annual, scope_text="收支", findings="无重大问题", conclusion="同意", by=member_login)
    audit.audit_sign(annual, by=member_login)
    annual.refresh_from_db()
    assert annual.is_signed and annual.signed_by == member_login
    with pytest.raises(FinanceError, match="a signed audit report is not changed"):
        audit.audit_save(annual, scope_text="改", findings="改", conclusion="改", by=member_login)
    annual.refresh_from_db()
    assert annual.conclusion == "同意"
    with pytest.raises(FinanceError, match="already begun"):
        audit.audit_start(county.a, TODAY.year - 1, by=member_login)


def test_no_audit_of_a_year_without_a_committee(county):
    with pytest.raises(FinanceError, match="had no funds audit committee in 2001"):
        audit.audit_start(county.a, 2001)


def test_the_audit_pages_write_sign_and_freeze(client, county, committee, member_login):
    post(county.a, debit="102", credit="401", amount="880.00", date=datetime.date(TODAY.year, 1, 5))
    client.force_login(member_login)
    response = client.post(reverse("finance:annual_audit_create"), {"organisation": county.a.pk,
                                                                     "year": TODAY.year})
    annual = AnnualAudit.objects.get()
    assert response.status_code == 302 and response.url == annual.get_absolute_url()
    page = client.get(annual.get_absolute_url()).content.decode()
    assert "880.00" in page and "Spending rule breaches recorded in the year" in page
    edit = reverse("finance:annual_audit_edit", args=[annual.pk])
    client.post(edit, {"scope_text": "收支和资产", "findings": "未发现问题", "conclusion": "账实相符"})
    assert client.post(reverse("finance:annual_audit_sign", args=[annual.pk])).status_code == 302
    annual.refresh_from_db()
    assert annual.is_signed
    refused = client.post(edit, {"scope_text": "x", "findings": "x", "conclusion": "x"}, follow=True)
    assert "a signed audit report is not changed" in refused.content.decode()
    annual.refresh_from_db()
    assert annual.conclusion == "账实相符"
    assert 'value="finance_annual_audit"' in client.get(annual.get_absolute_url()).content.decode()
    # Begun twice (the form sent again): the audit already begun is shown.
    again = client.post(reverse("finance:annual_audit_create"), {"organisation": county.a.pk, "year": TODAY.year})
    assert again.status_code == 302 and again.url == annual.get_absolute_url()


def test_the_chair_reads_the_audit_but_may_not_write_it(client, county, committee, chair):
    annual = AnnualAuditFactory(committee=committee, organisation=county.a, year=TODAY.year - 1)
    client.force_login(chair)
    assert client.get(annual.get_absolute_url()).status_code == 200
    assert client.post(reverse("finance:annual_audit_edit", args=[annual.pk]), {
        "scope_text": "x", "findings": "x", "conclusion": "x"}).status_code == 403
    assert client.post(reverse("finance:annual_audit_sign", args=[annual.pk])).status_code == 403


def test_the_signed_audit_report_as_pdf(county, committee, member_login, tmp_path):
    from unionadmin.documents import rendering
    from unionadmin.documents.kinds import registry

    annual = audit.audit_start(county.a, TODAY.year - 1, by=member_login)
    audit.audit_save(annual, scope_text="经费收支", findings="凭证齐全", conclusion="同意提交会员代表大会", by=member_login)
    audit.audit_sign(annual, by=member_login)
    html = rendering.render_html(registry.get("finance_annual_audit"), annual, {}, "zh-hans")
    assert "经费审查报告" in html and "同意提交会员代表大会" in html and "审查结论" in html
    pdf = rendering.html_to_pdf(html)
    (tmp_path / "audit.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")


# --- what a committee member may do with the books -------------------------------------------

def test_a_committee_member_reads_the_books_but_cannot_post(client, county, member_login):
    voucher = post(county.a, debit="102", credit="401", amount="120.00")
    client.force_login(member_login)
    assert client.get(reverse("finance:voucher_list"), {"union": county.a.pk}).status_code == 200
    assert client.get(reverse("finance:voucher_detail", args=[voucher.pk])).status_code == 200
    assert client.get(reverse("finance:statement"), {"union": county.a.pk}).status_code == 200
    assert client.get(reverse("finance:voucher_create")).status_code == 403
    assert client.post(reverse("finance:voucher_reverse", args=[voucher.pk]), {"reason": "x"}).status_code == 403
    assert Voucher.objects.count() == 1
    # Another union's books stay out of reach.
    other = post(county.b, debit="102", credit="401", amount="99.00")
    assert client.get(reverse("finance:voucher_detail", args=[other.pk])).status_code == 404


def test_a_committee_member_reads_the_claims(client, member_login):
    client.force_login(member_login)
    assert client.get(reverse("finance:claim_list")).status_code == 200


def test_the_committee_members_home_page_names_its_union(client, county, member_login):
    account("102")
    client.force_login(member_login)
    home = client.get("/").content.decode()
    assert "Funds audit committee" in home and "甲公司工会" in home
    assert reverse("finance:audit_committee_list") in home


def test_a_past_committee_from_the_factory_is_not_current(county):
    committee = AuditCommitteeFactory(organisation=county.a)
    assert not committee.is_current
    with pytest.raises(FinanceError, match="This term has ended"):
        audit.seat_add(committee, MemberFactory(union=county.a))


def test_the_committee_page_lists_the_director_first_and_a_plain_seat_reads_committee_member(
        client, county, committee, officer):
    # Seated in the order a union might record them: a member, the deputy, then the director.
    for name, position in (("王芳", "member"), ("赵敏", "deputy"), ("林秀英", "director")):
        audit.seat_add(committee, MemberFactory(union=county.a, name=name), position=position)
    assert [seat.member.name for seat in committee.members.all()] == ["林秀英", "赵敏", "王芳"]
    client.force_login(officer)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("finance:audit_committee_detail", args=[committee.pk])).content.decode()
    assert page.index("林秀英") < page.index("赵敏") < page.index("王芳")
    # 委员 (a seat on the committee), not 会员 (a union member)
    assert "委员" in page[page.index("王芳"):page.index("王芳") + 400]
