"""Backup and restore: the database and the uploaded files at one point, checked.

``backup(root)`` writes ``<root>/<UTC time>/`` with

- ``db.dump``: ``pg_dump --format=custom`` of one exported snapshot,
- ``media.tar.gz``: the media folder as it was right after that snapshot was taken,
- ``manifest.json``: the snapshot's row count per table, every file the database names with
  its size and SHA-256, the database's encoding and locale, checksums of both archives.

How the two are consistent. A file is written before the row that names it commits, is never
overwritten (random names) and is removed only after the row naming it is gone (``on_commit``).
So the snapshot is taken first (``pg_export_snapshot`` in a read-only REPEATABLE READ
transaction held open to the end), then the media folder is copied as hard links (metadata
only: seconds, whatever the size; copied instead where the backup is on another filesystem).
Every file the snapshot names existed when it was taken; the only way one can miss the copy is
a deletion that committed after the snapshot and removed the file before the copy reached it.
That is not left to chance: the files the snapshot names are read through the same snapshot and
each is looked for in the copy; a miss starts the backup again (three tries), then it fails
loudly. Files uploaded after the snapshot may be in the copy too: named by no row, harmless.
``pg_dump --snapshot`` then dumps exactly that snapshot. The folder is written as
``<name>.partial`` and renamed when complete, so a half-made backup never looks like one.

``restore(directory, database, media_root)`` checks the archives against the manifest, restores
the dump into a NEW, empty database (``createdb -E UTF8 --template=template0`` with the source's
locale when asked to create it), unpacks the files into a NEW, empty folder and then checks the
two against the manifest: the same rows per table, every named file present with the same bytes.

The settings file (SECRET_KEY, passwords) is not part of it: ``deploy/unionadmin-backup`` keeps
a separate copy only root can read (docs/deployment.md, "Backups").
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

MANIFEST = "manifest.json"
DUMP = "db.dump"
MEDIA = "media.tar.gz"
TRIES = 3


class BackupError(Exception):
    pass


# --- connections -------------------------------------------------------------------------
def _params(database: str | None = None) -> dict:
    db = settings.DATABASES["default"]
    return {"dbname": database or db["NAME"], "user": db.get("USER") or None, "password": db.get("PASSWORD") or None,
            "host": db.get("HOST") or None, "port": str(db.get("PORT") or "") or None}


def _pg_env(params) -> dict:
    env = dict(os.environ)
    for key, name in (("password", "PGPASSWORD"), ("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER")):
        if params[key]:
            env[name] = params[key]
    return env


def _connect(params):
    import psycopg2

    return psycopg2.connect(**{k: v for k, v in params.items() if v})


def _run(args, params):
    done = subprocess.run(args, env=_pg_env(params), capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{args[0]} failed: {done.stderr.strip()}")
    return done.stdout


# --- what the database names ---------------------------------------------------------------
def file_columns() -> list[tuple[str, str]]:
    """(table, column) of every file field of the live models (not their history copies, which
    name files that were rightly deleted since)."""
    columns = []
    for model in apps.get_models():
        meta = model._meta
        if not meta.managed or meta.proxy or any(f.name == "history_id" for f in meta.fields):
            continue
        columns += [(meta.db_table, f.column) for f in meta.fields if isinstance(f, models.FileField)]
    return sorted(set(columns))


def tables() -> list[str]:
    return sorted({m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy})


def _named_files(cursor) -> list[str]:
    names = set()
    for table, column in file_columns():
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\'')
        names.update(row[0] for row in cursor.fetchall())
    return sorted(names)


def _row_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in [*tables(), "django_migrations"]:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- backup --------------------------------------------------------------------------------
def _link_copy(source: Path, target: Path):
    """The media folder as hard links (a copy where linking is not possible)."""
    for folder, _dirs, files in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        for name in files:
            try:
                os.link(Path(folder) / name, into / name)
            except OSError:
                shutil.copy2(Path(folder) / name, into / name)


def backup(root, *, now=None) -> Path:
    """A checked backup of the database and the media folder under ``root``; returns its folder."""
    if settings.STORAGE_BACKEND != "local":
        raise BackupError("the files are in object storage: back the bucket up with its own versioning")
    root = Path(root).resolve()
    if root.is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        raise BackupError("the backups cannot live inside MEDIA_ROOT (they would be copied into themselves)")
    root.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.datetime.now(datetime.timezone.utc)).strftime("%Y-%m-%dT%H%M%SZ")
    final, partial = root / stamp, root / f"{stamp}.partial"
    if final.exists():
        raise BackupError(f"{final} exists already")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        for _ in range(TRIES):
            missing = _backup_once(partial)
            if not missing:
                break
            shutil.rmtree(partial)
            partial.mkdir()
        else:
            raise BackupError("files named in the database kept disappearing during the backup: "
                              + ", ".join(missing[:10]))
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def _backup_once(into: Path) -> list[str]:
    params = _params()
    media_root = Path(settings.MEDIA_ROOT)
    staging = into / "media"
    connection = _connect(params)
    try:
        connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), now()")
            snapshot, taken_at = cursor.fetchone()
            if media_root.exists():
                _link_copy(media_root, staging)
            else:
                staging.mkdir()
            named = _named_files(cursor)
            missing = [name for name in named if not (staging / name).is_file()]
            if missing:
                return missing
            counts = _row_counts(cursor)
            cursor.execute("SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database "
                           "WHERE datname = current_database()")
            encoding, collate, ctype = cursor.fetchone()
            _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={into / DUMP}",
                  "--dbname", params["dbname"]], params)
    finally:
        connection.close()
    with tarfile.open(into / MEDIA, "w:gz") as archive:
        archive.add(staging, arcname="media")
    files = {name: {"size": (staging / name).stat().st_size, "sha256": _sha256(staging / name)} for name in named}
    shutil.rmtree(staging)
    manifest = {
        "format": 1, "taken_at": taken_at.isoformat(), "database": {
            "name": params["dbname"], "encoding": encoding, "collate": collate, "ctype": ctype},
        "rows": counts, "files": files,
        "archives": {DUMP: _sha256(into / DUMP), MEDIA: _sha256(into / MEDIA)},
    }
    (into / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return []


def latest(root) -> Path:
    found = sorted(p for p in Path(root).iterdir() if p.is_dir() and (p / MANIFEST).is_file())
    if not found:
        raise BackupError(f"no complete backup in {root}")
    return found[-1]


# --- restore -------------------------------------------------------------------------------
def read_manifest(directory) -> dict:
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{directory} is not a complete backup: {exc}") from exc
    for name, digest in manifest["archives"].items():
        if _sha256(directory / name) != digest:
            raise BackupError(f"{directory / name} does not match its checksum: damaged")
    return manifest


def createdb_args(manifest, database, owner=None) -> list[str]:
    """UTF8 from template0, with the locale of the database that was backed up."""
    source = manifest["database"]
    args = ["createdb", "--encoding=UTF8", "--template=template0", f"--lc-collate={source['collate']}",
            f"--lc-ctype={source['ctype']}"]
    return args + ([f"--owner={owner}"] if owner else []) + [database]


def _extract(archive_path: Path, media_root: Path):
    """Unpack media/… into ``media_root``: plain files and folders only, nothing outside it."""
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive.getmembers():
            parts = Path(member.name).parts
            if not parts or parts[0] != "media" or ".." in parts or Path(member.name).is_absolute():
                raise BackupError(f"unexpected path in the archive: {member.name}")
            if not (member.isfile() or member.isdir()):
                raise BackupError(f"unexpected entry in the archive: {member.name}")
            target = media_root.joinpath(*parts[1:])
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)


def restore(directory, *, database: str, media_root, create: bool = False, owner: str | None = None) -> dict:
    """Restore a backup into a new database and a new media folder, then check both."""
    directory, media_root = Path(directory), Path(media_root)
    manifest = read_manifest(directory)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty: restore into a new folder")
    params = _params(database)
    if create:
        _run(createdb_args(manifest, database, owner), params)
    connection = _connect(params)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            if cursor.fetchone()[0]:
                raise BackupError(f"database {database} is not empty: restore into a new one")
            cursor.execute("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()")
            if cursor.fetchone()[0] != "UTF8":
                raise BackupError(f"database {database} is not UTF8: create it with -E UTF8 --template=template0")
    finally:
        connection.close()
    _run(["pg_restore", "--exit-on-error", "--single-transaction", "--no-owner", "--dbname", database,
          str(directory / DUMP)], params)
    media_root.mkdir(parents=True, exist_ok=True)
    _extract(directory / MEDIA, media_root)
    return check(manifest, database=database, media_root=media_root)


def check(manifest, *, database: str, media_root) -> dict:
    """The restored database and folder against the manifest; raises BackupError on a difference."""
    media_root = Path(media_root)
    connection = _connect(_params(database))
    try:
        with connection.cursor() as cursor:
            counts = {}
            for table in manifest["rows"]:
                cursor.execute(f'SELECT count(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
            named = set(_named_files(cursor))
    finally:
        connection.close()
    problems = [f"{table}: {counts[table]} rows, {n} backed up" for table, n in manifest["rows"].items()
                if counts[table] != n]
    problems += [f"not in the backup's list: {name}" for name in sorted(named - set(manifest["files"]))]
    for name, expected in manifest["files"].items():
        path = media_root / name
        if not path.is_file():
            problems.append(f"missing file: {name}")
        elif _sha256(path) != expected["sha256"]:
            problems.append(f"file differs: {name}")
    if problems:
        raise BackupError("the restore does not match the backup:\n  " + "\n  ".join(problems))
    return {"tables": len(counts), "rows": sum(counts.values()), "files": len(manifest["files"])}
