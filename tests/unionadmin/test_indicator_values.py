"""Every registered indicator against a value worked out by hand on one tiny county.

The fixture ``tiny`` (below) lists every row it makes; each test says, in a comment, the
arithmetic behind each figure it expects, and asserts the numerator, the denominator and the
value of the whole federation this year, of the grassroots units (``measure_units``) and of
last year where the indicator depends on the year. A new indicator without such a test makes
``test_every_registered_indicator_has_a_hand_computed_test`` fail.

Dates are chosen so the file is right on any day of the year, 1 January included: nothing in
the current year is later than 1 January; "last year" and "before" are YEAR - 1 and YEAR - 2 or
earlier. Percentages are rounded half up to 0.1 (``Measurement.value``).
"""
import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from assessment.services import results as assessment_results
from competitions.models import Competition, Entry
from competitions.services import competitions as competition_services
from competitions.services.entries import entry_create
from competitions.services.proposals import proposal_decide, proposal_implement, proposal_route
from congress.models import Proposal
from congress.services.proposals import proposal_assign, proposal_rate, proposal_reply
from congress.services.sessions import session_mark_held
from members.models import Member
from members.services import transfer_accept, transfer_send
from tests.assessment.factories import build_rubric, build_sheet, mark
from tests.competitions.factories import CompetitionFactory, ScoringItemFactory
from tests.competitions.factories import ProposalFactory as ImprovementProposalFactory
from tests.congress.factories import (
    CollectiveContractFactory,
    CongressFactory,
    DelegateFactory,
    HandlingDepartmentFactory,
    ProposalFactory,
    SessionFactory,
    TermFactory,
)
from tests.factories import BranchFactory, FederationFactory, GrassrootsFactory, RoleAssignmentFactory, UserFactory
from tests.members.factories import UniqueMemberFactory, unique_id_number
from tests.welfare.factories import AidProgrammeFactory, HardshipFileFactory, ProgrammeBudgetFactory
from unionadmin.indicators import registry
from unionadmin.models import Organisation
from unionadmin.roles import Role
from welfare.models import AidProgramme, HardshipFile
from welfare.services import grant_approve, grant_propose, grant_reject

D = Decimal
TODAY = timezone.localdate()
YEAR = TODAY.year
LAST = YEAR - 1
JAN1 = datetime.date(YEAR, 1, 1)  # the latest date used in the current year: never after today
DEC31_LAST = datetime.date(LAST, 12, 31)

Category = Organisation.Category
Rating = Organisation.HomeRating
Kind = Member.EmploymentType
REGULAR, MIGRANT, DISPATCHED = Kind.REGULAR, Kind.MIGRANT, Kind.DISPATCHED

# {indicator code: the test that checks it against hand-computed values}, filled by @hand_computed.
HAND_COMPUTED: dict[str, str] = {}


def book_of_tests(book: dict, what: str):
    """A decorator that writes down which test checks which indicators in ``book``."""

    def mark(*codes):
        def mark_test(test):
            for code in codes:
                assert code not in book, f"{code} has two {what} tests"
                book[code] = test.__name__
            return test

        return mark_test

    return mark


hand_computed = book_of_tests(HAND_COMPUTED, "hand-computed")


# --- reading the indicators ------------------------------------------------------------------
def figures(measurement):
    return measurement.numerator, measurement.denominator, measurement.value


def whole(code, organisation, year=YEAR):
    """(numerator, denominator, value) of the subtree."""
    return figures(registry.get(code).measure(organisation, year))


def units(code, tiny, year=YEAR, names="abc"):
    """{unit name: (numerator, denominator, value)} of the named grassroots units."""
    measured = registry.get(code).measure_units(tiny.federation, year)
    return {name: figures(measured[getattr(tiny, name).pk]) for name in names}


# --- building the county -----------------------------------------------------------------------
def member(union, name, *, female=False, kind=REGULAR, joined, status=Member.Status.ACTIVE, left_on=None):
    return UniqueMemberFactory(union=union, name=name, gender="female" if female else "male",
                               id_number=unique_id_number(female=female), employment_type=kind, joined_on=joined,
                               status=status, left_on=left_on)


def hardship_file(union, worker, status, category="", filed_on=None, closed_on=None):
    """A file put straight into its state with past dates (the services date everything today)."""
    applied_on = (filed_on or TODAY) - datetime.timedelta(days=20)
    return HardshipFileFactory(union=union, worker=worker, status=status, category=category, applied_on=applied_on,
                               filed_on=filed_on, closed_on=closed_on)


def grant(programme, recipient, amount, granted_on, *, by, approve_by=None, reject_by=None):
    made = grant_propose(programme=programme, member=recipient, by=by, amount=D(amount), granted_on=granted_on)
    if approve_by:
        grant_approve(made, by=approve_by)
    if reject_by:
        grant_reject(made, by=reject_by, reason="材料不全")
    return made


def aware(day, days_before):
    moment = datetime.datetime.combine(day - datetime.timedelta(days=days_before), datetime.time(9))
    return timezone.make_aware(moment)


def held_session(term, number, held_on, *, by):
    session = SessionFactory(term=term, number=number, held_on=held_on, collection_opens_at=aware(held_on, 40),
                             collection_closes_at=aware(held_on, 10))
    return session_mark_held(session, user=by)


def department(union, name):
    dept = HandlingDepartmentFactory(union=union, name=name)
    person = RoleAssignmentFactory(role=Role.DEPARTMENT, organisation=union, title=name).user
    dept.officers.add(person)
    return dept, person


def formal(session, proposer, number, *, assign_to=None, by=None, deadline=None):
    """An accepted (numbered) proposal, assigned to ``assign_to`` when given."""
    proposal = ProposalFactory(session=session, proposer=proposer, state=Proposal.State.ACCEPTED, number=number)
    if assign_to:
        proposal = proposal_assign(proposal, user=by, lead=assign_to,
                                   deadline=deadline or TODAY + datetime.timedelta(days=10))
    return proposal


def move_deadline(proposal, deadline):
    """The deadline passed (set directly: the service refuses a deadline in the past)."""
    Proposal.objects.filter(pk=proposal.pk).update(deadline=deadline)
    proposal.refresh_from_db()
    return proposal


def final_sheet(rubric, unit, total):
    """A finalised self-assessment whose scored items add up to ``total`` (no bonus, deduction or veto)."""
    sheet = build_sheet(rubric, unit)
    total = D(total)
    standard = [s for s in sheet.scores.select_related("item").order_by("item__position", "item_id")
                if s.kind == "standard"]
    left = total
    for n, score in enumerate(standard):
        points = left if n == len(standard) - 1 else (score.maximum * total / 100).quantize(D("0.01"))
        left -= points
        score.self_points = score.reviewed_points = points
        score.save()
    return mark(sheet, "finalised")


def implemented(union, year, on, benefit, *, evaluator, by):
    proposal = ImprovementProposalFactory(union=union, year=year, submitted_on=on - datetime.timedelta(days=30))
    proposal_route(proposal, evaluator, by=by)
    proposal_decide(proposal, by=by, adopt=True, opinion="可行")
    return proposal_implement(proposal, by=by, implemented_on=on, annual_benefit=D(benefit))


