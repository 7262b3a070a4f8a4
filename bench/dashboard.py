#!/usr/bin/env python
"""Benchmark of the federation dashboard (issue 9). On its own:

    .venv/bin/python bench/dashboard.py [--members 200000] [--units 1000] [--requests 20] [--no-write]

It works in a TEMPORARY database (``bench_ua_dashboard``, created from the migrations and
dropped at the end): a county federation, 5 industry unions, ``--units`` grassroots unions
(each with a branch) and ``--members`` members (COPY, as bench/roster.py builds them), and
an issued work plan setting the membership-rate target. It requests the federation's
dashboard (every registered indicator, this year and last, the charts of the membership
rate) and the membership-rate drill-down through Django's test client, in process, as the
federation administrator, first with the figures cache off (every request computes every
figure), then with the 5-minute cache on, and reports server time (median, p95) and SQL
query count. Results go to docs/benchmarks.md (its own block) and to stdout.
"""
from __future__ import annotations

import argparse
import datetime
import statistics
import time
from pathlib import Path

from _members_common import BASE_DIR, machine, machine_line, setup_django, verdict
from roster import build_county, load_members

BENCH_DB = "bench_ua_dashboard"
GOAL_MS = 300.0


def measure(client, url, params, n):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        assert client.get(url, params).status_code == 200
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    times.sort()
    return {"median": statistics.median(times), "p95": times[max(int(round(len(times) * 0.95)) - 1, 0)],
            "max": times[-1], "queries": len(queries)}


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
    setup_django(BENCH_DB)
    from django.conf import settings
    from django.db import connection, connections

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from decimal import Decimal

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
        build_s = time.perf_counter() - t0
        dashboard = f"/dashboard/{federation.pk}/"
        drill = f"/dashboard/{federation.pk}/indicator/membership_rate/"
        scenarios = [
            ("federation dashboard (every indicator, membership-rate charts)", dashboard, {}),
            ("federation dashboard, enterprise units only (tiles added up per unit)", dashboard,
             {"category": "enterprise"}),
            ("federation dashboard, one industry union's part of the tree", dashboard, {"within": industries[1].pk}),
            ("membership-rate drill-down, all units worst first", drill, {}),
        ]
        results = []
        for cached, mode in [(0, "cold (cache off)"), (300, "warm (5-minute cache)")]:
            settings.DASHBOARD_CACHE_SECONDS = cached
            for label, url, params in scenarios:
                r = measure(client, url, params, args.requests)
                results.append((f"{label}, {mode}", r))
                print(f"    {label}, {mode}: median {r['median']:.0f} ms, p95 {r['p95']:.0f} ms, "
                      f"{r['queries']} queries", flush=True)
        cold, warm = results[0][1], results[len(scenarios)][1]
        lines = [
            "## Dashboard (`bench/dashboard.py`)",
            "",
            f"Goal (issue 9): the federation dashboard ≤ {GOAL_MS:.0f} ms over {args.units:,} grassroots units "
            f"(each with a branch) and {args.members:,} members; a query count that does not grow with the "
            f"number of units (pinned by tests/unionadmin/test_dashboard.py at 5 vs 40 units). "
            f"{len(list(registry))} registered indicators. "
            f"Server time in process through django.test.Client, {args.requests} requests per row after 2 warm-up "
            f"requests; county built in {build_s:.0f} s.",
            "",
            f"- {machine_line(m, started)}",
            "",
            "| page | median ms | p95 ms | max ms | SQL queries |",
            "| --- | ---: | ---: | ---: | ---: |",
            *[f"| {label} | {r['median']:.0f} | {r['p95']:.0f} | {r['max']:.0f} | {r['queries']} |"
              for label, r in results],
            "",
            f"Result for the federation dashboard: computed fresh, median {cold['median']:.0f} ms, p95 "
            f"{cold['p95']:.0f} ms {verdict(cold['p95'] <= GOAL_MS)}; from the 5-minute cache (the first visit "
            f"after expiry pays the cold price), median {warm['median']:.0f} ms, p95 {warm['p95']:.0f} ms "
            f"{verdict(warm['p95'] <= GOAL_MS)} (goal ≤ {GOAL_MS:.0f} ms). The cache holds raw measurements per "
            "organisation, indicator and year and is invalidated by expiry only "
            "(settings.DASHBOARD_CACHE_SECONDS); the page says figures may be that old.",
        ]
        section = "\n".join(lines)
        print(section)
        if not args.no_write:
            write_block(section)
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
