#!/usr/bin/env python
"""Benchmark of the roster import (issue 4). Run by ``make bench``, or on its own:

    .venv/bin/python bench/members_import.py [--rows 50000] [--orm-rows N] [--no-write]

It works in a TEMPORARY database (``bench_ua_members``, created from the migrations and
dropped at the end), generates a roster XLSX with XlsxWriter (valid ID numbers, Chinese
headers, dates in three forms), and measures from one run:

* the floor: reading the file with python-calamine plus PostgreSQL COPY of its raw cells
  into a temporary table (and, for reference, openpyxl's read-only mode reading it);
* the import end to end (read, check every row, write members and their history in one
  transaction), in a fresh process each time so its peak memory is its own: median of 3,
  for 50,000 new members and for 50,000 changed ones;
* saving the same rows one by one through the ORM (``full_clean()`` and ``save()``, history
  by simple-history's signal) inside one transaction.

Results go to docs/benchmarks.md (its block in "## Members") and to stdout.
"""
from __future__ import annotations

import argparse
import datetime
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _members_common import machine, machine_line, setup_django, verdict, write_section

BENCH_DB = "bench_ua_members"
GOALS = {"seconds": 5.0, "floor_ratio": 8.0, "orm_ratio": 10.0, "memory_mb": 500.0}
HEADERS = ["姓名", "性别", "民族", "身份证号码", "手机号", "工作单位", "岗位", "学历", "用工形式", "入会时间", "会员证号"]


def make_roster(path: Path, rows: int, post: str = "车工", seed: int = 4, *, region: str = "5130",
                employer: str = "青溪县恒达机械制造有限公司", card_prefix: str = "HD", duplicates=(),
                duplicate_every: int = 0):
    """An XLSX roster as an office sends it: ``rows`` members with ID numbers of ``region``, the
    date of joining in three forms; every ``duplicate_every``-th row takes the next ID number
    of ``duplicates`` (members already on file elsewhere) while they last."""
    import xlsxwriter

    from members.validators import id_check_character

    rng = random.Random(seed)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("会员花名册")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADERS)
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
    taken = iter(duplicates)
    for i in range(rows):
        born = datetime.date(1966, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 37))
        first17 = f"{region}{(i // 1000) % 100:02d}{born:%Y%m%d}{i % 1000:03d}"
        id_number = first17 + id_check_character(first17)
        if duplicate_every and i % duplicate_every == duplicate_every - 1:
            id_number = next(taken, id_number)
        joined = min(datetime.date(born.year + 18 + rng.randrange(0, 10), rng.randrange(1, 13), rng.randrange(1, 29)),
                     datetime.date(2025, 12, 31))
        r = i + 1
        sheet.write_string(r, 0, rng.choice(surnames) + rng.choice(given) + rng.choice(given))
        sheet.write_string(r, 1, "男" if int(id_number[16]) % 2 else "女")
        sheet.write_string(r, 2, "汉族")
        sheet.write_string(r, 3, id_number)
        sheet.write_string(r, 4, f"13{rng.randrange(10**8, 10**9):09d}")
        sheet.write_string(r, 5, employer)
        sheet.write_string(r, 6, post)
        sheet.write_string(r, 7, rng.choice(["高中", "大专", "本科", "中专"]))
        sheet.write_string(r, 8, rng.choice(["正式", "正式", "劳务派遣", "农民工"]))
        if i % 3 == 0:
            sheet.write_datetime(r, 9, datetime.datetime.combine(joined, datetime.time()), date_format)
        elif i % 3 == 1:
            sheet.write_string(r, 9, f"{joined.year}年{joined.month}月{joined.day}日")
        else:
            sheet.write_string(r, 9, f"{joined.year}/{joined.month}/{joined.day}")
        sheet.write_string(r, 10, f"{card_prefix}{i:06d}")
    workbook.close()


def truncate():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE members_member, members_historicalmember RESTART IDENTITY CASCADE")
        cursor.execute("VACUUM ANALYZE members_member")
        cursor.execute("VACUUM ANALYZE members_historicalmember")


