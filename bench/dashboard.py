#!/usr/bin/env python
"""Benchmark of the federation dashboard (issue 9). On its own:

    .venv/bin/python bench/dashboard.py [--members 200000] [--units 1000] [--requests 20] [--no-write]

It works in a TEMPORARY database (``bench_ua_dashboard``, created from the migrations and
dropped at the end): a county federation, 5 industry unions, ``--units`` grassroots units
(each with a branch), ``--members`` members (COPY, as bench/roster.py builds them), a year of
activity in every other app for this year and last (bench/_county_activity.py: hardship
files, grants, contracts, congress sessions and proposals, competitions, rationalisation
proposals, assessment results) and an issued work plan setting the membership-rate target;
then VACUUM ANALYZE, as autovacuum would have done after such a load.

It requests the federation's dashboard (every registered indicator, this year and last, five
years of the membership rate's chart) and the membership-rate drill-down through Django's test
client, in process, as the federation administrator, in three states of the indicator cache:
off (every figure counted on every request), after a change (a member is added before each
request, so the members source, the most expensive, is recounted and the rest is read from the
cache) and warm (nothing changed). It reports server time (median, p95), SQL query count and
the ratios between the states. Results go to docs/benchmarks.md (its own block) and stdout.
"""
from __future__ import annotations

import argparse
import datetime
import statistics
import time
from pathlib import Path

from _county_activity import load_activity
from _members_common import BASE_DIR, bench_database, machine, machine_line, verdict
from _province_common import timed
from roster import build_county, load_members

BENCH_DB = "bench_ua_dashboard"
GOAL_MS = 300.0


def source_costs(federation, year, n: int = 5) -> tuple[list, dict]:
    """Where a fresh count's time goes: each registered source's ``count()`` for this year and
    last (median of ``n``, with the rows it returns), then the rest of the tiles' work in
    Python, each part timed on its own: the tree, rolling the rows up into units, and judging
    every indicator's whole. Cache off."""
    from unionadmin.indicators import Tally, registry

    def median_ms(fn):
        fn()
        times = []
        for _ in range(n):
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    years = (year - 1, year)
    sources = []
    for code, source in registry._sources.items():
        rows = sum(len(by_organisation) for by_organisation in source.count(federation, years).values())
        sources.append((code, median_ms(lambda source=source: source.count(federation, years)), rows))
    sources.sort(key=lambda row: -row[1])
    indicators = list(registry)
    pairs = {(code, y) for indicator in indicators for code in indicator.sources for y in years}

    def counted():
        tally = Tally(federation)
        tally._count(pairs)  # the tree is read on the way
        return tally

    def judged(tally):
        tally._measured.clear()
        for indicator in indicators:
            for y in years:
                tally._measure(indicator, y)

    parts = {"tree": median_ms(lambda: Tally(federation).tree)}
    parts["counting and rolling up"] = median_ms(counted)
    parts["rolling up (counting and rolling up less the sources)"] = max(
        parts["counting and rolling up"] - parts["tree"]
        - sum(ms for code, ms, _rows in sources if any(c == code for c, _y in pairs)), 0.0)
    tally = counted()
    parts["judging every indicator's whole, this year and last"] = median_ms(lambda: judged(tally))
    return sources, parts


