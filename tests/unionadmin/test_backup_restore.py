"""Backups that restore everything (issue 13, item 17).

The real thing end to end: a generated PDF and an evidence file in MEDIA_ROOT, the nightly
script (deploy/unionadmin-backup → manage.py backup: pg_dump of one snapshot plus the media
folder), the restore script (deploy/unionadmin-restore: createdb UTF8 from template0, then
manage.py restore: pg_restore and the files, checked) into a NEW database and a NEW folder;
then a separate Django process pointed at the restored pair downloads the document and opens
the evidence file, byte for byte. The system PostgreSQL 15 (127.0.0.1:5432, trust) does the
work; the restored database has a name of this test's own and is dropped afterwards.
"""
import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from assessment.models import Evidence
from tests.assessment.factories import build_rubric, build_sheet, evidence_for, first_score
from tests.documents.factories import DocumentJobFactory
from unionadmin import backup
from unionadmin.documents.services import document_render

BASE_DIR = Path(settings.BASE_DIR)
DEPLOY = BASE_DIR / "deploy"
EVIDENCE_BYTES = b"%PDF-1.4\n%evidence of the Workers' Home visit\n" + bytes(range(256)) * 40



def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _db(name=None) -> dict:
    db = settings.DATABASES["default"]
    return {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or "5432", "user": db["USER"] or "postgres",
            "name": name or db["NAME"], "password": db["PASSWORD"] or ""}


def _url(name) -> str:
    db = _db(name)
    password = f":{db['password']}" if db["password"] else ""
    return f"postgres://{db['user']}{password}@{db['host']}:{db['port']}/{name}"


def _drop(name):
    connection = psycopg2.connect(**{k: v for k, v in {**_db("postgres"), "dbname": "postgres"}.items()
                                     if k != "name" and v})
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


@pytest.fixture
def restored_name():
    name = f"test_ua_restore_{uuid.uuid4().hex[:12]}"
    yield name
    _drop(name)


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def work(county, user_with_every_role_at_a, media):
    """A profile sheet of union A rendered to a PDF, and an evidence file on A's assessment."""
    user = user_with_every_role_at_a
    job = document_render(DocumentJobFactory(organisation=county.a, requested_by=user).pk)
    assert job.state == job.State.DONE and (media / job.file.name).is_file()
    evidence = evidence_for(first_score(build_sheet(build_rubric(county.federation), county.a)),
                            name="职工之家检查记录.pdf", content=EVIDENCE_BYTES)
    assert (media / evidence.file.name).read_bytes() == EVIDENCE_BYTES
    return {"user": user, "job": job, "pdf": (media / job.file.name).read_bytes(), "evidence": evidence}


def _env(tmp_path, media, **extra) -> dict:
    """The environment the deploy scripts run in here: an env file like production's, read by
    deploy/unionadmin-manage, the service user root (this machine has no 'unionadmin')."""
    env_file = tmp_path / "unionadmin.env"
    env_file.write_text("\n".join([
        "DJANGO_ENV=development", f"SECRET_KEY={'k' * 60}", f"DATABASE_URL={_url(settings.DATABASES['default']['NAME'])}",
        f"MEDIA_ROOT={media}", f"REDIS_URL={os.environ.get('REDIS_URL', 'redis://127.0.0.1:6379/5')}",
        "STORAGE_BACKEND=local", "",
    ]))
    env_file.chmod(0o640)
    return {**os.environ, "UNIONADMIN_ENV": str(env_file), "UNIONADMIN_DIR": str(BASE_DIR),
            "UNIONADMIN_MANAGE": str(DEPLOY / "unionadmin-manage"), "UNIONADMIN_USER": "root",
            "PGHOST": _db()["host"], "PGPORT": str(_db()["port"]), **extra}


