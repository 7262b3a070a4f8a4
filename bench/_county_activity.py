"""A year and a half of a county's work, for the dashboard benchmark (bench/dashboard.py).

The county bench/roster.py builds has organisations and members only, so the dashboard's
welfare, congress, competition and assessment tiles would count empty tables and the
benchmark would time nothing there. ``load_activity`` fills those tables for ``year`` and
``year - 1`` at the scale of a real county; per grassroots unit, on average:

* welfare: about three hardship files (deep, relative, by accident): one filed before
  ``year - 1`` (so the exit rate of ``year - 1`` has a base), one filed in ``year - 1``, one
  applied for in ``year``; each with its household and its lifecycle steps, some lifted out of
  hardship, closed or withdrawn in either year. About five approved grants a year under three
  or four of the federation's four aid programmes (money needs two people: a welfare officer
  proposes, the head of the aid centre approves), a few of ``year`` still awaiting approval,
  and budgets that cover them;
* congress: a general collective contract in force for about 80% of enterprise units at the
  end of each year (some renewed in between, some signed or lapsed since, so the years
  differ); a workers' congress with its term, two delegates (with their accounts and the
  delegate role) and two handling departments; a held session in each year for about 90% of
  units with about eight formal proposals: answered on time or late, or not at all past the
  deadline; rated satisfied, basically satisfied or not (another round), or not yet rated;
  and the odd proposal turned into an opinion;
* competitions: about one labour competition per five units a year that reached scoring or
  later (the federation's, the industry unions', the units' own), with scoring items and
  entries, and a few of ``year`` still open for entries; about three implemented
  rationalisation proposals or technical innovations per unit a year with their annual
  benefit, and some still on their way;
* assessment: the federation's rubric for each year (four areas and a bonus item), published,
  with every unit's final sheet, item scores and published result: about a third exemplary
  (95 points or more), a third up to standard (91 to 95), a third below.

The tables of thousands of rows are written with COPY (ids drawn from the table's sequence
first, so children can name their parents, as the members import does); the small ones with
``bulk_create``. Nothing is saved row by row: for 1,000 units it takes seconds, not minutes.
Everything happens in one transaction, and the tables are ANALYZEd afterwards so the
benchmark's queries are planned as they would be in production. What the services would also
write and the dashboard never reads is left out: change history (simple_history),
notifications, co-signatures (these sessions need none), judges and their scores.

Every choice comes from ``random.Random`` seeded with ``seed`` (one stream per app), so the
same county gets the same activity. Nothing is dated after today: when ``year`` is the
current year, its events fall between 1 January and today, and what would happen later
(a reply, a rating, a filing) has simply not happened yet.
"""
from __future__ import annotations

import datetime
import json
import math
import random
import uuid
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

BATCH = 2000
DAY = datetime.timedelta(days=1)
CENT = Decimal("0.01")
PREFIX = "activity_"  # the usernames this module makes


def load_activity(federation, grassroots: list, branches: list, year: int, seed: int = 11) -> dict:
    """Adds, for `year` and `year - 1`, per grassroots unit on average: ~2 hardship files
    (categories deep/relative/accident mixed; some lifted out in the year, some filed in it),
    ~5 approved grants over 3-4 aid programmes (programmes run by the federation), a general
    collective contract in force for ~80% of enterprise units, a held congress session for ~90%
    of units with ~8 formal proposals each (a mix of answered on time, answered late, unanswered
    past deadline, rated satisfied/basically/unsatisfied), ~1 labour competition per 5 units
    reached scoring, ~3 implemented rationalisation proposals per unit with an annual benefit,
    and published assessment results for every unit (about a third ≥ 95, a third 91–95, a third
    below). Returns {table label: rows added}.

    ``grassroots`` and ``branches`` as bench/roster.py's ``build_county`` returns them (a
    branch's parent is its unit); load the members first: hardship households and grant
    recipients are members. ``year`` cannot lie in the future, and the county must not have
    this activity yet (programme names and usernames would clash)."""
    from django.db import connection, transaction
    from django.utils import timezone

    today = timezone.localdate()
    if year > today.year:
        raise ValueError(f"activity for {year} would lie in the future (today is {today})")
    now = timezone.now()
    county = County(federation=federation, units=list(grassroots), year=year, today=today,
                    latest=now - datetime.timedelta(minutes=1), tz=timezone.get_current_timezone(),
                    branch_of={b.parent_id: b for b in branches})
    with transaction.atomic():
        county.staff = _staff(county)
        county.pools = _worker_pools(county)
        _welfare(county, random.Random(f"{seed}:welfare"))
        _congress(county, random.Random(f"{seed}:congress"))
        _competitions(county, random.Random(f"{seed}:competitions"))
        _assessment(county, random.Random(f"{seed}:assessment"))
    with connection.cursor() as cursor:
        for table in sorted(county.tables):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return dict(county.added)


# --- the county, its clock and its writers ------------------------------------------------
@dataclass
class County:
    federation: object
    units: list
    year: int
    today: datetime.date
    latest: datetime.datetime  # nothing is stamped later than this (a minute ago)
    tz: object
    branch_of: dict  # grassroots pk -> its branch
    staff: dict = field(default_factory=dict)  # STAFF key -> User
    pools: dict = field(default_factory=dict)  # grassroots pk -> [Worker] of the unit and its branch
    added: dict = field(default_factory=dict)  # model label -> rows
    tables: set = field(default_factory=set)

    @property
    def years(self):
        return (self.year - 1, self.year)

    @property
    def unit_of(self) -> dict:
        """Organisation pk -> its grassroots unit's pk, for the units and their branches."""
        return {u.pk: u.pk for u in self.units} | {b.pk: unit_pk for unit_pk, b in self.branch_of.items()}

    def last_day(self, year: int) -> datetime.date:
        """The last day of ``year`` that has happened: 31 December, or today in the current year."""
        return min(datetime.date(year, 12, 31), self.today)

    def at(self, day: datetime.date, hour: int = 10) -> datetime.datetime:
        """``day`` at ``hour`` local time, never later than a minute ago."""
        moment = datetime.datetime(day.year, day.month, day.day, hour, tzinfo=self.tz)
        return moment if moment < self.latest else self.latest

    def _count(self, model, n: int):
        self.added[model._meta.label] = self.added.get(model._meta.label, 0) + n
        self.tables.add(model._meta.db_table)

    def bulk(self, model, objects: list) -> list:
        """The small tables: ``bulk_create`` of model instances, which get their pks."""
        if objects:
            model.objects.bulk_create(objects, batch_size=BATCH)
            self._count(model, len(objects))
        return objects

    def copy(self, model, rows: list[dict]) -> list[dict]:
        """The big tables: COPY of rows given as {attname: value}; every other column gets the
        field's default (Django's, as the ORM would set it), ``auto_now(_add)`` columns the
        present. Each row gets its ``id`` from the table's sequence first."""
        from django.db import connection

        from members.imports.writing import copy_rows

        if not rows:
            return rows
        table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        unknown = set().union(*rows) - {f.attname for f in fields}
        if unknown:  # e.g. "file" for "file_id": it would silently get the default
            raise ValueError(f"{model._meta.label} has no column {sorted(unknown)}")
        stamped = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
        now = self.latest
        defaults = [(f.attname, (lambda: now) if f.attname in stamped else f.get_default) for f in fields]
        encoders = {f.attname: _encoder(f) for f in fields if _encoder(f)}
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, len(rows)])
            for row, (pk,) in zip(rows, cursor.fetchall()):
                row["id"] = pk

            def values(row):
                line = [row["id"]]
                for name, default in defaults:
                    value = row[name] if name in row else default()
                    line.append(encoders[name](value) if name in encoders else value)
                return line

            copy_rows(cursor, table, ["id", *(f.column for f in fields)], map(values, rows))
        self._count(model, len(rows))
        return rows


