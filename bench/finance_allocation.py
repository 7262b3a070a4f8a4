#!/usr/bin/env python
"""Benchmark of the federation's 2% allocation table (issue 17 item 2). Run by ``make bench``, or:

    .venv/bin/python bench/finance_allocation.py [--units 1000] [--runs 30] [--no-write]

It works in a TEMPORARY database (``bench_ua_allocation``, created from the migrations and
dropped at the end): a county federation with ``--units`` grassroots unions, each with its
terms and twelve months of allocations in the year measured and twelve in the year before
(so the year's filter has work to do), and a second federation as large, so the county's rows
are half the table. It then times, as the county's finance officer, the grouped query alone
(``finance.allocation.unit_rows`` read into a list), the whole page through the test client
(``/finance/allocation/?year=…``: the first hundred units, the totals of all of them, the
count for the pages) and ``?print=all`` (every unit on one page, for printing), and the export,
median and p95 of ``--runs`` after 3 to warm up, with their SQL query counts. Results go to
docs/benchmarks.md ("## Finance") and to stdout.
"""
from __future__ import annotations

import datetime
import random
from decimal import Decimal

from _finance_common import arguments, publish, timed
from _members_common import bench_database, machine, machine_line

BENCH_DB = "bench_ua_allocation"
GOAL_MS = 200.0
YEAR = 2025


def build_county(name: str, units: int, seed: int):
    """A federation with ``units`` unions, their terms and 24 months of allocations."""
    from django.db import transaction

    from finance.models.allocation import FUNDS_RATE, Allocation, AllocationTerms, CollectionMode
    from unionadmin.models import Organisation

    rng = random.Random(seed)
    modes = list(CollectionMode.values)
    with transaction.atomic():
        federation = Organisation.objects.create(name=name, level="federation")
        unions = [Organisation.objects.create(name=f"{name}{n:04d}工会", level="grassroots", parent=federation,
                                              category="enterprise", employee_count=rng.randrange(20, 900))
                  for n in range(units)]
        AllocationTerms.objects.bulk_create([
            AllocationTerms(organisation=u, mode=rng.choice(modes), small_payer=rng.random() < 0.1,
                            bank_account=f"6222{rng.randrange(10**14):015d}") for u in unions])
        rows = []
        for union in unions:
            payroll = Decimal(union.employee_count * rng.choice([4200, 5100, 6300]))
            for year in (YEAR - 1, YEAR):
                for month in range(1, 13):
                    due = (payroll * FUNDS_RATE).quantize(Decimal("0.01"))
                    paid = due if rng.random() < 0.85 else (due * Decimal("0.5")).quantize(Decimal("0.01"))
                    day = datetime.date(year, month, 1)
                    rows.append(Allocation(organisation=union, period=day, mode=CollectionMode.TAX_FULL,
                                           payroll=payroll, due=due, paid=paid, paid_on=day + datetime.timedelta(25),
                                           returned=(paid * Decimal("0.6")).quantize(Decimal("0.01")),
                                           returned_on=day + datetime.timedelta(50)))
        Allocation.objects.bulk_create(rows, batch_size=5000)
    return federation


def main():
    args = arguments(__doc__, units=1000)

    started = datetime.datetime.now(datetime.timezone.utc)
    with bench_database(BENCH_DB):
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client

        from finance.allocation import unit_rows
        from unionadmin.models import RoleAssignment
        from unionadmin.roles import Role

        m = machine()
        print(f"building 2 × {args.units:,} units with 24 months each …", flush=True)
        county = build_county("测试县", args.units, seed=17)
        build_county("邻县", args.units, seed=18)
        with connection.cursor() as cursor:
            for table in ("finance_allocation", "finance_allocationterms", "unionadmin_organisation"):
                cursor.execute(f"ANALYZE {table}")
        user = get_user_model().objects.create_user("bench_finance", password="x")
        RoleAssignment.objects.create(user=user, organisation=county, role=Role.FINANCE_OFFICER)
        client = Client()
        client.force_login(user)

        def query():
            user.__dict__.pop("_role_paths_cache", None)
            return len(list(unit_rows(user, YEAR)))

        def page():
            response = client.get("/finance/allocation/", {"year": YEAR})
            assert response.status_code == 200, response.status_code
            return response.content.decode().count('href="/finance/allocation/units/')

        def page_all():
            response = client.get("/finance/allocation/", {"year": YEAR, "print": "all"})
            assert response.status_code == 200, response.status_code
            return response.content.decode().count('href="/finance/allocation/units/')

        def export():
            response = client.get("/finance/allocation/export/", {"year": YEAR})
            assert response.status_code == 200, response.status_code
            return len(response.content)

        results = [("the grouped query (`unit_rows`, read into a list)", timed(query, args.runs)),
                   ("the page (`/finance/allocation/`: 100 units a page, the totals of all)", timed(page, args.runs)),
                   ("the page with every unit (`?print=all`)", timed(page_all, max(5, args.runs // 3))),
                   ("the XLSX export", timed(export, max(5, args.runs // 3)))]
        for label, r in results:
            print(f"    {label}: {r}", flush=True)
        worst = max(r["p95"] for label, r in results[:2])
        lines_out = [
            "### The 2% allocation table (`bench/finance_allocation.py`)",
            "",
            machine_line(m, started) + f" A county of {args.units:,} unions, each with its terms and 24 months of "
            f"allocations ({YEAR - 1} and {YEAR}), and a second county as large; as the county's finance officer, "
            f"{args.runs} runs per row after 3 to warm up.",
            "",
            "| measured | rows | median | p95 | SQL queries |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for label, r in results:
            lines_out.append(f"| {label} | {r['result']:,} | {r['median']:.1f} ms | {r['p95']:.1f} ms | "
                             f"{r['queries']} |")
        lines_out += [
            "",
            "The rows of the export are its size in bytes; a page's rows are its unit links. One grouped query "
            "(terms joined to the year's allocations only, summed per unit) gives the rows; the count of units "
            "and the totals are two plain queries over the same units and their year's allocations.",
        ]
        publish("bench/finance_allocation.py", lines_out, not args.no_write, goal="the federation's table",
                goal_ms=GOAL_MS, worst=worst, scale=f" over {args.units:,} units")


if __name__ == "__main__":
    main()
