"""The demo county's union congresses (demo step 45): 县一中工会 held its 8th members' delegates'
congress two months ago — quotas, delegates, candidates, the count — and its results were
approved, so its 8th committee, 经审会 and next 换届 date are on its page; 恒达机械工会 prepares its
6th congress (quotas shared, some delegates and candidates recorded). Idempotent: nothing is done
once the county holds a union congress."""
from __future__ import annotations

import datetime

from django.utils import timezone

from members.models import Member
from unionadmin.models import Organisation

SCHOOL, FACTORY = "县一中工会", "恒达机械工会"


def _union(federation, short_name):
    return Organisation.objects.subtree_of(federation).filter(short_name=short_name).first()


def _people(union):
    return list(Member.objects.active().in_subtree(union).order_by("pk"))


def _elect_delegates(congress, people, *, short=False):
    """Each unit's quota filled from its own members, women first up to the unit's minimum, the
    unit's minimum of front-line workers and one more; ``short`` units elect one delegate fewer
    (a unit whose election is still to come)."""
    from . import elections

    quotas = list(congress.quotas.select_related("unit"))
    for number, quota in enumerate(quotas):
        own = [p for p in people if elections._unit_of(congress, p) == quota.unit]
        women = [p for p in own if p.is_woman][:quota.women_seats]
        seats = quota.seats - (1 if short and number == len(quotas) - 1 else 0)
        chosen = women + [p for p in own if p not in women][:seats - len(women)]
        for index, person in enumerate(chosen):
            elections.delegate_add(congress, person, frontline=index <= quota.frontline_seats)


def _candidates(congress, people, committee_size, audit_size):
    """Committee candidates, the chair and vice-chair among them, and 经审会 candidates from the
    rest who pass its exclusions."""
    from . import elections
    from .models import Candidate

    committee = people[:committee_size]
    for person in committee:
        elections.candidate_add(congress, Candidate.Body.COMMITTEE, person)
    elections.candidate_add(congress, Candidate.Body.CHAIR, committee[0])
    elections.candidate_add(congress, Candidate.Body.VICE_CHAIR, committee[1])
    audit = []
    for person in people[committee_size:]:
        if len(audit) == audit_size:
            break
        if elections.audit_refusal(congress, person) is None:
            elections.candidate_add(congress, Candidate.Body.AUDIT, person)
            audit.append(person)
    return committee, audit


def _count(congress, body, votes_by_rank):
    """One box of totals: every delegate given a ballot, one not returned, one returned blank."""
    from . import elections

    voters = congress.delegates.count()
    box = elections.box_create(congress, body=body, label="合计", issued=voters, returned=voters - 1,
                               valid=voters - 2)
    ranked = list(congress.candidates.filter(body=body).order_by("pk"))
    elections.votes_enter(box, {c: v for c, v in zip(ranked, votes_by_rank)})


def load_demo_elections(federation, users, *, today: datetime.date | None = None) -> dict:
    from . import elections
    from .models import Candidate, CommitteeTerm, UnionCongress

    if UnionCongress.objects.filter(union__path__startswith=federation.path).exists():
        return {"union_congresses": 0}
    today = today or timezone.localdate()
    school, factory = _union(federation, SCHOOL), _union(federation, FACTORY)
    made = 0
    if school is not None:
        held_on = today - datetime.timedelta(days=60)
        CommitteeTerm.objects.create(union=school, number=7, length_years=5,
                                     starts_on=held_on - datetime.timedelta(days=5 * 365 + 12),
                                     note="第七次会员代表大会选举产生")
        congress = elections.congress_create(
            school, number=8, held_on=held_on, term_years=5, committee_seats=5, vice_chair_seats=1, audit_seats=3,
            margin_percent=10, delegate_total=30, women_percent=40, frontline_percent=50)
        elections.quotas_allocate(congress)
        people = _people(school)
        _elect_delegates(congress, people)
        delegates = [d.member for d in congress.delegates.select_related("member").order_by("pk")]
        _candidates(congress, delegates, committee_size=6, audit_size=4)
        congress.present = len(delegates)  # the roll call: every delegate attends
        congress.save(update_fields=["present"])
        elections.open_voting(congress)
        voters = congress.delegates.count()
        _count(congress, Candidate.Body.COMMITTEE, [voters - 3, voters - 4, voters - 5, voters - 6, voters - 8, 7])
        _count(congress, Candidate.Body.CHAIR, [voters - 3])
        _count(congress, Candidate.Body.VICE_CHAIR, [voters - 4])
        _count(congress, Candidate.Body.AUDIT, [voters - 4, voters - 5, voters - 6, 6])
        elections.report(congress)
        # 县一中工会's union above is the education union, which has no demo login: the county
        # federation's administrator stands in for it here.
        elections.approve(congress, by=users.get("fed_admin"))
        made += 1
    if factory is not None:
        congress = elections.congress_create(
            factory, number=6, held_on=today + datetime.timedelta(days=25), term_years=5, committee_seats=7,
            vice_chair_seats=2, audit_seats=3, margin_percent=5, delegate_total=40, women_percent=30,
            frontline_percent=60)
        elections.quotas_allocate(congress)
        people = _people(factory)
        _elect_delegates(congress, people, short=True)
        _candidates(congress, [d.member for d in congress.delegates.select_related("member").order_by("pk")],
                    committee_size=5, audit_size=2)
        made += 1
    return {"union_congresses": made}
