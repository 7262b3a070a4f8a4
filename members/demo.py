"""What the members app adds to an already loaded demo county: transfers, cards, dues and
union funds, cadres with posts and training, model workers with honours and archives.

``load_demo_members_extras(federation)`` is called after the county and its members exist
(``unionadmin.demo``). It is deterministic for a seed, writes history for every row it
creates (bulk, through simple-history's helpers), and does nothing if it has run before.
Dues run for the twelve months before the current one, so arrears look as they would today;
everything else is dated relative to ``as_of``.
"""
from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from unionadmin.models import Organisation, RoleAssignment

from .models import (
    ArchiveEntry,
    CadrePost,
    CardBatch,
    DuesPayment,
    DuesRule,
    FundReceipt,
    Honour,
    Member,
    TrainingRecord,
    Transfer,
)
from .models.dues import DUES_RATE, FUNDS_RATE
from .services import cards_issue, grassroots_of

REASON = "demo county (load_demo)"
WAGES = (3200, 3800, 4500, 5200, 6000, 6800, 7500, 8600, 9800)


def _months_back(today: datetime.date, count: int) -> list[datetime.date]:
    """The ``count`` months before the current one, oldest first."""
    months, day = [], today.replace(day=1)
    for _ in range(count):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
        months.append(day)
    return months[::-1]


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def load_demo_members_extras(federation: Organisation, *, seed: int = 2026,
                             as_of: datetime.date | None = None) -> dict[str, int]:
    """Add the members app's records to the demo county under ``federation``; returns counts.

    Safe to call twice: a county that already has card batches or dues is left alone.
    """
    if as_of is None:
        try:
            from unionadmin.demo.data import AS_OF as as_of
        except ImportError:
            as_of = timezone.localdate()
    rng = random.Random(seed)
    today = timezone.localdate()
    tree = Organisation.objects.subtree_of(federation)
    members = Member.objects.filter(union__path__startswith=federation.path)
    if DuesPayment.objects.filter(union__path__startswith=federation.path).exists() or \
            CardBatch.objects.filter(union__path__startswith=federation.path).exists():
        return {}
    officers = list(RoleAssignment.objects.filter(role="union_officer", organisation__path__startswith=federation.path)
                    .select_related("user", "organisation").order_by("user__username"))
    grassroots = list(tree.grassroots().order_by("path"))
    counts = {}
    with transaction.atomic():
        counts.update(_cadres(grassroots, members, rng, as_of))
        counts.update(_model_workers(members, rng, as_of))
        counts.update(_dues(grassroots, members, rng, today))
        counts.update(_cards(officers, members, as_of))
        counts.update(_transfers(officers, grassroots, members, rng, as_of))
    return counts


# --- cadres: a committee for every grassroots union -------------------------------------------
def _cadres(grassroots, members, rng, as_of):
    posts, training, flagged = [], [], []
    term_start = datetime.date(as_of.year - 2, 3, 1)
    for union in grassroots:
        roll = list(members.filter(union__path__startswith=union.path, status=Member.Status.ACTIVE)
                    .order_by("joined_on", "pk"))
        if len(roll) < 3:
            continue
        chair = next((m for m in roll if m.name == union.chair_name), roll[0])
        others = [m for m in roll if m.pk != chair.pk]
        cadres = [m for m in others if m.is_cadre]
        rest = [m for m in others if not m.is_cadre]
        rng.shuffle(rest)
        needed = max(0, 4 - len(cadres))
        cadres += rest[:needed]
        committee = [(chair, CadrePost.Position.CHAIR)]
        women = [m for m in cadres if m.gender == Member.Gender.FEMALE]
        director = women[0] if women else None
        for i, member in enumerate(cadres):
            if member is director:
                position = CadrePost.Position.WOMEN_DIRECTOR
            elif i == 0:
                position = CadrePost.Position.VICE_CHAIR
            elif i == 1:
                position = CadrePost.Position.FUNDS_REVIEW
            else:
                position = CadrePost.Position.COMMITTEE
            committee.append((member, position))
        for member, position in committee:
            posts.append(CadrePost(member=member, organisation=union, position=position, term_start=term_start))
            if not member.is_cadre:
                member.is_cadre = True
                flagged.append(member)
            for k in range(1 if position != CadrePost.Position.CHAIR else 2):
                level = "county" if k == 0 else rng.choice(["city", "province"])
                training.append(TrainingRecord(
                    member=member, level=level, hours=Decimal(rng.choice([8, 12, 16, 24, 32])),
                    course=rng.choice(["基层工会主席培训班", "工会财务与经审业务培训", "女职工工作专题培训",
                                       "劳动关系协调员培训", "工会干部能力提升培训"]) if k == 0 else "省总工会干部学校轮训班",
                    organiser={"county": "青溪县总工会", "city": "市总工会", "province": "省总工会"}[level],
                    # The chair's county course is this year's; the rest spread over the last two years.
                    started_on=(datetime.date(timezone.localdate().year, 3, 15) if k == 0 and
                                position == CadrePost.Position.CHAIR else
                                as_of - datetime.timedelta(days=rng.randrange(30, 700))),
                ))
    # A cadre flag without a post (from the base demo) is cleared, so the flag and the posts agree.
    holders = {p.member_id for p in posts}
    stray = list(members.filter(is_cadre=True).exclude(pk__in=holders))
    for member in stray:
        member.is_cadre = False
    bulk_create_with_history(posts, CadrePost, batch_size=1000, default_change_reason=REASON)
    bulk_create_with_history(training, TrainingRecord, batch_size=1000, default_change_reason=REASON)
    bulk_update_with_history(flagged + stray, Member, ["is_cadre"], batch_size=1000, default_change_reason=REASON)
    return {"cadre_posts": len(posts), "training_records": len(training)}