def floor(path: Path) -> dict:
    """calamine read + COPY of the raw cells: what any import must at least do."""
    from django.db import connection, transaction
    from python_calamine import CalamineWorkbook

    from members.imports.writing import copy_rows

    started = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    read = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        columns = [f"c{i}" for i in range(len(HEADERS))]
        cursor.execute("CREATE TEMPORARY TABLE floor_copy (" + ", ".join(f"{c} text" for c in columns) + ") "
                       "ON COMMIT DROP")
        copy_rows(cursor, "floor_copy", columns, ([str(v) for v in row] for row in rows[1:]))
    return {"read": read, "copy": time.perf_counter() - started}


def openpyxl_read(path: Path) -> float:
    import openpyxl

    started = time.perf_counter()
    workbook = openpyxl.load_workbook(str(path), read_only=True)
    count = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    assert count > 1
    return time.perf_counter() - started


def child_import(path: str, union_id: int) -> dict:
    """In a fresh process: the whole import, with the process's own peak memory."""
    from members.imports.service import import_run_file
    from unionadmin.models import Organisation

    union = Organisation.objects.get(pk=union_id)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    result = import_run_file(path, union=union, user=None)
    total = time.perf_counter() - started
    assert "errors" not in result, result["errors"][:5]
    return {"total": total, **result["timings"], "created": result["created"], "updated": result["updated"],
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "start_mb": rss_before}


