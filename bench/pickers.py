#!/usr/bin/env python
"""Benchmark of the member picker's search (/pick/member/, issue 15 item 7):

    .venv/bin/python bench/pickers.py [--members 100000] [--units 500] [--requests 40]

A TEMPORARY database (``bench_ua_pickers``, dropped at the end) holds the county of
bench/roster.py; the search box's requests go through Django's test client in process as the
federation administrator (whole county) and one union's officer. Per search: the median and
p95 server time, the SQL queries and the rows sent. Printed to stdout only.
"""
from __future__ import annotations

import argparse
import statistics
import time

from _members_common import bench_database, machine, machine_line
from roster import build_county, load_members

BENCH_DB = "bench_ua_pickers"


def measure(client, kind, q, n):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/pick/{kind}/"
    for _ in range(3):
        assert client.get(url, {"q": q}).status_code == 200
    times = []
    for _ in range(n):
        started = time.perf_counter()
        client.get(url, {"q": q})
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        data = client.get(url, {"q": q}).json()
    times.sort()
    return {"median": statistics.median(times), "p95": times[max(int(len(times) * 0.95) - 1, 0)],
            "queries": len(queries), "rows": len(data["results"]), "more": data["more"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()

    import datetime

    started = datetime.datetime.now(datetime.timezone.utc)
    with bench_database(BENCH_DB):
        from django.test import Client

        from members.models import Member
        from unionadmin.models import RoleAssignment, User

        m = machine()
        federation, industries, grassroots, branches = build_county(args.units)
        fed_user = User.objects.create_user("fed", password="x")
        RoleAssignment.objects.create(user=fed_user, organisation=federation, role="federation_admin")
        officer = User.objects.create_user("officer", password="x")
        RoleAssignment.objects.create(user=officer, organisation=grassroots[7], role="union_officer")
        places = [u for pair in zip(grassroots, branches) for u in (pair[0], pair[0], pair[1])]
        load_members(args.members, places)
        sample = Member.objects.filter(union=grassroots[7]).order_by("pk").first()
        clients = {"fed": Client(), "officer": Client()}
        clients["fed"].force_login(fed_user)
        clients["officer"].force_login(officer)
        searches = [
            ("a full name", sample.name), ("a surname", sample.name[0]), ("last 4 of an ID number", sample.id_number[-4:]),
            ("a whole ID number", sample.id_number), ("the start of a card number", sample.card_number[:6]),
            ("last 4 of a mobile", sample.phone[-4:]), ("a whole mobile", sample.phone),
        ]
        print(machine_line(m, started), f"{args.members:,} members, {args.units} grassroots unions;",
              f"{args.requests} requests per row after 3 to warm up.")
        print("| who | search | rows sent (more?) | median | p95 | SQL queries |")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        for who in ("fed", "officer"):
            for label, q in searches:
                r = measure(clients[who], "member", q, args.requests)
                who_text = "federation admin" if who == "fed" else "union officer"
                print(f"| {who_text} | {label} | {r['rows']}{' +' if r['more'] else ''} | {r['median']:.1f} ms | "
                      f"{r['p95']:.1f} ms | {r['queries']} |", flush=True)


if __name__ == "__main__":
    main()
