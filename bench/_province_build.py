"""A province for the province benchmark (issue 20), built in the current Django database.

``build_province`` makes what a provincial federation that adopts unionadmin brings: the
provincial federation, 13 city federations, 130 county federations (each with 5 industry
unions, like bench/roster.py's county), ``units`` grassroots unions spread over the counties
(each with a branch; categories and sectors mixed as in a real county; employee counts a
little above the members each holds, so membership rates differ), ``members`` members, and a
year and a half of activity in every app, county by county, in the proportions of
bench/dashboard.py's county (bench/_county_activity.py: each county its own staff, aid
programmes, competitions and rubric) plus the 2% allocation of every unit for two years as
bench/finance_allocation.py keeps it. Then the change history of the members
(django-simple-history's table: one creation row per member, a later change for one in five
and a second for one in ten, dated over the years the system has run) and VACUUM ANALYZE.

The federations and industry unions are saved one by one (``Organisation.save``: the path,
the history row); the 20,000 units and branches are COPYed with their paths computed as
``save`` computes them (the id from the sequence first, then the parent's path and the id
zero-padded to SEGMENT_WIDTH) and their history rows written by one INSERT … SELECT. Members
go in by COPY in chunks (bench/roster.load_members), never all of them in memory at once.

``find_province`` finds a province built earlier in the database (bench/province.py --reuse).
"""
from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal

ROOT_NAME = "测试省总工会"
CITIES, COUNTIES_PER_CITY, INDUSTRIES_PER_COUNTY = 13, 10, 5
MEMBER_CHUNK = 100_000
CATEGORIES = [  # category, sectors it sits in, weight
    ("enterprise", ["enterprise"] * 8 + ["regional", "project"], 76),
    ("institution", ["school", "hospital", "public_institution"], 14),
    ("organ", ["government", "township", "community"], 10),
]
SYSTEM_SINCE = datetime.date(2019, 6, 1)  # when the province's records were first entered


def _say(stage: str, started: float, timings: dict | None = None):
    seconds = time.perf_counter() - started
    if timings is not None:
        timings[stage] = seconds
    print(f"  {stage}: {seconds:.1f} s", flush=True)


def build_province(units: int = 10_000, members: int = 2_000_000, requests: int = 20, seed: int = 20,
                   timings: dict | None = None):
    """The province (see the module's docstring); ``timings`` gets the seconds of each stage."""
    from _province_common import Province
    from django.db import connection
    from django.utils import timezone

    rng = random.Random(seed)
    year = timezone.localdate().year
    t = time.perf_counter()
    root, cities, counties, industries = _federations()
    _say(f"federations ({1 + len(cities) + len(counties)}) and industry unions ({len(industries)}), saved", t,
         timings)

    t = time.perf_counter()
    grassroots, branches, weights = _units(rng, counties, industries, units, members)
    _say(f"{len(grassroots):,} grassroots unions and {len(branches):,} branches, COPY", t, timings)

    t = time.perf_counter()
    _members(grassroots, branches, weights, members)
    _say(f"{members:,} members, COPY in chunks of {MEMBER_CHUNK:,}", t, timings)

    t = time.perf_counter()
    activity = _activity(counties, grassroots, branches, year)
    _say("a year and a half of activity, county by county (" +
         ", ".join(f"{n:,} {label}" for label, n in sorted(activity.items())) + ")", t, timings)

    t = time.perf_counter()
    n = _allocations(rng, counties, grassroots, year)
    _work_plans(root, counties, year)
    _say(f"finance: terms and 24 months of the 2% for every unit ({n:,} rows); work plans", t, timings)

    t = time.perf_counter()
    rows = _member_history()
    _say(f"members' history ({rows:,} rows)", t, timings)

    t = time.perf_counter()
    connection.close()  # VACUUM cannot run inside a transaction block; a fresh connection holds none
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    _say("VACUUM ANALYZE", t, timings)
    return Province(root=root, cities=cities, counties=counties, units=grassroots, branches=branches, year=year,
                    requests=requests)


def find_province(requests: int = 20):
    """The province built earlier in this database, as build_province returned it."""
    from _province_common import Province
    from django.utils import timezone

    from unionadmin.models import Organisation

    root = Organisation.objects.get(name=ROOT_NAME, parent__isnull=True)
    under = Organisation.objects.subtree_of(root, include_self=False).order_by("path")
    cities = list(under.filter(level="federation", depth=1))
    counties = list(under.filter(level="federation", depth=2))
    grassroots = list(under.filter(level="grassroots"))
    branches = list(under.filter(level="branch"))
    return Province(root=root, cities=cities, counties=counties, units=grassroots, branches=branches,
                    year=timezone.localdate().year, requests=requests)


