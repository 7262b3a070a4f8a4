#!/usr/bin/env python
"""Benchmark: a roster import as a person sees it (issue 15, item 6). Run by ``make bench``, or:

    .venv/bin/python bench/import_pages.py [--sizes 2000,50000] [--repeat 3] [--redis-db 14] [--no-write]

Goal: a 2,000-row XLSX from the upload to the "done" page in at most 2 s on this machine, and
50,000 rows in at most 10 s, through the real pages with a live worker. The script

1. creates a temporary PostgreSQL database (and uses a Redis database of its own), migrates it,
   makes a county, a union and an officer;
2. starts what ``make run`` starts (Procfile): gunicorn (2 workers of 1 thread, DEBUG off) and a Celery
   worker (queues default and pdf, 2 processes), on a free loopback port;
3. drives Debian's Chromium headless through Playwright (flags as in tests/browser/fixtures.py):
   logs in, uploads the generated XLSX on /members/import/, presses "Check the file" if the
   mapping screen asks for it, waits for "Every row is right.", presses "Import now", waits for
   "Imported.";
4. watches the job row from a thread of its own (every 10 ms) to split each step into the
   broker and worker pickup, the worker's own time (``ImportJob.timings``) and the wait for the
   page to notice;
5. imports the same file in-process with ``import_run_file`` (no job, no pages) for the ratio;
6. prints the table and writes its block in docs/benchmarks.md ("## Members").

Each size: a warm-up run (not counted), then the median of ``--repeat`` runs, the members table
emptied before each.
"""
from __future__ import annotations

import argparse
import datetime
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _members_common import BASE_DIR, machine, machine_line, verdict, write_section
from congress_window import (
    admin_connection,
    base_environment,
    free_port,
    start_gunicorn,
    with_database,
    with_redis_db,
)
from members_import import make_roster

GOALS = {2_000: 2.0, 50_000: 10.0}
PASSWORD = "bench import pages 42"
LOG_DIR = BASE_DIR / "var"


