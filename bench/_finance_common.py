"""Shared by the finance benches (bench/finance_allocation.py, bench/finance_statements.py): their
command line, timing a call in process (3 calls to warm up, ``runs`` timed calls, and one more
inside Django's ``CaptureQueriesContext`` to count its SQL queries), and writing their section
of "## Finance" in docs/benchmarks.md."""
from __future__ import annotations

import argparse
import statistics
import time

from _members_common import verdict, write_part_section


def arguments(doc: str, **sizes: int) -> argparse.Namespace:
    """The command line: the bench's sizes (``--name``, an integer, default given), ``--runs`` and
    ``--no-write``."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    for name, default in sizes.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-write", action="store_true")
    return parser.parse_args()


def timed(function, runs: int, *args, **kwargs) -> dict:
    """``function(*args, **kwargs)`` timed: median and p95 in ms, the query count and the result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        result = function(*args, **kwargs)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function(*args, **kwargs)
        times.append((time.perf_counter() - started) * 1000)
    connection.queries_log.clear()  # the build filled it: a full log would count nothing
    with CaptureQueriesContext(connection) as queries:
        result = function(*args, **kwargs)
    times.sort()
    return {"median": statistics.median(times), "p95": times[max(int(len(times) * 0.95) - 1, 0)],
            "queries": len(queries), "result": result}


def publish(script: str, lines: list[str], write: bool, *, goal: str, goal_ms: float, worst: float, scale: str = ""):
    """The section (``lines`` and the verdict on the goal: ``goal`` ≤ ``goal_ms`` ms ``scale``)
    printed, and written into docs/benchmarks.md ("## Finance") if ``write``."""
    section = "\n".join([*lines, "", f"Goal (issue 17): {goal} ≤ {goal_ms:.0f} ms{scale} "
                                      f"{verdict(worst <= goal_ms)} (slowest p95 {worst:.1f} ms)."])
    print(section)
    if write:
        write_part_section(script, section, "Finance", "Figures for issue 17, from `bench/finance_statements.py`.")