# --- organisations ------------------------------------------------------------------------
def _federations():
    from django.db import transaction

    from unionadmin.models import Organisation

    with transaction.atomic():
        root = Organisation.objects.create(name=ROOT_NAME, short_name="测试省总", level="federation",
                                           document_code="测省工发")
        cities, counties, industries = [], [], []
        for c in range(CITIES):
            city = Organisation.objects.create(name=f"测试省第{c + 1:02d}市总工会", short_name=f"{c + 1:02d}市总",
                                               level="federation", parent=root, document_code=f"测{c + 1:02d}工发")
            cities.append(city)
            for k in range(COUNTIES_PER_CITY):
                number = c * COUNTIES_PER_CITY + k + 1
                county = Organisation.objects.create(
                    name=f"测试省第{c + 1:02d}市第{number:03d}县总工会", short_name=f"{number:03d}县总",
                    level="federation", parent=city, document_code=f"测{number:03d}工发")
                counties.append(county)
                industries += [Organisation.objects.create(name=f"{number:03d}县{system}工会", level="industry",
                                                           parent=county)
                               for system in ("教育", "卫生", "工业", "商贸", "建设")[:INDUSTRIES_PER_COUNTY]]
    return root, cities, counties, industries


def _units(rng, counties, industries, units: int, members: int):
    """The grassroots unions and their branches by COPY, their paths as ``save`` writes them;
    returns them (as model instances, in path order) and each unit's share of the members."""
    from django.db import connection, transaction

    from unionadmin.models import Organisation
    from unionadmin.models.organisation import SEGMENT_WIDTH

    def segment(pk):
        return f"{pk:0{SEGMENT_WIDTH}d}/"

    under = {county.pk: [i for i in industries if i.parent_id == county.pk] for county in counties}
    weights = [rng.choice((1, 1, 2, 2, 3, 4, 6)) for _ in range(units)]
    share = members / sum(weights)  # members per weight (a unit holds 2 places per weight, its branch 1)
    unit_rows, branch_rows = [], []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('unionadmin_organisation', 'id')) "
                       "FROM generate_series(1, %s)", [2 * units])
        ids = [pk for (pk,) in cursor.fetchall()]
        for n in range(units):
            county = counties[n % len(counties)]
            number = n // len(counties)
            parent = under[county.pk][n % INDUSTRIES_PER_COUNTY] if n % 2 else county
            category, sectors, _w = rng.choices(CATEGORIES, weights=[w for *_x, w in CATEGORIES])[0]
            expected = share * weights[n]
            unit_id, branch_id = ids[2 * n], ids[2 * n + 1]
            path = parent.path + segment(unit_id)
            label = f"{county.short_name[:3]}县{number:03d}"
            unit_rows.append(dict(
                id=unit_id, name=f"{label}单位工会", short_name=f"单位{label}", level="grassroots",
                parent_id=parent.pk, path=path, depth=path.count("/") - 1, category=category,
                sector=rng.choice(sectors), employee_count=max(5, round(expected * rng.uniform(1.03, 1.35))),
                founded_on=datetime.date(1985, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 38)),
                chair_name="主席", phone=f"0{rng.randrange(10**9, 10**10)}"))
            branch_path = path + segment(branch_id)
            branch_rows.append(dict(id=branch_id, name=f"{label}一车间分会", level="branch", parent_id=unit_id,
                                    path=branch_path, depth=branch_path.count("/") - 1))
        _copy(cursor, Organisation, unit_rows + branch_rows)
        history = Organisation.history.model
        columns = [f.column for f in history._meta.concrete_fields if f.attname != "history_id"
                   and not f.attname.startswith("history_")]
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        cursor.execute(
            f"INSERT INTO {history._meta.db_table} ({quoted}, history_date, history_type) "
            f"SELECT {quoted}, %s, '+' FROM unionadmin_organisation WHERE id = ANY(%s)",
            [datetime.datetime.combine(SYSTEM_SINCE, datetime.time(9), tzinfo=datetime.timezone.utc), ids])
    by_id = Organisation.objects.in_bulk(ids)
    grassroots = [by_id[row["id"]] for row in unit_rows]
    branches = [by_id[row["id"]] for row in branch_rows]
    order = sorted(range(units), key=lambda i: grassroots[i].path)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE unionadmin_organisation")
    return [grassroots[i] for i in order], [branches[i] for i in order], [weights[i] for i in order]


