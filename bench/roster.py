#!/usr/bin/env python
"""Benchmark of the roster page (issue 4). Run by ``make bench``, or on its own:

    .venv/bin/python bench/roster.py [--members 100000] [--units 500] [--requests 60] [--no-write]

It works in a TEMPORARY database (``bench_ua_roster``, created from the migrations and
dropped at the end): a county federation, 5 industry unions, ``--units`` grassroots unions
(each with a branch) and ``--members`` members spread over them (COPY, no history: the page
does not read it). It then requests the roster through Django's test client, in process,
as the federation administrator (whole county in scope) and as one union's officer, for
several filters and searches, and reports per scenario the server time per request (median
and p95 of ``--requests``) and the number of SQL queries, also at 1,000 members to show it
does not grow. Results go to docs/benchmarks.md (its block in "## Members") and to stdout.
"""
from __future__ import annotations

import argparse
import datetime
import random
import statistics
import time

from _members_common import bench_database, machine, machine_line, verdict, write_section

BENCH_DB = "bench_ua_roster"
GOALS = {"median_ms": 50.0, "p95_ms": 100.0}


def build_county(units: int):
    from unionadmin.models import Organisation

    federation = Organisation.objects.create(name="测试县总工会", level="federation")
    industries = [Organisation.objects.create(name=f"测试系统{n}工会", level="industry", parent=federation)
                  for n in range(5)]
    grassroots, branches = [], []
    for n in range(units):
        union = Organisation.objects.create(
            name=f"测试单位{n:03d}工会", short_name=f"单位{n:03d}", level="grassroots",
            parent=industries[n % 5] if n % 2 else federation, category="enterprise", employee_count=220)
        grassroots.append(union)
        branches.append(Organisation.objects.create(name=f"单位{n:03d}一车间分会", level="branch", parent=union))
    return federation, industries, grassroots, branches


