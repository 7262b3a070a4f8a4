"""The booklet and the implementation report: registered with the PDF pipeline, their content
depends only on the session, and they render (in-process here; test_browser.py has the real
worker)."""
import pytest

from congress.documents import booklet, implementation_report
from congress.services.proposals import proposal_assign, proposal_rate, proposal_reply
from tests.documents.helpers import pdf_text
from unionadmin.documents import rendering
from unionadmin.documents.kinds import registry

from .factories import CoSignatureFactory, ProposalFactory


@pytest.fixture
def handled(congress):
    p = ProposalFactory(session=congress.session, proposer=congress.d1, subject="关于增设职工休息室的提案",
                        state="accepted", number=1)
    CoSignatureFactory(proposal=p, delegate=congress.d2)
    proposal_assign(p, user=congress.officer, lead=congress.hr)
    proposal_reply(p, user=congress.hr_user, department=congress.hr, text="九月底前建成。")
    proposal_rate(p, user=congress.d1.user, rating="satisfied")
    ProposalFactory(session=congress.session, proposer=congress.d3, subject="个人诉求", state="rejected",
                    decision_reason="不属于提案范围")
    ProposalFactory(session=congress.session, proposer=congress.d4, subject="秘密草稿", state="draft")
    return p


def test_both_kinds_are_registered():
    assert "congress_proposal_booklet" in registry and "congress_implementation_report" in registry


@pytest.mark.parametrize("kind", [booklet, implementation_report])
def test_the_pdf_lists_the_proposal_and_never_a_draft(congress, handled, kind, tmp_path):
    html = rendering.render_html(kind, congress.session, {}, "zh-hans")
    assert "关于增设职工休息室的提案" in html and "秘密草稿" not in html
    data = rendering.html_to_pdf(html)
    (tmp_path / f"{kind.code}.pdf").write_bytes(data)
    text = pdf_text(data).replace(" ", "").replace("\n", "")
    assert "关于增设职工休息室的提案" in text
    if kind is implementation_report:
        assert "九月底前建成。" in text
    else:
        assert "不属于提案范围" in text


def test_a_delegate_may_ask_for_the_report_of_their_session_but_not_another(client, congress, handled):
    client.force_login(congress.d1.user)
    ok = client.post("/documents/request/", {"kind": "congress_implementation_report", "pk": congress.session.pk})
    assert ok.status_code == 302
    refused = client.post("/documents/request/", {"kind": "congress_implementation_report",
                                                  "pk": congress.other_session.pk})
    assert refused.status_code == 404