def _encoder(model_field):
    """How a value that COPY's text format does not spell like ``str()`` is written."""
    from django.contrib.postgres.fields import ArrayField
    from django.db.models import JSONField

    if isinstance(model_field, ArrayField):  # codes only: no quoting needed
        return lambda values: "{" + ",".join(str(v) for v in values) + "}"
    if isinstance(model_field, JSONField):
        return lambda value: json.dumps(value, ensure_ascii=False)
    return None


@dataclass(frozen=True)
class Worker:
    pk: int
    union_id: int
    name: str
    id_number: str


def between(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    """A day from ``first`` to ``last`` (``last`` when the span is empty)."""
    if last <= first:
        return last
    return first + rng.randint(0, (last - first).days) * DAY


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def share(rng, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), 2)))


def person_name(rng) -> str:
    return rng.choice("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗") + "".join(
        rng.choice("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚") for _ in range(rng.choice((1, 2))))


def unit_label(organisation) -> str:
    return organisation.short_name or organisation.name


# --- people -------------------------------------------------------------------------------
STAFF = [  # key, name, role at the federation, title
    ("welfare", "吴静", "welfare_officer", "帮扶中心干事"),
    ("welfare_head", "钱志明", "welfare_officer", "帮扶中心主任"),
    ("evaluator", "周建华", "judge", "合理化建议评审专家"),
    ("organiser", "郑晓红", "federation_admin", "基层工作部"),
]


def _staff(county) -> dict:
    """The federation's people the activity needs: two for money (one proposes a grant, the
    other approves it; the database refuses one person doing both), an evaluator for the
    rationalisation proposals, and whoever records competitions, entries and proposals."""
    from unionadmin.models import RoleAssignment, User

    users = county.bulk(User, [User(username=f"{PREFIX}{key}", full_name=name, password="!")
                               for key, name, _role, _title in STAFF])
    county.bulk(RoleAssignment, [RoleAssignment(user=user, organisation=county.federation, role=role, title=title)
                                 for user, (_key, _name, role, title) in zip(users, STAFF)])
    return {key: user for user, (key, *_rest) in zip(users, STAFF)}


def _worker_pools(county, per_union: int = 12) -> dict:
    """The first active members of each unit and of its branch (one windowed query, not the
    whole roster): the heads of hardship households and the recipients of grants."""
    from django.db import connection

    from members.models import Member

    unit_of = county.unit_of
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, union_id, name, id_number FROM ("
            "  SELECT id, union_id, name, id_number, row_number() OVER (PARTITION BY union_id ORDER BY id) AS n"
            f"  FROM {connection.ops.quote_name(Member._meta.db_table)} WHERE union_id = ANY(%s) AND status = %s"
            ") ranked WHERE n <= %s ORDER BY id",
            [list(unit_of), Member.Status.ACTIVE.value, per_union],
        )
        rows = cursor.fetchall()
    pools = {u.pk: [] for u in county.units}
    for pk, union_id, name, id_number in rows:
        pools[unit_of[union_id]].append(Worker(pk, union_id, name, id_number))
    return pools


# --- welfare ------------------------------------------------------------------------------
PROGRAMMES = {  # kind -> name, usual amount, months the grants are paid in
    "warmth": ("县总工会送温暖", 1000, (1, 2, 12)),
    "autumn_school": ("县总工会金秋助学", 2000, (8, 9)),
    "serious_illness": ("职工大病救助", 5000, tuple(range(1, 13))),
    "winter": ("冬季援助", 800, (1, 11, 12)),
}
CAUSES = {  # category -> main causes, identity statuses, health
    "deep": (("illness", "disability", "work_injury"), ("sick_leave", "early_retired", "laid_off"), "serious"),
    "relative": (("schooling", "single_parent", "unemployment", "illness"), ("on_duty", "on_duty", "migrant"),
                 "healthy"),
    "accident": (("accident", "work_injury", "illness"), ("on_duty", "migrant"), "chronic"),
}
SITUATIONS = {
    "illness": "本人身患重病，长期治疗，医疗费用自付部分较高，家庭收入锐减。",
    "disability": "家庭成员残疾，长期需要照料，无法外出务工。",
    "work_injury": "因工受伤，停工留薪期收入减少，后续康复费用较高。",
    "schooling": "子女在读，学费和生活费支出大，家庭入不敷出。",
    "single_parent": "单亲家庭，独自抚养子女，收入来源单一。",
    "unemployment": "配偶失业，家庭仅靠一人工资维持。",
    "accident": "家中突遭意外，住院和康复费用远超家庭承受能力。",
}
REASONS = {  # the reason recorded with a step that needs one
    "lift": "家庭收入已稳定超过低保标准两倍，经复核解困脱困。",
    "withdraw": "经复核，家庭收入已超过认定标准，予以退档。",
}
ENDED = {"lift": "lifted", "close": "closed", "withdraw": "withdrawn"}