def _copy(cursor, model, rows: list[dict]):
    """COPY rows ({attname: value}, ``id`` included) into the model's table; every other column
    gets the field's default, as the ORM would write it."""
    from members.imports.writing import copy_rows

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    copy_rows(cursor, model._meta.db_table, ["id", *(f.column for f in fields)],
              ([row["id"], *(row.get(f.attname, defaults[f.attname]) for f in fields)] for row in rows))


# --- members ------------------------------------------------------------------------------
def _members(grassroots, branches, weights, count: int):
    """``count`` members, each unit holding twice its weight and its branch its weight."""
    from roster import load_members

    places = []
    for unit, branch, weight in zip(grassroots, branches, weights):
        places += [unit] * (2 * weight) + [branch] * weight
    for start in range(0, count, MEMBER_CHUNK):
        t = time.perf_counter()
        load_members(min(MEMBER_CHUNK, count - start), places, start=start)
        print(f"    members {start + MEMBER_CHUNK if start + MEMBER_CHUNK < count else count:,}/{count:,} "
              f"({time.perf_counter() - t:.1f} s)", flush=True)


def _member_history() -> int:
    """Members' history as django-simple-history writes it: a creation row per member (dated
    when the member was entered: the joining day, or the day the province's records were
    first entered for those who joined before), for one member in five a later change of
    mobile number, and for one in ten a second change (post). The newest row of each member
    is the member as it stands; the older rows hold the old values. Written by INSERT …
    SELECT, so nothing crosses the wire."""
    from django.db import connection

    from members.models import Member

    history = Member.history.model
    table = history._meta.db_table
    columns = [f.column for f in history._meta.concrete_fields if f.attname != "history_id"
               and not f.attname.startswith("history_")]
    old = {"phone": "CASE WHEN m.id %% 5 = 0 THEN '139' || substr(m.phone, 4) ELSE m.phone END",
           "post": "CASE WHEN m.id %% 10 = 0 THEN '见习' || m.post ELSE m.post END"}
    created = ("((LEAST(GREATEST(m.joined_on, DATE %(since)s + (m.id %% 400)::int), CURRENT_DATE - 60) "
               "+ TIME '09:00' + (m.id %% 480)::int * INTERVAL '1 minute') AT TIME ZONE 'Asia/Shanghai')")
    first = f"LEAST({created} + (30 + m.id %% 700)::int * INTERVAL '1 day', now() - INTERVAL '20 days')"
    second = f"LEAST({first} + (10 + m.id %% 300)::int * INTERVAL '1 day', now() - INTERVAL '1 hour')"

    def select(values: dict, date: str, kind: str, where: str) -> str:
        chosen = ", ".join(values.get(c, f"m.{connection.ops.quote_name(c)}") for c in columns)
        return (f"INSERT INTO {table} ({', '.join(connection.ops.quote_name(c) for c in columns)}, "
                f"history_date, history_type) SELECT {chosen}, {date}, '{kind}' "
                f"FROM {Member._meta.db_table} m {where} ORDER BY m.id")

    params = {"since": SYSTEM_SINCE.isoformat()}
    rows = 0
    with connection.cursor() as cursor:
        for sql in (select(old, created, "+", ""),
                    select({"post": old["post"]}, first, "~", "WHERE m.id % 5 = 0".replace("%", "%%")),
                    select({}, second, "~", "WHERE m.id % 10 = 0".replace("%", "%%"))):
            cursor.execute(sql, params)
            rows += cursor.rowcount
    return rows