def run_child(path: Path, union_id: int, database: str) -> dict:
    import os

    env = {**os.environ, "BENCH_CHILD_DATABASE": database}
    out = subprocess.run([sys.executable, __file__, "--child", str(path), "--union", str(union_id)],
                         env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def orm_row_by_row(path: Path, union, limit: int | None) -> dict:
    from django.db import transaction

    from members.imports.checking import check
    from members.imports.columns import guess_mapping
    from members.imports.reading import read_sheet
    from members.models import Member

    with open(path, "rb") as fileobj:
        sheet = read_sheet(fileobj, "xlsx")
    plan = check(sheet, guess_mapping(sheet.headers), union, None)
    rows = plan.creates[:limit] if limit else plan.creates
    started = time.perf_counter()
    with transaction.atomic():
        for row in rows:
            member = Member(**row)
            member.full_clean()
            member.save()
    seconds = time.perf_counter() - started
    per_row = seconds / len(rows)
    return {"rows": len(rows), "seconds": seconds, "per_row_ms": per_row * 1000,
            "for_all": per_row * len(plan.creates), "extrapolated": len(rows) < len(plan.creates)}


def report(m, started, n, size, fl, openpyxl_seconds, creates, updates, orm) -> str:
    create = statistics.median(r["total"] for r in creates)
    update = statistics.median(r["total"] for r in updates)
    peak = max(r["peak_mb"] for r in creates + updates)
    floor_total = fl["read"] + fl["copy"]
    orm_all = orm["for_all"]
    orm_text = (f"{orm['seconds']:.1f} s for {orm['rows']:,} rows ({orm['per_row_ms']:.2f} ms a row)"
                + (f", **{orm_all:.0f} s** for {n:,} at that rate" if orm["extrapolated"] else ""))
    parts = lambda r: f"read {r['read']:.2f} + check {r['check']:.2f} + write {r['write']:.2f}"  # noqa: E731
    lines = [
        "### Import (`bench/members_import.py`)",
        "",
        machine_line(m, started) + f" A generated {n:,}-row XLSX roster ({size / 1024 / 1024:.1f} MB; dates as "
        "date cells, 2011年4月28日 and 2011/4/28 in turn).",
        "",
        "| measure | result | goal (issue 4) | |",
        "| --- | --- | --- | --- |",
        f"| import end to end, {n:,} new members (read, check every row, write members + history in one "
        f"transaction); median of {len(creates)} fresh processes | **{create:.2f} s** "
        f"({parts(sorted(creates, key=lambda r: r['total'])[len(creates) // 2])}) | ≤ 5 s | "
        f"{verdict(create <= GOALS['seconds'])} |",
        f"| the same file changed in every row ({n:,} updates, each with its history row); median of "
        f"{len(updates)} | {update:.2f} s | ≤ 5 s | {verdict(update <= GOALS['seconds'])} |",
        f"| floor: python-calamine read + PostgreSQL COPY of the raw cells | {floor_total:.2f} s (read "
        f"{fl['read']:.2f} + COPY {fl['copy']:.2f}) | | |",
        f"| import ÷ floor | **{create / floor_total:.1f}×** | ≤ 8× | {verdict(create / floor_total <= GOALS['floor_ratio'])} |",
        f"| saving row by row through the ORM (`full_clean()` + `save()`, history by signal, one transaction) "
        f"| {orm_text} | | |",
        f"| ORM row by row ÷ import | **{orm_all / create:.0f}×** | ≥ 10× | {verdict(orm_all / create >= GOALS['orm_ratio'])} |",
        f"| peak memory of the importing process (RSS, Django included) | {peak:.0f} MB | ≤ 500 MB | "
        f"{verdict(peak <= GOALS['memory_mb'])} |",
        f"| for reference: openpyxl read-only mode reading the same file | {openpyxl_seconds:.2f} s | | |",
        "",
        "Single runs (s): new " + ", ".join(f"{r['total']:.2f}" for r in creates) + "; changed "
        + ", ".join(f"{r['total']:.2f}" for r in updates) + ".",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--orm-rows", type=int, default=None,
                        help="save only this many rows through the ORM and extrapolate (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--union", type=int)
    args = parser.parse_args()

    if args.child:
        import os

        os.environ["DATABASE_URL"] = os.environ["BENCH_CHILD_DATABASE"]
        setup_django(BENCH_DB)
        print(json.dumps(child_import(args.child, args.union)))
        return

    started = datetime.datetime.now(datetime.timezone.utc)
    setup_django(BENCH_DB)
    from django.db import connection, connections

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    tmp = Path(tempfile.mkdtemp(prefix="bench-members-"))
    try:
        from unionadmin.models import Organisation

        settings_dict = connection.settings_dict
        database = (f"postgres://{settings_dict['USER']}{':' + settings_dict['PASSWORD'] if settings_dict['PASSWORD'] else ''}"
                    f"@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}")
        m = machine()
        federation = Organisation.objects.create(name="测试县总工会", level="federation")
        union = Organisation.objects.create(name="测试企业工会", level="grassroots", parent=federation,
                                            category="enterprise", employee_count=args.rows)
        roster, changed = tmp / "roster.xlsx", tmp / "roster-changed.xlsx"
        print(f"generating {args.rows:,} rows …", flush=True)
        make_roster(roster, args.rows)
        make_roster(changed, args.rows, post="数控操作工")
        size = roster.stat().st_size
        print("floor …", flush=True)
        fl = min((floor(roster) for _ in range(3)), key=lambda f: f["read"] + f["copy"])
        print(f"    read {fl['read']:.2f} s, COPY {fl['copy']:.2f} s", flush=True)
        openpyxl_seconds = openpyxl_read(roster)
        print(f"    openpyxl read-only {openpyxl_seconds:.2f} s", flush=True)
        creates, updates = [], []
        for _ in range(args.repeat):
            truncate()
            creates.append(run_child(roster, union.pk, database))
            updates.append(run_child(changed, union.pk, database))
            print(f"    import {creates[-1]['total']:.2f} s, update {updates[-1]['total']:.2f} s, "
                  f"peak {max(creates[-1]['peak_mb'], updates[-1]['peak_mb']):.0f} MB", flush=True)
        truncate()
        print("ORM row by row …", flush=True)
        orm = orm_row_by_row(roster, union, args.orm_rows)
        print(f"    {orm['seconds']:.1f} s for {orm['rows']} rows", flush=True)
        section = report(m, started, args.rows, size, fl, openpyxl_seconds, creates, updates, orm)
        print(section)
        if not args.no_write:
            write_section("bench/members_import.py", section)
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        for f in tmp.iterdir():
            f.unlink()
        tmp.rmdir()


if __name__ == "__main__":
    main()
