#!/usr/bin/env python
"""Benchmark of the assessment's results page (issue 8). Run by ``make bench``, or on its own:

    .venv/bin/python bench/assessment_ranking.py [--units 1000] [--requests 60] [--no-write]

It works in a TEMPORARY database (``bench_ua_assessment``, created from the migrations and
dropped at the end): a county federation with ``--units`` grassroots units in the four
categories, a published rubric of 40 items (36 scored items in 6 areas worth 100 points, 2
bonus items, a deduction item and a veto item) and one final sheet per unit with every item
scored and reviewed (``--units`` × 40 item scores, written with bulk inserts: the page does
not read the history). It then requests, through Django's test client in process (middleware,
session, scoping, template: the whole server side):

* the results page as the federation's reviewer before publication (live: totals summed in
  the database, grades and ranks computed per request);
* the same page as a unit's officer after publication (the frozen ``Result`` rows);

and reports the server time per request (median and p95 of ``--requests`` after 3 to warm
up) and the number of SQL queries, also at 10 units to show it does not grow. Publishing
and the XLSX export of everything are timed once. Results go to docs/benchmarks.md (its
block in "## Assessment") and to stdout.
"""
from __future__ import annotations

import argparse
import datetime
import random
import re
import statistics
import time
from decimal import Decimal

from _members_common import BASE_DIR, bench_database, machine, machine_line, verdict

BENCH_DB = "bench_ua_assessment"
GOAL_MS = 200.0
CATEGORIES = ["enterprise", "enterprise", "institution", "organ", "industry"]
D = Decimal


def build_rubric(federation):
    from django.utils import timezone

    from assessment.models import Rubric, RubricArea, RubricItem, RubricVersion

    rubric = Rubric.objects.create(federation=federation, year=2026, title="测试县总工会2026年度目标管理考核细则",
                                   deadline=datetime.date(2026, 12, 15))
    version = RubricVersion.objects.create(rubric=rubric, categories=["organ", "enterprise", "institution",
                                                                      "industry"], bonus_cap=D("5"))
    for a in range(6):
        area = RubricArea.objects.create(version=version, position=a, name=f"考核领域{a + 1}")
        for i in range(6):
            n = a * 6 + i
            RubricItem.objects.create(version=version, area=area, position=i, title=f"考核项目{n + 1}",
                                      maximum=D("3.75") if n < 8 else D("2.5"))
    RubricItem.objects.create(version=version, kind="bonus", position=0, title="省级表彰", maximum=D("3"))
    RubricItem.objects.create(version=version, kind="bonus", position=1, title="市级表彰", maximum=D("2"))
    RubricItem.objects.create(version=version, kind="deduction", position=0, title="迟报材料", maximum=D("2"))
    RubricItem.objects.create(version=version, kind="veto", position=0, title="重大安全事故", maximum=D("0"))
    version.state, version.published_at = "published", timezone.now()
    version.save()
    rubric.current_version = version
    rubric.save()
    assert version.items.count() == 40 and sum(i.maximum for i in version.items.filter(kind="standard")) == 100
    return rubric


