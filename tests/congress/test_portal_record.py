"""The workers' congress in the member's own record and data: a delegate's proposals (their own
and those they co-signed) with the state and the reply's summary, and the surveys they answered;
"my data" adds their answers to surveys that were not anonymous, never anonymous ones."""
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import escape

from congress import surveys
from congress.models import CoSignature, Proposal, Reply
from congress.portal import personal_data, record_context
from unionadmin.portal import personal_data_sources, record_sections

from .factories import DelegateFactory, HandlingDepartmentFactory, ProposalFactory
from .factories_surveys import survey_with_questions

pytestmark = pytest.mark.django_db


def _answer(survey, member, rating, choice, text=""):
    by_kind = {q.kind: q.pk for q in survey.questions.all()}
    return surveys.survey_answer(survey, member, {by_kind["rating"]: rating, by_kind["choice"]: choice,
                                                   by_kind["text"]: text})


def render_section(member):
    context = record_context(RequestFactory().get("/me/record/"), member)
    return None if context is None else render_to_string("congress/portal/_record.html", context)


def test_the_parts_are_registered():
    assert record_sections["congress"].template == "congress/portal/_record.html"
    assert "congress" in personal_data_sources


def test_delegate_record_shows_the_proposal_they_co_signed_with_its_state_and_reply(congress, member_login):
    world = congress
    _user, member = member_login(union=world.county.a, name="甲代表3")
    member.user = world.d3.user  # the delegate's own login is this member's
    member.save(update_fields=["user"])
    proposal = ProposalFactory(session=world.session, proposer=world.d1, subject="关于增设职工书屋的提案",
                               state=Proposal.State.REPLIED, number=1, lead_department=world.hr,
                               deadline=timezone.localdate())
    CoSignature.objects.create(proposal=proposal, delegate=world.d3)
    Reply.objects.create(proposal=proposal, department=world.hr, is_lead=True, round=1,
                         text="已在三楼设立职工书屋，年内配齐图书。" * 5, due_on=timezone.localdate())
    own = ProposalFactory(session=world.session, proposer=world.d3, subject="关于食堂延长供餐时间的提案")
    ProposalFactory(session=world.session, proposer=world.d2, subject="别人的提案")  # not theirs
    ProposalFactory(session=world.session, proposer=world.d1, subject="甲代表1的草稿",
                    state=Proposal.State.DRAFT, submitted_at=None)

    html = render_section(member)
    assert "关于增设职工书屋的提案" in html and "Co-signed by you" in html
    assert "Replied, waiting for the proposer" in html
    assert "已在三楼设立职工书屋" in html and "…" in html  # the reply's summary, cut short
    assert "关于食堂延长供餐时间的提案" in html and "Submitted by you" in html
    assert "别人的提案" not in html and "甲代表1的草稿" not in html

    rows = personal_data(member)
    subjects = {row["Subject"]: row["Record"] for row in rows}
    assert subjects["关于增设职工书屋的提案"] == "Proposal co-signed"
    assert subjects[own.subject] == "Proposal submitted"


def test_a_member_who_is_no_delegate_and_answered_nothing_has_no_section(county, member_login):
    _user, member = member_login(union=county.a)
    assert record_context(None, member) is None
    assert personal_data(member) == []


def test_surveys_answered_show_titles_and_dates_and_my_data_only_named_answers(county, member_login):
    _user, member = member_login(union=county.a)
    anonymous = survey_with_questions(county.a, title="匿名测评", anonymous=True)
    named = survey_with_questions(county.a, title="实名测评", anonymous=False)
    _answer(anonymous, member, 1, "困难帮扶", "匿名的真心话")
    _answer(named, member, 5, "文体活动", "实名的建议")

    html = render_section(member)
    assert "匿名测评" in html and "实名测评" in html
    assert timezone.localdate().isoformat() in html
    assert "匿名的真心话" not in html and "实名的建议" not in html  # the record: titles and dates only

    rows = personal_data(member)
    values = [row["Reply"] for row in rows if row["Record"] == "Survey answer"]
    assert sorted(values) == sorted(["5", "文体活动", "实名的建议"])
    assert "匿名的真心话" not in str(rows)
    assert {row["Subject"] for row in rows if row["Record"] == "Survey answered"} == {"匿名测评", "实名测评"}


def test_another_delegate_login_sees_nothing_of_this_one(congress, member_login):
    world = congress
    proposal = ProposalFactory(session=world.session, proposer=world.d1, subject="甲代表1的提案")
    CoSignature.objects.create(proposal=proposal, delegate=world.d2)
    _user, member = member_login(union=world.county.a)
    member.user = DelegateFactory(term=world.term).user
    member.save(update_fields=["user"])
    assert record_context(None, member) is None
    HandlingDepartmentFactory(union=world.county.a)  # nothing else in the union leaks in either
    assert personal_data(member) == []


def test_the_record_page_shows_the_delegates_co_signed_proposal(congress, member_login, english):
    world = congress
    _user, member = member_login(union=world.county.a, name="甲代表4")
    member.user = world.d4.user
    member.save(update_fields=["user"])
    proposal = ProposalFactory(session=world.session, proposer=world.d2, subject="关于设立母婴室的提案")
    CoSignature.objects.create(proposal=proposal, delegate=world.d4)
    english.force_login(world.d4.user)
    page = english.get("/me/record/").content.decode()
    assert escape("Workers' congress") in page and "关于设立母婴室的提案" in page and "Co-signed by you" in page
    assert "Submitted, collecting co-signatures" in page
