"""The province benchmark's members import and export (issue 20), ``measure(province)``.

* An import of 50,000 rows into one grassroots union of the 2-million-member table, through
  the import service as bench/members_import.py drives it (``import_run_file``: read, check
  every row, COPY the members and their history in one transaction). Its duplicate checks
  look the file's ID numbers up in the whole province: 1 % of the rows are current members
  of other unions, which the check refuses (``valid_only``, as ``import_members --valid-only``
  would). The import runs inside a transaction that is rolled back afterwards, so the kept
  province database is the same after the benchmark as before it. Goal ≤ 5 s.
* An XLSX export of 200,000 members (the province's first 200,000 in the roster's order, as
  the provincial administrator sees them) through the export's own service
  (members.exports.write_xlsx, which the export view calls and serves as a file): time, and
  the growth of the process's peak memory (VmHWM, reset just before) while it runs; goal
  ≤ 100 MB, whatever the number of rows. Also a city's members as its administrator asks for
  them: more than ``MEMBERS_EXPORT_INLINE_ROWS``, so the view answers with the document job's
  page and the worker writes the file (its part run here in process, as the worker runs it),
  then the file is downloaded: the time of each part.

The county figures of the same run: the same import into a union of a county, and the export
of one county's members.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _province_common import Goal, Province

IMPORT_ROWS = 50_000
EXPORT_ROWS = 200_000
IMPORT_GOAL_S, EXPORT_GOAL_MB = 5.0, 100.0
DUPLICATE_EVERY = 100  # 1 % of the file's rows are members of other unions


class _Undo(Exception):
    pass


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak():
    # Linux: writing 5 to clear_refs resets VmHWM to the current RSS.
    Path("/proc/self/clear_refs").write_text("5")


def make_roster(path: Path, rows: int, duplicates: list[str], seed: int = 20):
    """A 50,000-row roster as an office sends it (bench/members_import.py's), with ID numbers of a
    region the built province does not use, and ``duplicates`` (current members elsewhere) every
    DUPLICATE_EVERY rows."""
    from members_import import make_roster as office_roster

    office_roster(path, rows, seed=seed, region="6501", employer="省属恒达机械制造有限公司", card_prefix="SX",
                  duplicates=duplicates, duplicate_every=DUPLICATE_EVERY)


def _import_undone(path: Path, union) -> dict:
    """The import, timed, inside a transaction that is then rolled back (nothing stays)."""
    from django.db import connection, transaction

    from members.imports.service import import_run_file
    from members.models import MemberTally

    before = MemberTally.objects.filter(union=union).values_list("all_members", flat=True).first() or 0
    result = {}
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # The time PostgreSQL spends in the tally's trigger function, this transaction only.
                cursor.execute("SET LOCAL track_functions = 'pl'")
            started = time.perf_counter()
            outcome = import_run_file(path, union=union, user=None, valid_only=True)
            result = {"seconds": time.perf_counter() - started, "created": outcome["created"],
                      "refused": outcome["refused"], **outcome["timings"]}
            # The tally was kept in the same transaction, by one grouped statement.
            result["tally_added"] = MemberTally.objects.get(union=union).all_members - before
            with connection.cursor() as cursor:
                cursor.execute("SELECT coalesce(sum(total_time), 0), coalesce(sum(calls), 0) "
                               "FROM pg_stat_xact_user_functions WHERE funcname LIKE 'members_tally_%%'")
                result["trigger_ms"], result["trigger_calls"] = cursor.fetchone()
            raise _Undo
    except _Undo:
        pass
    return result


def _duplicates(union, count: int) -> list[str]:
    """ID numbers of current members of other unions, spread over the province."""
    from members.models import Member

    ids = (Member.objects.active().exclude(union=union).order_by("pk")
           .values_list("id_number", flat=True)[:count * 97:97])
    return list(ids)


def _export(user, queryset) -> dict:
    from members import exports

    _reset_peak()
    rss = _rss_mb()
    started = time.perf_counter()
    out, count = exports.write_xlsx(user, queryset)
    seconds = time.perf_counter() - started
    size = out.seek(0, 2)
    out.close()
    return {"seconds": seconds, "rows": count, "growth_mb": _peak_mb() - rss, "size_mb": size / 1024 / 1024}


def _export_in_child(limit: int | None, within_path: str = "") -> dict:
    """The export in a fresh process on the same database, so its peak memory is its own (this
    process's heap already holds whatever the other scenarios freed, which would hide growth)."""
    import json
    import os

    from django.db import connection

    params = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:"
                                         f"{params['PORT'] or 5432}/{params['NAME']}"}
    out = subprocess.run([sys.executable, __file__, "--export-child", str(limit or 0), within_path],
                         env=env, capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _child_export(limit: int, within_path: str) -> dict:
    """In the child: the roster as the provincial administrator's export reads it, the first
    ``limit`` members (or a subtree's), after one small export to load what every export loads."""
    from django.contrib.auth import get_user_model

    from members.models import Member

    admin = get_user_model().objects.get_or_create(username="bench_export_superuser",
                                                   defaults={"is_superuser": True})[0]
    roster = Member.objects.visible_to(admin).order_by("union__path", "name", "pk")
    if within_path:
        roster = roster.filter(union__path__startswith=within_path)
    _export(admin, roster[:100])
    return _export(admin, roster[:limit] if limit else roster)


def _export_view(client, organisation) -> dict:
    """A city's export as its administrator asks for it: more rows than MEMBERS_EXPORT_INLINE_ROWS,
    so the request answers with the job's page and the worker writes the file; the worker's
    part is run here, in process, as the worker runs it (``document_render``), then the file is
    downloaded. The job and its file are removed afterwards."""
    from django.core.files.storage import default_storage
    from django.urls import reverse

    from unionadmin.documents.services import document_render
    from unionadmin.models import DocumentJob

    _reset_peak()
    rss = _rss_mb()
    started = time.perf_counter()
    response = client.get(reverse("members:member_export_xlsx"), {"within": organisation.pk})
    answered = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    job = DocumentJob.objects.latest("pk")
    assert response.url == reverse("documents:detail", args=[job.pk]), response.url
    started = time.perf_counter()
    document_render(job.pk)
    written = time.perf_counter() - started
    job.refresh_from_db()
    assert job.state == DocumentJob.State.DONE, (job.state, job.error)
    started = time.perf_counter()
    download = client.get(reverse("documents:download", args=[job.pk]))
    size = sum(len(chunk) for chunk in download.streaming_content)
    downloaded = time.perf_counter() - started
    growth = _peak_mb() - rss
    default_storage.delete(job.file.name)
    job.delete()
    return {"answered": answered, "written": written, "downloaded": downloaded, "growth_mb": growth,
            "size_mb": size / 1024 / 1024}


def measure(province: Province) -> list[Goal]:
    from members.tallies import active_in
    from unionadmin.models import Organisation

    goals = []
    county = province.a_county()
    # One union of the province far from the county's, and one of the county.
    province_union = province.units[len(province.units) // 2]
    county_union = next(u for u in province.units if u.path.startswith(county.path))
    tmp = Path(tempfile.mkdtemp(prefix="province-io-"))
    try:
        print(f"  export of {EXPORT_ROWS:,} members …", flush=True)
        whole = _export_in_child(EXPORT_ROWS)
        county_export = _export_in_child(None, county.path)
        path = tmp / "roster.xlsx"
        duplicates = _duplicates(province_union, IMPORT_ROWS // DUPLICATE_EVERY)
        make_roster(path, IMPORT_ROWS, duplicates)
        print(f"  import of {IMPORT_ROWS:,} rows …", flush=True)
        at_county = _import_undone(path, county_union)
        at_province = _import_undone(path, province_union)
        goals.append(Goal(
            name=f"import of {IMPORT_ROWS:,} rows into one union (read, check every row against the whole "
                 f"province, write members + history + tally), rolled back",
            goal=f"≤ {IMPORT_GOAL_S:.0f} s", met=at_province["seconds"] <= IMPORT_GOAL_S,
            figures=(f"{at_province['seconds']:.2f} s (read {at_province['read']:.2f} + check "
                     f"{at_province['check']:.2f} + write {at_province.get('write', 0):.2f}); "
                     f"{at_province['created']:,} created, {at_province['refused']:,} refused as members of "
                     f"other unions; the union's tally +{at_province['tally_added']:,} in the same transaction by "
                     f"{at_province['trigger_calls']} trigger call(s) taking {at_province['trigger_ms']:.0f} ms"),
            county=f"{at_county['seconds']:.2f} s", ratio=at_province["seconds"] / at_county["seconds"],
            note="" if at_province["seconds"] <= IMPORT_GOAL_S else
            f"{at_province['seconds'] / IMPORT_GOAL_S:.1f}× the goal",
        ))

        goals.append(Goal(
            name=f"XLSX export of {EXPORT_ROWS:,} members (members.exports.write_xlsx, constant-memory "
                 "workbook written to a temporary file, served as a file), in a fresh process",
            goal=f"peak memory growth ≤ {EXPORT_GOAL_MB:.0f} MB; time reported",
            met=whole["growth_mb"] <= EXPORT_GOAL_MB,
            figures=(f"{whole['seconds']:.1f} s for {whole['rows']:,} rows ({whole['rows'] / whole['seconds']:,.0f} "
                     f"rows/s), {whole['size_mb']:.0f} MB file, peak memory +{whole['growth_mb']:.0f} MB"),
            county=(f"{county_export['seconds']:.1f} s for {county_export['rows']:,} rows, peak memory "
                    f"+{county_export['growth_mb']:.0f} MB"),
            ratio=whole["seconds"] / county_export["seconds"],
            note="" if whole["growth_mb"] <= EXPORT_GOAL_MB else
            f"peak memory {whole['growth_mb'] / EXPORT_GOAL_MB:.1f}× the goal",
        ))
        city = province.a_city()
        client = province.client_for("federation_admin", city)
        members_of_city = active_in(Organisation.objects.subtree_of(city))
        view = _export_view(client, city)
        goals.append(Goal(
            name="XLSX export of a city's members as its administrator asks for it (above "
                 "MEMBERS_EXPORT_INLINE_ROWS: the request answers with the job's page, the worker writes "
                 "the file, run here in process, then it is downloaded)",
            goal="time reported", met=None,
            figures=(f"the request answered in {view['answered']:.2f} s; the worker's write {view['written']:.1f} s; "
                     f"the download {view['downloaded']:.1f} s, {view['size_mb']:.0f} MB; peak memory "
                     f"+{view['growth_mb']:.0f} MB (the city: {members_of_city:,} current members and those who left)"),
        ))
    finally:
        for f in tmp.iterdir():
            f.unlink()
        tmp.rmdir()
    return goals


if __name__ == "__main__" and sys.argv[1:2] == ["--export-child"]:
    import json

    from _members_common import setup_django

    setup_django("bench_ua_province_child")  # the test database's name; DATABASE_URL names the real one
    print(json.dumps(_child_export(int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "")))