def _welfare(county, rng):
    from welfare.models import AidProgramme, FileTransition, HardshipFile, HouseholdMember, LivingStandard

    # The county's minimum-living line for every year a file is measured against.
    have = set(LivingStandard.objects.filter(organisation=county.federation).values_list("year", flat=True))
    county.bulk(LivingStandard, [
        LivingStandard(organisation=county.federation, year=y, monthly_line=Decimal(760 - 30 * (county.year - y)),
                       note=f"{y}年县民政局公布的城乡低保标准")
        for y in range(county.year - 2, county.year + 1) if y not in have
    ])
    lines = sorted(LivingStandard.objects.filter(organisation=county.federation, year__lte=county.year),
                   key=lambda s: s.year)

    def line_for(day):
        return next((s for s in reversed(lines) if s.year <= day.year), lines[0])

    officer_id = county.staff["welfare"].pk
    files, stories = [], []  # file rows, and (steps, household) in the same order
    for unit in county.units:
        workers = list(county.pools[unit.pk])
        rng.shuffle(workers)
        for worker, cohort in zip(workers, _cohorts(rng)):
            dates, steps = _file_story(county, rng, cohort)
            category = rng.choices(("deep", "relative", "accident"), weights=(25, 55, 20))[0]
            file, household = _household(rng, worker, category, line_for(dates["filed_on"] or dates["applied_on"]))
            file.update(dates, created_by_id=officer_id, created_at=county.at(dates["applied_on"], 9))
            if file["status"] == HardshipFile.Status.APPLIED:
                file["category"] = ""  # an officer confirms it at the household check, not before
            else:
                file.update(category_confirmed_by_id=officer_id,
                            category_confirmed_at=county.at(dates["applied_on"] + 3 * DAY, 15))
            files.append(file)
            stories.append((steps, household))
    county.copy(HardshipFile, files)
    people, transitions = [], []
    for file, (steps, household) in zip(files, stories):
        people += [dict(person, file_id=file["id"]) for person in household]
        transitions += [dict(file_id=file["id"], action=action, from_status=source, to_status=target,
                             at=county.at(day, 10 + n % 6), by_id=officer_id, reason=REASONS.get(action, ""))
                        for n, (action, source, target, day) in enumerate(steps)]
    county.copy(HouseholdMember, people)
    county.copy(FileTransition, transitions)

    programmes = county.bulk(AidProgramme, [
        AidProgramme(organisation=county.federation, kind=kind, name=name, standard_amount=Decimal(usual),
                     description="按年度预算执行，资金专款专用。")
        for kind, (name, usual, _months) in PROGRAMMES.items()
    ])
    _grants(county, rng, programmes, files)


def _cohorts(rng):
    """A unit's files as (filed when, how it ends): on average one filed before ``year - 1``
    (the base the exit rate of ``year - 1`` is measured on), one filed in ``year - 1``, one
    applied for in ``year`` (some of which are still on their way)."""
    before, last, this = (rng.choice((0, 1, 1, 1, 2)) for _ in range(3))
    return ([("before", rng.choices(("lift_1", "lift_0", "close", "stay"), weights=(35, 30, 10, 25))[0])
             for _ in range(before)]
            + [("last", rng.choices(("lift_0", "withdraw", "stay"), weights=(35, 5, 60))[0]) for _ in range(last)]
            + [("this", rng.choices(("stay", "notice", "checking", "applied"), weights=(70, 10, 10, 10))[0])
               for _ in range(this)])


def _file_story(county, rng, cohort) -> tuple[dict, list]:
    """The file's dates and status, and its lifecycle steps [(action, from, to, day)] as
    welfare.services.files records them: applied, household check three days later, a week
    later a six-day public notice, filed the day after it ends, re-checked every year, and
    perhaps ended (lifted out of hardship, closed on retirement, withdrawn)."""
    when, outcome = cohort
    year, today = county.year, county.today
    if when == "this" and (today - datetime.date(year, 1, 5)).days < 25:
        outcome = "applied"  # the first weeks of the year: nothing applied for yet has been filed
    pipeline = outcome in ("notice", "checking", "applied") and year == today.year
    if when == "before":
        applied_on = between(rng, datetime.date(year - 2, 3, 1), datetime.date(year - 2, 11, 30))
    elif when == "last":
        applied_on = between(rng, datetime.date(year - 1, 1, 5), min(datetime.date(year - 1, 11, 30), today))
    elif pipeline:  # still on its way: applied for in the last weeks
        applied_on = max(datetime.date(year, 1, 1), today - rng.randint(4, 12) * DAY)
    else:
        applied_on = between(rng, datetime.date(year, 1, 5), min(datetime.date(year, 11, 30), today - 20 * DAY))
    end_action = end_on = None
    if outcome in ("lift_1", "lift_0", "close", "withdraw"):
        end_action = "lift" if outcome.startswith("lift") else outcome
        end_year = year - 1 if outcome == "lift_1" or (outcome == "close" and rng.random() < 0.5) else year
        end_on = between(rng, max(datetime.date(end_year, 1, 2), applied_on + 60 * DAY), county.last_day(end_year))

    dates = {"applied_on": applied_on, "status": "applied", "filed_on": None, "notice_starts_on": None,
             "notice_ends_on": None, "last_rechecked_on": None, "next_recheck_due": None, "closed_on": None,
             "close_reason": "", "recheck_due_soon": False}
    steps = [("apply", "", "applied", applied_on)]
    if pipeline and outcome == "applied":
        return dates, steps
    checked = applied_on + 3 * DAY
    steps.append(("start_check", "applied", "checking", checked))
    dates["status"] = "checking"
    if pipeline and outcome == "checking":
        return dates, steps
    notice_from = min(checked + 7 * DAY, today) if pipeline else checked + 7 * DAY
    notice_to = notice_from + 6 * DAY
    steps.append(("start_notice", "checking", "notice", notice_from))
    dates.update(status="notice", notice_starts_on=notice_from, notice_ends_on=notice_to)
    if pipeline and outcome == "notice":
        return dates, steps
    filed_on = notice_to + DAY
    steps.append(("approve", "notice", "filed", filed_on))
    dates.update(status="filed", filed_on=filed_on)
    stop = end_on or today
    due = add_years(filed_on, 1)
    while due - 7 * DAY < stop:  # the annual re-check, done a week before it falls due
        steps += [("start_recheck", "filed", "recheck", due - 14 * DAY),
                  ("confirm_recheck", "recheck", "filed", due - 7 * DAY)]
        dates["last_rechecked_on"] = due - 7 * DAY
        due = add_years(due - 7 * DAY, 1)
    dates["next_recheck_due"] = due
    if end_action:
        steps.append((end_action, "filed", ENDED[end_action], end_on))
        dates.update(status=ENDED[end_action], closed_on=end_on,
                     close_reason="retired" if end_action == "close" else "")
    elif due - 14 * DAY <= today:  # this year's re-check has started
        steps.append(("start_recheck", "filed", "recheck", due - 14 * DAY))
        dates["status"] = "recheck"
    dates["recheck_due_soon"] = dates["status"] == "filed" and due <= today + 30 * DAY
    return dates, steps