def add_units(federation, rubric, start: int, count: int, seed=8):
    """``count`` more grassroots units, each with a final sheet of 40 reviewed scores."""
    from django.db import transaction
    from django.utils import timezone

    from assessment.models import ItemScore, UnitAssessment
    from unionadmin.models import Organisation

    rng = random.Random(seed + start)
    items = list(rubric.current_version.items.all())
    now = timezone.now()
    with transaction.atomic():
        units = [Organisation.objects.create(name=f"测试单位{n:04d}工会", level="grassroots", parent=federation,
                                             category=CATEGORIES[n % len(CATEGORIES)], employee_count=100)
                 for n in range(start, start + count)]
        sheets = UnitAssessment.objects.bulk_create([
            UnitAssessment(rubric=rubric, version=rubric.current_version, unit=unit, state="finalised",
                           submitted_at=now, released_at=now, appeals_close_at=now, finalised_at=now)
            for unit in units])
        scores = []
        for sheet in sheets:
            quality = rng.uniform(0.82, 1.0)
            vetoed = rng.random() < 0.01
            for item in items:
                if item.kind == "veto":
                    scores.append(ItemScore(assessment=sheet, item=item, kind="veto", maximum=item.maximum,
                                            self_vetoed=vetoed, reviewed_vetoed=vetoed, reviewed_at=now))
                    continue
                if item.kind == "standard":
                    share = min(1.0, quality + rng.uniform(-0.05, 0.05))
                    points = (item.maximum * D(str(round(share, 2)))).quantize(D("0.5"))
                else:
                    points = item.maximum if rng.random() < 0.1 else D(0)
                points = min(points, item.maximum)
                scores.append(ItemScore(assessment=sheet, item=item, kind=item.kind, maximum=item.maximum,
                                        self_points=points, reviewed_points=points, reviewed_at=now))
        ItemScore.objects.bulk_create(scores, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("assessment_itemscore", "assessment_unitassessment", "unionadmin_organisation"):
            cursor.execute(f"ANALYZE {table}")
    return units


def measure(client, url, n):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    times.sort()
    return {"median": statistics.median(times), "p95": times[max(int(len(times) * 0.95) - 1, 0)],
            "queries": len(queries), "bytes": len(response.content)}


def write_section(script: str, section: str):
    """Replace this script's block in docs/benchmarks.md, under "## Assessment"."""
    path = BASE_DIR / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n\nFigures measured by the scripts in `bench/`.\n"
    begin, end = f"<!-- {script}: begin", f"<!-- {script}: end -->"
    block = f"{begin} (generated; edit the script, not this section) -->\n{section.rstrip()}\n{end}\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end) + r"\n?", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda m: block, text)
    else:
        if "\n## Assessment\n" not in text:
            text = text.rstrip("\n") + "\n\n## Assessment\n\nFigures for issue 8, from `bench/assessment_ranking.py`.\n"
        head, _, tail = text.partition("\n## Assessment\n")
        match = re.search(r"\n## ", tail)
        part, rest = (tail[:match.start()], tail[match.start():]) if match else (tail, "")
        text = head + "\n## Assessment\n" + part.rstrip("\n") + "\n\n" + block + rest
    path.write_text(text)


def report(m, started, args, rows, small, once) -> str:
    lines = [
        "### Results page (`bench/assessment_ranking.py`)",
        "",
        machine_line(m, started) + f" {args.units:,} grassroots units in 4 categories, one final sheet each on a "
        f"rubric of 40 items ({args.units * 40:,} item scores); Django's test client in process (middleware, "
        f"session, scoping, template: the whole server side), {args.requests} requests per row after 3 to warm up.",
        "",
        "| who, what | units | median | p95 | SQL queries (at 10 units) | page size |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, r in rows:
        lines.append(f"| {label} | {args.units:,} | {r['median']:.1f} ms | {r['p95']:.1f} ms | {r['queries']} "
                     f"({small[label]}) | {r['bytes'] / 1024:.0f} KB |")
    worst = max(r["p95"] for _, r in rows)
    constant = all(r["queries"] == small[label] for label, r in rows)
    growth = ", ".join(f"{small[label]} → {r['queries']}" for label, r in rows)
    lines += [
        "",
        f"Publishing the results (the sums, then {args.units:,} `Result` rows with their history): "
        f"{once['publish']:.2f} s. XLSX of everything ({args.units * 40:,} score rows, 5 sheets): "
        f"{once['xlsx']:.2f} s, {once['xlsx_bytes'] / 1024 / 1024:.1f} MB.",
        "",
        f"Goals (issue 8): server time ≤ {GOAL_MS:.0f} ms {verdict(worst <= GOAL_MS)} (slowest p95 {worst:.1f} ms); "
        f"a constant number of queries {verdict(constant)} "
        f"({growth} from 10 to {args.units:,} units).",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    started = datetime.datetime.now(datetime.timezone.utc)
    with bench_database(BENCH_DB):
        from django.test import Client

        from assessment import exports
        from assessment.services.results import results_publish
        from unionadmin.models import Organisation, RoleAssignment, User

        m = machine()
        federation = Organisation.objects.create(name="测试县总工会", level="federation")
        rubric = build_rubric(federation)
        reviewer = User.objects.create_user("reviewer", password="x")
        RoleAssignment.objects.create(user=reviewer, organisation=federation, role="federation_reviewer")
        admin = User.objects.create_user("admin", password="x")
        RoleAssignment.objects.create(user=admin, organisation=federation, role="federation_admin")
        first = add_units(federation, rubric, 0, 10)
        officer = User.objects.create_user("officer", password="x")
        RoleAssignment.objects.create(user=officer, organisation=first[0], role="union_officer")
        clients = {"reviewer": Client(), "officer": Client()}
        clients["reviewer"].force_login(reviewer)
        clients["officer"].force_login(officer)
        url = f"/assessment/rubrics/{rubric.pk}/results/"
        live, published = "federation reviewer: results as they stand (live)", "unit officer: published ranking"

        small = {live: measure(clients["reviewer"], url, 2)["queries"]}
        print(f"building {args.units:,} units × 40 items …", flush=True)
        add_units(federation, rubric, 10, args.units - 10)
        rows = [(live, measure(clients["reviewer"], url, args.requests))]
        print(f"    {live}: {rows[-1][1]}", flush=True)

        once = {}
        t = time.perf_counter()
        content, _counts = exports.rubric_workbook(rubric)
        once["xlsx"], once["xlsx_bytes"] = time.perf_counter() - t, len(content)
        t = time.perf_counter()
        results_publish(rubric, admin)
        once["publish"] = time.perf_counter() - t
        rows.append((published, measure(clients["officer"], url, args.requests)))
        print(f"    {published}: {rows[-1][1]}", flush=True)

        # The published page at 10 units, in a second rubric of the same shape.
        from assessment.models import Rubric

        federation2 = Organisation.objects.create(name="邻县总工会", level="federation")
        rubric2 = build_rubric(federation2)
        units2 = add_units(federation2, rubric2, 5000, 10)
        officer2 = User.objects.create_user("officer2", password="x")
        RoleAssignment.objects.create(user=officer2, organisation=units2[0], role="union_officer")
        admin2 = User.objects.create_user("admin2", password="x")
        RoleAssignment.objects.create(user=admin2, organisation=federation2, role="federation_admin")
        results_publish(Rubric.objects.get(pk=rubric2.pk), admin2)
        client2 = Client()
        client2.force_login(officer2)
        small[published] = measure(client2, f"/assessment/rubrics/{rubric2.pk}/results/", 2)["queries"]

        section = report(m, started, args, rows, small, once)
        print(section)
        if not args.no_write:
            write_section("bench/assessment_ranking.py", section)


if __name__ == "__main__":
    main()