def load_members(count: int, unions: list, start: int = 0, seed: int = 7):
    from django.db import connection, transaction

    from members.imports.checking import _BLANK_MEMBER, MEMBER_COLUMNS
    from members.imports.writing import copy_rows
    from members.validators import id_check_character

    rng = random.Random(seed + start)
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
    rows = []
    for i in range(start, start + count):
        born = datetime.date(1966, 1, 1) + datetime.timedelta(days=(i * 37) % (365 * 37))
        first17 = f"51{(i // 1000) % 10000:04d}{born:%Y%m%d}{i % 1000:03d}"
        id_number = first17 + id_check_character(first17)
        row = dict(_BLANK_MEMBER)
        row.update(
            union_id=unions[i % len(unions)].pk, name=rng.choice(surnames) + rng.choice(given) + rng.choice(given),
            gender="male" if int(id_number[16]) % 2 else "female", id_number=id_number, birth_date=born,
            phone=f"13{rng.randrange(10**8, 10**9):09d}", employer="测试单位", post="职员",
            employment_type=rng.choice(["regular", "regular", "regular", "dispatched", "migrant"]),
            joined_on=datetime.date(2000 + i % 25, 1 + i % 12, 1 + i % 28), card_number=f"C{i:07d}",
            status="retired" if i % 23 == 0 else "active", is_model_worker=i % 97 == 0, is_cadre=i % 41 == 0,
        )
        rows.append(row)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('members_member', 'id')) FROM generate_series(1, %s)",
                       [count])
        ids = [r[0] for r in cursor.fetchall()]
        columns = ["id", *MEMBER_COLUMNS]
        copy_rows(cursor, "members_member", columns, ([pk] + [row[c] for c in MEMBER_COLUMNS]
                                                      for pk, row in zip(ids, rows)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_member")
        cursor.execute("ANALYZE unionadmin_organisation")


def matching(user, params) -> int:
    from django.http import QueryDict

    from members.filters import MemberFilter
    from members.models import Member

    query = QueryDict(mutable=True)
    query.update({k: str(v) for k, v in params.items() if k != "page"})
    return MemberFilter(query or None, queryset=Member.objects.visible_to(user), user=user).qs.count()


def measure(client, url, params, n, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm: caches, the plan cache, the session
        assert client.get(url, params).status_code == 200
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    total = matching(user, params)
    times.sort()
    return {"median": statistics.median(times), "p95": times[max(int(len(times) * 0.95) - 1, 0)],
            "max": times[-1], "queries": len(queries), "rows": total}


def scenarios(industries, grassroots):
    unit = grassroots[7]
    return [
        ("fed", "whole county, first page (unit, then name)", {}),
        ("fed", "search a name (“张伟”)", {"q": "张伟"}),
        ("fed", "search a surname (“王”)", {"q": "王"}),
        ("fed", "search the last 4 of an ID number", {"q": "0421"}),
        ("fed", "search a card number", {"q": "C0012345"}),
        ("fed", "one industry union's subtree, women, current members", {"within": industries[1].pk,
                                                                          "gender": "female", "status": "active"}),
        ("fed", "migrant workers who joined in 2015, latest first", {"employment_type": "migrant",
                                                                      "joined_year": 2015, "sort": "-joined"}),
        ("fed", "page 40 of the whole county, by name", {"sort": "name", "page": 40}),
        ("fed", "model workers", {"is_model_worker": "true"}),
        ("officer", "one union's officer, first page", {}),
        ("officer", "one union's officer, search “李”", {"q": "李"}),
        ("fed", "one unit with its branch", {"within": unit.pk}),
    ]


def report(m, started, args, results, growth) -> str:
    worst_median = max(r["median"] for _, _, r in results)
    worst_p95 = max(r["p95"] for _, _, r in results)
    lines = [
        "### Roster page (`bench/roster.py`)",
        "",
        machine_line(m, started) + f" {args.members:,} members in {args.units} grassroots unions (each with a "
        "branch) under 5 industry unions; Django's test client in process (middleware, session, scoping, "
        f"filters, template: the whole server side), {args.requests} requests per row after 3 to warm up.",
        "",
        "| who, what | matching members | median | p95 | SQL queries |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for who, label, r in results:
        who_text = "federation admin" if who == "fed" else "union officer"
        lines.append(f"| {who_text}: {label} | {r['rows']:,} | {r['median']:.1f} ms | {r['p95']:.1f} ms | "
                     f"{r['queries']} |")
    lines += [
        "",
        f"Goals (issue 4): median ≤ 50 ms {verdict(worst_median <= GOALS['median_ms'])} (slowest row "
        f"{worst_median:.1f} ms), p95 ≤ 100 ms {verdict(worst_p95 <= GOALS['p95_ms'])} (slowest row "
        f"{worst_p95:.1f} ms). Query count constant: the first page costs {growth[0]} queries at 1,000 members and "
        f"{growth[1]} at {args.members:,} {verdict(growth[0] == growth[1])}.",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    started = datetime.datetime.now(datetime.timezone.utc)
    with bench_database(BENCH_DB):
        from django.test import Client

        from unionadmin.models import RoleAssignment, User

        m = machine()
        print("building the county …", flush=True)
        federation, industries, grassroots, branches = build_county(args.units)
        fed_user = User.objects.create_user("fed", password="x")
        RoleAssignment.objects.create(user=fed_user, organisation=federation, role="federation_admin")
        officer = User.objects.create_user("officer", password="x")
        RoleAssignment.objects.create(user=officer, organisation=grassroots[7], role="union_officer")
        clients = {"fed": Client(), "officer": Client()}
        clients["fed"].force_login(fed_user)
        clients["officer"].force_login(officer)
        places = [u for pair in zip(grassroots, branches) for u in (pair[0], pair[0], pair[1])]
        load_members(1000, places)
        users = {"fed": fed_user, "officer": officer}
        small = measure(clients["fed"], "/members/", {}, 3, fed_user)["queries"]
        print(f"loading {args.members:,} members …", flush=True)
        load_members(args.members - 1000, places, start=1000)
        results = []
        for who, label, params in scenarios(industries, grassroots):
            r = measure(clients[who], "/members/", params, args.requests, users[who])
            results.append((who, label, r))
            print(f"    {label}: {r['rows']} rows, median {r['median']:.1f} ms, p95 {r['p95']:.1f} ms, "
                  f"{r['queries']} queries", flush=True)
        section = report(m, started, args, results, (small, results[0][2]["queries"]))
        print(section)
        if not args.no_write:
            write_section("bench/roster.py", section)


if __name__ == "__main__":
    main()
