"""Shared by bench/members_import.py and bench/roster.py: Django in a temporary database, the
machine's description, and writing a subsection of the "## Members" part of docs/benchmarks.md."""
from __future__ import annotations

import contextlib
import os
import platform
import re
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def setup_django(test_database: str):
    os.environ["TEST_DATABASE_NAME"] = test_database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionadmin.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


@contextlib.contextmanager
def bench_database(test_database: str):
    """Django set up on a fresh, migrated temporary database (dropped on the way out), with a
    test client's host allowed and a fast password hasher: what every page benchmark needs."""
    setup_django(test_database)
    from django.conf import settings
    from django.db import connection, connections

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
    import psycopg2  # noqa: F401
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": mem_kb / 1024 / 1024, "load": os.getloadavg(),
            "python": platform.python_version(), "postgres": pg.split()[0]}


def machine_line(m: dict, started) -> str:
    return (f"Run {started:%Y-%m-%d %H:%M} UTC on {m['nproc']} × {m['cpu']}, {m['ram_gb']:.1f} GB RAM, Python "
            f"{m['python']}, PostgreSQL {m['postgres']}; load average at the start {m['load'][0]:.2f} / "
            f"{m['load'][1]:.2f} / {m['load'][2]:.2f}. Temporary database, dropped afterwards.")


def write_section(script: str, section: str):
    """Replace this script's block inside "## Members" (creating the heading or the file if missing)."""
    path = BASE_DIR / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n\nFigures measured by the scripts in `bench/`.\n"
    begin, end = f"<!-- {script}: begin", f"<!-- {script}: end -->"
    block = f"{begin} (generated; edit the script, not this section) -->\n{section.rstrip()}\n{end}\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end) + r"\n?", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda m: block, text)
    else:
        if "\n## Members\n" not in text:
            text = text.rstrip("\n") + "\n\n## Members\n\nFigures for issue 4, from `bench/members_import.py` and " \
                                       "`bench/roster.py`.\n"
        # After the last members block, or else right after the heading's first paragraph; never
        # inside another script's block (their markers may stand just before the next heading).
        ends = [m.end() for m in re.finditer(r"<!-- bench/(members_import|roster)\.py: end -->\n?", text)]
        if ends:
            at = ends[-1]
        else:
            heading = text.index("\n## Members\n") + len("\n## Members\n")
            paragraph_end = text.find("\n\n", heading + 1)
            at = len(text) if paragraph_end == -1 else paragraph_end + 1
        text = text[:at].rstrip("\n") + "\n\n" + block + "\n" + text[at:].lstrip("\n")
    path.write_text(text)


def write_part_section(script: str, section: str, heading: str, intro: str):
    """Replace this script's block in docs/benchmarks.md under "## {heading}" (made, with
    ``intro`` under it, at the end of the file when missing); a new block ends the part."""
    path = BASE_DIR / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n\nFigures measured by the scripts in `bench/`.\n"
    begin, end = f"<!-- {script}: begin", f"<!-- {script}: end -->"
    block = f"{begin} (generated; edit the script, not this section) -->\n{section.rstrip()}\n{end}\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end) + r"\n?", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda m: block, text)
    else:
        title = f"\n## {heading}\n"
        if title not in text:
            text = text.rstrip("\n") + f"\n{title}\n{intro}\n"
        head, _, tail = text.partition(title)
        match = re.search(r"\n## ", tail)
        part, rest = (tail[:match.start()], tail[match.start():]) if match else (tail, "")
        text = head + title + part.rstrip("\n") + "\n\n" + block + rest
    path.write_text(text)


def verdict(ok) -> str:
    return "✅" if ok else "❌"
