"""Issue 18's first journey in a real browser: a union runs its congress — quotas, delegates,
candidates, ballot totals, results — and the county federation approves them, after which the
union's page shows its committee and 经审会 and its next 换届 date; the congress page shows the
women's share among the delegates and among the elected committee (item 5).

What the journey does not click through is made with the services (as the union's office would
enter it on the same pages): the other delegates and candidates, and the chair's, vice-chair's
and 经审会's ballot totals. The pages are in English (the people's language is "en") so that the
assertions read the source strings."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congress import elections
from congress.models import Candidate, CommitteeTerm, UnionCongress
from tests.browser.fixtures import log_in, pick
from tests.conftest import PASSWORD
from tests.factories import RoleAssignmentFactory
from unionadmin.roles import Role

from .factories_elections import union_with_branches

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Body = Candidate.Body


def _person(role, organisation):
    user = RoleAssignmentFactory(role=role, organisation=organisation).user
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def test_a_union_runs_its_congress_and_the_union_above_approves_it(county, live_server, page_at):
    union = union_with_branches(county)
    officer = _person(Role.UNION_CHAIR, county.a)
    federation = _person(Role.FEDERATION_ADMIN, county.federation)
    held_on = timezone.localdate() - datetime.timedelta(days=10)
    page = page_at(1280)
    log_in(page, live_server, officer.username, PASSWORD)

    # The congress: a delegates' congress electing 7 delegates, 3 committee seats, 1 vice-chair, 1 经审会 seat.
    page.goto(f"{live_server.url}/congress/union-congresses/")
    page.get_by_role("link", name="New union congress").click()
    page.locator("#id_union").select_option(label=county.a.name)
    page.locator("#id_number").fill("15")
    page.locator("#id_held_on").fill(held_on.isoformat())
    for field, value in (("committee_seats", "3"), ("vice_chair_seats", "1"), ("audit_seats", "1"),
                         ("margin_percent", "5"), ("delegate_total", "7"), ("women_percent", "30"),
                         ("frontline_percent", "50"), ("present", "7")):
        page.locator(f"#id_{field}").fill(value)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The congress was created.")).to_be_visible()
    congress = UnionCongress.objects.get(union=county.a, number=15)

    # Quotas by membership: 7 seats over 2, 6 and 12 members give 1, 2 and 4.
    page.get_by_role("button", name="Share out the quotas by membership").click()
    expect(page.get_by_text("7 delegate seats shared among 3 units by membership.")).to_be_visible()
    expect(page.locator("tr", has_text="二车间分会")).to_contain_text("4")

    # One delegate recorded on the page (a woman of the first branch), the others as the office enters them.
    first, second, own = union.people["first"], union.people["second"], union.people["own"]
    page.get_by_role("link", name="Record an elected delegate").click()
    pick(page, "member", first[0].name)
    page.get_by_label("Front-line worker").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"{first[0].name} was recorded as a delegate of 一车间分会.")).to_be_visible()
    for person, frontline in ((first[3], False), (second[0], True), (second[1], True), (second[2], False),
                              (second[3], False), (own[0], False)):
        elections.delegate_add(congress, person, frontline=frontline)
    page.reload()
    # 7 delegates, 1 woman (14.3 percent), 3 front-line (42.9 percent).
    expect(page.get_by_test_id("delegate-shares")).to_contain_text(
        "7 delegates elected: 1 women (14.3 percent), 3 front-line workers (42.9 percent).")

    # Candidates: one added on the page, the rest by the office; then the lists are closed.
    page.get_by_role("link", name="Add a candidate").click()
    page.locator("#id_body").select_option(label="Committee member")
    pick(page, "member", first[1].name)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"{first[1].name} is a candidate for committee member.")).to_be_visible()
    for person in (first[0], first[2], second[4]):
        elections.candidate_add(congress, Body.COMMITTEE, person)
    elections.candidate_add(congress, Body.CHAIR, first[0])
    elections.candidate_add(congress, Body.VICE_CHAIR, first[1])
    for person in (second[5], second[6]):
        elections.candidate_add(congress, Body.AUDIT, person)
    page.reload()
    page.get_by_role("button", name="Close the candidate lists").click()
    expect(page.get_by_text("The candidate lists are closed")).to_be_visible()

    # The committee's ballot totals on the page: 7 issued, 6 returned, 6 valid; more than half is 4 votes.
    page.get_by_role("link", name="Enter a ballot box").click()
    page.locator("#id_body").select_option(label="Committee member")
    page.locator("#id_label").fill("合计")
    page.locator("#id_issued").fill("7")
    page.locator("#id_returned").fill("8")
    page.locator("#id_valid").fill("6")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("More ballots returned than issued: count again.")).to_be_visible()
    page.locator("#id_returned").fill("6")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Now enter each candidate's votes.")).to_be_visible()
    for person, votes in ((first[0], "6"), (first[1], "5"), (first[2], "3"), (second[4], "4")):
        page.get_by_label(person.name).fill(votes)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The votes of ballot box 合计 were entered.")).to_be_visible()
    cand = {(c.body, c.member_id): c for c in congress.candidates.all()}
    for body, votes in ((Body.CHAIR, {first[0]: 6}), (Body.VICE_CHAIR, {first[1]: 5}),
                        (Body.AUDIT, {second[5]: 5, second[6]: 1})):
        box = elections.box_create(congress, body=body, label="合计", issued=7, returned=6, valid=6)
        elections.votes_enter(box, {cand[(body, p.pk)]: n for p, n in votes.items()})
    page.reload()
    committee = page.get_by_test_id("result-committee")
    expect(committee).to_contain_text("6 voting of 7 ballots issued; elected with 4 votes or more")
    expect(committee.locator("li", has_text=second[4].name)).to_contain_text("Elected")
    expect(committee.locator("li", has_text=first[2].name)).to_contain_text("Not elected")
    # Elected: first[0] and first[1] (women) and second[4]: 2 women of 3.
    expect(page.get_by_test_id("committee-women")).to_contain_text(
        "Women among the elected committee: 2 of 3 (66.7 percent).")
    page.get_by_role("button", name="Report the results for approval").click()
    expect(page.get_by_text(f"The results were reported to {county.federation.name} for approval.")).to_be_visible()
    expect(page.get_by_role("button", name="Approve the results")).to_have_count(0)  # never the union itself

    # The county federation approves; the union's page shows the committee, the 经审会 and the next 换届 date.
    above = page_at(1280)
    log_in(above, live_server, federation.username, PASSWORD)
    above.goto(f"{live_server.url}/congress/union-congresses/{congress.pk}/")
    above.get_by_role("button", name="Approve the results").click()
    expect(above.get_by_role("alert").filter(has_text="Approved:")).to_contain_text("re-election is due by")
    term = CommitteeTerm.objects.get(union=county.a)
    assert (term.starts_on, term.length_years) == (held_on, 5)
    above.goto(f"{live_server.url}/organisations/{county.a.pk}/")
    above.get_by_role("tab", name="Union committee").click()
    expect(above.get_by_test_id("committee-term")).to_contain_text(f"re-election due on {term.ends_on:%Y-%m-%d}")
    expect(above.get_by_test_id("committee-members")).to_contain_text(f"{first[0].name} · Chair")
    expect(above.get_by_test_id("committee-members")).to_contain_text(f"{first[1].name} · Vice-chair")
    expect(above.get_by_test_id("audit-committee-members")).to_contain_text(second[5].name)
    above.locator("#tab-committee").screenshot(path="/tmp/shots/elections/union_committee_tab.png")