@pytest.fixture
def tiny(db):
    """A county federation, three active grassroots unions and a closed one.

    Organisations (employees; Workers' Home rating, year awarded)
      federation  小县总工会
      a           甲机械厂工会, enterprise, 12 employees; model Home, awarded YEAR
      a_shop        甲厂一车间分会, a branch of a: its rows count towards a
      b           乙小学工会, public institution, 8 employees; qualified Home, awarded YEAR-2
      c           丙建筑公司工会, enterprise, 5 employees; advanced Home, awarded YEAR-1
      d           丁纺织厂工会, enterprise, 50 employees, model Home (YEAR-3), INACTIVE (closed):
                  it counts in no denominator and nothing sits in it but a collective contract

    Members (F woman, M man; employment; joined; status now)
      a       a1 李秀英 F regular YEAR-5 | a2 王建国 M regular YEAR-5 | a3 张丽 F migrant YEAR-3
              a4 赵强 M dispatched YEAR-2 | a5 刘洋 M regular joined 1 Jan YEAR (new this year)
              a6 陈志明 M regular YEAR-15, retired, left 30 Jun YEAR-2
              a7 周敏 F regular YEAR-4, withdrawn, left 1 Jan YEAR (a member at the end of last year)
      a_shop  b1 孙莉 F migrant YEAR-4 | b2 吴刚 M migrant YEAR-4
              b3 郑红 F dispatched, joined 31 Dec YEAR-1 (a member at the end of last year, just)
      b       c1 黄丽华 F regular YEAR-10 | c2 林静 F regular YEAR-10 | c3 何伟 M regular YEAR-6
              c4 高峰 M regular YEAR-8, withdrawn, left 31 Dec YEAR-1 (not a member at its end)
              c5 马琳 F regular, joined 1 Jan YEAR
      c       d1 徐磊 M migrant YEAR-2
              t1 罗娟 F regular, joined b in YEAR-3, transferred to c this year (counted in c, every year)
      Active now: a 8 (a1-a5, b1-b3), b 4 (c1-c3, c5), c 2 (d1, t1) = 14.
      On 31 Dec YEAR-1: a 8 (a1-a4, a7, b1-b3), b 3 (c1-c3), c 2 (d1, t1) = 13.

    Hardship files (union, worker, category: status, filed, ended)
      h1 a       a1 deep:      filed 10 May YEAR-2, still on file
      h2 a_shop  b1 relative:  filed 1 Mar YEAR-1, lifted out 1 Jan YEAR
      h3 b       c3 accident:  filed 1 Jan YEAR, on file
      h4 c       d1 relative:  filed 1 Apr YEAR-2, lifted out 30 Jun YEAR-1
      h5 a       a2 —:         applied only (never filed)
      h6 b       c1 deep:      filed 1 Sep YEAR-2, withdrawn 1 Sep YEAR-1
      h7 c       t1 deep:      filed 1 Jan YEAR, on file

    Grants (federation programmes 送温暖 "warmth" and 金秋助学 "autumn"; proposed by one welfare
    officer, approved or rejected by another)
      g1 warmth  a1 (a)       800.50  1 Jan YEAR     approved
      g2 autumn  b2 (a_shop) 1200.00  1 Jan YEAR     approved
      g3 autumn  c1 (b)      1000.00  1 Jan YEAR     proposed, not approved
      g4 warmth  c3 (b)       300.00  1 Jan YEAR     rejected
      g5 warmth  d1 (c)       600.00  20 Jan YEAR-1  approved

    Collective contracts
      a  general, in force 1 Feb YEAR-2 to 31 Jan YEAR+1
      b  general, in force now (b is not an enterprise)
      c  wages (special), in force now; general, in force 1 Jan YEAR-3 to 31 Dec YEAR-1
      d  general, in force now (d is closed)

    Congresses (sessions marked held through the service)
      a  session held 1 Jan YEAR; formal proposals, all to one department, deadline today + 10
         unless said: p1 answered on time, rated satisfied | p2 answered on time, rated not
         satisfied (back with the department, round 2) | p3 answered after its deadline, not rated
         | p4 not answered, deadline passed | p5 not answered, not yet due | p6 answered on time,
         rated basically satisfied | p7 accepted, not yet assigned; and p8 submitted, never accepted
      b  session held 20 Nov YEAR-1: q1 answered on time, rated satisfied | q2 not answered, not due;
         session 2 dated 1 Jan YEAR, still in preparation (not held)
      c  session held 1 Jun YEAR-1, no proposals

    Labour competitions (organiser, year: state)
      k1 a_shop YEAR: scoring (created, opened, entered, judged and started through the services)
      k2 federation YEAR: published | k3 b YEAR: open for entries | k4 c YEAR-1: published
      k5 a YEAR: draft
    Rationalisation proposals (union: implemented on, annual benefit)
      r1 a_shop: 1 Jan YEAR, 12,000 | r2 a: 1 Jan YEAR, 500 | r3 c: 15 Aug YEAR-1, 3,000
      r4 b: adopted, not implemented

    Assessment (published results of the federation's rubric of the year; 91 points up to
    standard, 95 exemplary)
      YEAR    a 93 (standard) | b 85 (none) | c 96 (exemplary)
      YEAR-1  a 90.99 (none) | b 91 (standard) | c not assessed
    """
    federation = FederationFactory(name="小县总工会")
    a = GrassrootsFactory(name="甲机械厂工会", parent=federation, category=Category.ENTERPRISE, employee_count=12,
                          home_rating=Rating.MODEL, home_rating_year=YEAR)
    a_shop = BranchFactory(name="甲厂一车间分会", parent=a)
    b = GrassrootsFactory(name="乙小学工会", parent=federation, category=Category.INSTITUTION,
                          sector=Organisation.Sector.SCHOOL, employee_count=8, home_rating=Rating.QUALIFIED,
                          home_rating_year=YEAR - 2)
    c = GrassrootsFactory(name="丙建筑公司工会", parent=federation, category=Category.ENTERPRISE, employee_count=5,
                          home_rating=Rating.ADVANCED, home_rating_year=LAST)
    d = GrassrootsFactory(name="丁纺织厂工会", parent=federation, category=Category.ENTERPRISE, employee_count=50,
                          home_rating=Rating.MODEL, home_rating_year=YEAR - 3, is_active=False)

    admin = RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=federation).user
    welfare_1 = RoleAssignmentFactory(role=Role.WELFARE_OFFICER, organisation=federation, title="帮扶中心").user
    welfare_2 = RoleAssignmentFactory(role=Role.WELFARE_OFFICER, organisation=federation, title="帮扶中心").user
    judge = RoleAssignmentFactory(role=Role.JUDGE, organisation=federation, user=UserFactory(full_name="评委甲")).user

    # --- members ------------------------------------------------------------------------------
    def years_ago(n, month=3, day=1):
        return datetime.date(YEAR - n, month, day)

    a1 = member(a, "李秀英", female=True, joined=years_ago(5))
    a2 = member(a, "王建国", joined=years_ago(5))
    member(a, "张丽", female=True, kind=MIGRANT, joined=years_ago(3))
    member(a, "赵强", kind=DISPATCHED, joined=years_ago(2, 7))
    member(a, "刘洋", joined=JAN1)
    member(a, "陈志明", joined=years_ago(15), status=Member.Status.RETIRED, left_on=datetime.date(YEAR - 2, 6, 30))
    member(a, "周敏", female=True, joined=years_ago(4), status=Member.Status.WITHDRAWN, left_on=JAN1)
    b1 = member(a_shop, "孙莉", female=True, kind=MIGRANT, joined=years_ago(4))
    b2 = member(a_shop, "吴刚", kind=MIGRANT, joined=years_ago(4))
    member(a_shop, "郑红", female=True, kind=DISPATCHED, joined=DEC31_LAST)
    c1 = member(b, "黄丽华", female=True, joined=years_ago(10))
    member(b, "林静", female=True, joined=years_ago(10))
    c3 = member(b, "何伟", joined=years_ago(6))
    member(b, "高峰", joined=years_ago(8), status=Member.Status.WITHDRAWN, left_on=DEC31_LAST)
    member(b, "马琳", female=True, joined=JAN1)
    d1 = member(c, "徐磊", kind=MIGRANT, joined=years_ago(2, 4))
    t1 = member(b, "罗娟", female=True, joined=years_ago(3))
    transfer = transfer_send(member=t1, to_union=c, user=admin, reason="调动")
    transfer_accept(transfer_id=transfer.pk, user=admin)
    t1.refresh_from_db()

    # --- hardship files -----------------------------------------------------------------------
    S, C = HardshipFile.Status, HardshipFile.Category
    hardship_file(a, a1, S.FILED, C.DEEP, filed_on=datetime.date(YEAR - 2, 5, 10))
    hardship_file(a_shop, b1, S.LIFTED, C.RELATIVE, filed_on=datetime.date(LAST, 3, 1), closed_on=JAN1)
    hardship_file(b, c3, S.FILED, C.ACCIDENT, filed_on=JAN1)
    hardship_file(c, d1, S.LIFTED, C.RELATIVE, filed_on=datetime.date(YEAR - 2, 4, 1),
                  closed_on=datetime.date(LAST, 6, 30))
    hardship_file(a, a2, S.APPLIED)
    hardship_file(b, c1, S.WITHDRAWN, C.DEEP, filed_on=datetime.date(YEAR - 2, 9, 1),
                  closed_on=datetime.date(LAST, 9, 1))
    hardship_file(c, t1, S.FILED, C.DEEP, filed_on=JAN1)

    # --- grants -------------------------------------------------------------------------------
    warmth = AidProgrammeFactory(organisation=federation, kind=AidProgramme.Kind.WARMTH, name="送温暖")
    autumn = AidProgrammeFactory(organisation=federation, kind=AidProgramme.Kind.AUTUMN_SCHOOL, name="金秋助学")
    for programme, year in ((warmth, YEAR), (warmth, LAST), (autumn, YEAR)):
        ProgrammeBudgetFactory(programme=programme, year=year, amount=D("10000"))
    grant(warmth, a1, "800.50", JAN1, by=welfare_1, approve_by=welfare_2)
    grant(autumn, b2, "1200", JAN1, by=welfare_1, approve_by=welfare_2)
    grant(autumn, c1, "1000", JAN1, by=welfare_1)
    grant(warmth, c3, "300", JAN1, by=welfare_1, reject_by=welfare_2)
    grant(warmth, d1, "600", datetime.date(LAST, 1, 20), by=welfare_1, approve_by=welfare_2)

    # --- collective contracts -----------------------------------------------------------------
    def contract(union, starts_on, ends_on, kind="general"):
        return CollectiveContractFactory(union=union, kind=kind, consulted_on=starts_on - datetime.timedelta(days=30),
                                         signed_on=starts_on - datetime.timedelta(days=10), starts_on=starts_on,
                                         ends_on=ends_on)

    in_force_now = (datetime.date(LAST, 1, 1), datetime.date(YEAR + 2, 12, 31))
    contract(a, datetime.date(YEAR - 2, 2, 1), datetime.date(YEAR + 1, 1, 31))
    contract(b, *in_force_now)
    contract(c, *in_force_now, kind="wages")
    contract(c, datetime.date(YEAR - 3, 1, 1), DEC31_LAST)
    contract(d, *in_force_now)

    # --- congresses ---------------------------------------------------------------------------
    term_a = TermFactory(congress=CongressFactory(union=a), number=1, starts_on=datetime.date(YEAR - 2, 1, 1),
                         ends_on=datetime.date(YEAR + 2, 12, 31))
    session_a = held_session(term_a, 1, JAN1, by=admin)
    proposer_a = DelegateFactory(term=term_a, name="甲代表")
    production, production_user = department(a, "生产技术部")
    assigned = dict(assign_to=production, by=admin)
    p1, p2, p3, p4, p5, p6 = (formal(session_a, proposer_a, n, **assigned) for n in range(1, 7))
    formal(session_a, proposer_a, 7)  # p7: accepted, not assigned yet
    ProposalFactory(session=session_a, proposer=proposer_a)  # p8: submitted, never accepted
    for proposal in (p1, p2, p6):
        proposal_reply(proposal, user=production_user, department=production, text="已安排整改")
    proposal_rate(p1, user=proposer_a.user, rating=Proposal.Rating.SATISFIED)
    proposal_rate(p2, user=proposer_a.user, rating=Proposal.Rating.UNSATISFIED, comment="没有解决根本问题")
    proposal_rate(p6, user=proposer_a.user, rating=Proposal.Rating.BASICALLY)
    proposal_reply(move_deadline(p3, TODAY - datetime.timedelta(days=3)), user=production_user,
                   department=production, text="迟复")
    move_deadline(p4, TODAY - datetime.timedelta(days=1))
    assert p5.deadline > TODAY

    term_b = TermFactory(congress=CongressFactory(union=b, kind="staff"), number=1,
                         starts_on=datetime.date(YEAR - 2, 1, 1), ends_on=datetime.date(YEAR + 2, 12, 31))
    session_b = held_session(term_b, 1, datetime.date(LAST, 11, 20), by=admin)
    SessionFactory(term=term_b, number=2, held_on=JAN1, collection_opens_at=aware(JAN1, 40),
                   collection_closes_at=aware(JAN1, 10))  # in preparation
    proposer_b = DelegateFactory(term=term_b, name="乙代表")
    office, office_user = department(b, "校长办公室")
    q1 = formal(session_b, proposer_b, 1, assign_to=office, by=admin)
    formal(session_b, proposer_b, 2, assign_to=office, by=admin)  # q2: not answered, not due
    proposal_reply(q1, user=office_user, department=office, text="已落实")
    proposal_rate(q1, user=proposer_b.user, rating=Proposal.Rating.SATISFIED)

    term_c = TermFactory(congress=CongressFactory(union=c), number=1, starts_on=datetime.date(YEAR - 2, 1, 1),
                         ends_on=datetime.date(YEAR + 2, 12, 31))
    held_session(term_c, 1, datetime.date(LAST, 6, 1), by=admin)

    # --- competitions and rationalisation proposals -------------------------------------------
    k1 = competition_services.competition_create(by=admin, organiser=a_shop, title=f"{YEAR}年一车间技能比武",
                                                 year=YEAR)
    ScoringItemFactory(competition=k1, name="实操", max_score=D("100"))
    competition_services.competition_transition(k1, "open", by=admin)
    entry_create(k1, by=admin, organisation=a_shop, kind=Entry.Kind.TEAM, name="数控班组")
    competition_services.judge_assign(k1, judge, by=admin)
    competition_services.competition_transition(k1, "start_scoring", by=admin)
    now = timezone.now()
    published = dict(state=Competition.State.PUBLISHED, locked_at=now, notice_ends_on=JAN1, published_at=now)
    CompetitionFactory(organiser=federation, year=YEAR, title=f"{YEAR}年全县安康杯竞赛", **published)
    CompetitionFactory(organiser=b, year=YEAR, title=f"{YEAR}年教学技能竞赛", state=Competition.State.OPEN)
    CompetitionFactory(organiser=c, year=LAST, title=f"{LAST}年安全生产竞赛", **published)
    CompetitionFactory(organiser=a, year=YEAR, title=f"{YEAR}年节能降耗竞赛")  # draft

    implemented(a_shop, YEAR, JAN1, "12000", evaluator=judge, by=admin)
    implemented(a, YEAR, JAN1, "500", evaluator=judge, by=admin)
    implemented(c, LAST, datetime.date(LAST, 8, 15), "3000", evaluator=judge, by=admin)
    adopted = ImprovementProposalFactory(union=b, year=YEAR, submitted_on=JAN1)
    proposal_route(adopted, judge, by=admin)
    proposal_decide(adopted, by=admin, adopt=True, opinion="可行")

    # --- assessment ---------------------------------------------------------------------------
    for year, totals in ((YEAR, {a: "93", b: "85", c: "96"}), (LAST, {a: "90.99", b: "91"})):
        rubric = build_rubric(federation, year=year)
        for unit, total in totals.items():
            final_sheet(rubric, unit, total)
        assessment_results.results_publish(rubric, admin)

    return SimpleNamespace(federation=federation, a=a, a_shop=a_shop, b=b, c=c, d=d)


