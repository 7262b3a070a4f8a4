"""Every congress page renders for the people it is for; list pages cost the same number of
queries however many rows they show; the create forms save what they should."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congress.models import CollectiveContract, Congress, LabourRisk, Proposal, Session, Term
from congress.services.proposals import proposal_assign, proposal_reply
from tests.factories import RoleAssignmentFactory
from unionadmin.roles import Role

from .factories import (
    CollectiveContractFactory,
    CoSignatureFactory,
    LabourRiskFactory,
    ProposalFactory,
    ResolutionFactory,
    make_notification,
)


@pytest.fixture
def full(congress):
    """A proposal in each interesting state at union A."""
    s = congress.session
    f = type("F", (), {})
    f.draft = ProposalFactory(session=s, proposer=congress.d1, state="draft", submitted_at=None)
    f.submitted = ProposalFactory(session=s, proposer=congress.d2)
    CoSignatureFactory(proposal=f.submitted, delegate=congress.d3)
    f.assigned = ProposalFactory(session=s, proposer=congress.d1, state="accepted", number=1)
    proposal_assign(f.assigned, user=congress.officer, lead=congress.hr)
    f.replied = ProposalFactory(session=s, proposer=congress.d1, state="accepted", number=2)
    proposal_assign(f.replied, user=congress.officer, lead=congress.hr)
    proposal_reply(f.replied, user=congress.hr_user, department=congress.hr, text="已安排。")
    f.contract = CollectiveContractFactory(union=congress.county.a)
    f.risk = LabourRiskFactory(union=congress.county.a)
    f.resolution = ResolutionFactory(session=s)
    make_notification(recipient=congress.officer, target=f.submitted)
    return f


def get_ok(client, user, urls):
    client.force_login(user)
    failures = [f"{url} → {code}" for url in urls if (code := client.get(url).status_code) != 200]
    assert not failures, failures


def test_the_union_officers_pages(client, congress, full):
    s, t, c = congress.session, congress.term, congress.congress
    get_ok(client, congress.officer, [
        "/", "/congress/", "/congress/congresses/new/", f"/congress/congresses/{c.pk}/",
        f"/congress/congresses/{c.pk}/edit/", f"/congress/congresses/{c.pk}/terms/new/", f"/congress/terms/{t.pk}/",
        f"/congress/terms/{t.pk}/edit/", f"/congress/terms/{t.pk}/sessions/new/", f"/congress/sessions/{s.pk}/",
        f"/congress/sessions/{s.pk}/edit/", f"/congress/sessions/{s.pk}/agenda/new/",
        f"/congress/sessions/{s.pk}/documents/new/", f"/congress/sessions/{s.pk}/resolutions/new/",
        f"/congress/resolutions/{full.resolution.pk}/edit/", f"/congress/terms/{t.pk}/delegates/new/",
        f"/congress/terms/{t.pk}/delegates/import/", f"/congress/terms/{t.pk}/delegations/new/",
        f"/congress/delegates/{congress.d1.pk}/edit/", f"/congress/sessions/{s.pk}/review/",
        f"/congress/sessions/{s.pk}/proposals/", f"/congress/proposals/{full.submitted.pk}/",
        f"/congress/proposals/{full.submitted.pk}/decide/", f"/congress/proposals/{full.submitted.pk}/merge/",
        f"/congress/proposals/{full.assigned.pk}/assign/", f"/congress/proposals/{full.replied.pk}/",
        "/congress/overdue/", "/congress/departments/", "/congress/departments/new/",
        f"/congress/departments/{congress.hr.pk}/edit/", "/congress/contracts/", "/congress/contracts/?show=expiring",
        "/congress/contracts/?show=expired", "/congress/contracts/new/", f"/congress/contracts/{full.contract.pk}/",
        f"/congress/contracts/{full.contract.pk}/edit/", f"/congress/contracts/{full.contract.pk}/reports/new/",
        "/congress/warnings/", "/congress/warnings/?state=open", "/congress/warnings/new/",
        f"/congress/warnings/{full.risk.pk}/", f"/congress/warnings/{full.risk.pk}/edit/",
        "/notifications/", "/congress/delegates/import-template.xlsx",
    ])
    assert full.submitted.subject in client.get(f"/congress/sessions/{s.pk}/review/").content.decode()


def test_the_delegates_pages(client, congress, full):
    s = congress.session
    get_ok(client, congress.d1.user, [
        "/", "/congress/mine/", f"/congress/sessions/{s.pk}/", f"/congress/sessions/{s.pk}/proposals/",
        f"/congress/sessions/{s.pk}/proposals/?show=mine", f"/congress/sessions/{s.pk}/proposals/?show=to_cosign",
        f"/congress/sessions/{s.pk}/proposals/new/", f"/congress/proposals/{full.draft.pk}/",
        f"/congress/proposals/{full.draft.pk}/edit/", f"/congress/proposals/{full.submitted.pk}/",
        f"/congress/proposals/{full.replied.pk}/rate/", "/notifications/",
    ])
    assert full.draft.subject in client.get("/congress/mine/").content.decode()  # their own draft is listed


def test_the_departments_pages(client, congress, full):
    get_ok(client, congress.hr_user, ["/", "/congress/assigned/", f"/congress/proposals/{full.assigned.pk}/",
                                      f"/congress/proposals/{full.assigned.pk}/reply/"])
    assert full.assigned.subject in client.get("/congress/assigned/").content.decode()


def test_a_federation_reviewer_reads_but_may_not_act(client, congress, full, federation_reviewer):
    get_ok(client, federation_reviewer, ["/congress/", f"/congress/sessions/{congress.session.pk}/",
                                         f"/congress/sessions/{congress.session.pk}/register.xlsx",
                                         "/congress/contracts/", "/congress/warnings/"])
    assert client.get(f"/congress/sessions/{congress.session.pk}/review/").status_code == 403
    assert client.post(f"/congress/proposals/{full.submitted.pk}/accept/").status_code == 403


def test_a_delegate_is_not_offered_a_session_of_a_term_they_do_not_sit_in(client, congress):
    client.force_login(congress.d1.user)
    assert client.get(f"/congress/sessions/{congress.other_session.pk}/").status_code == 404
    assert client.get(f"/congress/sessions/{congress.other_session.pk}/proposals/new/").status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("who,url", [
    ("officer", "/congress/sessions/{s}/review/"),
    ("officer", "/congress/sessions/{s}/proposals/"),
    ("officer", "/congress/overdue/"),
    ("officer", "/congress/"),
    ("officer", "/congress/contracts/"),
    ("officer", "/congress/warnings/"),
    ("officer", "/notifications/"),
    ("d1", "/congress/mine/"),
    ("d1", "/congress/sessions/{s}/proposals/"),
    ("hr", "/congress/assigned/"),
])
def test_list_pages_cost_the_same_queries_for_few_and_many_rows(client, congress, who, url):
    user = {"officer": congress.officer, "d1": congress.d1.user, "hr": congress.hr_user}[who]
    url = url.format(s=congress.session.pk)
    client.force_login(user)

    def add(n):
        for _ in range(n):
            for state in ("submitted", "accepted"):
                p = ProposalFactory(session=congress.session, proposer=congress.d1, state=state,
                                    number=Proposal.objects.count() + 1 if state == "accepted" else None)
                CoSignatureFactory(proposal=p, delegate=congress.d2)
                if state == "accepted":
                    proposal_assign(p, user=congress.officer, lead=congress.hr,
                                    deadline=timezone.localdate() + datetime.timedelta(days=1))
                    Proposal.objects.filter(pk=p.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
            CollectiveContractFactory(union=congress.county.a)
            LabourRiskFactory(union=congress.county.a)
            make_notification(recipient=user, target=p)

    add(2)
    few = _queries(client, url)
    add(6)
    many = _queries(client, url)
    assert many == few, f"{url}: {few} queries with few rows, {many} with many"


def test_creating_a_congress_term_and_session_through_the_forms(client, congress, county):
    client.force_login(RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.b).user)
    response = client.post("/congress/congresses/new/", {"union": county.b.pk, "kind": "staff",
                                                         "min_front_line_percent": 50, "max_leaders_percent": 20,
                                                         "min_women_percent": 40})
    assert response.status_code == 302, response.context["form"].errors
    staff_congress = Congress.objects.get(union=county.b, kind="staff")
    client.post(f"/congress/congresses/{staff_congress.pk}/terms/new/",
                {"number": 1, "starts_on": "2025-01-01", "ends_on": "2029-12-31"})
    term = Term.objects.get(congress=staff_congress)
    response = client.post(f"/congress/terms/{term.pk}/sessions/new/", {
        "number": 1, "held_on": "2026-03-20", "venue": "礼堂", "collection_opens_at": "2026-03-01T08:00",
        "collection_closes_at": "2026-03-10T18:00", "min_cosigners": 2, "reply_days": 30})
    session = Session.objects.get(term=term)
    assert response.status_code == 302 and session.union_id == county.b.pk
    assert timezone.localtime(session.collection_opens_at).hour == 8


def test_a_session_window_that_closes_before_it_opens_is_refused(client, congress):
    client.force_login(congress.officer)
    response = client.post(f"/congress/terms/{congress.term.pk}/sessions/new/", {
        "number": 9, "held_on": "2026-03-20", "collection_opens_at": "2026-03-10T08:00",
        "collection_closes_at": "2026-03-01T18:00", "min_cosigners": 2, "reply_days": 30})
    assert response.status_code == 200 and "collection_closes_at" in response.context["form"].errors


def test_a_contract_longer_than_three_years_is_refused(client, congress):
    client.force_login(congress.officer)
    data = {"union": congress.county.a.pk, "kind": "general", "consulted_on": "2025-01-05",
            "signed_on": "2025-01-10", "starts_on": "2025-02-01", "ends_on": "2028-03-01"}
    response = client.post("/congress/contracts/new/", data)
    assert response.status_code == 200 and "ends_on" in response.context["form"].errors
    response = client.post("/congress/contracts/new/", {**data, "ends_on": "2028-01-31"})
    assert response.status_code == 302 and CollectiveContract.objects.filter(union=congress.county.a).exists()


def test_an_officer_cannot_file_a_contract_for_another_union(client, congress):
    client.force_login(congress.officer)
    response = client.post("/congress/contracts/new/", {
        "union": congress.county.b.pk, "kind": "general", "consulted_on": "2025-01-05", "signed_on": "2025-01-10",
        "starts_on": "2025-02-01", "ends_on": "2027-01-31"})
    assert response.status_code == 200 and "union" in response.context["form"].errors


def test_a_resolved_warning_needs_how_it_was_resolved(client, congress):
    client.force_login(congress.officer)
    data = {"union": congress.county.a.pk, "reported_on": "2026-01-05", "title": "欠薪", "kind": "wage_arrears",
            "level": "serious", "workers_involved": 30, "state": "resolved"}
    response = client.post("/congress/warnings/new/", data)
    assert response.status_code == 200 and "resolution" in response.context["form"].errors
    response = client.post("/congress/warnings/new/", {**data, "resolution": "协调补发", "resolved_on": "2026-01-20"})
    assert response.status_code == 302 and LabourRisk.objects.filter(state="resolved").exists()


def test_a_session_is_recorded_as_held_on_or_after_its_date(client, congress):
    from congress.services.sessions import SessionError, session_mark_held

    with pytest.raises(SessionError):
        session_mark_held(congress.session, user=congress.officer)  # its date is still ahead
    Session.objects.filter(pk=congress.session.pk).update(held_on=timezone.localdate())
    client.force_login(congress.officer)
    client.post(f"/congress/sessions/{congress.session.pk}/held/")
    assert Session.objects.get(pk=congress.session.pk).state == Session.State.HELD
    response = client.post(f"/congress/sessions/{congress.session.pk}/held/", follow=True)
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_page_titles_are_translated_per_request_not_at_import():
    """Class attributes must be lazy: gettext at import time would freeze one language."""
    from django.utils.functional import Promise

    from congress import urls

    for pattern in urls.urlpatterns:
        view = getattr(pattern.callback, "view_class", None)
        for title in (getattr(view, "page_title", None), (getattr(view, "extra_context", None) or {}).get("page_title")):
            assert title in (None, "") or isinstance(title, Promise), (pattern.name, title)
