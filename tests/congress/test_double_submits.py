"""Congress forms sent twice at once (a double click, or two officers): one record, and the
second request reads why — never a server error (two threads, own connections, real
PostgreSQL; tests/concurrency.py)."""
import pytest
from django.urls import reverse

from congress.models import Congress, ContractReport, CoSignature, Delegation, HandlingDepartment, Session, Term
from tests.concurrency import assert_no_server_error_and_told, post_at_once, writes_meet

from .factories import (
    CollectiveContractFactory,
    CongressFactory,
    DelegateFactory,
    ProposalFactory,
    SessionFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_congress_created_twice_at_once(county, officer_a):
    url = reverse("congress:congress_create")
    with writes_meet(Congress):
        responses = post_at_once(officer_a, url, {"union": county.a.pk, "kind": "workers",
                                                  "min_front_line_percent": "50", "max_leaders_percent": "20",
                                                  "min_women_percent": "0"}, referer=url)
    assert_no_server_error_and_told(responses, "Congress with this Union and Kind already exists.")
    assert Congress.objects.count() == 1


def test_a_term_created_twice_at_once(county, officer_a):
    congress = CongressFactory(union=county.a)
    url = reverse("congress:term_create", args=[congress.pk])
    with writes_meet(Term):
        responses = post_at_once(officer_a, url, {"number": "1", "starts_on": "2026-01-01",
                                                  "ends_on": "2030-12-31"}, referer=url)
    assert_no_server_error_and_told(responses, "Term with this Congress and Term number already exists.")
    assert Term.objects.count() == 1


def test_a_session_created_twice_at_once(county, officer_a):
    term = TermFactory(congress__union=county.a)
    url = reverse("congress:session_create", args=[term.pk])
    with writes_meet(Session):
        responses = post_at_once(officer_a, url, {
            "number": "1", "held_on": "2027-03-01", "venue": "职工之家", "collection_opens_at": "2027-01-01T08:00",
            "collection_closes_at": "2027-02-01T18:00", "min_cosigners": "2", "reply_days": "30"}, referer=url)
    assert_no_server_error_and_told(responses, "Session with this Term and Session number already exists.")
    assert Session.objects.count() == 1


def test_a_delegation_created_twice_at_once(county, officer_a):
    term = TermFactory(congress__union=county.a)
    url = reverse("congress:delegation_create", args=[term.pk])
    with writes_meet(Delegation):
        responses = post_at_once(officer_a, url, {"name": "第一代表团", "leader": ""}, referer=url)
    assert_no_server_error_and_told(responses, "Delegation with this Term and Name already exists.")
    assert Delegation.objects.count() == 1


def test_a_handling_department_created_twice_at_once(county, officer_a):
    url = reverse("congress:department_create")
    with writes_meet(HandlingDepartment):
        responses = post_at_once(officer_a, url, {"union": county.a.pk, "name": "人力资源部", "is_active": "on"},
                                 referer=url)
    assert_no_server_error_and_told(responses, "Handling department with this Union and Name already exists.")
    assert HandlingDepartment.objects.count() == 1


def test_a_contract_report_added_twice_at_once(county, officer_a):
    contract = CollectiveContractFactory(union=county.a)
    url = reverse("congress:contract_report_create", args=[contract.pk])
    with writes_meet(ContractReport):
        responses = post_at_once(officer_a, url, {"year": "2026", "session": "", "summary": "工资增长5%"},
                                 referer=url)
    assert_no_server_error_and_told(responses, "Performance report with this Contract and Year already exists.")
    assert ContractReport.objects.count() == 1


def test_a_proposal_cosigned_twice_at_once(county):
    session = SessionFactory(term__congress__union=county.a)
    proposal = ProposalFactory(session=session)
    cosigner = DelegateFactory(term=session.term)
    url = reverse("congress:proposal_cosign", args=[proposal.pk])
    with writes_meet(CoSignature):
        responses = post_at_once(cosigner.user, url, {}, referer=proposal.get_absolute_url())
    assert [r.status_code for r in responses if r.status_code >= 500] == []
    assert CoSignature.objects.filter(proposal=proposal, delegate=cosigner).count() == 1


def test_a_delegate_added_twice_at_once(county, officer_a):
    from congress.models import Delegate

    term = TermFactory(congress__union=county.a)
    url = reverse("congress:delegate_create", args=[term.pk])
    with writes_meet(Delegate):
        responses = post_at_once(officer_a, url, {"name": "王芳", "mobile": "13600001234", "gender": "female",
                                                  "category": "front_line", "delegation": "", "post": "",
                                                  "initial_password": "Qingxi-2026-union"}, referer=url)
    assert_no_server_error_and_told(responses, "already exists.")  # the account the first request made
    assert Delegate.objects.filter(term=term).count() == 1