# === Workers' Homes ===========================================================================
@hand_computed("workers_home_qualified")
def test_qualified_homes_count_ratings_awarded_by_the_end_of_the_year(tiny):
    # this year: a (model), b (qualified), c (advanced) of the 3 active units = 100.0 %; d is closed
    assert whole("workers_home_qualified", tiny.federation) == (3, 3, D("100.0"))
    assert units("workers_home_qualified", tiny) == {"a": (1, 1, D("100.0")), "b": (1, 1, D("100.0")),
                                                     "c": (1, 1, D("100.0"))}
    # last year: b (YEAR-2) and c (YEAR-1); a's rating came this year: 2 / 3 = 66.7 %
    assert whole("workers_home_qualified", tiny.federation, LAST) == (2, 3, D("66.7"))
    assert units("workers_home_qualified", tiny, LAST)["a"] == (0, 1, D("0.0"))


@hand_computed("workers_home_advanced")
def test_advanced_homes_count_advanced_and_model_ratings(tiny):
    # this year: a (model) and c (advanced) of 3 = 66.7 %
    assert whole("workers_home_advanced", tiny.federation) == (2, 3, D("66.7"))
    assert units("workers_home_advanced", tiny) == {"a": (1, 1, D("100.0")), "b": (0, 1, D("0.0")),
                                                    "c": (1, 1, D("100.0"))}
    # last year: c only: 1 / 3 = 33.3 %
    assert whole("workers_home_advanced", tiny.federation, LAST) == (1, 3, D("33.3"))


@hand_computed("workers_home_model")
def test_model_homes_count_only_model_ratings_of_active_units(tiny):
    # this year: a of 3 = 33.3 % (d, closed, is rated model but counts nowhere)
    assert whole("workers_home_model", tiny.federation) == (1, 3, D("33.3"))
    assert units("workers_home_model", tiny) == {"a": (1, 1, D("100.0")), "b": (0, 1, D("0.0")),
                                                 "c": (0, 1, D("0.0"))}
    # last year: a's model rating was awarded this year: 0 / 3 = 0.0 %
    assert whole("workers_home_model", tiny.federation, LAST) == (0, 3, D("0.0"))


# === Members ==================================================================================
@hand_computed("membership_rate")
def test_membership_rate_counts_branch_members_towards_their_union(tiny):
    # federation: 14 active members / (12 + 8 + 5 employees of the active units; d's 50 left out) = 56.0 %
    assert whole("membership_rate", tiny.federation) == (14, 25, D("56.0"))
    # a: 5 of its own + 3 in its workshop = 8 / 12 = 66.7 %; b: 4 / 8 = 50.0 %; c: 2 (t1 transferred in) / 5 = 40.0 %
    assert whole("membership_rate", tiny.a) == (8, 12, D("66.7"))
    assert units("membership_rate", tiny) == {"a": (8, 12, D("66.7")), "b": (4, 8, D("50.0")),
                                              "c": (2, 5, D("40.0"))}
    assert set(registry.get("membership_rate").measure_units(tiny.federation, YEAR)) == {
        tiny.a.pk, tiny.b.pk, tiny.c.pk}  # grassroots units only, the closed one left out


def test_membership_rate_of_last_year_counts_members_as_of_31_december(tiny):
    # Members on 31 Dec YEAR-1: a 8 (a1-a4, a7 who left on 1 Jan YEAR, b1-b3 with b3 joining on
    # 31 Dec), b 3 (c4 left on 31 Dec itself, c5 joined this year), c 2 (t1 counted in her union of
    # today) = 13, over today's employees: 13 / 25 = 52.0 %
    assert whole("membership_rate", tiny.federation, LAST) == (13, 25, D("52.0"))
    assert units("membership_rate", tiny, LAST) == {"a": (8, 12, D("66.7")), "b": (3, 8, D("37.5")),
                                                    "c": (2, 5, D("40.0"))}


@hand_computed("members_count")
def test_members_count_leaves_out_retired_and_withdrawn_members(tiny):
    # a 8 (not a6 retired, not a7 withdrawn), b 4 (not c4), c 2: 14
    assert whole("members_count", tiny.federation) == (14, None, D("14"))
    assert units("members_count", tiny) == {"a": (8, None, D("8")), "b": (4, None, D("4")), "c": (2, None, D("2"))}


def test_members_count_of_last_year_is_the_roll_on_31_december(tiny):
    # a 8, b 3, c 2 = 13 (see the membership rate of last year)
    assert whole("members_count", tiny.federation, LAST) == (13, None, D("13"))
    assert units("members_count", tiny, LAST) == {"a": (8, None, D("8")), "b": (3, None, D("3")),
                                                  "c": (2, None, D("2"))}