# --- the servers -----------------------------------------------------------------------------
def start_worker(env: dict) -> subprocess.Popen:
    path = LOG_DIR / "bench-import-worker.log"
    log = open(path, "wb")
    process = subprocess.Popen(
        [str(BASE_DIR / ".venv" / "bin" / "celery"), "-A", "unionadmin", "worker", "-Q", "default,pdf",
         "--loglevel", "INFO", "--concurrency", "2", "-n", f"bench-import-{os.getpid()}@%h"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if b" ready." in path.read_bytes():
            return process
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the Celery worker did not start within 60 s; see var/bench-import-worker.log")


def stop(process: subprocess.Popen | None):
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()


# --- watching the job row ----------------------------------------------------------------------
class Watcher(threading.Thread):
    """Polls the newest job every 10 ms and notes when each state was first seen, with the
    row's queue/send/start stamps at that moment (they are rewritten for the apply)."""

    def __init__(self, after_id: int):
        super().__init__(daemon=True)
        self.after_id, self.stop_event = after_id, threading.Event()
        self.seen: dict[str, dict] = {}

    def run(self):
        from django.db import connection

        from members.models import ImportJob

        try:
            while not self.stop_event.wait(0.01):
                row = (ImportJob.objects.filter(pk__gt=self.after_id).order_by("-pk")
                       .values("pk", "state", "queued_at", "sent_at", "started_at", "finished_at", "timings").first())
                if row and row["state"] not in self.seen:
                    self.seen[row["state"]] = {**row, "at": time.time()}
        finally:
            connection.close()

    def stamp(self, state: str, field: str) -> float | None:
        value = self.seen.get(state, {}).get(field)
        return value.timestamp() if value else None


# --- one run through the pages -----------------------------------------------------------------
def run_pages(browser, base: str, username: str, path: Path, rows: int) -> dict:
    from members.models import ImportJob

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/members/import/")
    page.locator("input[type=file]").set_input_files(str(path))
    last = ImportJob.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    watcher = Watcher(last)
    watcher.start()
    timeout = 600_000  # a 50,000-row import on a machine under load takes minutes
    r = {"mapping_click": False}
    try:
        t0 = time.time()
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{base}/members/import/*/", wait_until="load", timeout=timeout)
        r["upload"] = time.time() - t0
        t1 = time.time()
        check_button = page.get_by_role("button", name="Check the file")
        right = page.get_by_text("Every row is right.")
        if not right.is_visible() and page.locator(".import-progress").count() == 0 and check_button.is_visible():
            r["mapping_click"] = True  # the page asked for the columns to be confirmed
            check_button.click()
        right.wait_for(timeout=timeout)
        t2 = time.time()
        r["check"] = t2 - t1
        page.get_by_role("button", name="Import now").click()
        page.get_by_text("Imported.").wait_for(timeout=timeout)
        t3 = time.time()
        r["apply"] = t3 - t2
        r["total"] = t3 - t0
    except Exception:
        shot = LOG_DIR / "bench-import-failure.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"    failed at {page.url}; states seen {list(watcher.seen)}; screenshot {shot}", flush=True)
        raise
    finally:
        watcher.stop_event.set()
        watcher.join()
        context.close()
    job = ImportJob.objects.get(pk=watcher.seen["done"]["pk"]) if "done" in watcher.seen else None
    assert job is not None and job.created == rows, f"the import did not add {rows} members: {job and job.created}"
    check_seen, done_seen = watcher.seen.get("checked"), watcher.seen["done"]
    # The check: queued (upload or mapping POST) → picked up by a worker → done (row CHECKED).
    r["check_pickup"] = watcher.stamp("checked", "started_at") - watcher.stamp("checked", "queued_at")
    r["check_worker"] = check_seen["at"] - watcher.stamp("checked", "started_at")
    r["check_page_wait"] = t2 - check_seen["at"]
    r["check_timings"] = check_seen.get("timings") or {}
    r["apply_pickup"] = watcher.stamp("done", "started_at") - watcher.stamp("done", "queued_at")
    r["apply_worker"] = done_seen["at"] - watcher.stamp("done", "started_at")
    r["apply_page_wait"] = t3 - done_seen["at"]
    r["apply_timings"] = job.timings
    r["apply_click_to_queued"] = watcher.stamp("done", "queued_at") - t2
    return r


def run_in_process(path: Path, union) -> float:
    from members.imports.service import import_run_file

    started = time.perf_counter()
    result = import_run_file(str(path), union=union, user=None)
    assert "errors" not in result, result.get("errors", [])[:3]
    return time.perf_counter() - started


def truncate():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE members_member, members_historicalmember RESTART IDENTITY CASCADE")
        cursor.execute("VACUUM ANALYZE members_member")
        cursor.execute("VACUUM ANALYZE members_historicalmember")


# --- the report ----------------------------------------------------------------------------------
def med(runs: list[dict], key, sub=None) -> float:
    values = [(r[key].get(sub, 0.0) if sub else r[key]) for r in runs]
    return statistics.median(values)


def report(m, started, results: dict, note: str) -> str:
    lines = [
        "### Import through the pages (`bench/import_pages.py`)",
        "",
        machine_line(m, started) + " gunicorn (2 workers of 1 thread, DEBUG off) and a Celery worker (2 processes) "
        "as `make run` starts them, Chromium headless through Playwright; the members table emptied before "
        "each run; a warm-up run first. Median of the runs; seconds.",
        "",
        "| step (as a person sees it) | " + " | ".join(f"{n:,} rows" for n in results) + " |",
        "| --- |" + " --- |" * len(results),
    ]

    def row(label, fn):
        lines.append(f"| {label} | " + " | ".join(fn(runs) for runs in results.values()) + " |")

    row("**upload → done page** (goal ≤ 2 s / ≤ 10 s)", lambda rs: f"**{med(rs, 'total'):.2f}**")
    row("upload POST → job page", lambda rs: f"{med(rs, 'upload'):.2f}")
    row("job page → \"Every row is right.\"" + "", lambda rs: f"{med(rs, 'check'):.2f}"
        + (" (after pressing \"Check the file\")" if any(r["mapping_click"] for r in rs) else ""))
    row("  · check: queued → a worker takes it", lambda rs: f"{med(rs, 'check_pickup'):.2f}")
    row("  · check in the worker (read + check)", lambda rs: f"{med(rs, 'check_worker'):.2f} "
        f"({med(rs, 'check_timings', 'read'):.2f} + {med(rs, 'check_timings', 'check'):.2f})")
    row("  · check done → page shows it (polling, swap)", lambda rs: f"{med(rs, 'check_page_wait'):.2f}")
    row("\"Import now\" → \"Imported.\"", lambda rs: f"{med(rs, 'apply'):.2f}")
    row("  · click → job queued (POST)", lambda rs: f"{med(rs, 'apply_click_to_queued'):.2f}")
    row("  · apply: queued → a worker takes it", lambda rs: f"{med(rs, 'apply_pickup'):.2f}")
    row("  · apply in the worker (verify the plan + read + check again + write)",
        lambda rs: f"{med(rs, 'apply_worker'):.2f} ({med(rs, 'apply_timings', 'verify'):.2f} + "
        f"{med(rs, 'apply_timings', 'read'):.2f} + {med(rs, 'apply_timings', 'check'):.2f} + "
        f"{med(rs, 'apply_timings', 'write'):.2f})")
    row("  · apply done → page shows it (polling, swap)", lambda rs: f"{med(rs, 'apply_page_wait'):.2f}")
    row("in-process `import_run_file`, same file (read + check + write)", lambda rs: f"{med(rs, 'in_process'):.2f}")
    row("pages ÷ in-process", lambda rs: f"{med(rs, 'total') / med(rs, 'in_process'):.1f}×")
    row("goal met", lambda rs: verdict(med(rs, "total") <= GOALS.get(rs[0]["rows"], 10.0)))
    lines += ["", "Single runs, upload → done (s): " + "; ".join(
        f"{n:,} rows " + ", ".join(f"{r['total']:.2f}" for r in runs) for n, runs in results.items()) + "."]
    if note:
        lines += ["", note]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--redis-db", type=int, default=14)
    parser.add_argument("--note", default="", help="a paragraph added under the table")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--keep-database", metavar="NAME",
                        help="use (and keep) this database instead of a temporary one: faster when run again")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    # A terminated run still stops its servers and drops its database (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    env = base_environment()
    database = args.keep_database or f"bench_import_pages_{os.getpid()}"
    admin = admin_connection(env["DATABASE_URL"])
    redis_url = with_redis_db(env["REDIS_URL"], args.redis_db)
    env.update({"DATABASE_URL": with_database(env["DATABASE_URL"], database), "REDIS_URL": redis_url,
                "CACHE_KEY_PREFIX": f"bench-import-{os.getpid()}", "DEBUG": "false",
                "DJANGO_SETTINGS_MODULE": "unionadmin.settings", "LOG_LEVEL": "WARNING",
                "DJANGO_ALLOW_ASYNC_UNSAFE": "true"})
    os.environ.update(env)
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{database}"')
    gunicorn = worker = None
    tmp = Path(tempfile.mkdtemp(prefix="bench-import-pages-"))
    started = datetime.datetime.now(datetime.timezone.utc)
    try:
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from playwright.sync_api import sync_playwright

        from tests.browser.fixtures import CHROMIUM, CHROMIUM_ARGS
        from unionadmin.models import Organisation, RoleAssignment

        m = machine()
        print(f"==> migrating {database}", flush=True)
        call_command("migrate", verbosity=0)
        federation, _ = Organisation.objects.get_or_create(name="基准测试县总工会", level="federation")
        union, _ = Organisation.objects.get_or_create(
            name="基准测试机械厂工会", level="grassroots", parent=federation, category="enterprise",
            defaults={"employee_count": max(sizes)})
        officer = get_user_model().objects.filter(username="bench-officer").first()
        if officer is None:
            officer = get_user_model().objects.create_user(username="bench-officer", password=PASSWORD,
                                                           full_name="基准测试干事")
            RoleAssignment.objects.create(user=officer, organisation=union, role="union_officer")
        officer.language = "en"  # the script waits for the English texts of the pages
        officer.save(update_fields=["language"])
        files = {}
        for n in sizes:
            files[n] = tmp / f"花名册-{n}.xlsx"
            make_roster(files[n], n)
        port = free_port()
        gunicorn, worker = start_gunicorn(env, port, workers=2, threads=1), start_worker(env)
        base = f"http://127.0.0.1:{port}"
        print(f"==> gunicorn on {base}, worker ready", flush=True)
        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for n in sizes:
                truncate()
                run_pages(browser, base, officer.username, files[n], n)  # warm-up
                runs = []
                for _ in range(args.repeat):
                    truncate()
                    r = run_pages(browser, base, officer.username, files[n], n)
                    truncate()
                    r["in_process"], r["rows"] = run_in_process(files[n], union), n
                    runs.append(r)
                    print(f"    {n:>6,} rows: upload→done {r['total']:.2f} s (upload {r['upload']:.2f}, "
                          f"check {r['check']:.2f} [pickup {r['check_pickup']:.2f}, worker {r['check_worker']:.2f}, "
                          f"page {r['check_page_wait']:.2f}], import {r['apply']:.2f} [pickup {r['apply_pickup']:.2f}, "
                          f"worker {r['apply_worker']:.2f}, page {r['apply_page_wait']:.2f}]); in-process "
                          f"{r['in_process']:.2f} s", flush=True)
                results[n] = runs
            browser.close()
        section = report(m, started, results, args.note)
        print(section)
        if not args.no_write:
            write_section("bench/import_pages.py", section)
    finally:
        stop(worker)
        stop(gunicorn)
        from django.db import connections

        connections.close_all()
        if not args.keep_database:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()
        try:
            import redis

            redis.Redis.from_url(redis_url).flushdb()
        except Exception:  # noqa: BLE001 - the broker's leftovers are disposable
            pass
        for f in tmp.iterdir():
            f.unlink()
        tmp.rmdir()


if __name__ == "__main__":
    main()
