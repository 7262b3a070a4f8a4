"""The congress lists' filters (congress/filters.py): a chosen tab narrows the list, a value
that means nothing shows the whole list — never an error page."""
import datetime

import pytest
from django.utils import timezone

from congress.models import LabourRisk

from .factories import CollectiveContractFactory, LabourRiskFactory, ProposalFactory

BAD = ["bogus", "", "<script>", "in_force\x00", "x" * 3000]


@pytest.fixture
def contracts(congress):
    today = timezone.localdate()
    in_force = CollectiveContractFactory(union=congress.county.a, title="在期合同")
    expiring = CollectiveContractFactory(union=congress.county.a, title="将到期合同",
                                         ends_on=today + datetime.timedelta(days=20))
    expired = CollectiveContractFactory(union=congress.county.a, title="已到期合同",
                                        starts_on=today - datetime.timedelta(days=380),
                                        ends_on=today - datetime.timedelta(days=5))
    return in_force, expiring, expired


def test_the_contract_tabs_narrow_the_list_and_a_bad_value_shows_all(client, congress, contracts):
    in_force, expiring, expired = (f'href="/congress/contracts/{c.pk}/"' for c in contracts)
    client.force_login(congress.officer)
    page = client.get("/congress/contracts/?show=expiring").content.decode()
    assert expiring in page and in_force not in page and expired not in page
    page = client.get("/congress/contracts/?show=expired").content.decode()
    assert expired in page and expiring not in page
    for value in BAD:
        response = client.get("/congress/contracts/", {"show": value})
        assert response.status_code == 200
        page = response.content.decode()
        assert all(link in page for link in (in_force, expiring, expired)), value


def test_the_warning_tabs_narrow_the_list_and_a_bad_state_shows_all(client, congress):
    LabourRiskFactory(union=congress.county.a, title="食堂纠纷")
    LabourRiskFactory(union=congress.county.a, title="工资拖欠已解决", state=LabourRisk.State.RESOLVED,
                      resolution="已补发。", resolved_on=timezone.localdate())
    client.force_login(congress.officer)
    resolved = client.get("/congress/warnings/?state=resolved").content.decode()
    assert "工资拖欠已解决" in resolved and "食堂纠纷" not in resolved
    for value in BAD:
        response = client.get("/congress/warnings/", {"state": value})
        assert response.status_code == 200
        page = response.content.decode()
        assert "工资拖欠已解决" in page and "食堂纠纷" in page, value


def test_a_session_s_proposals_mine_and_to_cosign_and_a_bad_value_shows_all(client, congress):
    mine = ProposalFactory(session=congress.session, proposer=congress.d1, subject="关于食堂排队的提案")
    theirs = ProposalFactory(session=congress.session, proposer=congress.d2, subject="关于夜班停车的提案")
    client.force_login(congress.d1.user)
    url = f"/congress/sessions/{congress.session.pk}/proposals/"
    page = client.get(url, {"show": "mine"}).content.decode()
    assert mine.subject in page and theirs.subject not in page
    page = client.get(url, {"show": "to_cosign"}).content.decode()
    assert theirs.subject in page and mine.subject not in page
    for value in BAD:
        response = client.get(url, {"show": value})
        assert response.status_code == 200
        page = response.content.decode()
        assert mine.subject in page and theirs.subject in page, value