@hand_computed("women_members_share")
def test_women_share_is_women_among_current_members(tiny):
    # women now: a1, a3, b1, b3 (a) + c1, c2, c5 (b) + t1 (c) = 8 / 14 = 57.1 %
    assert whole("women_members_share", tiny.federation) == (8, 14, D("57.1"))
    # a 4 / 8 = 50.0 %, b 3 / 4 = 75.0 %, c 1 / 2 = 50.0 %
    assert units("women_members_share", tiny) == {"a": (4, 8, D("50.0")), "b": (3, 4, D("75.0")),
                                                  "c": (1, 2, D("50.0"))}


def test_women_share_of_last_year_counts_the_woman_who_left_this_year(tiny):
    # women on 31 Dec YEAR-1: a1, a3, a7, b1, b3 (a) + c1, c2 (b) + t1 (c) = 8 / 13 = 61.5 %
    assert whole("women_members_share", tiny.federation, LAST) == (8, 13, D("61.5"))
    # a 5 / 8 = 62.5 %, b 2 / 3 = 66.7 %, c 1 / 2 = 50.0 %
    assert units("women_members_share", tiny, LAST) == {"a": (5, 8, D("62.5")), "b": (2, 3, D("66.7")),
                                                        "c": (1, 2, D("50.0"))}


@hand_computed("migrant_members_share")
def test_migrant_share_counts_migrant_workers_in_branches_too(tiny):
    # migrants now: a3, b1, b2 (a) + d1 (c) = 4 / 14 = 28.6 %
    assert whole("migrant_members_share", tiny.federation) == (4, 14, D("28.6"))
    # a 3 / 8 = 37.5 %, b 0 / 4 = 0.0 %, c 1 / 2 = 50.0 %
    assert units("migrant_members_share", tiny) == {"a": (3, 8, D("37.5")), "b": (0, 4, D("0.0")),
                                                    "c": (1, 2, D("50.0"))}


def test_migrant_share_of_last_year(tiny):
    # the same 4 migrants, among 13 members on 31 Dec YEAR-1 = 30.8 %; b 0 / 3
    assert whole("migrant_members_share", tiny.federation, LAST) == (4, 13, D("30.8"))
    assert units("migrant_members_share", tiny, LAST) == {"a": (3, 8, D("37.5")), "b": (0, 3, D("0.0")),
                                                          "c": (1, 2, D("50.0"))}


@hand_computed("dispatched_members_share")
def test_dispatched_share_counts_agency_workers(tiny):
    # dispatched now: a4 (a) and b3 (a's workshop) = 2 / 14 = 14.3 %
    assert whole("dispatched_members_share", tiny.federation) == (2, 14, D("14.3"))
    assert units("dispatched_members_share", tiny) == {"a": (2, 8, D("25.0")), "b": (0, 4, D("0.0")),
                                                       "c": (0, 2, D("0.0"))}


def test_dispatched_share_of_last_year_counts_the_worker_who_joined_on_31_december(tiny):
    # a4 and b3 (joined 31 Dec YEAR-1) among 13 = 15.4 %
    assert whole("dispatched_members_share", tiny.federation, LAST) == (2, 13, D("15.4"))
    assert units("dispatched_members_share", tiny, LAST) == {"a": (2, 8, D("25.0")), "b": (0, 3, D("0.0")),
                                                             "c": (0, 2, D("0.0"))}


# === Hardship aid =============================================================================
@hand_computed("hardship_exit_rate")
def test_exit_rate_is_households_lifted_in_the_year_over_those_on_file_at_its_start(tiny):
    # on file on 1 Jan YEAR: h1, h2 (h3, h7 filed on 1 Jan itself; h4, h6 ended last year; h5 never
    # filed) = 2; lifted out this year: h2 (a's workshop) = 1 → 1 / 2 = 50.0 %
    assert whole("hardship_exit_rate", tiny.federation) == (1, 2, D("50.0"))
    assert units("hardship_exit_rate", tiny) == {"a": (1, 2, D("50.0")), "b": (0, 0, None), "c": (0, 0, None)}
    # on file on 1 Jan YEAR-1: h1, h4, h6 = 3 (h2 filed in March); lifted out in YEAR-1: h4 → 33.3 %
    assert whole("hardship_exit_rate", tiny.federation, LAST) == (1, 3, D("33.3"))
    assert units("hardship_exit_rate", tiny, LAST) == {"a": (0, 1, D("0.0")), "b": (0, 1, D("0.0")),
                                                       "c": (1, 1, D("100.0"))}



def test_a_household_filed_and_lifted_in_the_same_year_is_not_counted_as_lifted(tiny):
    # h8 (c): filed 1 Feb YEAR-1 and lifted out 1 Mar YEAR-1; not on file on 1 Jan YEAR-1, so it is in
    # neither side of last year's rate (which would otherwise read 2 / 3, and could pass 100 %)
    worker = member(tiny.c, "宋涛", joined=datetime.date(YEAR - 5, 1, 1), status=Member.Status.RETIRED,
                    left_on=datetime.date(YEAR - 4, 1, 1))  # a retiree: no member figure changes
    hardship_file(tiny.c, worker, HardshipFile.Status.LIFTED, HardshipFile.Category.RELATIVE,
                  filed_on=datetime.date(LAST, 2, 1), closed_on=datetime.date(LAST, 3, 1))
    assert whole("hardship_exit_rate", tiny.federation, LAST) == (1, 3, D("33.3"))


@hand_computed("hardship_households")
def test_households_on_file_at_the_end_of_the_year(tiny):
    # today: h1 (a), h3 (b), h7 (c) = 3 (h2 lifted, h4 lifted, h6 withdrawn, h5 only applied)
    assert whole("hardship_households", tiny.federation) == (3, None, D("3"))
    assert units("hardship_households", tiny) == {"a": (1, None, D("1")), "b": (1, None, D("1")),
                                                  "c": (1, None, D("1"))}
    # 31 Dec YEAR-1: h1 and h2 (lifted out on 1 Jan YEAR), both a's = 2
    assert whole("hardship_households", tiny.federation, LAST) == (2, None, D("2"))
    assert units("hardship_households", tiny, LAST) == {"a": (2, None, D("2")), "b": (0, None, D("0")),
                                                        "c": (0, None, D("0"))}


@hand_computed("aid_paid")
def test_aid_paid_adds_up_approved_grants_of_the_year_to_the_fen(tiny):
    # approved this year: g1 800.50 + g2 1,200 = 2,000.50 yuan (g3 awaits approval, g4 rejected);
    # kept to the fen, so the units add up to the whole (the tile shows whole yuan)
    assert whole("aid_paid", tiny.federation) == (D("2000.50"), None, D("2000.50"))
    # a: g1 (its own member) + g2 (its workshop's) = 2,000.50; b: nothing approved; c: nothing this year
    assert units("aid_paid", tiny) == {"a": (D("2000.50"), None, D("2000.50")), "b": (0, None, D("0")),
                                       "c": (0, None, D("0"))}
    # last year: g5 600 to c
    assert whole("aid_paid", tiny.federation, LAST) == (D("600"), None, D("600"))
    assert units("aid_paid", tiny, LAST)["c"] == (D("600"), None, D("600"))


def test_aid_paid_breaks_down_by_programme(tiny):
    from unionadmin.indicators import Tally

    parts = dict(Tally(tiny.federation).parts(registry.get("aid_paid"), YEAR))
    assert {str(label): amount for label, amount in parts.items() if amount} == {
        str(AidProgramme.Kind.WARMTH.label): D("800.50"), str(AidProgramme.Kind.AUTUMN_SCHOOL.label): D("1200.00")}


# === Democratic management ====================================================================
@hand_computed("contract_signing_rate")
def test_signing_rate_counts_enterprises_with_a_general_contract_in_force(tiny):
    # enterprises a and c (b is a school, d is closed); in force today: a's general contract (c has
    # only a wages contract now) → 1 / 2 = 50.0 %
    assert whole("contract_signing_rate", tiny.federation) == (1, 2, D("50.0"))
    assert units("contract_signing_rate", tiny, names="ac") == {"a": (1, 1, D("100.0")), "c": (0, 1, D("0.0"))}
    # on 31 Dec YEAR-1 c's general contract was in force on its last day → 2 / 2 = 100.0 %
    assert whole("contract_signing_rate", tiny.federation, LAST) == (2, 2, D("100.0"))
    assert units("contract_signing_rate", tiny, LAST, names="ac") == {"a": (1, 1, D("100.0")),
                                                                      "c": (1, 1, D("100.0"))}


@hand_computed("congress_held")
def test_congress_held_counts_units_whose_session_was_held_in_the_year(tiny):
    # this year: a's session (b's is dated this year but still in preparation) → 1 / 3 = 33.3 %
    assert whole("congress_held", tiny.federation) == (1, 3, D("33.3"))
    assert units("congress_held", tiny) == {"a": (1, 1, D("100.0")), "b": (0, 1, D("0.0")), "c": (0, 1, D("0.0"))}
    # last year: b (20 Nov) and c (1 Jun) → 2 / 3 = 66.7 %
    assert whole("congress_held", tiny.federation, LAST) == (2, 3, D("66.7"))
    assert units("congress_held", tiny, LAST) == {"a": (0, 1, D("0.0")), "b": (1, 1, D("100.0")),
                                                  "c": (1, 1, D("100.0"))}