# --- activity -----------------------------------------------------------------------------
def _activity(counties, grassroots, branches, year: int) -> dict:
    import _county_activity

    by_county = {county.pk: ([], []) for county in counties}
    county_of = {}
    for county in counties:
        county_of[county.path] = county.pk
    for unit, branch in zip(grassroots, branches):
        county_path = "/".join(unit.path.split("/")[:3]) + "/"
        units_of, branches_of = by_county[county_of[county_path]]
        units_of.append(unit)
        branches_of.append(branch)
    # load_activity ANALYZEs every table it wrote, which is right for one county but, repeated
    # 130 times over tables that keep growing, took most of the time (5 s a county by the 80th
    # of them); here the counties' tables are analysed every 20 counties and by the final VACUUM ANALYZE.
    written: set = set()

    class Unanalysed(_county_activity.County):
        def _count(self, model, n):
            super()._count(model, n)
            written.update(self.tables)
            self.tables.clear()

    plain = _county_activity.County
    _county_activity.County = Unanalysed
    added: dict = {}
    try:
        for n, county in enumerate(counties):
            t = time.perf_counter()
            # Each county has its own staff: the module names its four people after PREFIX.
            _county_activity.PREFIX = f"activity_{n:03d}_"
            units_of, branches_of = by_county[county.pk]
            for label, rows in _county_activity.load_activity(county, units_of, branches_of, year,
                                                              seed=11 + n).items():
                added[label] = added.get(label, 0) + rows
            if n % 20 == 0:
                _analyse(written)
            if n % 10 == 0 or n == len(counties) - 1:
                print(f"    county {n + 1}/{len(counties)} ({len(units_of)} units, {time.perf_counter() - t:.1f} s)",
                      flush=True)
    finally:
        _county_activity.County = plain
        _county_activity.PREFIX = "activity_"
    _analyse(written)
    return {label.split(".")[-1]: rows for label, rows in added.items()}


def _analyse(tables):
    from django.db import connection

    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _allocations(rng, counties, grassroots, year: int) -> int:
    """Every unit's 2% terms and its allocation for each month of last year and this one
    (the months begun so far), as bench/finance_allocation.py keeps them for a county."""
    from _county_activity import County
    from django.db import connection
    from django.utils import timezone

    from finance.models.allocation import FUNDS_RATE, Allocation, AllocationTerms, CollectionMode

    today = timezone.localdate()
    writer = County(federation=counties[0], units=grassroots, year=year, today=today,
                    latest=timezone.now() - datetime.timedelta(minutes=1), tz=timezone.get_current_timezone(),
                    branch_of={})
    modes = list(CollectionMode.values)
    writer.copy(AllocationTerms, [dict(organisation_id=u.pk, mode=rng.choice(modes), small_payer=rng.random() < 0.1,
                                       bank_account=f"6222{rng.randrange(10**14):015d}") for u in grassroots])
    rows = 0
    for start in range(0, len(grassroots), 1000):
        allocations = []
        for union in grassroots[start:start + 1000]:
            payroll = Decimal(union.employee_count * rng.choice([4200, 5100, 6300]))
            due = (payroll * FUNDS_RATE).quantize(Decimal("0.01"))
            for y in (year - 1, year):
                for month in range(1, 13):
                    day = datetime.date(y, month, 1)
                    if day > today:
                        break
                    paid_on, returned_on = day + datetime.timedelta(25), day + datetime.timedelta(50)
                    paid = (due if rng.random() < 0.85 else (due * Decimal("0.5")).quantize(Decimal("0.01"))
                            ) if paid_on <= today else Decimal("0")
                    returned = (paid * Decimal("0.6")).quantize(Decimal("0.01")) if returned_on <= today else Decimal(0)
                    allocations.append(dict(
                        organisation_id=union.pk, period=day, mode=CollectionMode.TAX_FULL, payroll=payroll, due=due,
                        paid=paid, paid_on=paid_on if paid else None, returned=returned,
                        returned_on=returned_on if returned else None))
        writer.copy(Allocation, allocations)
        rows += len(allocations)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE finance_allocation")
        cursor.execute("ANALYZE finance_allocationterms")
    return rows + len(grassroots)


def _work_plans(root, counties, year: int):
    """The province's and every county's issued work plan, setting the membership-rate target
    (as bench/dashboard.py's county has)."""
    from django.utils import timezone

    from planning.models import PlanItem, PlanTarget, WorkPlan

    for issuer in [root, *counties]:
        plan = WorkPlan.objects.create(
            issuer=issuer, year=year, title="工作要点", state=WorkPlan.State.ISSUED, sequence=1,
            organ_code=issuer.document_code or "测工发", number_year=year,
            signing_date=datetime.date(year, 2, 20), approved_at=timezone.now(), issued_at=timezone.now())
        PlanTarget.objects.create(item=PlanItem.objects.create(plan=plan, heading="入会"),
                                  indicator_code="membership_rate", target_value=Decimal("95"))
