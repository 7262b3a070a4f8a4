#!/usr/bin/env python
"""Benchmark of the finance statements (issue 17 item 6). Run by ``make bench``, or on its own:

    .venv/bin/python bench/finance_statements.py [--vouchers 100000] [--others 9] [--runs 30] [--no-write]

It works in a TEMPORARY database (``bench_ua_finance``, created from the migrations, so with
the ledger's triggers and the seeded chart, and dropped at the end): a union with ten years
of books (``--vouchers`` vouchers from 2016 to 2025, two or three lines each: dues and 拨缴
received, 回拨 and grants from above, spending in every category, some split payments) and
``--others`` neighbouring unions with a tenth as many each, so the union's rows are not the
whole table. The vouchers are written with ``bulk_create``, one transaction per year, and the
deferred triggers check every voucher at each commit (that time is reported too). It then
times, in process, ``income_expenditure`` (收入支出表) and ``balance_sheet`` (资产负债表) for
June of the last year and for January of the first (median and p95 of ``--runs`` after 3 to
warm up) and counts their SQL queries. Results go to docs/benchmarks.md ("## Finance") and
to stdout.
"""
from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal

from _finance_common import arguments, publish, timed
from _members_common import bench_database, machine, machine_line, verdict

BENCH_DB = "bench_ua_finance"
GOAL_MS = 200.0
FIRST_YEAR, YEARS = 2016, 10

# (summary, debit codes, credit codes): a split side has two accounts.
PATTERNS = [
    ("收到会费", ["102"], ["401"]),
    ("收到拨缴经费", ["102"], ["402"]),
    ("收到上级回拨经费", ["102"], ["40301"]),
    ("收到送温暖补助", ["102"], ["40304"]),
    ("收到行政补助", ["102"], ["405"]),
    ("职工文体活动", ["50102"], ["102"]),
    ("会员节日慰问", ["50105"], ["102"]),
    ("职工教育培训", ["50101", "50301"], ["102"]),
    ("困难职工帮扶", ["50204"], ["102"]),
    ("送温暖慰问", ["50205"], ["101"]),
    ("提取现金", ["101"], ["102"]),
    ("购置办公设备", ["50502"], ["102"]),
    ("上解上级经费", ["221"], ["102"]),
    ("应上解拨缴经费", ["402"], ["221"]),
    ("会议费", ["50302"], ["102", "101"]),
]


def build_books(organisation, count: int, seed: int) -> dict:
    """``count`` balanced vouchers spread over ten years; returns the time of each year's commit."""
    from django.db import transaction

    from finance.models import Account, Voucher, VoucherLine

    accounts = dict(Account.objects.values_list("code", "pk"))
    rng = random.Random(seed)
    per_year = count // YEARS
    commit_seconds = 0.0
    for y in range(YEARS):
        year = FIRST_YEAR + y
        days = sorted(datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365)) for _ in range(per_year))
        with transaction.atomic():
            vouchers = Voucher.objects.bulk_create([
                Voucher(organisation=organisation, date=day, year=year, number=n + 1, summary=PATTERNS[n % len(PATTERNS)][0])
                for n, day in enumerate(days)], batch_size=5000)
            lines = []
            for voucher in vouchers:
                summary, debits, credits = PATTERNS[rng.randrange(len(PATTERNS))]
                amount = Decimal(rng.randrange(1000, 2000000)) / 100
                for side, codes in (("debit", debits), ("credit", credits)):
                    parts = [amount] if len(codes) == 1 else [(amount / 2).quantize(Decimal("0.01"))]
                    if len(codes) == 2:
                        parts.append(amount - parts[0])
                    for position, (code, part) in enumerate(zip(codes, parts)):
                        lines.append(VoucherLine(voucher=voucher, position=position, account_id=accounts[code],
                                                 summary=summary, **{side: part}))
            VoucherLine.objects.bulk_create(lines, batch_size=10000)
            written = time.perf_counter()
        commit_seconds += time.perf_counter() - written
    return {"commit": commit_seconds}


