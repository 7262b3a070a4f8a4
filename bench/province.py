#!/usr/bin/env python
"""Benchmark of a province (issue 20): 10,000 grassroots unions and 2 million members on one
database. On its own:

    .venv/bin/python bench/province.py [--units 10000] [--members 2000000] [--requests 20]
                                       [--keep | --reuse] [--database bench_ua_province] [--no-write]

It builds the province in the database ``bench_ua_province`` (bench/_province_build.py: a
provincial federation, 13 city and 130 county federations, the units with their branches, the
members by COPY, a year and a half of activity in every app county by county, the members'
history, VACUUM ANALYZE), says how big it is on disk and which tables are the biggest, then
asks each scenario module (bench/_province_roster.py, bench/_province_dashboard.py,
bench/_province_members_io.py) for its goals, ``measure(province) -> list[Goal]``, and
measures the history tables itself (issue 20 item 5: their size, reading one member's
history, a yearly prune, whether to partition). A module that is missing or fails is reported
as not measured, and the others still run. Results go to docs/benchmarks.md (its own block,
"## Province") and to stdout.

The database is dropped at the end unless ``--keep`` (then ``/tmp/province_ready`` says its
name and size). ``--reuse`` measures the province already in the database without building
it (after ``migrate``, so migrations added since the build apply); it never drops it. A build
refuses to overwrite an existing database: drop it yourself, or use ``--reuse``, or
``--database`` another name for a trial.
"""
from __future__ import annotations

import argparse
import datetime
import importlib
import os
import statistics
import time
import traceback
from pathlib import Path

from _members_common import BASE_DIR, machine, machine_line, verdict
from _province_common import BENCH_DB, Goal

SCENARIOS = ["_province_roster", "_province_dashboard", "_province_members_io"]
READY = Path("/tmp/province_ready")
PRUNE_YEARS = 5
HISTORY_READ_GOAL_MS = 20.0  # one member's history, the member page's query


# --- the database -------------------------------------------------------------------------
def _database_exists(name: str) -> bool:
    import psycopg2
    from django.conf import settings

    params = settings.DATABASES["default"]
    connection = psycopg2.connect(dbname="postgres", user=params["USER"], host=params["HOST"],
                                  port=params["PORT"] or 5432, password=params["PASSWORD"] or None)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        connection.close()