@hand_computed("proposals_handled_rate")
def test_handled_rate_counts_formal_proposals_answered(tiny):
    # formal proposals of a's session: p1-p7 (p8 never accepted) = 7; answered and not back with the
    # department: p1 (closed), p3 (replied), p6 (closed) = 3 → 3 / 7 = 42.9 %
    # (p2 was answered but rated not satisfied, so it is with the department again)
    assert whole("proposals_handled_rate", tiny.federation) == (3, 7, D("42.9"))
    assert units("proposals_handled_rate", tiny) == {"a": (3, 7, D("42.9")), "b": (0, 0, None), "c": (0, 0, None)}
    # last year's sessions: b's q1 (closed) of q1, q2 → 1 / 2 = 50.0 %
    assert whole("proposals_handled_rate", tiny.federation, LAST) == (1, 2, D("50.0"))
    assert units("proposals_handled_rate", tiny, LAST)["b"] == (1, 2, D("50.0"))


@hand_computed("proposals_on_time_rate")
def test_on_time_rate_is_first_answers_by_the_deadline_over_those_due(tiny):
    # due: answered (p1, p2, p3, p6) or past the deadline unanswered (p4) = 5; p5 and p7 not yet due;
    # first answer on time: p1, p2, p6 = 3 (p3 was late) → 3 / 5 = 60.0 %
    assert whole("proposals_on_time_rate", tiny.federation) == (3, 5, D("60.0"))
    assert units("proposals_on_time_rate", tiny)["a"] == (3, 5, D("60.0"))
    # last year: q1 answered on time; q2 not yet due → 1 / 1 = 100.0 %
    assert whole("proposals_on_time_rate", tiny.federation, LAST) == (1, 1, D("100.0"))
    assert units("proposals_on_time_rate", tiny, LAST)["b"] == (1, 1, D("100.0"))


@hand_computed("proposals_satisfaction_rate")
def test_satisfaction_rate_counts_satisfied_and_basically_satisfied_ratings(tiny):
    # rated: p1 satisfied, p2 not satisfied, p6 basically satisfied = 3; satisfied or basically: 2 → 66.7 %
    assert whole("proposals_satisfaction_rate", tiny.federation) == (2, 3, D("66.7"))
    assert units("proposals_satisfaction_rate", tiny)["a"] == (2, 3, D("66.7"))
    # last year: q1 satisfied of 1 rated → 100.0 %
    assert whole("proposals_satisfaction_rate", tiny.federation, LAST) == (1, 1, D("100.0"))
    assert units("proposals_satisfaction_rate", tiny, LAST)["b"] == (1, 1, D("100.0"))


# === Competitions =============================================================================
@hand_computed("competitions_held")
def test_competitions_held_count_those_that_reached_scoring(tiny):
    # this year: k1 (a's workshop, scoring) + k2 (the federation's, published) = 2; k3 still open,
    # k5 a draft; k2 counts for the federation but for no unit
    assert whole("competitions_held", tiny.federation) == (2, None, D("2"))
    assert units("competitions_held", tiny) == {"a": (1, None, D("1")), "b": (0, None, D("0")),
                                                "c": (0, None, D("0"))}
    # last year: k4 (c, published) = 1
    assert whole("competitions_held", tiny.federation, LAST) == (1, None, D("1"))
    assert units("competitions_held", tiny, LAST)["c"] == (1, None, D("1"))


@hand_computed("rationalisation_benefit")
def test_rationalisation_benefit_adds_up_proposals_implemented_in_the_year(tiny):
    # implemented this year: r1 12,000 (a's workshop) + r2 500 (a) = 12,500 yuan (r4 only adopted)
    assert whole("rationalisation_benefit", tiny.federation) == (D("12500"), None, D("12500"))
    assert units("rationalisation_benefit", tiny) == {"a": (D("12500"), None, D("12500")),
                                                      "b": (0, None, D("0")), "c": (0, None, D("0"))}
    # last year: r3 3,000 (c)
    assert whole("rationalisation_benefit", tiny.federation, LAST) == (D("3000"), None, D("3000"))
    assert units("rationalisation_benefit", tiny, LAST)["c"] == (D("3000"), None, D("3000"))


# === Assessment ===============================================================================
@hand_computed("assessment_grade")
def test_assessment_grade_counts_published_results_of_91_points_or_more(tiny):
    # YEAR: a 93 (standard), c 96 (exemplary) of a, b, c assessed → 2 / 3 = 66.7 %
    assert whole("assessment_grade", tiny.federation) == (2, 3, D("66.7"))
    assert units("assessment_grade", tiny) == {"a": (1, 1, D("100.0")), "b": (0, 1, D("0.0")),
                                               "c": (1, 1, D("100.0"))}
    # YEAR-1: b exactly 91 (standard), a 90.99 (none) → 1 / 2 = 50.0 %
    assert whole("assessment_grade", tiny.federation, LAST) == (1, 2, D("50.0"))
    assert units("assessment_grade", tiny, LAST, names="ab") == {"a": (0, 1, D("0.0")), "b": (1, 1, D("100.0"))}


# === Coverage =================================================================================
def test_every_registered_indicator_has_a_hand_computed_test():
    registered = {indicator.code for indicator in registry}
    assert registered - set(HAND_COMPUTED) == set(), "indicators without a hand-computed test"
    assert set(HAND_COMPUTED) - registered == set(), "hand-computed tests of indicators no longer registered"
    assert all(callable(globals().get(name)) for name in HAND_COMPUTED.values())


# === Union finance ============================================================================
# Each finance indicator on rows of its own, made here: the tiny county has no books.
def allocation(unit, period, payroll, paid):
    from finance.models import Allocation

    # 应缴 is 2% of the payroll (Allocation.save)
    return Allocation.objects.create(organisation=unit, period=period, mode="tax_full", payroll=D(payroll),
                                     paid=D(paid), paid_on=period if D(paid) else None)


def budget_in_force(unit, year, spending, income="0"):
    from finance.models import Budget, BudgetLine
    from tests.finance.factories import account

    budget = Budget.objects.create(organisation=unit, year=year, status=Budget.Status.APPROVED)
    BudgetLine.objects.create(budget=budget, account=account("50105"), amount=D(spending))
    if D(income):
        BudgetLine.objects.create(budget=budget, account=account("401"), amount=D(income))
    return budget


def spend(unit, amount, date=JAN1):
    from tests.finance.factories import post

    return post(unit, debit="50105", credit="102", amount=amount, date=date, summary="慰问品")


def claim(unit, number, *, breached=False, status="submitted", year=YEAR):
    from finance.models import Claim, RuleBreach, SpendingRule

    made = Claim.objects.create(organisation=unit, year=year, number=number, title=f"报销{number}",
                                spent_on=datetime.date(year, 1, 1), payee="某商店", status=status,
                                submitted_at=timezone.now() if status != "draft" else None)
    if breached:
        RuleBreach.objects.create(claim=made, kind=RuleBreach.Kind.RULE, rule=SpendingRule.objects.first(),
                                  message="超标准", reason="节日慰问")
    return made


def finding(unit, deadline, closed_on=None):
    from finance.models import Finding, InspectedUnit, InspectionRound

    inspection, _ = InspectionRound.objects.get_or_create(
        federation=unit.parent, year=deadline.year, title=f"{deadline.year}年财务检查",
        defaults={"starts_on": deadline, "ends_on": deadline})
    inspected, _ = InspectedUnit.objects.get_or_create(round=inspection, unit=unit)
    closed = closed_on is not None
    return Finding.objects.create(
        inspected=inspected, category="vouchers", description="凭证不全", deadline=deadline,
        status=Finding.Status.CLOSED if closed else Finding.Status.OPEN,
        closed_at=timezone.make_aware(datetime.datetime.combine(closed_on, datetime.time(10))) if closed else None)


@hand_computed("allocation_rate")
def test_allocation_rate_is_paid_over_due_of_the_years_monthly_records(tiny):
    # YEAR: a payroll 100,000 → due 2,000, paid 1,500; b payroll 50,000 → due 1,000, paid 1,000
    # → (1,500 + 1,000) / (2,000 + 1,000) = 83.3 %; a 75.0 %, b 100.0 %, c no records
    allocation(tiny.a, JAN1, "100000", "1500")
    allocation(tiny.b, JAN1, "50000", "1000")
    # last year: a Nov due 2,000 paid 2,000, Dec due 2,000 paid 0 → 2,000 / 4,000 = 50.0 %
    allocation(tiny.a, datetime.date(LAST, 11, 1), "100000", "2000")
    allocation(tiny.a, datetime.date(LAST, 12, 1), "100000", "0")
    assert whole("allocation_rate", tiny.federation) == (D("2500"), D("3000"), D("83.3"))
    assert units("allocation_rate", tiny) == {"a": (D("1500"), D("2000"), D("75.0")),
                                              "b": (D("1000"), D("1000"), D("100.0")), "c": (0, 0, None)}
    assert whole("allocation_rate", tiny.federation, LAST) == (D("2000"), D("4000"), D("50.0"))


@hand_computed("budget_execution_rate")
def test_budget_execution_rate_is_spending_over_the_budgeted_spending_in_force(tiny):
    # a: in force 10,000 of spending (and 12,000 of income, not counted); spent 2,500 on 1 January
    # → 25.0 %; b: in force 4,000, spent 4,000 → 100.0 %; whole (2,500 + 4,000) / 14,000 = 46.4 %
    budget_in_force(tiny.a, YEAR, "10000", income="12000")
    spend(tiny.a, "2500.00")
    budget_in_force(tiny.b, YEAR, "4000")
    spend(tiny.b, "4000.00")
    assert whole("budget_execution_rate", tiny.federation) == (D("6500.00"), D("14000.00"), D("46.4"))
    assert units("budget_execution_rate", tiny)["a"] == (D("2500.00"), D("10000.00"), D("25.0"))
    assert units("budget_execution_rate", tiny)["b"] == (D("4000.00"), D("4000.00"), D("100.0"))
    assert units("budget_execution_rate", tiny)["c"] == (0, 0, None)