# --- model workers: honours and the dynamic archive -------------------------------------------
HONOURS = [
    ("model_worker", "青溪县劳动模范", "county"), ("advanced_worker", "青溪县先进工作者", "county"),
    ("model_worker", "市劳动模范", "city"), ("may_day_medal", "省五一劳动奖章", "province"),
    ("model_worker", "省劳动模范", "province"),
]


def _model_workers(members, rng, as_of):
    chosen = list(members.filter(is_model_worker=True).order_by("pk"))
    if len(chosen) < 5:
        extra = list(members.filter(status=Member.Status.ACTIVE, is_model_worker=False).order_by("?")[:5])
        for member in extra:
            member.is_model_worker = True
        bulk_update_with_history(extra, Member, ["is_model_worker"], default_change_reason=REASON)
        chosen += extra
    honours, entries = [], []
    for member in chosen:
        kind, title, level = rng.choice(HONOURS)
        year = rng.randrange(max(member.joined_on.year, as_of.year - 15), as_of.year + 1)
        honours.append(Honour(member=member, kind=kind, title=title, level=level, year=year,
                              awarded_by={"county": "青溪县人民政府", "city": "市人民政府", "province": "省人民政府"}[level]))
        for years_ago in (2, 1, 0):
            entries.append(ArchiveEntry(member=member, kind=ArchiveEntry.Kind.HEALTH_CHECK,
                                        date=datetime.date(as_of.year - years_ago, 5, rng.randrange(5, 25)),
                                        summary="劳模年度健康体检"))
        if rng.random() < 0.5:
            entries.append(ArchiveEntry(member=member, kind=ArchiveEntry.Kind.RECUPERATION,
                                        date=datetime.date(as_of.year - 1, 8, rng.randrange(1, 20)),
                                        summary="劳模疗休养（峨眉山）", amount=Decimal("2600")))
        entries.append(ArchiveEntry(member=member, kind=ArchiveEntry.Kind.VISIT,
                                    date=datetime.date(as_of.year, 1, rng.randrange(15, 28)),
                                    summary="春节走访慰问", help_given="慰问金及慰问品", amount=Decimal("800")))
        if rng.random() < 0.2:
            entries.append(ArchiveEntry(member=member, kind=ArchiveEntry.Kind.DIFFICULTY,
                                        date=as_of - datetime.timedelta(days=rng.randrange(30, 300)),
                                        summary=rng.choice(["家属患病住院", "子女上学困难", "住房受损"]),
                                        help_given="申请大病救助，工会慰问", amount=Decimal("3000")))
    bulk_create_with_history(honours, Honour, batch_size=1000, default_change_reason=REASON)
    bulk_create_with_history(entries, ArchiveEntry, batch_size=1000, default_change_reason=REASON)
    return {"model_workers": len(chosen), "honours": len(honours), "archive_entries": len(entries)}


# --- dues and union funds ---------------------------------------------------------------------
def _dues(grassroots, members, rng, today):
    months = _months_back(today, 12)
    payments = []
    wages = {}
    stopped = {}
    for member in members.filter(status=Member.Status.ACTIVE).select_related("union").order_by("pk"):
        wages[member.pk] = wage = Decimal(rng.choice(WAGES))
        # About one in thirty stops paying some months ago: the arrears list has someone on it.
        stopped[member.pk] = rng.randrange(6, 10) if rng.random() < 0.035 else 0
        last = len(months) - stopped[member.pk]
        for period in months[:last]:
            if period < member.joined_on.replace(day=1):
                continue
            payments.append(DuesPayment(member=member, union_id=member.union_id, period=period, wage=wage,
                                        amount=_money(wage * DUES_RATE),
                                        paid_on=period + datetime.timedelta(days=rng.randrange(5, 25))))
    bulk_create_with_history(payments, DuesPayment, batch_size=2000, default_change_reason=REASON)
    receipts = []
    for union in grassroots:
        if not union.has_own_account:
            continue
        payroll = _money(union.employee_count * Decimal(rng.choice(WAGES[2:7])))
        for period in months:
            short = rng.random() < 0.08
            amount = _money(payroll * FUNDS_RATE * (Decimal("0.6") if short else 1))
            receipts.append(FundReceipt(union=union, period=period, payroll=payroll, amount=amount,
                                        received_on=period + datetime.timedelta(days=rng.randrange(35, 50)),
                                        note="部分到账，余款催缴中" if short else ""))
    bulk_create_with_history(receipts, FundReceipt, batch_size=1000, default_change_reason=REASON)
    rules = []
    schools = [u for u in grassroots if u.sector == Organisation.Sector.SCHOOL][:1]
    for union in schools:
        rules.append(DuesRule(union=union, arrears_months=3, tracked_from=months[0]))
    bulk_create_with_history(rules, DuesRule, default_change_reason=REASON)
    return {"dues_payments": len(payments), "fund_receipts": len(receipts), "dues_rules": len(rules),
            "members_stopped_paying": sum(1 for v in stopped.values() if v)}