def measure(function, organisation, year, month, runs, **kwargs) -> dict:
    timing = timed(function, runs, organisation, year, month, **kwargs)
    statement = timing.pop("result")
    return {**timing, "balanced": statement.balanced, "rows": len(statement.rows)}


def figures(statement) -> list:
    return [(row.label, row.first, row.second) for row in statement.rows]


def main():
    args = arguments(__doc__, vouchers=100_000, others=9)

    started = datetime.datetime.now(datetime.timezone.utc)
    with bench_database(BENCH_DB):
        from django.db import connection

        from finance.models import VoucherLine
        from finance.statements import _sums_from_lines, balance_sheet, income_expenditure
        from unionadmin.models import Organisation

        m = machine()
        federation = Organisation.objects.create(name="测试县总工会", level="federation")
        union = Organisation.objects.create(name="测试机械厂工会", level="grassroots", parent=federation,
                                            category="enterprise", employee_count=3000)
        print(f"building {args.vouchers:,} vouchers …", flush=True)
        t = time.perf_counter()
        built = build_books(union, args.vouchers, seed=17)
        build_seconds = time.perf_counter() - t
        for n in range(args.others):
            other = Organisation.objects.create(name=f"邻厂{n}工会", level="grassroots", parent=federation,
                                                category="enterprise", employee_count=300)
            build_books(other, args.vouchers // 10, seed=100 + n)
        with connection.cursor() as cursor:
            for table in ("finance_voucher", "finance_voucherline"):
                cursor.execute(f"ANALYZE {table}")
        lines = VoucherLine.objects.filter(voucher__organisation=union).count()
        total_lines = VoucherLine.objects.count()

        last = FIRST_YEAR + YEARS - 1
        rows = []
        for label, function in (("收入支出表 (income and expenditure)", income_expenditure),
                                ("资产负债表 (balance sheet)", balance_sheet)):
            for source, kwargs in (("monthly sums (as shipped)", {}), ("voucher lines", {"sums": _sums_from_lines})):
                for year, month in ((last, 6), (FIRST_YEAR, 1)):
                    result = measure(function, union, year, month, args.runs, **kwargs)
                    rows.append((label, source, f"{year}-{month:02d}", result))
                    print(f"    {label} from {source} {year}-{month:02d}: {result}", flush=True)
        same = all(figures(f(union, last, 6)) == figures(f(union, last, 6, sums=_sums_from_lines))
                   for f in (income_expenditure, balance_sheet))

        worst = max(r["p95"] for _, source, _, r in rows if source.startswith("monthly"))
        lines_out = [
            "### Statements over ten years of books (`bench/finance_statements.py`)",
            "",
            machine_line(m, started) + f" One union with {args.vouchers:,} vouchers ({lines:,} lines) dated "
            f"{FIRST_YEAR}–{last}, and {args.others} other unions with {args.vouchers // 10:,} each "
            f"({total_lines:,} lines in the table); the statements called in process, {args.runs} runs per row "
            "after 3 to warm up.",
            "",
            "| statement | summed from | month | median | p95 | SQL queries | rows | balanced |",
            "| --- | --- | --- | ---: | ---: | ---: | ---: | --- |",
        ]
        for label, source, period, r in rows:
            lines_out.append(f"| {label} | {source} | {period} | {r['median']:.1f} ms | {r['p95']:.1f} ms | "
                             f"{r['queries']} | {r['rows']} | {verdict(r['balanced'])} |")
        lines_out += [
            "",
            f"Writing the union's books: {build_seconds:.1f} s for {args.vouchers:,} vouchers with `bulk_create`, "
            f"one transaction per year, of which {built['commit']:.1f} s are the commits, where the deferred "
            "triggers check that each voucher balances (and the statement trigger adds each insert's lines to "
            "the monthly sums). The statements read `finance_monthbalance`, the per union, account and month sums "
            "that trigger keeps (migration 0002); summing the voucher lines themselves is measured beside it for "
            f"comparison. Both give the same figures {verdict(same)}.",
        ]
        publish("bench/finance_statements.py", lines_out, not args.no_write, goal="each statement", goal_ms=GOAL_MS,
                worst=worst)


if __name__ == "__main__":
    main()