@hand_computed("claims_breach_share")
def test_claims_breach_share_counts_submitted_claims_with_a_rule_breach(tiny):
    # a: 4 submitted (one rejected) of which 1 breached a rule; a draft does not count → 1 / 4 = 25.0 %
    # b: 1 submitted, breached → 100.0 %; whole 2 / 5 = 40.0 %
    claim(tiny.a, 1, breached=True)
    claim(tiny.a, 2)
    claim(tiny.a, 3)
    claim(tiny.a, 4, status="rejected")
    claim(tiny.a, 5, status="draft")
    claim(tiny.b, 1, breached=True)
    assert whole("claims_breach_share", tiny.federation) == (2, 5, D("40.0"))
    assert units("claims_breach_share", tiny) == {"a": (1, 4, D("25.0")), "b": (1, 1, D("100.0")),
                                                  "c": (0, 0, None)}


@hand_computed("rectification_on_time_rate")
def test_rectification_on_time_rate_counts_findings_closed_by_their_deadline(tiny):
    # deadlines on 1 January YEAR: a's first closed that day, its second a day late, its third still
    # open; b's closed the day before → a 1 / 3 = 33.3 %, b 1 / 1, whole 2 / 4 = 50.0 %
    finding(tiny.a, JAN1, closed_on=JAN1)
    finding(tiny.a, JAN1, closed_on=JAN1 + datetime.timedelta(days=1))
    finding(tiny.a, JAN1)
    finding(tiny.b, JAN1, closed_on=DEC31_LAST)
    assert whole("rectification_on_time_rate", tiny.federation) == (2, 4, D("50.0"))
    assert units("rectification_on_time_rate", tiny) == {"a": (1, 3, D("33.3")), "b": (1, 1, D("100.0")),
                                                         "c": (0, 0, None)}


# === The union's own work (issue 18) ===========================================================
def committee_term(unit, starts_on, years):
    from congress.reelection import committee_term_record

    return committee_term_record(unit, number=1, length_years=years, starts_on=starts_on)


def women_contract(unit, starts_on, ends_on):
    return CollectiveContractFactory(union=unit, kind="women", consulted_on=starts_on - datetime.timedelta(days=30),
                                     signed_on=starts_on - datetime.timedelta(days=10), starts_on=starts_on,
                                     ends_on=ends_on)


@hand_computed("on_time_reelection_rate")
def test_on_time_reelection_rate_counts_unions_whose_committee_term_has_not_run_out(tiny):
    # a elected 1 Jan YEAR-2 for 5 years (in term); b elected 1 Jan YEAR-5 for 3 years, due 1 Jan YEAR-2
    # and never re-elected (overdue); c elected 1 Jan YEAR for 5 years.
    # This year: a, c of a, b, c → 2 / 3 = 66.7 %. On 31 Dec YEAR-1 c had no term yet: a of a, b →
    # 1 / 2 = 50.0 %, c left out as incomplete.
    committee_term(tiny.a, datetime.date(YEAR - 2, 1, 1), 5)
    committee_term(tiny.b, datetime.date(YEAR - 5, 1, 1), 3)
    committee_term(tiny.c, JAN1, 5)
    assert whole("on_time_reelection_rate", tiny.federation) == (2, 3, D("66.7"))
    assert units("on_time_reelection_rate", tiny) == {"a": (1, 1, D("100.0")), "b": (0, 1, D("0.0")),
                                                      "c": (1, 1, D("100.0"))}
    assert whole("on_time_reelection_rate", tiny.federation, LAST) == (1, 2, D("50.0"))
    assert units("on_time_reelection_rate", tiny, LAST, names="c") == {"c": (0, 0, None)}


@hand_computed("women_contract_rate")
def test_women_contract_rate_counts_enterprises_with_a_womens_contract_in_force(tiny):
    # enterprises a and c (b is a school, d is closed). a's women's contract in force from 1 Jan YEAR-1
    # to YEAR+2; c's ended on 31 Dec YEAR-1; b's (a school) counts nowhere.
    # Now: 1 / 2 = 50.0 %; on 31 Dec YEAR-1 both were in force → 2 / 2 = 100.0 %
    women_contract(tiny.a, datetime.date(LAST, 1, 1), datetime.date(YEAR + 2, 12, 31))
    women_contract(tiny.c, datetime.date(YEAR - 3, 1, 1), DEC31_LAST)
    women_contract(tiny.b, datetime.date(LAST, 1, 1), datetime.date(YEAR + 2, 12, 31))
    assert whole("women_contract_rate", tiny.federation) == (1, 2, D("50.0"))
    assert units("women_contract_rate", tiny, names="ac") == {"a": (1, 1, D("100.0")), "c": (0, 1, D("0.0"))}
    assert whole("women_contract_rate", tiny.federation, LAST) == (2, 2, D("100.0"))


# === Incomplete data and rates over 100 % (issue 13, item 14) ===================================
# Every rate judges each unit on its own (``Indicator.judge``): a unit whose denominator is
# missing is left out of both sides and counted as incomplete (数据不全); a numerator above the
# denominator is capped at 100 % where it can happen (the membership rate) and otherwise left out
# as incomplete. A unit with nothing to measure (0 / 0 of counted records) is "no data", not a fault.
RULE_TESTED: dict[str, str] = {}
rule_tested = book_of_tests(RULE_TESTED, "incomplete-data")


def flags(measurement):
    """(incomplete, capped, excess, counted) of a measurement."""
    return measurement.incomplete, measurement.capped, measurement.excess, measurement.counted


def unit_flags(code, unit, year=YEAR, root=None):
    return flags(registry.get(code).measure_units(root or unit.parent, year)[unit.pk])


def headcount(unit, employees):
    Organisation.objects.filter(pk=unit.pk).update(employee_count=employees)  # as a hand-made fix would


@rule_tested("membership_rate")
def test_a_union_with_members_and_no_headcount_is_left_out_of_the_membership_rate(tiny):
    # c's headcount is not on file (0): its 2 members and its 0 employees are left out.
    # Federation: (8 + 4) / (12 + 8) = 60.0 %, one unit incomplete (today: 14 / 20 = 70.0 %)
    headcount(tiny.c, 0)
    measured = registry.get("membership_rate").measure(tiny.federation, YEAR)
    assert figures(measured) == (12, 20, D("60.0"))
    assert flags(measured) == (1, 0, 0, True)
    # c keeps its own figures for the drill-down, but has no value and counts nowhere
    assert units("membership_rate", tiny)["c"] == (2, 0, None)
    assert unit_flags("membership_rate", tiny.c) == (1, 0, 0, False)
    # last year the same: a 8, b 3 over 12 + 8 = 55.0 %
    assert whole("membership_rate", tiny.federation, LAST) == (11, 20, D("55.0"))


def two_unions(*unions):
    """A county of two unions given as (employees, members) each: 甲 and 乙."""
    federation = FederationFactory(name="某县总工会")
    for name, (employees, members) in zip("甲乙", unions):
        union = GrassrootsFactory(name=f"{name}工会", parent=federation, employee_count=employees)
        for n in range(members):
            member(union, f"{name}{n}", joined=datetime.date(YEAR - 3, 1, 1))
    return federation


def test_the_county_rate_of_176_percent_is_now_the_rate_of_the_unions_with_a_headcount(db):
    # The reported case: A 10 members of 17 employees, B 20 members and no headcount.
    # Before: (10 + 20) / (17 + 0) = 176.5 %, "met". Now: 10 / 17 = 58.8 %, B incomplete.
    federation = two_unions((17, 10), (0, 20))
    measured = registry.get("membership_rate").measure(federation, YEAR)
    assert figures(measured) == (10, 17, D("58.8"))
    assert measured.incomplete == 1
    assert not registry.get("membership_rate").is_met(measured.value, D("100"))


def test_a_union_with_neither_members_nor_headcount_is_listed_as_incomplete_too(tiny):
    # e: a new union, nobody entered yet. For the membership rate its missing headcount is
    # incomplete data (it is not "0 % organised"); the federation's figure is unchanged.
    e = GrassrootsFactory(name="戊工会", parent=tiny.federation, employee_count=0)
    measured = registry.get("membership_rate").measure(tiny.federation, YEAR)
    assert figures(measured) == (14, 25, D("56.0"))
    assert measured.incomplete == 1
    assert unit_flags("membership_rate", e) == (1, 0, 0, False)


def test_more_members_than_employees_counts_the_union_at_100_percent(tiny):
    # c: 2 members, 1 employee on file. Counted as 1 / 1 = 100 % (the surplus member is not
    # counted: it would cover another union's gap). Federation: (8 + 4 + 1) / (12 + 8 + 1) = 61.9 %
    # (uncapped it would read 14 / 21 = 66.7 %)
    headcount(tiny.c, 1)
    measured = registry.get("membership_rate").measure(tiny.federation, YEAR)
    assert figures(measured) == (13, 21, D("61.9"))
    assert flags(measured) == (0, 1, 1, True)
    assert units("membership_rate", tiny)["c"] == (1, 1, D("100.0"))
    assert unit_flags("membership_rate", tiny.c) == (0, 1, 1, True)
    assert registry.get("membership_rate").measure_units(tiny.federation, YEAR)[tiny.c.pk].reported == 2