def _run(args, env):
    done = subprocess.run([str(a) for a in args], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


READ_BACK = """
import hashlib, json
from django.test import Client
from django.test.utils import setup_test_environment
from django.contrib.auth import get_user_model
setup_test_environment()
client = Client()
client.force_login(get_user_model().objects.get(pk={user}))
out = {{}}
for name, url in (("pdf", "/documents/{job}/download/"), ("evidence", "{evidence_url}")):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    out[name] = [response.status_code, hashlib.sha256(body).hexdigest()]
print(json.dumps(out))
"""


def _read_back(work, database, media_root):
    """A Django process of its own, pointed at ``database`` and ``media_root``, downloads the
    document and the evidence file as the user who made them; {name: [status, sha256]}."""
    from django.urls import reverse

    code = READ_BACK.format(user=work["user"].pk, job=work["job"].pk,
                            evidence_url=reverse("assessment:evidence_download", args=[work["evidence"].pk]))
    env = {**os.environ, "DATABASE_URL": _url(database), "MEDIA_ROOT": str(media_root), "DJANGO_ENV": "development",
           "DJANGO_SETTINGS_MODULE": "unionadmin.settings"}
    out = _run([sys.executable, BASE_DIR / "manage.py", "shell", "-c", code], env)
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.timeout(600)  # dropping the restored database waits for a checkpoint on a busy server
@pytest.mark.django_db(transaction=True)  # pg_dump is another process: rows must be committed
def test_a_backup_restores_into_a_new_database_and_folder_and_the_files_open(work, media, tmp_path, restored_name):
    backups, secrets, new_media = tmp_path / "backups", tmp_path / "secrets", tmp_path / "media-restored"
    backups.mkdir()
    env = _env(tmp_path, media, UNIONADMIN_BACKUP_DIR=str(backups), UNIONADMIN_SECRETS_DIR=str(secrets),
               UNIONADMIN_PG_ADMIN="postgres", UNIONADMIN_DB_OWNER=_db()["user"])
    as_root = os.geteuid() == 0  # the deploy scripts run as root (runuser); else the commands they call
    manage = [sys.executable, BASE_DIR / "manage.py"]
    plain = {**env, "DATABASE_URL": _url(settings.DATABASES["default"]["NAME"]), "MEDIA_ROOT": str(media)}

    _run([DEPLOY / "unionadmin-backup"] if as_root else [*manage, "backup", backups], env if as_root else plain)
    made = backup.latest(backups)
    assert sorted(p.name for p in made.iterdir()) == ["db.dump", "manifest.json", "media.tar.gz"]
    manifest = json.loads((made / "manifest.json").read_text())
    assert manifest["files"][work["evidence"].file.name]["sha256"] == sha(EVIDENCE_BYTES)
    assert manifest["files"][work["job"].file.name]["sha256"] == sha(work["pdf"])
    if as_root:  # the settings file (SECRET_KEY) apart from the data, readable by its owner only
        [kept] = secrets.iterdir()
        assert kept.read_bytes() == Path(env["UNIONADMIN_ENV"]).read_bytes()
        assert kept.stat().st_mode & 0o777 == 0o600 and secrets.stat().st_mode & 0o777 == 0o700

    # After the backup the original loses the evidence (row and file) and the PDF file: what is
    # read back below can only come from the restored database and folder.
    Evidence.objects.filter(pk=work["evidence"].pk).delete()
    default_storage.delete(work["evidence"].file.name)
    default_storage.delete(work["job"].file.name)

    out = _run([DEPLOY / "unionadmin-restore", backups, restored_name, new_media] if as_root else
               [*manage, "restore", backups, "--database", restored_name, "--media-root", new_media, "--create"],
               env if as_root else plain)
    assert "restored and checked" in out
    connection = psycopg2.connect(host=_db()["host"], port=_db()["port"], user=_db()["user"], dbname=restored_name,
                                  password=_db()["password"] or None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()")
        assert cursor.fetchone()[0] == "UTF8"
    connection.close()

    call_command("restore", str(made), database=restored_name, media_root=str(new_media), check=True)  # again: equal
    assert _read_back(work, restored_name, new_media) == {"pdf": [200, sha(work["pdf"])],
                                                         "evidence": [200, sha(EVIDENCE_BYTES)]}

    # (One restored database per run: dropping one costs a checkpoint.) Restoring again over the
    # pair is refused, the database and the folder alike.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(made), database=restored_name, media_root=str(tmp_path / "other"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(made), database="anything", media_root=str(new_media))
    # the check compares every file with the backup (rows too: the read-back above wrote some)
    (new_media / work["evidence"].file.name).write_bytes(b"%PDF-1.4 changed")
    with pytest.raises(CommandError, match="file differs"):
        call_command("restore", str(made), database=restored_name, media_root=str(new_media), check=True)
    # a backup of the original now, whose document row names a file that is gone, is refused:
    # every file the snapshot names must be in the copy
    with pytest.raises(CommandError, match="kept disappearing.*" + work["job"].file.name):
        call_command("backup", str(tmp_path / "again"))
    assert not any((tmp_path / "again").iterdir())  # nothing half-made is left behind
    # a damaged archive is found before anything is created or restored
    with open(made / "db.dump", "ab") as dump:
        dump.write(b"x")
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(made), database=restored_name + "_2", media_root=str(tmp_path / "m2"),
                     create=True)


def test_deployment_docs_call_the_scripts_and_create_databases_in_utf8():
    text = (BASE_DIR / "docs" / "deployment.md").read_text()
    assert "unionadmin-backup" in text and "unionadmin-restore" in text
    createdb = [line for line in text.splitlines() if "createdb " in line and not line.lstrip().startswith("#")]
    assert createdb and all(("--encoding UTF8" in line or "-E UTF8" in line) and "template0" in line
                            for line in createdb), createdb