# --- cards: one batch at the second officer's union; the first's newest members still wait --
def _cards(officers, members, as_of):
    if len(officers) < 2:
        return {"card_batches": 0}
    union = grassroots_of(officers[1].organisation)
    waiting = members.filter(union__path__startswith=union.path, status=Member.Status.ACTIVE, card_number="")
    if not waiting.exists():
        # Everyone has a card already: take the last few joiners' numbers back, as if not yet issued.
        recent = list(members.filter(union__path__startswith=union.path, status=Member.Status.ACTIVE)
                      .order_by("-joined_on", "-pk")[:6])
        for member in recent:
            member.card_number = ""
        bulk_update_with_history(recent, Member, ["card_number"], default_change_reason=REASON)
    try:
        batch = cards_issue(union=union, user=officers[1].user, members=members, prefix=f"{as_of.year}-",
                            digits=4, issued_on=as_of)
    except Exception:  # nothing to number after all
        return {"card_batches": 0}
    return {"card_batches": 1, "cards_issued": batch.count}


# --- transfers: one of each state, two of them at the first officer's union ---------------------
def _transfers(officers, grassroots, members, rng, as_of):
    if not officers:
        return {"transfers": 0}
    home = grassroots_of(officers[0].organisation)
    others = [u for u in grassroots if u.pk != home.pk and u.level == Organisation.Level.GRASSROOTS]
    if len(others) < 3:
        return {"transfers": 0}
    officer = officers[0].user
    second = officers[1].user if len(officers) > 1 else None
    second_union = grassroots_of(officers[1].organisation) if len(officers) > 1 else others[0]

    def pick(union, exclude=()):
        return (members.filter(union__path__startswith=union.path, status=Member.Status.ACTIVE, is_cadre=False)
                .exclude(pk__in=exclude).order_by("?").first())

    sent_at = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time(10, 0)))
    done = []
    # Accepted last year: moved from another union into the officer's, history kept.
    source = others[0] if others[0].pk != second_union.pk else others[1]
    mover = pick(source)
    if mover:
        old_union = mover.union
        mover.union = home
        mover._change_reason = f"Transferred from {old_union}"
        mover.save()
        done.append(Transfer(member=mover, from_union=old_union, to_union=home, reason="工作调动",
                             state=Transfer.State.ACCEPTED, decided_by=officer, placed_in=home,
                             decided_at=sent_at - datetime.timedelta(days=200)))
    # Waiting for the officer: coming in from another union.
    incoming = pick(others[2])
    if incoming:
        done.append(Transfer(member=incoming, from_union=incoming.union, to_union=home, reason="调入本单位工作"))
    # Sent by the officer, waiting for the second officer's union (which can accept it in the demo).
    outgoing = pick(home, exclude=[m.member_id for m in done])
    if outgoing:
        done.append(Transfer(member=outgoing, from_union=outgoing.union, to_union=second_union,
                             reason="调往学校后勤岗位", sent_by=officer))
    # Refused and cancelled ones, for the record.
    refused = pick(home, exclude=[m.member_id for m in done])
    if refused:
        done.append(Transfer(member=refused, from_union=refused.union, to_union=others[1], reason="劳务派遣转签",
                             sent_by=officer, state=Transfer.State.REFUSED, decided_by=second,
                             refusal_reason="该职工未与我单位签订劳动合同", decided_at=sent_at))
    cancelled = pick(home, exclude=[m.member_id for m in done])
    if cancelled:
        done.append(Transfer(member=cancelled, from_union=cancelled.union, to_union=others[2], reason="拟调动",
                             sent_by=officer, state=Transfer.State.CANCELLED, decided_by=officer,
                             decided_at=sent_at))
    bulk_create_with_history(done, Transfer, default_change_reason=REASON)
    Transfer.objects.filter(pk__in=[t.pk for t in done if t.pk]).update(sent_at=sent_at)
    return {"transfers": len(done)}