def test_no_union_can_lift_the_county_above_100_percent(db):
    # A 30 members of 10 employees, B 5 of 5: 15 / 15 = 100.0 %, never more.
    federation = two_unions((10, 30), (5, 5))
    measured = registry.get("membership_rate").measure(federation, YEAR)
    assert figures(measured) == (15, 15, D("100.0"))
    assert (measured.capped, measured.excess) == (1, 20)


@rule_tested("workers_home_qualified", "workers_home_advanced", "workers_home_model")
def test_homes_count_every_active_union_whatever_its_headcount(tiny):
    # The denominator is the active unions themselves (1 each): it cannot be missing. A union
    # without a headcount still counts: a (model) of 3 = 33.3 %, nothing incomplete.
    headcount(tiny.c, 0)
    for code, expected in (("workers_home_qualified", (3, 3, D("100.0"))),
                           ("workers_home_advanced", (2, 3, D("66.7"))), ("workers_home_model", (1, 3, D("33.3")))):
        measured = registry.get(code).measure(tiny.federation, YEAR)
        assert figures(measured) == expected, code
        assert flags(measured) == (0, 0, 0, True), code
        assert unit_flags(code, tiny.c) == (0, 0, 0, True), code


@rule_tested("women_members_share", "migrant_members_share", "dispatched_members_share")
def test_member_shares_of_a_union_without_members_are_no_data_not_incomplete(tiny):
    # e has no members: 0 / 0 is nothing to measure, not missing data. c's missing headcount does
    # not touch the shares (they are out of members). Federation unchanged: women 8 / 14.
    e = GrassrootsFactory(name="戊工会", parent=tiny.federation, employee_count=40)
    headcount(tiny.c, 0)
    for code, expected in (("women_members_share", (8, 14, D("57.1"))), ("migrant_members_share", (4, 14, D("28.6"))),
                           ("dispatched_members_share", (2, 14, D("14.3")))):
        measured = registry.get(code).measure(tiny.federation, YEAR)
        assert figures(measured) == expected, code
        assert measured.incomplete == 0, code
        assert figures(registry.get(code).measure_units(tiny.federation, YEAR)[e.pk]) == (0, 0, None), code
        assert unit_flags(code, e) == (0, 0, 0, True), code


@rule_tested("hardship_exit_rate")
def test_exit_rate_of_a_union_with_no_households_at_the_start_is_no_data(tiny):
    # b and c had nothing on file on 1 Jan YEAR: no data, not incomplete; c's household lifted
    # out in the year it was filed (h8) is in neither side, so c cannot show 1 / 0.
    worker = member(tiny.c, "宋涛", joined=datetime.date(YEAR - 5, 1, 1), status=Member.Status.RETIRED,
                    left_on=datetime.date(YEAR - 4, 1, 1))
    hardship_file(tiny.c, worker, HardshipFile.Status.LIFTED, HardshipFile.Category.RELATIVE, filed_on=JAN1,
                  closed_on=JAN1)
    measured = registry.get("hardship_exit_rate").measure(tiny.federation, YEAR)
    assert figures(measured) == (1, 2, D("50.0")) and measured.incomplete == 0
    assert units("hardship_exit_rate", tiny, names="bc") == {"b": (0, 0, None), "c": (0, 0, None)}
    assert unit_flags("hardship_exit_rate", tiny.c) == (0, 0, 0, True)


@rule_tested("contract_signing_rate")
def test_signing_rate_of_a_union_that_is_no_enterprise_is_no_data(tiny):
    # b is a school: 0 / 0, nothing to measure; not incomplete
    assert units("contract_signing_rate", tiny, names="b") == {"b": (0, 0, None)}
    assert unit_flags("contract_signing_rate", tiny.b) == (0, 0, 0, True)
    assert registry.get("contract_signing_rate").measure(tiny.federation, YEAR).incomplete == 0


@rule_tested("congress_held")
def test_congress_held_counts_every_active_union_whatever_its_headcount(tiny):
    headcount(tiny.a, 0)
    measured = registry.get("congress_held").measure(tiny.federation, YEAR)
    assert figures(measured) == (1, 3, D("33.3")) and flags(measured) == (0, 0, 0, True)


@rule_tested("proposals_handled_rate", "proposals_on_time_rate", "proposals_satisfaction_rate")
def test_proposal_rates_of_a_union_without_proposals_are_no_data(tiny):
    # c's congress met last year with no proposals; b's session this year was not held: 0 / 0
    for code in ("proposals_handled_rate", "proposals_on_time_rate", "proposals_satisfaction_rate"):
        assert units(code, tiny, names="bc") == {"b": (0, 0, None), "c": (0, 0, None)}, code
        assert unit_flags(code, tiny.c) == (0, 0, 0, True), code
        assert registry.get(code).measure(tiny.federation, YEAR).incomplete == 0, code


@rule_tested("assessment_grade")
def test_assessment_grade_of_a_union_not_assessed_is_no_data(tiny):
    # last year c was not assessed: 0 / 0; the federation 1 / 2 as before
    assert units("assessment_grade", tiny, LAST, names="c") == {"c": (0, 0, None)}
    assert unit_flags("assessment_grade", tiny.c, LAST) == (0, 0, 0, True)
    assert whole("assessment_grade", tiny.federation, LAST) == (1, 2, D("50.0"))


@rule_tested("allocation_rate")
def test_allocation_rate_of_a_unit_paying_more_than_due_counts_it_at_100_percent(tiny):
    # a paid 3,000 of 2,000 due (arrears of another month paid in this one): capped at 2,000 / 2,000
    allocation(tiny.a, JAN1, "100000", "3000")
    measured = registry.get("allocation_rate").measure(tiny.federation, YEAR)
    assert figures(measured) == (D("2000"), D("2000"), D("100.0"))
    assert unit_flags("allocation_rate", tiny.a) == (0, 1, D("1000"), True)
    assert units("allocation_rate", tiny, names="bc") == {"b": (0, 0, None), "c": (0, 0, None)}


@rule_tested("budget_execution_rate")
def test_spending_without_a_budget_in_force_is_incomplete(tiny):
    # c spent 800 with no budget in force: left out and counted as incomplete; a 2,500 / 10,000
    budget_in_force(tiny.a, YEAR, "10000")
    spend(tiny.a, "2500.00")
    spend(tiny.c, "800.00")
    measured = registry.get("budget_execution_rate").measure(tiny.federation, YEAR)
    assert figures(measured) == (D("2500.00"), D("10000.00"), D("25.0")) and measured.incomplete == 1
    assert unit_flags("budget_execution_rate", tiny.c)[0] == 1


@rule_tested("claims_breach_share")
def test_claims_breach_share_of_a_union_without_claims_is_no_data(tiny):
    claim(tiny.a, 1, breached=True)
    assert units("claims_breach_share", tiny, names="bc") == {"b": (0, 0, None), "c": (0, 0, None)}
    assert unit_flags("claims_breach_share", tiny.b) == (0, 0, 0, True)
    assert registry.get("claims_breach_share").measure(tiny.federation, YEAR).incomplete == 0


@rule_tested("rectification_on_time_rate")
def test_rectification_rate_of_a_union_never_inspected_is_no_data(tiny):
    finding(tiny.a, JAN1, closed_on=JAN1)
    assert units("rectification_on_time_rate", tiny, names="bc") == {"b": (0, 0, None), "c": (0, 0, None)}
    assert unit_flags("rectification_on_time_rate", tiny.c) == (0, 0, 0, True)
    assert registry.get("rectification_on_time_rate").measure(tiny.federation, YEAR).incomplete == 0


@rule_tested("on_time_reelection_rate")
def test_a_union_with_no_committee_term_recorded_is_incomplete_data(tiny):
    # a in term, b overdue, c nothing recorded: c is left out of both sides and counted incomplete
    committee_term(tiny.a, datetime.date(YEAR - 2, 1, 1), 5)
    committee_term(tiny.b, datetime.date(YEAR - 5, 1, 1), 3)
    measured = registry.get("on_time_reelection_rate").measure(tiny.federation, YEAR)
    assert figures(measured) == (1, 2, D("50.0")) and measured.incomplete == 1
    assert unit_flags("on_time_reelection_rate", tiny.c) == (1, 0, 0, False)


@rule_tested("women_contract_rate")
def test_women_contract_rate_of_a_union_that_is_no_enterprise_is_no_data(tiny):
    # b is a school, even with a women's contract: 0 / 0, nothing to measure; not incomplete
    women_contract(tiny.b, datetime.date(LAST, 1, 1), datetime.date(YEAR + 2, 12, 31))
    assert units("women_contract_rate", tiny, names="b") == {"b": (0, 0, None)}
    assert unit_flags("women_contract_rate", tiny.b) == (0, 0, 0, True)
    assert registry.get("women_contract_rate").measure(tiny.federation, YEAR).incomplete == 0