def write_block(section: str):
    path = BASE_DIR / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    begin, end = "<!-- bench/dashboard.py: begin", "<!-- bench/dashboard.py: end -->"
    block = f"{begin} (generated; edit the script, not this section) -->\n{section.rstrip()}\n{end}\n"
    if begin in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end) + 1:]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    Path(path).write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    started = datetime.datetime.now(datetime.timezone.utc)
    with bench_database(BENCH_DB):
        from decimal import Decimal

        from django.conf import settings
        from django.test import Client
        from django.utils import timezone

        from planning.models import PlanItem, PlanTarget, WorkPlan
        from unionadmin.indicators import registry
        from unionadmin.models import RoleAssignment, User

        m = machine()
        print("building the county …", flush=True)
        t0 = time.perf_counter()
        federation, industries, grassroots, branches = build_county(args.units)
        year = timezone.localdate().year
        plan = WorkPlan.objects.create(
            issuer=federation, year=year, title="工作要点", state=WorkPlan.State.ISSUED, sequence=1,
            organ_code="测工发", number_year=year, signing_date=datetime.date(year, 2, 20),
            approved_at=timezone.now(), issued_at=timezone.now())
        PlanTarget.objects.create(item=PlanItem.objects.create(plan=plan, heading="入会"),
                                  indicator_code="membership_rate", target_value=Decimal("95"))
        user = User.objects.create_user("fed", password="x")
        RoleAssignment.objects.create(user=user, organisation=federation, role="federation_admin")
        client = Client()
        client.force_login(user)
        places = [u for pair in zip(grassroots, branches) for u in (pair[0], pair[0], pair[1])]
        print(f"loading {args.members:,} members …", flush=True)
        load_members(args.members, places)
        print("adding a year of activity in every app …", flush=True)
        activity = load_activity(federation, grassroots, branches, year)
        dashboard = f"/dashboard/{federation.pk}/"
        drill = f"/dashboard/{federation.pk}/indicator/membership_rate/"
        scenarios = [
            ("federation dashboard (every indicator, membership-rate charts)", dashboard, {}),
            ("federation dashboard, enterprise units only (tiles added up per unit)", dashboard,
             {"category": "enterprise"}),
            ("federation dashboard, one industry union's part of the tree", dashboard, {"within": industries[1].pk}),
            ("membership-rate drill-down, all units worst first", drill, {}),
        ]
        from django.db import connection as db

        with db.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        build_s = time.perf_counter() - t0
        added = iter(range(1000))

        def add_member():
            from members.models import Member
            from members.validators import id_check_character

            n = next(added)
            first17 = f"11010119900307{n:03d}"
            Member.objects.create(union=grassroots[n % len(grassroots)], name="新会员", gender="female",
                                  id_number=first17 + id_check_character(first17), joined_on=datetime.date(year, 1, 2))

        results = {}
        states = [("cold", 0, None), ("after a change", 86400, add_member), ("warm", 86400, None)]
        for state, seconds, before_each in states:
            settings.INDICATOR_CACHE_SECONDS = seconds
            for label, url, params in scenarios:
                r = timed(client, url, params, args.requests, before_each)
                results[(label, state)] = r
                print(f"    {label}, {state}: median {r['median']:.0f} ms, p95 {r['p95']:.0f} ms, "
                      f"{r['queries']} queries", flush=True)
        # Side by side: the tiles counted one indicator at a time (as the first dashboard asked
        # each indicator for itself) and through one Tally (each source counted once).
        from unionadmin.dashboard import tiles_for
        from unionadmin.indicators import Tally

        settings.INDICATOR_CACHE_SECONDS = 0

        def one_at_a_time():
            for indicator in registry:
                indicator.measure(federation, year), indicator.measure(federation, year - 1)

        side = {}
        for name, fn in [("one indicator at a time", one_at_a_time),
                         ("one Tally", lambda: tiles_for(Tally(federation), year))]:
            fn()
            times = []
            for _ in range(7):
                t1 = time.perf_counter()
                fn()
                times.append((time.perf_counter() - t1) * 1000)
            side[name] = statistics.median(times)
            print(f"    every tile, {name}: median {side[name]:.0f} ms", flush=True)
        sources, parts = source_costs(federation, year)
        for code, ms, rows in sources:
            print(f"    source {code}: median {ms:.1f} ms, {rows:,} rows", flush=True)
        for part, ms in parts.items():
            print(f"    {part}: median {ms:.1f} ms", flush=True)
        main_label = scenarios[0][0]
        cold, changed, warm = (results[(main_label, state)] for state, _s, _f in states)
        state_names = {"cold": "cache off", "after a change": "a member added before each request",
                       "warm": "nothing changed"}
        lines = [
            "## Dashboard (`bench/dashboard.py`)",
            "",
            f"Goal (issue 9): the federation dashboard ≤ {GOAL_MS:.0f} ms over {args.units:,} grassroots units "
            f"(each with a branch) and {args.members:,} members; a query count that does not grow with the "
            f"number of units (pinned by tests/unionadmin/test_dashboard.py at 5 vs 40 units). "
            f"{len(list(registry))} registered indicators. The county also holds a year of activity in every app "
            f"({', '.join(f'{n:,} {label}' for label, n in activity.items())}). "
            f"Server time in process through django.test.Client, {args.requests} requests per row after 2 warm-up "
            f"requests; county built in {build_s:.0f} s.",
            "",
            f"- {machine_line(m, started)}",
            "",
            "| page | cache | median ms | p95 ms | max ms | SQL queries |",
            "| --- | --- | ---: | ---: | ---: | ---: |",
            *[f"| {label} | {state_names[state]} | {r['median']:.0f} | {r['p95']:.0f} | {r['max']:.0f} | "
              f"{r['queries']} |" for (label, state), r in results.items()],
            "",
            f"Result for the federation dashboard: every figure counted afresh, median {cold['median']:.0f} ms, "
            f"p95 {cold['p95']:.0f} ms {verdict(cold['p95'] <= GOAL_MS)}; the first visit after a change to the "
            f"members (the largest source recounted, the others from the cache) median {changed['median']:.0f} ms, "
            f"p95 {changed['p95']:.0f} ms {verdict(changed['p95'] <= GOAL_MS)}; nothing changed, median "
            f"{warm['median']:.0f} ms, p95 {warm['p95']:.0f} ms {verdict(warm['p95'] <= GOAL_MS)} "
            f"(goal ≤ {GOAL_MS:.0f} ms). Ratios of the medians in this run: after a change ÷ counted afresh "
            f"{changed['median'] / cold['median']:.2f}, nothing changed ÷ counted afresh "
            f"{warm['median'] / cold['median']:.2f}.",
            "",
            f"Side by side in this run, the figures of every tile (this year and last, cache off, in process): "
            f"each indicator measured on its own {side['one indicator at a time']:.0f} ms, one Tally counting each "
            f"source once {side['one Tally']:.0f} ms, "
            f"{side['one indicator at a time'] / side['one Tally']:.1f}× faster.",
            "",
            "Where a fresh count's time goes in this run (cache off, in process, median of 5; each source's "
            "`count()` for this year and last, then the Python parts of the tiles on their own):",
            "",
            "| part | median ms | rows |",
            "| --- | ---: | ---: |",
            *[f"| source `{code}` | {ms:.1f} | {rows:,} |" for code, ms, rows in sources],
            *[f"| {part} | {ms:.1f} | |" for part, ms in parts.items()],
            "",
            "The cache holds each source's figures per subtree, year and day under the change stamps of the "
            "tables the source reads; PostgreSQL writes a new stamp in the transaction of every change "
            "(statement-level triggers, unionadmin/stamps.py), so no request is ever served a figure older "
            "than the records; each indicator's whole (and its parts) is cached the same way under the stamps of "
            "every table its sources read, so a page whose tables did not change adds up no unit.",
        ]
        section = "\n".join(lines)
        print(section)
        if not args.no_write:
            write_block(section)


if __name__ == "__main__":
    main()