def _household(rng, worker, category, standard) -> tuple[dict, list]:
    """The file's household and incomes (undated), chosen so that the locality's rule
    (welfare.services.files.suggest_category) suggests the category the officer confirms."""
    from welfare.models import HouseholdMember
    from welfare.services.files import suggest_category

    R, O = HouseholdMember.Relationship, HouseholdMember.Occupation
    causes, identities, health = CAUSES[category]
    cause, identity = rng.choice(causes), rng.choice(identities)
    others = rng.choice(([(R.SPOUSE, O.UNEMPLOYED)], [(R.SPOUSE, O.WORKING), (R.CHILD, O.STUDENT)],
                         [(R.CHILD, O.STUDENT)], [(R.SPOUSE, O.FARMING), (R.CHILD, O.STUDENT), (R.PARENT, O.RETIRED)]))
    size = 1 + len(others)
    line = standard.monthly_line
    per_head = {"deep": (0.45, 0.95), "relative": (1.05, 1.9), "accident": (1.1, 2.4)}[category]
    total = money(line * share(rng, *per_head) * size)
    earning = [n for n, (_r, occupation) in enumerate(others) if occupation in (O.WORKING, O.FARMING)]
    head = money(total * share(rng, 0.6, 1.0)) if earning else total
    incomes = [Decimal("0")] * len(others)
    if earning:
        incomes[earning[0]] = total - head
    medical = money(total * share(rng, 0.9, 1.3)) if category == "accident" else Decimal(rng.choice((0, 200, 400, 800)))
    schooling = Decimal(rng.choice((300, 500, 800))) if any(o == O.STUDENT for _r, o in others) else Decimal("0")
    per_capita = money(total / size)
    suggested, is_edge = suggest_category(per_capita=per_capita, total_income=total, costs=medical + schooling,
                                          standard=standard)
    file = dict(
        union_id=worker.union_id, worker_id=worker.pk, identity_status=identity, health=health,
        housing=rng.choice(("own", "own", "rented", "public_rental")), main_cause=cause,
        secondary_causes=["schooling"] if schooling and cause != "schooling" else [], situation=SITUATIONS[cause],
        medical_costs=medical, education_costs=schooling, household_size=size, total_income=total,
        per_capita_income=per_capita, living_line=line, suggested_category=suggested, is_edge=is_edge,
        category=suggested or category,
    )
    household = [dict(name=worker.name, relationship=R.SELF, id_number=worker.id_number, monthly_income=head,
                      occupation=O.UNABLE if identity == "sick_leave" else O.WORKING, health=health)]
    household += [dict(name=person_name(rng), relationship=relationship, occupation=occupation, monthly_income=income)
                  for (relationship, occupation), income in zip(others, incomes)]
    return file, household