def test_the_rule_flags_or_caps_a_numerator_above_its_denominator(tiny):
    # The registered rates other than the membership rate count a subset of their denominator, so
    # real records cannot pass it; the rule is shown on two rates made up of real sources: members
    # per union ("members:active" over "organisations:units", 1 each). a 8 / 1, b 4 / 1, c 2 / 1.
    from unionadmin.indicators import Indicator

    flagged = Indicator(code="t_flag", label="t", unit="percent", numerator="members:active",
                        denominator="organisations:units")
    capped = Indicator(code="t_cap", label="t", unit="percent", numerator="members:active",
                       denominator="organisations:units", over_denominator="cap")
    # flag: every union left out as incomplete, the whole has no value (0 / 0)
    measured = flagged.measure(tiny.federation, YEAR)
    assert (figures(measured), measured.incomplete) == ((0, 0, None), 3)
    assert figures(flagged.measure_units(tiny.federation, YEAR)[tiny.a.pk]) == (8, 1, None)
    # cap: every union at 100 %, 3 / 3, with 7 + 3 + 1 = 11 not counted
    measured = capped.measure(tiny.federation, YEAR)
    assert figures(measured) == (3, 3, D("100.0")) and (measured.capped, measured.excess) == (3, 11)
    with pytest.raises(ValueError):
        Indicator(code="t_bad", label="t", unit="percent", numerator="a:b", denominator="c:d", over_denominator="x")


def test_no_registered_rate_passes_100_percent_on_a_county_with_bad_data(tiny):
    # a: 8 members, 3 employees on file; c: no headcount. Every rate, whole and per unit, ≤ 100 %.
    headcount(tiny.a, 3)
    headcount(tiny.c, 0)
    for indicator in registry:
        if indicator.denominator is None or indicator.mean:  # a mean (days) is no percentage
            continue
        for year in (YEAR, LAST):
            values = [indicator.measure(tiny.federation, year).value,
                      *(m.value for m in indicator.measure_units(tiny.federation, year).values())]
            assert all(v is None or D(0) <= v <= D(100) for v in values), (indicator.code, year, values)


def test_every_rate_has_an_incomplete_data_test():
    rates = {indicator.code for indicator in registry if indicator.denominator is not None}
    assert rates - set(RULE_TESTED) == set(), "rates without an incomplete-data test"
    assert set(RULE_TESTED) - rates == set()


# === Joining online (issue 19) ====================================================================
# Applications made here, straight into their state with past times (the join pages stamp
# everything now). Times are Beijing time; nothing in the current year is later than 1 January.
def at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def application(union, name, submitted, state="submitted", decided=None, member=None):
    from members.models import JoinApplication

    made = JoinApplication.objects.create(
        union=union, name=name, id_number=unique_id_number(), phone="13800000000", employer=union.name,
        employment_type=REGULAR, consented_at=submitted, sensitive_consented_at=submitted, notice_version="2026-1",
        state=state, decided_at=decided, member=member)
    JoinApplication.objects.filter(pk=made.pk).update(submitted_at=submitted)  # auto_now_add stamped it now
    return made


@pytest.fixture
def joining(tiny):
    """Online applications in the tiny county, and one member typed in by an officer.

    (union: submitted → state, decided; the member its approval made)
      j1 a       1 Jan YEAR 09:00 → approved 1 Jan YEAR 21:00 (0.5 days): a5 刘洋, joined 1 Jan YEAR
      j2 a_shop  21 Dec YEAR-1 09:00 → approved 31 Dec YEAR-1 09:00 (10 days): b3 郑红, joined 31 Dec YEAR-1
      j3 a       1 Jan YEAR → refused 1 Jan YEAR
      j4 a       1 Jan YEAR, waiting
      j5 b       30 Dec YEAR-1 09:00 → approved 1 Jan YEAR 09:00 (2 days): c5 马琳, joined 1 Jan YEAR
      j6 c       1 Jan YEAR → transfer offered (a member elsewhere)
      j7 c       1 Dec YEAR-1 → refused 2 Dec YEAR-1
      x1 a_shop  孔燕, joined 1 Jan YEAR, typed in by an officer (no application)
    """
    from members.models import JoinApplication

    State = JoinApplication.State
    found = {m.name: m for m in Member.objects.filter(name__in=["刘洋", "郑红", "马琳"])}
    last_dec = datetime.date(LAST, 12, 1)
    application(tiny.a, "刘洋", at(JAN1), State.APPROVED, at(JAN1, 21), found["刘洋"])
    application(tiny.a_shop, "郑红", at(datetime.date(LAST, 12, 21)), State.APPROVED, at(DEC31_LAST), found["郑红"])
    application(tiny.a, "钱多", at(JAN1), State.REFUSED, at(JAN1, 10))
    application(tiny.a, "孙少", at(JAN1))
    application(tiny.b, "马琳", at(datetime.date(LAST, 12, 30)), State.APPROVED, at(JAN1), found["马琳"])
    application(tiny.c, "王转", at(JAN1), State.TRANSFER, at(JAN1, 11))
    application(tiny.c, "李拒", at(last_dec), State.REFUSED, at(last_dec + datetime.timedelta(days=1)))
    member(tiny.a_shop, "孔燕", female=True, joined=JAN1)
    return tiny


@hand_computed("join_applications_received")
def test_applications_received_count_every_application_submitted_in_the_year(joining):
    # YEAR: a j1, j3, j4 = 3 (whatever became of them); b 0 (j5 came in YEAR-1); c j6 = 1 → 4
    assert whole("join_applications_received", joining.federation) == (4, None, D("4"))
    assert units("join_applications_received", joining) == {"a": (3, None, D("3")), "b": (0, None, D("0")),
                                                             "c": (1, None, D("1"))}
    # YEAR-1: j2 (a's workshop, so a), j5 (b), j7 (c) → 3
    assert whole("join_applications_received", joining.federation, LAST) == (3, None, D("3"))
    assert units("join_applications_received", joining, LAST) == {"a": (1, None, D("1")), "b": (1, None, D("1")),
                                                                   "c": (1, None, D("1"))}


@hand_computed("join_applications_approved")
def test_applications_approved_count_approvals_decided_in_the_year(joining):
    # YEAR: j1 (a) and j5 (b, submitted last year, approved this year) → 2; refused, waiting and the
    # transfer offered are no approvals. YEAR-1: j2 (a) → 1
    assert whole("join_applications_approved", joining.federation) == (2, None, D("2"))
    assert units("join_applications_approved", joining) == {"a": (1, None, D("1")), "b": (1, None, D("1")),
                                                             "c": (0, None, D("0"))}
    assert whole("join_applications_approved", joining.federation, LAST) == (1, None, D("1"))


@hand_computed("join_approval_days")
def test_days_to_approve_is_the_mean_wait_of_the_approvals_of_the_year(joining):
    # YEAR: j1 waited 12 hours = 0.5 days, j5 from 30 Dec 09:00 to 1 Jan 09:00 = 2 days:
    # (0.5 + 2) / 2 = 1.25 → 1.3 days (a mean, not a percentage); a 0.5 / 1, b 2 / 1, c none approved
    assert whole("join_approval_days", joining.federation) == (D("2.5"), 2, D("1.3"))
    assert units("join_approval_days", joining) == {"a": (D("0.5"), 1, D("0.5")), "b": (D("2"), 1, D("2.0")),
                                                     "c": (0, 0, None)}
    # YEAR-1: j2 waited 21 Dec 09:00 to 31 Dec 09:00 = 10 days
    assert whole("join_approval_days", joining.federation, LAST) == (D("10"), 1, D("10.0"))


@hand_computed("online_join_share")
def test_online_share_is_members_joined_through_an_approved_application_over_all_who_joined(joining):
    # Joined in YEAR: a: a5 (j1) and x1 (typed in, in its workshop) → 1 / 2 = 50.0 %; b: c5 (j5) → 1 / 1;
    # c: nobody → no figure. Whole 2 / 3 = 66.7 %
    assert whole("online_join_share", joining.federation) == (2, 3, D("66.7"))
    assert units("online_join_share", joining) == {"a": (1, 2, D("50.0")), "b": (1, 1, D("100.0")),
                                                    "c": (0, 0, None)}
    # YEAR-1: b3 joined 31 Dec through j2 → 1 / 1 = 100.0 %
    assert whole("online_join_share", joining.federation, LAST) == (1, 1, D("100.0"))


@rule_tested("join_approval_days")
def test_days_to_approve_of_a_union_that_approved_nobody_is_no_data_and_long_waits_count_in_full(joining):
    # c approved nobody this year: no figure, not 0 days, not incomplete.
    assert unit_flags("join_approval_days", joining.c) == (0, 0, 0, True)
    assert figures(registry.get("join_approval_days").measure(joining.c, YEAR)) == (0, 0, None)
    # A mean is never capped or flagged: c approves one that waited 150 days (since 4 Aug YEAR-1)
    # → c 150.0 days; the whole (0.5 + 2 + 150) / 3 = 50.8 days, nothing left out.
    from members.models import JoinApplication

    application(joining.c, "周久", at(JAN1 - datetime.timedelta(days=150)), JoinApplication.State.APPROVED, at(JAN1))
    assert units("join_approval_days", joining, names="c") == {"c": (D("150"), 1, D("150.0"))}
    measured = registry.get("join_approval_days").measure(joining.federation, YEAR)
    assert (figures(measured), measured.incomplete, measured.capped) == ((D("152.5"), 3, D("50.8")), 0, 0)


@rule_tested("online_join_share")
def test_online_share_of_a_union_where_nobody_joined_is_no_data(joining):
    # c: nobody joined this year (its transfer offered is no new member) → no figure, not 0 %.
    assert unit_flags("online_join_share", joining.c) == (0, 0, 0, True)
    assert units("online_join_share", joining, names="c") == {"c": (0, 0, None)}
    assert registry.get("online_join_share").measure(joining.federation, YEAR).incomplete == 0