def setup(database: str, reuse: bool, template: str | None = None):
    """Django on ``database``: the existing one (migrated to the code's migrations), or a new one
    created from the migrations, or copied from ``template`` (an empty migrated database) and
    migrated."""
    if reuse or template:
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ["TEST_DATABASE_NAME"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionadmin.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if template and not reuse:
        if _database_exists(database):
            raise SystemExit(f"{database} exists: measure it with --reuse, or drop it yourself first "
                             f"(others may be measuring against it)")
        _create_from(database, template)
    if reuse or template:
        if connection.settings_dict["NAME"] != database:
            raise SystemExit(f"DATABASE_URL in the environment names {connection.settings_dict['NAME']}, "
                             f"not {database}")
        if not _database_exists(database):
            raise SystemExit(f"no database {database} to reuse: build it with --keep first")
        connection.settings_dict["TEST"]["NAME"] = database  # so that drop() finds it
        t = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        print(f"migrated {database} ({time.perf_counter() - t:.1f} s)", flush=True)
        return
    if _database_exists(database):
        raise SystemExit(f"{database} exists: measure it with --reuse, or drop it yourself first "
                         f"(others may be measuring against it)")
    connection.creation.create_test_db(verbosity=0, autoclobber=False, serialize=False, keepdb=False)


def _create_from(database: str, template: str):
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", user="postgres", host="127.0.0.1", port=5432)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
    finally:
        connection.close()


def drop(database: str):
    from django.db import connection, connections

    connections.close_all()
    connection.creation.destroy_test_db(database, verbosity=0, keepdb=False)


def remember_build(database: str, build: str):
    """How the build went, kept with the database (its comment) for a later --reuse's report."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'COMMENT ON DATABASE "{database}" IS %s', [build])


def built_before(database: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                       [database])
        row = cursor.fetchone()
    build = row[0] if row and row[0] else "earlier (how long it took was not recorded)"
    return f"{build}; this run measured the kept database `{database}`"


def sizes(limit: int = 10) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        database = cursor.fetchone()[0]
        cursor.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid), pg_table_size(c.oid), pg_indexes_size(c.oid), "
            "c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public' ORDER BY 2 DESC LIMIT %s", [limit])
        tables = cursor.fetchall()
    return {"database": database, "tables": tables}


def mb(size: float) -> str:
    return f"{size / 1024 / 1024:,.0f} MB" if size < 10 * 1024 ** 3 else f"{size / 1024 ** 3:,.1f} GB"


# --- the history tables (issue 20 item 5) ---------------------------------------------------
def _explain(sql: str, params) -> tuple[float, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        lines = [row[0] for row in cursor.fetchall()]
    execution = next((float(line.split(":")[1].split()[0]) for line in lines if line.startswith("Execution Time")),
                     0.0)
    return execution, "\n".join(lines)


def history(province) -> tuple[list[Goal], dict]:
    """The members' history at this size: on disk, per member; one member's history read as
    the member page reads it; an index-only lookup; a prune of what is older than
    PRUNE_YEARS, timed in a transaction rolled back. Returns the goals and the figures the
    decision (docs/decisions.md) quotes."""
    from django.db import connection, transaction
    from django.db.models import Count

    from members.models import Member
    from unionadmin.templatetags.ui import history_table

    history_model = Member.history.model
    table = history_model._meta.db_table
    facts: dict = {}
    with connection.cursor() as cursor:
        # Imports timed and rolled back before (this run's or an earlier one's) leave dead rows
        # at the table's end until autovacuum comes by: measured as autovacuum leaves it.
        cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid), pg_table_size(c.oid), pg_indexes_size(c.oid), "
            "c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = 'public' AND c.relname LIKE '%%historical%%' ORDER BY 2 DESC")
        tables = cursor.fetchall()
        cursor.execute(f"SELECT count(*), count(DISTINCT id), min(history_date), max(history_date) FROM {table}")
        rows, members_with, oldest, newest = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM members_member")
        members = cursor.fetchone()[0]
    member_table = next(t for t in tables if t[0] == table)
    all_history = sum(t[1] for t in tables)
    facts.update(rows=rows, members=members, oldest=oldest, newest=newest, total=member_table[1],
                 heap=member_table[2], indexes=member_table[3], all_history=all_history, tables=tables[:8])
    per_member = member_table[1] / max(members, 1)
    goals = [Goal(
        name="members' history on disk", goal="reported", met=None,
        figures=f"{rows:,} rows for {members:,} members, {mb(member_table[1])} ({mb(member_table[2])} table, "
                f"{mb(member_table[3])} indexes), {per_member:,.0f} bytes per member; every history table "
                f"together {mb(all_history)}",
        note=f"{rows / max(members, 1):.2f} rows per member, dated {oldest:%Y-%m} to {newest:%Y-%m}")]

    # One member's history as the member page reads it (ui.history_table: the newest 51 rows
    # with their users), for members with one, two and three rows.
    sample = list(Member.objects.filter(pk__in=history_model.objects.values("id").annotate(n=Count("history_id"))
                                        .filter(n__gte=3).values("id")[:1]).values_list("pk", flat=True))
    picks = [m for m in Member.objects.order_by("?").values_list("pk", flat=True)[:province.requests]]
    members_read = [Member.objects.get(pk=pk) for pk in sample + picks]
    for member in members_read[:3]:  # warm the plan cache and the session
        history_table(member)
    times = []
    for member in members_read:
        started = time.perf_counter()
        history_table(member)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    query = members_read[0].history.select_related("history_user").order_by("-history_date", "-history_id")[:51]
    sql, params = query.query.sql_with_params()
    execution, plan = _explain(sql, params)
    p95 = times[max(int(round(len(times) * 0.95)) - 1, 0)]
    facts.update(read_median=statistics.median(times), read_p95=p95, read_execution=execution)
    goals.append(Goal(
        name="one member's history, as the member page reads it (ui.history_table)",
        goal=f"p95 ≤ {HISTORY_READ_GOAL_MS:.0f} ms", met=p95 <= HISTORY_READ_GOAL_MS,
        figures=f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms over {len(times)} members; "
                f"the query {execution:.2f} ms in PostgreSQL",
        note="an index scan on the member's id: the cost does not depend on the table's size",
        explain=plan))

    # The member page itself, history tab included, as the provincial administrator.
    client = province.client_for("federation_admin", province.root)
    from _province_common import timed

    page = timed(client, f"/members/{members_read[0].pk}/", n=province.requests)
    county_client = province.client_for("federation_admin", province.a_county())
    county_member = Member.objects.filter(union__path__startswith=province.a_county().path).first()
    county_page = timed(county_client, f"/members/{county_member.pk}/", n=province.requests)
    goals.append(Goal(
        name="a member's page (history tab included), provincial admin", goal="reported: as at county scale",
        met=None, figures=_figures(page), county=_figures(county_page) + " (county admin)",
        ratio=page["median"] / county_page["median"] if county_page["median"] else None,
        note="the page's own cost (its template and 20-odd small queries), not the table's size"))

    # Index-only: how many changes a member has, from the index on the member's id alone.
    execution_io, plan_io = _explain(f"SELECT count(*) FROM {table} WHERE id = %s", [members_read[1].pk])
    facts.update(index_only=execution_io)
    goals.append(Goal(
        name="a member's number of history rows (index-only scan)", goal="reported", met=None,
        figures=f"{execution_io:.2f} ms in PostgreSQL" + (" (index-only scan)" if "Index Only" in plan_io else
                                                           " (not index-only: see the plan)"),
        explain=plan_io))

    # The yearly prune: rows older than PRUNE_YEARS that a newer row of the same member
    # supersedes (each member keeps the row that says what they are now), timed and rolled back.
    cutoff = f"now() - INTERVAL '{PRUNE_YEARS} years'"
    superseded = f"EXISTS (SELECT 1 FROM {table} newer WHERE newer.id = old.id AND newer.history_id > old.history_id)"
    prune = f"DELETE FROM {table} old WHERE old.history_date < {cutoff} AND {superseded}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE history_date < {cutoff}")
        older = cursor.fetchone()[0]

    def rolled_back(sql):
        """(rows deleted, seconds) of a DELETE run in a transaction that is rolled back."""
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
            rows, seconds = cursor.rowcount, time.perf_counter() - started
            transaction.set_rollback(True)
        return rows, seconds

    pruned, prune_s = rolled_back(prune)
    # One year's share, as a prune run every year would meet it.
    yearly = f"{prune} AND old.history_date >= {cutoff} - INTERVAL '1 year'"
    pruned_year, yearly_s = rolled_back(yearly)
    # The rolled-back deletes marked the pages: vacuum again so the visibility map (and every
    # later index-only scan) is as before, and time that too: it is what autovacuum would do.
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")
    vacuum_s = time.perf_counter() - started
    facts.update(older=older, pruned=pruned, prune_s=prune_s, pruned_year=pruned_year, yearly_s=yearly_s,
                 vacuum_s=vacuum_s)
    goals.append(Goal(
        name=f"pruning the members' history older than {PRUNE_YEARS} years (kept: each member's newest row)",
        goal="reported", met=None,
        figures=f"everything older at once: {pruned:,} of {older:,} older rows in {prune_s:.1f} s; one year's "
                f"share (a yearly run): {pruned_year:,} rows in {yearly_s:.1f} s; rolled back",
        note=f"VACUUM ANALYZE of the table afterwards {vacuum_s:.1f} s"))
    return goals, facts


def partition_trial(samples: int = 20) -> dict:
    """The members' history partitioned by year of history_date, side by side with the table
    as it is: the member page's read (SQL only, ``samples`` members), built and dropped in a
    transaction rolled back. Slow (it copies the table): bench/province.py --partition-trial."""
    from django.db import connection, transaction

    from members.models import Member

    table = Member.history.model._meta.db_table
    read = "SELECT * FROM {table} WHERE id = %s ORDER BY history_date DESC, history_id DESC LIMIT 51"
    figures = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT min(history_date), max(history_date) FROM {table}")
        first, last = cursor.fetchone()
        started = time.perf_counter()
        cursor.execute(f"CREATE TABLE bench_history_by_year (LIKE {table}) PARTITION BY RANGE (history_date)")
        for year in range(first.year, last.year + 1):
            cursor.execute(f"CREATE TABLE bench_history_{year} PARTITION OF bench_history_by_year "
                           f"FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')")
        cursor.execute(f"INSERT INTO bench_history_by_year SELECT * FROM {table}")
        cursor.execute("CREATE INDEX ON bench_history_by_year (id)")
        cursor.execute("ANALYZE bench_history_by_year")
        figures["partitions"] = last.year - first.year + 1
        figures["copy_s"] = time.perf_counter() - started
        cursor.execute(f"SELECT id FROM {table} ORDER BY random() LIMIT %s", [samples])
        members = [pk for (pk,) in cursor.fetchall()]
        for name in (table, "bench_history_by_year"):
            times = []
            for pk in members + members:  # the second round is the one measured: both warm
                execution, plan = _explain(read.format(table=name), [pk])
                times.append(execution)
            times = sorted(times[len(members):])
            figures[name] = {"median": statistics.median(times), "max": times[-1], "plan": plan}
        transaction.set_rollback(True)
    return figures


def _figures(r: dict) -> str:
    return f"median {r['median']:.0f} ms, p95 {r['p95']:.0f} ms, {r['queries']} queries"


# --- the report ---------------------------------------------------------------------------
def run_scenarios(province, names=SCENARIOS) -> list[tuple[str, list[Goal]]]:
    results = []
    for name in names:
        print(f"measuring {name} …", flush=True)
        t = time.perf_counter()
        try:
            module = importlib.import_module(name)
            goals = list(module.measure(province))
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            goals = [Goal(name=f"bench/{name}.py", goal="", met=None, figures=f"not measured: bench/{name}.py "
                                                                             "does not exist yet")]
        except Exception as error:  # noqa: BLE001 - one module's failure must not stop the others
            traceback.print_exc()
            from django.db import connections

            connections.close_all()  # whatever state it left the connection in, the next starts clean
            goals = [Goal(name=f"bench/{name}.py", goal="", met=None,
                          figures=f"not measured: {type(error).__name__}: {str(error).splitlines()[0][:200]}"
                          if str(error) else f"not measured: {type(error).__name__}")]
        print(f"  {name}: {len(goals)} goals in {time.perf_counter() - t:.0f} s", flush=True)
        for goal in goals:
            print(f"    {goal.name}: {goal.figures} {'' if goal.met is None else verdict(goal.met)}", flush=True)
        results.append((name, goals))
    return results


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def report(m, started, args, province, build, size, groups) -> str:
    from members.models import Member

    members = Member.objects.count()
    rows = [goal for _name, goals in groups for goal in goals]
    met = [g for g in rows if g.met is True]
    missed = [g for g in rows if g.met is False]
    lines = [
        "## Province (`bench/province.py`)",
        "",
        f"Issue 20: one database holding a province — a provincial federation, {len(province.cities)} city "
        f"federations, {len(province.counties)} county federations, {len(province.units):,} grassroots unions "
        f"(each with a branch) and {members:,} members, with a year and a half of activity in every app county by "
        "county (as bench/dashboard.py's county has it), two years of every unit's 2% allocation and the members' "
        "change history (bench/_province_build.py). Server time in process through django.test.Client, "
        f"{province.requests} requests per figure after 2 warm-up requests; the county figures are a county "
        "federation of the same province measured in the same run, and the ratio is province ÷ county (medians).",
        "",
        f"- {machine_line(m, started).replace(' Temporary database, dropped afterwards.', '')}",
        f"- Built {build}.",
        f"- On disk: {mb(size['database'])}. The ten biggest tables (table + indexes): " + "; ".join(
            f"`{name}` {mb(total)} ({mb(heap)} + {mb(indexes)}, {tuples:,} rows)"
            for name, total, heap, indexes, tuples in size["tables"]) + ".",
        "",
        "| measured | goal | | province | county, same run | ratio | note |",
        "| --- | --- | :---: | --- | --- | ---: | --- |",
    ]
    for _module, goals in groups:
        for g in goals:
            mark = "" if g.met is None else verdict(g.met)
            ratio = f"{g.ratio:.2f}" if g.ratio is not None else ""
            lines.append(f"| {_cell(g.name)} | {_cell(g.goal)} | {mark} | {_cell(g.figures)} | {_cell(g.county)} | "
                         f"{ratio} | {_cell(g.note)} |")
    # The table's notes say by how much and what would meet each; the summary only names them.
    lines += ["", f"{len(met)} goals met, {len(missed)} missed"
              + (": " + "; ".join(g.name for g in missed) if missed else "") + "."]
    explained = [g for g in rows if g.explain]
    if explained:
        lines += ["", "<details><summary>Query plans (EXPLAIN ANALYZE, this run)</summary>", ""]
        for g in explained:
            lines += [f"**{g.name}**", "", "```", g.explain.rstrip(), "```", ""]
        lines += ["</details>"]
    return "\n".join(lines)


def write_block(section: str):
    path = BASE_DIR / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    begin, end = "<!-- bench/province.py: begin", "<!-- bench/province.py: end -->"
    block = f"{begin} (generated; edit the script, not this section) -->\n{section.rstrip()}\n{end}\n"
    if begin in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end) + 1:]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=2_000_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--database", default=BENCH_DB)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--keep", action="store_true", help="leave the database in place and write /tmp/province_ready")
    group.add_argument("--reuse", action="store_true", help="measure the province already in the database")
    parser.add_argument("--template", help="copy this empty migrated database instead of migrating a new one")
    parser.add_argument("--only", nargs="+", choices=[*SCENARIOS, "history"],
                        help="measure only these (a trial of one part; the block is then not written)")
    parser.add_argument("--partition-trial", action="store_true",
                        help="also time the members' history partitioned by year, side by side (copies the table)")
    parser.add_argument("--build-only", action="store_true", help="build (and keep or drop), measure nothing")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    started = datetime.datetime.now(datetime.timezone.utc)
    setup(args.database, args.reuse, args.template)
    ready = False  # kept and announced: from then on nothing here drops it
    try:
        from _province_build import build_province, find_province

        m = machine()
        if args.reuse:
            province = find_province(args.requests)
            build = built_before(args.database)
        else:
            print(f"building the province in {args.database}: {args.units:,} units, {args.members:,} members …",
                  flush=True)
            timings: dict = {}
            t = time.perf_counter()
            province = build_province(args.units, args.members, args.requests, timings=timings)
            province.requests = args.requests
            build_s = time.perf_counter() - t
            build = (f"in {build_s / 60:.1f} min on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} "
                     "UTC (" + "; ".join(f"{stage} {s:.0f} s" for stage, s in timings.items()) + ")")
            remember_build(args.database, build)
            print(f"built in {build_s:.0f} s", flush=True)
        size = sizes()
        print(f"database {args.database}: {mb(size['database'])}", flush=True)
        for name, total, heap, indexes, tuples in size["tables"]:
            print(f"  {name}: {mb(total)} ({mb(heap)} table + {mb(indexes)} indexes), {tuples:,} rows", flush=True)
        if args.keep and args.database == BENCH_DB:  # a trial under another name announces nothing
            READY.write_text(f"{args.database} {size['database']} ({mb(size['database'])}) "
                             f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC\n")
            print(f"wrote {READY}", flush=True)
        ready = args.keep
        if args.build_only:
            return
        only = args.only or [*SCENARIOS, "history"]
        groups = run_scenarios(province, [name for name in SCENARIOS if name in only])
        print("measuring the history tables …", flush=True)
        try:
            if "history" not in only:
                raise RuntimeError("not asked for (--only)")
            history_goals, facts = history(province)
            print(f"history facts: {facts}", flush=True)
            if args.partition_trial:
                trial = partition_trial(province.requests)
                print(f"partitioned by year, side by side: {trial}", flush=True)
                for name, r in trial.items():
                    if isinstance(r, dict):
                        print(f"{name}: median {r['median']:.3f} ms, max {r['max']:.3f} ms\n{r['plan']}", flush=True)
        except Exception as error:  # noqa: BLE001 - report it with the rest
            traceback.print_exc()
            history_goals = [Goal(name="the history tables", goal="", met=None,
                                  figures=f"not measured: {type(error).__name__}: {error}")]
        for goal in history_goals:
            print(f"    {goal.name}: {goal.figures} {'' if goal.met is None else verdict(goal.met)}", flush=True)
        groups.append(("history", history_goals))
        section = report(m, started, args, province, build, size, groups)
        print(section)
        if not args.no_write and not args.only:
            write_block(section)
    finally:
        if not args.reuse and not ready:
            drop(args.database)


if __name__ == "__main__":
    main()