def _grants(county, rng, programmes, files):
    """About five approved grants per unit a year under three or four programmes, once a year per
    person and programme; a household on file that day gets its grant against the file. Budgets
    are sized to what was approved and what waits, so none is overspent."""
    from welfare.models import Grant, ProgrammeBudget

    unit_of = county.unit_of
    households = {}  # grassroots pk -> its files
    for file in files:
        households.setdefault(unit_of[file["union_id"]], []).append(file)
    proposer_id, approver_id = county.staff["welfare"].pk, county.staff["welfare_head"].pk
    grants = []
    for unit in county.units:
        workers = county.pools[unit.pk]
        if not workers:
            continue
        for y in county.years:
            chosen = rng.sample(programmes, rng.choice((3, 4)))
            approved = rng.choice((3, 4, 5, 5, 6, 7))
            waiting = 1 if y == county.today.year and rng.random() < 0.3 else 0
            taken = set()
            for n in range(approved + waiting):
                programme = chosen[n % len(chosen)]
                _name, usual, months = PROGRAMMES[programme.kind]
                if n >= approved:  # awaiting approval: proposed in the last fortnight
                    granted_on = max(datetime.date(y, 1, 1), county.today - rng.randint(1, 14) * DAY)
                else:
                    month = rng.choice(months)
                    granted_on = between(rng, datetime.date(y, month, 1), datetime.date(y, month, 28))
                    granted_on = max(min(granted_on, county.last_day(y) - 3 * DAY), datetime.date(y, 1, 1))
                on_file = [(f["worker_id"], f["union_id"], f) for f in households.get(unit.pk, [])
                           if f["filed_on"] and f["filed_on"] <= granted_on
                           and (f["closed_on"] is None or f["closed_on"] > granted_on)]
                others = [(w.pk, w.union_id, None) for w in rng.sample(workers, len(workers))]
                member_id, union_id, file = next(((m, u, f) for m, u, f in on_file + others
                                                  if (m, programme.pk) not in taken), (None, None, None))
                if member_id is None:
                    continue
                taken.add((member_id, programme.pk))
                grant = dict(programme_id=programme.pk, year=y, union_id=union_id, member_id=member_id,
                             file_id=file["id"] if file else None, granted_on=granted_on,
                             amount=Decimal(max(100, int(usual * rng.uniform(0.5, 1.6)) // 100 * 100)),
                             recipient_income=file["per_capita_income"] if file else None,
                             description="建档困难职工家庭" if file else "", proposed_by_id=proposer_id,
                             proposed_at=county.at(granted_on, 9), status=Grant.Status.PROPOSED)
                if n < approved:
                    grant.update(status=Grant.Status.APPROVED, approved_by_id=approver_id,
                                 approved_at=county.at(granted_on + rng.randint(1, 3) * DAY, 16))
                grants.append(grant)
    asked, spent = {}, {}
    for grant in grants:
        key = (grant["programme_id"], grant["year"])
        asked[key] = asked.get(key, 0) + grant["amount"]
        if grant["status"] == Grant.Status.APPROVED:
            spent[key] = spent.get(key, 0) + grant["amount"]
    budgets = {key: ProgrammeBudget(programme_id=key[0], year=key[1], spent=spent.get(key, Decimal("0")),
                                    amount=Decimal(math.ceil(float(total) * 1.2 / 10000) * 10000))
               for key, total in asked.items()}
    county.bulk(ProgrammeBudget, list(budgets.values()))
    for grant in grants:
        grant["budget_id"] = budgets[(grant["programme_id"], grant["year"])].pk
    county.copy(Grant, grants)


# --- congress -----------------------------------------------------------------------------
DEPARTMENTS = ["人力资源部", "安全环保部", "行政后勤部"]
SUBJECTS = [
    ("safety", "关于改善车间夏季通风降温条件的提案"),
    ("safety", "关于按时更新劳动防护用品的提案"),
    ("wages", "关于提高一线岗位津贴的提案"),
    ("wages", "关于落实职工带薪年休假的提案"),
    ("living", "关于改善职工食堂伙食质量的提案"),
    ("living", "关于增开夜班通勤班车的提案"),
    ("training", "关于开展职业技能等级认定培训的提案"),
    ("production", "关于完善设备点检制度的提案"),
    ("democracy", "关于定期更新厂务公开栏的提案"),
]
REPLY_TEXT = "经研究，已列入本年度工作计划，由本部门牵头落实，预计年内完成。"
UNSATISFIED_COMMENT = "答复未说明具体落实时间，请再研究。"


def _congress(county, rng):
    from congress.models import (
        CollectiveContract,
        Congress,
        Delegate,
        HandlingDepartment,
        Proposal,
        ProposalRating,
        Reply,
        Session,
        Term,
    )
    from unionadmin.models import Organisation, RoleAssignment, User

    _contracts(county, rng, CollectiveContract)
    congresses = county.bulk(Congress, [
        Congress(union=unit, kind=Congress.Kind.STAFF if unit.category == Organisation.Category.INSTITUTION
                 else Congress.Kind.WORKERS, min_women_percent=rng.choice((0, 20, 30)))
        for unit in county.units
    ])
    terms = county.bulk(Term, [
        Term(congress=c, number=rng.randint(2, 6), starts_on=datetime.date(county.year - 2, rng.randint(3, 6), 1),
             ends_on=datetime.date(county.year + 3, rng.randint(2, 5), 28))
        for c in congresses
    ])
    # Two delegates a term, each with an account and the delegate role at the union: the proposers.
    seats = [(unit, term, n, person_name(rng)) for unit, term in zip(county.units, terms) for n in range(2)]
    users = county.bulk(User, [User(username=f"{PREFIX}delegate_{unit.pk}_{n}", full_name=name, password="!")
                               for unit, _term, n, name in seats])
    county.bulk(RoleAssignment, [RoleAssignment(user=user, organisation=unit, role="delegate", title="职工代表")
                                 for user, (unit, *_rest) in zip(users, seats)])
    delegates = county.bulk(Delegate, [
        Delegate(term=term, user=user, name=name, gender=rng.choice(("male", "female")),
                 category="front_line" if n == 0 else rng.choice(("technical", "manager")),
                 post="一线职工" if n == 0 else "技术员")
        for user, (_unit, term, n, name) in zip(users, seats)
    ])
    departments = county.bulk(HandlingDepartment, [
        HandlingDepartment(union=unit, name=name) for unit in county.units for name in rng.sample(DEPARTMENTS, 2)
    ])
    # One person a department answers for it: the department role at the union, titled with its name.
    answering = county.bulk(User, [User(username=f"{PREFIX}department_{d.pk}", full_name=person_name(rng), password="!")
                                   for d in departments])
    county.bulk(RoleAssignment, [RoleAssignment(user=user, organisation_id=d.union_id, role="department", title=d.name)
                                 for user, d in zip(answering, departments)])
    officer_link = HandlingDepartment.officers.through
    county.bulk(officer_link, [officer_link(handlingdepartment_id=d.pk, user_id=user.pk)
                               for user, d in zip(answering, departments)])
    answerer = {d.pk: user.pk for d, user in zip(departments, answering)}
    delegates_of, departments_of = {}, {}
    for delegate in delegates:
        delegates_of.setdefault(delegate.term_id, []).append(delegate)
    for department in departments:
        departments_of.setdefault(department.union_id, []).append(department.pk)

    sessions = []
    for unit, term in zip(county.units, terms):
        for y in county.years:
            if rng.random() >= 0.9:
                continue
            held_on = min(between(rng, datetime.date(y, 3, 1), datetime.date(y, 6, 30)), county.last_day(y) - DAY)
            held_on = max(held_on, datetime.date(y, 1, 2))
            sessions.append(Session(
                term=term, union=unit, number=y - term.starts_on.year + 1, held_on=held_on, state=Session.State.HELD,
                venue="职工活动中心", collection_opens_at=county.at(held_on - 30 * DAY, 9),
                collection_closes_at=county.at(held_on - 7 * DAY, 17), min_cosigners=0, reply_days=30,
            ))
    county.bulk(Session, sessions)

    proposals, stories = [], []
    for session in sessions:
        proposers = delegates_of[session.term_id]
        formal = rng.randint(5, 11)
        for n in range(formal + (1 if rng.random() < 0.5 else 0)):
            category, subject = rng.choice(SUBJECTS)
            proposer = proposers[n % len(proposers)]
            submitted_at = county.at(session.held_on - rng.randint(8, 28) * DAY, 11)
            proposal = dict(session_id=session.pk, proposer_id=proposer.pk, subject=subject, category=category,
                            reasons="职工反映较为集中，影响工作和生活。", measures="建议行政研究落实，明确责任部门和完成时间。",
                            submitted_at=submitted_at, created_at=submitted_at,
                            decided_at=county.at(session.held_on - 5 * DAY, 15))
            if n >= formal:  # not a formal proposal: turned into an opinion, unnumbered
                proposal.update(state=Proposal.State.OPINION, decision_reason="内容属一般性意见建议，转交行政研究办理。")
                story = []
            else:
                proposal["number"] = n + 1
                story = _proposal_story(county, rng, proposal, session, departments_of[session.union_id])
            proposals.append(proposal)
            stories.append((story, proposer.user_id))
    county.copy(Proposal, proposals)
    replies, ratings = [], []
    for proposal, (story, proposer_user_id) in zip(proposals, stories):
        for kind, round_, when, detail in story:
            if kind == "reply":
                department_id = proposal["lead_department_id"]
                replies.append(dict(proposal_id=proposal["id"], department_id=department_id, is_lead=True,
                                    round=round_, text=REPLY_TEXT, due_on=detail, replied_at=when,
                                    replied_by_id=answerer[department_id]))
            else:
                ratings.append(dict(proposal_id=proposal["id"], round=round_, rating=detail, rated_at=when,
                                    rated_by_id=proposer_user_id,
                                    comment=UNSATISFIED_COMMENT if detail == Proposal.Rating.UNSATISFIED else ""))
    county.copy(Reply, replies)
    county.copy(ProposalRating, ratings)


def _proposal_story(county, rng, proposal, session, departments) -> list:
    """Moves a formal proposal as far as time allows and returns its replies and ratings as
    [("reply", round, replied_at, due_on) | ("rating", round, rated_at, rating)]: assigned a few
    days after the session with 30 days to answer; answered on time (most), late, or not at
    all; rated satisfied, basically satisfied or not (another round, not always answered yet);
    some not rated yet."""
    from congress.models import Proposal

    State, Rating = Proposal.State, Proposal.Rating
    today = county.today
    proposal["state"] = State.ACCEPTED
    assigned_on = session.held_on + rng.randint(3, 10) * DAY
    if assigned_on > today or rng.random() < 0.04:  # not assigned to a department yet
        return []
    deadline = assigned_on + session.reply_days * DAY
    proposal.update(state=State.ASSIGNED, lead_department_id=rng.choice(departments), deadline=deadline, round=1)
    if rng.random() < 0.12:  # never answered: overdue once the deadline has passed
        return []
    story = []
    for round_, weights in ((1, (55, 30, 15)), (2, (30, 50, 20))):
        if round_ == 2 and rng.random() < 0.4:  # the second answer has not come yet
            return story
        on_time = rng.random() < 0.78
        replied_on = deadline - rng.randint(0, 25) * DAY if on_time else deadline + rng.randint(2, 40) * DAY
        if replied_on >= today:
            return story
        story.append(("reply", round_, county.at(replied_on, 15), deadline))
        proposal["state"] = State.REPLIED
        rated_on = replied_on + rng.randint(3, 20) * DAY
        if rated_on >= today or rng.random() < 0.1:  # the proposer has not rated it yet
            return story
        rating = rng.choices((Rating.SATISFIED, Rating.BASICALLY, Rating.UNSATISFIED), weights=weights)[0]
        story.append(("rating", round_, county.at(rated_on, 19), rating))
        proposal["rating"] = rating
        if rating != Rating.UNSATISFIED:
            proposal["state"] = State.CLOSED
            return story
        # Not satisfied: back to the lead department for another round, with a new deadline.
        deadline = rated_on + session.reply_days * DAY
        proposal.update(state=State.ASSIGNED, round=round_ + 1, deadline=deadline)
    return story


def _contracts(county, rng, CollectiveContract):
    """A general collective contract in force for about 80% of enterprise units on the day each
    year is measured (its last day, today for the current one): most run across both years,
    some were renewed in between, some signed only since, some lapsed since, the rest have
    none in force."""
    from unionadmin.models import Organisation

    first, second = county.last_day(county.year - 1), county.last_day(county.year)
    contracts = []

    def contract(unit, starts_on, ends_on=None):
        ends_on = ends_on or add_years(starts_on, 3) - DAY
        signed_on = starts_on - rng.randint(5, 20) * DAY
        filed_on = signed_on + 10 * DAY if signed_on + 10 * DAY <= county.today else None
        contracts.append(CollectiveContract(
            union=unit, kind=CollectiveContract.Kind.GENERAL,
            title=f"{unit_label(unit)}集体合同（{starts_on.year}—{ends_on.year}）",
            consulted_on=signed_on - rng.randint(10, 40) * DAY, signed_on=signed_on, starts_on=starts_on,
            ends_on=ends_on, filed_on=filed_on,
            filing_number=f"人社集备〔{signed_on.year}〕{len(contracts) + 1}号" if filed_on else ""))

    for unit in county.units:
        if unit.category != Organisation.Category.ENTERPRISE:
            continue
        story = rng.choices(("running", "renewed", "new", "lapsed", "none"), weights=(65, 10, 5, 5, 15))[0]
        if story in ("renewed", "new", "lapsed") and (second - first).days < 3:
            story = "running"  # the two measuring days are too close for anything to happen between
        if story == "running":  # in force on both days
            contract(unit, between(rng, add_years(second, -3) + 30 * DAY, first - 10 * DAY))
        elif story == "renewed":  # expired between the two days, renewed the next day
            old_end = between(rng, first + DAY, second - DAY)
            contract(unit, add_years(old_end + DAY, -3), old_end)
            contract(unit, old_end + DAY)
        elif story == "new":  # none in force at the end of last year, signed since
            old_end = first - rng.randint(1, 9) * DAY
            contract(unit, add_years(old_end + DAY, -rng.choice((2, 3))), old_end)
            contract(unit, between(rng, first + DAY, second))
        elif story == "lapsed":  # in force last year, expired since and not renewed
            old_end = between(rng, first + DAY, second - DAY)
            contract(unit, add_years(old_end + DAY, -3), old_end)
        elif rng.random() < 0.5:  # none: an old one, long expired
            old_end = first - rng.randint(200, 700) * DAY
            contract(unit, add_years(old_end + DAY, -3), old_end)
    county.bulk(CollectiveContract, contracts)


# --- competitions -------------------------------------------------------------------------
KINDS = {  # kind -> title, scoring items (name, maximum)
    "safety_cup": ("“安康杯”竞赛", [("安全管理", 40), ("现场管理", 30), ("隐患排查", 30)]),
    "innovation_cup": ("“创新杯”技术创新竞赛", [("创新性", 40), ("实用性", 30), ("经济效益", 30)]),
    "skills": ("职业技能竞赛", [("理论考试", 30), ("实操考核", 60), ("安全文明", 10)]),
    "pioneer": ("“工人先锋号”创建竞赛", [("工作业绩", 50), ("班组建设", 30), ("创新创效", 20)]),
    "campaign": ("“大干一百天”劳动竞赛", [("任务完成", 50), ("质量安全", 30), ("节能降耗", 20)]),
}
IMPROVEMENTS = [
    ("rationalisation", "生产线工装定置管理"), ("rationalisation", "余热回收利用改造"),
    ("rationalisation", "原料堆场喷淋降尘"), ("rationalisation", "仓储物料条码化管理"),
    ("innovation", "数控车床气动夹具改造"), ("innovation", "设备自动润滑装置"),
    ("innovation", "包装线视觉检测改造"), ("rationalisation", "照明系统节能改造"),
]


def _competitions(county, rng):
    from competitions.models import Competition, Entry, ImprovementProposal, ScoringItem
    from unionadmin.models import Organisation

    State = Competition.State
    organiser_id = county.staff["organiser"].pk
    frozen_states = (State.LOCKED, State.NOTICE, State.PUBLISHED)
    industries = list(Organisation.objects.filter(parent=county.federation, level=Organisation.Level.INDUSTRY)
                      .order_by("path"))
    under = {i.pk: [u for u in county.units if u.parent_id == i.pk] for i in industries}
    competitions, entrants = [], []
    for y in county.years:
        held = max(1, round(len(county.units) / 5))
        # The federation's own 安康杯, one per industry union, the rest organised by units.
        organisers = ([county.federation] + industries)[:held]
        organisers += rng.sample(county.units, min(len(county.units), held - len(organisers)))
        states = ((State.PUBLISHED,) * 8 + (State.NOTICE, State.LOCKED) if y < county.today.year else
                  (State.SCORING,) * 7 + (State.LOCKED,) * 4 + (State.NOTICE,) * 3 + (State.PUBLISHED,) * 6)
        plans = [(organiser, rng.choice(states)) for organiser in organisers]
        if y == county.today.year:  # and a few still open for entries: not held (yet)
            plans += [(unit, State.OPEN) for unit in rng.sample(county.units, len(county.units) // 20)]
        for organiser, state in plans:
            kind = "safety_cup" if organiser is county.federation else rng.choice(list(KINDS))
            starts_on, ends_on = datetime.date(y, rng.randint(3, 5), 1), datetime.date(y, rng.randint(9, 11), 30)
            if state != State.OPEN and ends_on > county.today - 20 * DAY:  # scored after it ended
                ends_on = county.today - 20 * DAY
                starts_on = min(starts_on, ends_on - 60 * DAY)
            competition = Competition(organiser=organiser, kind=kind, year=y, state=state, starts_on=starts_on,
                                      ends_on=ends_on, title=f"{unit_label(organiser)}{y}年{KINDS[kind][0]}",
                                      season=f"{y}年度", rules="按竞赛方案组织实施，按评分细则考评。",
                                      created_by_id=organiser_id)
            if state in frozen_states:
                locked_on = min(ends_on + 10 * DAY, county.today - 12 * DAY)
                competition.locked_at = county.at(locked_on, 17)
                if state != State.LOCKED:
                    competition.notice_ends_on = locked_on + 7 * DAY
                if state == State.PUBLISHED:
                    competition.published_at = county.at(locked_on + 8 * DAY, 10)
            competitions.append(competition)
            entrants.append(_entrants(county, rng, organiser, under) if state != State.OPEN else [])
    county.bulk(Competition, competitions)
    items, entries = [], []
    for competition, entering in zip(competitions, entrants):
        items += [ScoringItem(competition=competition, position=n, name=name, max_score=Decimal(maximum))
                  for n, (name, maximum) in enumerate(KINDS[competition.kind][1])]
        frozen = competition.state in frozen_states  # totals and ranks are frozen when scores are locked
        totals = sorted((money(rng.uniform(70, 98)) for _ in entering), reverse=True)
        entries += [Entry(competition=competition, number=n + 1, kind=kind, name=name, organisation=organisation,
                          leader=person_name(rng), total=totals[n] if frozen else None, rank=n + 1 if frozen else None,
                          created_by_id=organiser_id)
                    for n, (organisation, kind, name) in enumerate(entering)]
    county.bulk(ScoringItem, items)
    county.bulk(Entry, entries)
    _improvements(county, rng, ImprovementProposal)


def _entrants(county, rng, organiser, under) -> list:
    """Three to five entries from the organiser's subtree: a unit's own work teams and its
    branch, or, for the federation and an industry union, teams of the units below them."""
    count = rng.randint(3, 5)
    if organiser.level == "grassroots":
        places = [(organiser, "team")] * count
        if organiser.pk in county.branch_of:
            places[1] = (county.branch_of[organiser.pk], "branch")
    else:
        pool = county.units if organiser is county.federation else under.get(organiser.pk) or county.units
        places = [(unit, "team") for unit in rng.sample(pool, min(count, len(pool)))]
    return [(place, kind, place.name if kind == "branch" else f"{unit_label(place)}第{n + 1}班组")
            for n, (place, kind) in enumerate(places)]


def _improvements(county, rng, ImprovementProposal):
    """About three implemented proposals per unit a year with their annual benefit, at the unit
    or its branch, and some still routed, adopted, not adopted or just submitted."""
    State = ImprovementProposal.State
    evaluator_id, recorder_id = county.staff["evaluator"].pk, county.staff["organiser"].pk
    proposals = []
    for unit in county.units:
        places = [unit.pk, unit.pk, county.branch_of[unit.pk].pk if unit.pk in county.branch_of else unit.pk]
        for y in county.years:
            last = county.last_day(y)
            outcomes = [State.IMPLEMENTED] * rng.choice((1, 2, 3, 3, 4, 5)) + rng.choices(
                (State.ADOPTED, State.NOT_ADOPTED, State.ROUTED, State.SUBMITTED), k=rng.choice((0, 0, 1, 1, 2)))
            for state in outcomes:
                kind, title = rng.choice(IMPROVEMENTS)
                submitted_on = between(rng, datetime.date(y, 1, 5), min(datetime.date(y, 8, 31), last - 60 * DAY))
                submitted_on = max(submitted_on, datetime.date(y, 1, 1))
                decided_on = submitted_on + rng.randint(10, 25) * DAY
                if decided_on > last and state != State.SUBMITTED:
                    state = State.ROUTED  # too early in the year for a decision
                proposal = dict(union_id=rng.choice(places), kind=kind, year=y, title=title,
                                proposer_name=person_name(rng), submitted_on=submitted_on, state=state,
                                problem="现有做法耗时耗料，存在安全隐患。", suggestion="改进工艺和管理方法，降低消耗，提高效率。",
                                expected_benefit="年节约成本约数万元", created_by_id=recorder_id,
                                created_at=county.at(submitted_on, 9))
                if state != State.SUBMITTED:
                    proposal.update(evaluator_id=evaluator_id, routed_at=county.at(submitted_on + 5 * DAY, 10))
                if state in (State.ADOPTED, State.NOT_ADOPTED, State.IMPLEMENTED):
                    proposal.update(decided_at=county.at(decided_on, 16),
                                    opinion="不予采纳，现有条件不具备。" if state == State.NOT_ADOPTED else "建议采纳，组织实施。")
                if state == State.IMPLEMENTED:
                    # Carried out within the year: the benefit counts in the year the work was done.
                    low, high = (20_000, 300_000) if kind == "innovation" else (3_000, 80_000)
                    proposal.update(implemented_on=max(min(decided_on + rng.randint(20, 90) * DAY, last), decided_on),
                                    annual_benefit=Decimal(rng.randint(low, high) // 100 * 100),
                                    benefit_note="按实施后一年节约的材料、能耗和人工费用测算。")
                    if rng.random() < 0.3:
                        proposal.update(award_name="合理化建议奖", award_amount=Decimal(rng.choice((500, 1000, 2000))))
                proposals.append(proposal)
    county.copy(ImprovementProposal, proposals)


# --- assessment ---------------------------------------------------------------------------
AREAS = [  # one scored item of 25 points each
    ("组织建设", "依法建会，按期换届，会员发展和会籍管理规范"),
    ("维权服务", "开展帮扶救助和职工维权，困难职工建档及时"),
    ("民主管理", "职代会制度健全，厂务公开和集体协商落实"),
    ("自身建设", "工会经费和资产管理规范，工会干部履职到位"),
]
BONUS_CAP = Decimal("5")
BANDS = [(95, 100), (91, 94.99), (70, 90.99)]  # exemplary, up to standard, below


def _assessment(county, rng):
    """Each year's rubric, published, and every unit's final sheet, scores and published result."""
    from assessment import grading
    from assessment.models import ItemScore, Result, Rubric, RubricArea, RubricItem, RubricVersion, UnitAssessment
    from unionadmin.models import Organisation

    def lineage():  # deterministic, unlike the field's uuid4 default
        return uuid.UUID(int=rng.getrandbits(128))

    for y in county.years:
        published_on = min(datetime.date(y, 12, 20), county.today)
        deadline = published_on - 20 * DAY
        rubric = county.bulk(Rubric, [Rubric(
            federation=county.federation, year=y, deadline=deadline, appeal_days=5,
            title=f"{county.federation.name}{y}年度基层工会目标管理考核细则")])[0]
        # Parts go into a draft: the database refuses them in a published version (migration 0002).
        version = county.bulk(RubricVersion, [RubricVersion(
            rubric=rubric, number=1, bonus_cap=BONUS_CAP, categories=[c.value for c in Organisation.Category])])[0]
        areas = county.bulk(RubricArea, [RubricArea(version=version, position=n, name=name, lineage=lineage())
                                         for n, (name, _item) in enumerate(AREAS)])
        items = county.bulk(RubricItem, [
            *(RubricItem(version=version, area=area, kind="standard", position=0, title=title, maximum=Decimal(25),
                         lineage=lineage()) for area, (_name, title) in zip(areas, AREAS)),
            RubricItem(version=version, kind="bonus", position=0, title="获得市级以上工会表彰", maximum=BONUS_CAP,
                       guidance="以表彰文件为准。", lineage=lineage()),
        ])
        RubricVersion.objects.filter(pk=version.pk).update(state=RubricVersion.State.PUBLISHED,
                                                           published_at=county.at(deadline - 60 * DAY, 10))
        released = county.at(deadline + 5 * DAY, 10)
        sheets = county.copy(UnitAssessment, [dict(
            rubric_id=rubric.pk, version_id=version.pk, unit_id=unit.pk, state=UnitAssessment.State.FINALISED,
            created_at=county.at(deadline - 50 * DAY, 9),
            submitted_at=county.at(deadline - rng.randint(0, 20) * DAY, 16),
            released_at=released, appeals_close_at=released + 5 * DAY, finalised_at=county.at(deadline + 12 * DAY, 17),
        ) for unit in county.units])
        bands = [BANDS[n % len(BANDS)] for n in range(len(sheets))]  # a third in each, in no order
        rng.shuffle(bands)
        scores, results = [], []
        for unit, sheet, (low, high) in zip(county.units, sheets, bands):
            aimed = money(rng.uniform(low, high))
            bonus = min(money(rng.choice((0, 0, 1, 2, 3, 5))), aimed)
            points = _split(rng, aimed - bonus, len(areas), Decimal(25))
            scores += [dict(assessment_id=sheet["id"], item_id=item.pk, kind=item.kind, maximum=item.maximum,
                            self_points=value, reviewed_points=value, saved_at=sheet["submitted_at"],
                            reviewed_at=released - DAY)
                       for item, value in zip(items, [*points, bonus])]
            standard = sum(points, Decimal("0"))
            total = grading.sheet_total(standard, bonus, Decimal("0"), BONUS_CAP)
            results.append(dict(rubric_id=rubric.pk, assessment_id=sheet["id"], unit_id=unit.pk,
                                category=unit.category, standard_points=standard, bonus_points=bonus,
                                deduction_points=Decimal("0"), total=total, grade=grading.grade_for(total),
                                published_at=county.at(published_on, 11)))
        county.copy(ItemScore, scores)
        ranks = grading.competition_ranks(grading.Entry(r["assessment_id"], r["category"], r["total"]) for r in results)
        for result in results:
            result["rank"] = ranks[result["assessment_id"]]
        county.copy(Result, results)
        Rubric.objects.filter(pk=rubric.pk).update(current_version=version,
                                                   results_published_at=county.at(published_on, 11))


def _split(rng, points: Decimal, parts: int, maximum: Decimal) -> list[Decimal]:
    """``points`` over ``parts`` items of ``maximum`` each: every item loses a share of the
    points missed, to the cent, and the shares add up exactly."""
    missed = parts * maximum - points
    weights = [rng.uniform(0.7, 1.3) for _ in range(parts)]
    losses = [money(missed * Decimal(str(w / sum(weights)))) for w in weights]
    losses[-1] = missed - sum(losses[:-1], Decimal("0"))
    return [maximum - loss for loss in losses]
