"""The life of an import job: upload → map the columns → check → (fix and re-upload, or) apply.

Views call ``import_upload``, ``import_set_mapping``, ``import_request_apply`` and
``import_retry``; the checking and the writing run in a Celery worker (``import_check``,
``import_apply``), sent on commit with the job's id through unionadmin.jobs, which also
watches them: a job whose worker died ends "interrupted, nothing was written"
(``import_interrupted``) and the person who asked can retry it. The job row holds the state,
the progress and the errors; the waiting page polls it.
"""
from __future__ import annotations

import datetime
import json
import logging
import time
import uuid

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from unionadmin import jobs
from unionadmin.models import Organisation

from ..models import ImportJob, ImportValueMapping
from .checking import MEMBER_COLUMNS, Database, Plan, check
from .columns import FIELD_BY_NAME, FIELDS, guess_mapping
from .files import ImportRefused, check_size, read_at_upload_bytes, sniff
from .problems import mark_original_rows, problems_workbook
from .reading import read_sheet
from .values import CellError, text, value_key
from .writing import member_line, write_plan

logger = logging.getLogger("members.imports")

MAX_ATTEMPTS = 3
SAMPLE_ROWS = 3


class _TakenUp(Exception):
    """The job sweep took the job up while this run wrote: roll the write back."""


class _HasErrors(Exception):
    def __init__(self, plan):
        super().__init__("rows with errors")
        self.plan = plan


class Progress:
    """Writes the job's progress on a connection of its own, so the waiting page sees it even
    while the import's own transaction is still open. At most a few updates a second."""

    def __init__(self, job_id: int, start: int = 0, end: int = 100):
        self.job_id = job_id
        self.start, self.end = start, end
        self.last = 0.0
        self.connection = None

    def __call__(self, phase: str, fraction: float):
        now = time.monotonic()
        if now - self.last < 0.25 and fraction < 1.0:
            return
        self.last = now
        percent = int(self.start + (self.end - self.start) * max(0.0, min(fraction, 1.0)))
        try:
            if self.connection is None:
                self.connection = connections.create_connection("default")
            with self.connection.cursor() as cursor:
                cursor.execute(f"UPDATE {ImportJob._meta.db_table} SET progress = %s, phase = %s WHERE id = %s",
                               [percent, phase, self.job_id])
        except DatabaseError:  # progress is a courtesy; never fail an import for it
            logger.warning("could not record progress of import %s", self.job_id, exc_info=True)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _sheet(job: ImportJob):
    with job.file.open("rb") as fileobj:  # a file not read yet: its header row is found now
        return read_sheet(fileobj, job.kind, header_row=None if job.is_reading else job.header_row)


def _what_the_header_says(sheet) -> dict:
    """The job's fields read off the sheet at its first reading: what the columns step shows."""
    return {"encoding": sheet.encoding, "header_row": sheet.header_row, "columns": [text(h) for h in sheet.headers],
            "samples": [[text(c)[:40] for c in row[:len(sheet.headers)]] for _, row in sheet.rows[:SAMPLE_ROWS]],
            "mapping": guess_mapping(sheet.headers), "total_rows": len(sheet.rows)}


# --- the web side ---------------------------------------------------------------------------
def import_upload(*, user, union: Organisation, uploaded) -> ImportJob:
    """Refuse what cannot be imported, keep the file, and guess the columns.

    A file up to read_at_upload_bytes() is read here (a tenth of a second at most), so a file
    that cannot be read is refused on the upload form. A bigger one is only sniffed (its kind,
    its ZIP's declared sizes) and kept unread: the job starts "reading", and the worker that
    reads it checks it in the same go when every column needed is found (reading it here too
    made the person wait 0.5–2 s at 50,000 rows for rows the worker read again)."""
    check_size(uploaded.size)
    kind = sniff(uploaded)
    job = ImportJob(
        union=union, requested_by=user, language=translation.get_language() or settings.LANGUAGE_CODE,
        original_name=(uploaded.name or "")[-200:], size=uploaded.size, kind=kind,
        value_mapping=remembered_values(union),  # read 事业编制 as this union's last import did
    )
    read_later = uploaded.size > read_at_upload_bytes()
    if read_later:
        job.state = ImportJob.State.READING
    else:
        sheet = read_sheet(uploaded, kind)
        uploaded.seek(0)
        for name, value in _what_the_header_says(sheet).items():
            setattr(job, name, value)
    # A random name: the original may carry people's names, and is shown from the job row.
    job.file.save(f"{uuid.uuid4().hex}.{kind}", File(uploaded), save=False)
    job.save()
    if read_later:
        jobs.dispatch(job)
    return job


def mapping_problems(mapping: dict[str, str]) -> list[ImportRefused]:
    chosen = [f for f in mapping.values() if f]
    problems = []
    missing = [str(f.label) for f in FIELDS if f.required and f.name not in chosen]
    if missing:
        problems.append(ImportRefused("missing_columns", fields="、".join(missing)))
    for name in sorted({f for f in chosen if chosen.count(f) > 1}):
        problems.append(ImportRefused("column_twice", field=str(FIELD_BY_NAME[name].label)))
    return problems


def import_set_mapping(job: ImportJob, mapping: dict[str, str]) -> ImportJob:
    """Save the officer's choice of columns and check the file with it."""
    job.mapping = {k: v for k, v in mapping.items() if v}
    job.state, job.progress, job.phase = ImportJob.State.CHECKING, 0, ""
    job.errors, job.error_count, job.failure = [], 0, {}
    job.save(update_fields=["mapping", "state", "progress", "phase", "errors", "error_count", "failure"])
    jobs.dispatch(job)
    return job


def import_set_values(job: ImportJob, user, readings: dict[str, dict[str, str | None]]) -> ImportJob:
    """Save the officer's reading of choice values ({field: {value key: choice, "" = empty,
    None = not read}}), remember it for the union, and check the file again with it. A second
    submit (a double click) finds the job checking already and changes nothing."""
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update(of=("self",)).filter(pk=job.pk).first()
        if locked is None or "map_values" not in locked.allowed_actions(user):
            job.refresh_from_db()
            return job
        job.value_mapping = locked.value_mapping
        _save_values(job, user, readings)
    return job


def _save_values(job: ImportJob, user, readings) -> None:
    for field_name, values in readings.items():
        chosen = job.value_mapping.setdefault(field_name, {})
        for key, choice in values.items():
            if choice is None:  # no reading any more: the rows with it are refused again
                chosen.pop(key, None)
                ImportValueMapping.objects.filter(union=job.union, field=field_name, value=key).delete()
                continue
            chosen[key] = choice
            if len(key) <= ImportValueMapping._meta.get_field("value").max_length:
                ImportValueMapping.objects.update_or_create(
                    union=job.union, field=field_name, value=key,
                    defaults={"choice": choice, "updated_by": user})
    job.value_mapping = {name: values for name, values in job.value_mapping.items() if values}
    job.state, job.progress, job.phase = ImportJob.State.CHECKING, 0, ""
    job.errors, job.error_count, job.failure = [], 0, {}
    job.save(update_fields=["value_mapping", "state", "progress", "phase", "errors", "error_count", "failure"])
    jobs.dispatch(job)


def remembered_values(union: Organisation) -> dict[str, dict[str, str]]:
    """The union's earlier readings ({field: {value key: choice}}), offered to its next import."""
    found: dict[str, dict[str, str]] = {}
    for field_name, value, choice in ImportValueMapping.objects.filter(union=union).values_list(
            "field", "value", "choice"):
        found.setdefault(field_name, {})[value] = choice
    return found


def import_request_apply(job: ImportJob, *, valid_only: bool = False) -> ImportJob:
    """Queue the write: every row (only when none has a problem), or with ``valid_only`` the
    rows without problems, the others left out and handed back as the problems sheet."""
    rows = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.CHECKED)
    if not valid_only:
        rows = rows.filter(error_count=0)
    updated = rows.update(state=ImportJob.State.QUEUED, progress=0, phase="", valid_only=valid_only)
    job.refresh_from_db()
    if updated:
        jobs.dispatch(job)
    return job


def import_retry(*, user, job: ImportJob) -> ImportJob:
    """The person who asked tries an interrupted or crashed import again, from the step that
    stopped (a write conflict is checked again). Refusals are not retried: the file itself is
    wrong. Returns the job; it is unchanged when it cannot be retried."""
    if job.requested_by_id != user.pk or not job.can_retry:
        return job
    step = "check" if job.failure.get("code") == "write_conflict" else job.failure.get("step", "check")
    state = ImportJob.State.QUEUED if step == "apply" and job.error_count == 0 else ImportJob.State.CHECKING
    if not job.columns:  # stopped before its file was read: read it first
        state = ImportJob.State.READING
    with transaction.atomic():
        if ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.FAILED).update(
                state=state, failure={}, progress=0, phase="", attempts=0, finished_at=None):
            job.refresh_from_db()
            jobs.dispatch(job)
    job.refresh_from_db()
    return job


# --- the worker side --------------------------------------------------------------------------
def _fail(job_id: int, failure: dict, step: str, runner: str | None = None, **extra):
    """Fail the job (only if ``runner`` still runs it, when given)."""
    rows = ImportJob.objects.filter(pk=job_id)
    if runner is not None:
        rows = rows.filter(runner=runner)
    rows.update(state=ImportJob.State.FAILED, failure={**failure, "step": step}, finished_at=timezone.now(), **extra)


def import_interrupted(job: ImportJob) -> None:
    """The worker running ``job`` died (row locked by the caller): nothing was written, since
    the write is one transaction; the job ends interrupted, for the person to retry."""
    if job.state in ImportJob.JOB_PENDING_STATES:
        step = "check" if job.state in (ImportJob.State.READING, ImportJob.State.CHECKING) else "apply"
        logger.warning("import %s was interrupted while %s", job.pk, "checking" if step == "check" else "importing")
        _fail(job.pk, {"code": "interrupted", "params": {}}, step)


def _lock_free(job_id: int, states) -> ImportJob | None:
    """Lock the job (in the caller's transaction) if it is in ``states`` and nobody runs it;
    a delivery whose earlier run died ends the job as interrupted (it is not written behind
    the person's back); a duplicate delivery while a live worker runs it does nothing."""
    job = (ImportJob.objects.select_for_update(of=("self",)).select_related("union", "requested_by")
           .filter(pk=job_id).first())
    if job is None or job.state not in states:
        return None
    status = jobs.runner_status(job)
    if status == jobs.ORPHANED:
        import_interrupted(job)
    return job if status == jobs.FREE else None


def _claim_check(job_id: int) -> ImportJob | None:
    with transaction.atomic():
        job = _lock_free(job_id, (ImportJob.State.READING, ImportJob.State.CHECKING))
        if job is not None:
            job.started_at = timezone.now()
            job.save(update_fields=["started_at", *jobs.begin(job)])
        return job


def import_check(job_id: int) -> None:
    """Read and check every row; store the errors and what would be created or updated."""
    job = _claim_check(job_id)
    if job is None:
        return
    with jobs.running(job):
        _check(job)


def _check(job: ImportJob) -> None:
    job_id = job.pk
    progress = Progress(job_id, 0, 100)
    started = time.perf_counter()
    try:
        with translation.override(job.language):
            progress("reading", 0)
            sheet = _sheet(job)
            read_at = time.perf_counter()
            if job.is_reading and not _read_header(job, sheet):
                return
            plan = check(sheet, job.mapping, job.union, job.requested_by, value_mapping=job.value_mapping,
                         progress=progress)
            mark_original_rows(sheet, plan.errors, plan.warnings)
            problems_file = _store_problems(job, sheet, plan)
            _store_plan(job, plan)
        stored = ImportJob.objects.filter(pk=job_id, runner=job.runner).update(
            state=ImportJob.State.CHECKED, progress=100, phase="", total_rows=plan.total_rows,
            errors=plan.errors, error_count=plan.error_count, unknown_values=plan.unknown_values,
            warnings=_kept_warnings(plan), problems_file=problems_file,
            to_create=len(plan.creates),
            to_update=len(plan.updates), unchanged=plan.unchanged,
            timings={"read": round(read_at - started, 3), "check": round(time.perf_counter() - read_at, 3)},
        )
        if not stored:  # the columns changed during the check: this run's sheet is nobody's
            _discard(job, problems_file)
    except ImportRefused as refusal:
        _fail(job_id, refusal.as_dict(), "check", job.runner)
    except SoftTimeLimitExceeded:
        logger.error("checking import %s took too long", job_id)
        _fail(job_id, {"code": "interrupted", "params": {}}, "check", job.runner)
    except Exception:
        logger.exception("checking import %s failed", job_id)
        _fail(job_id, {"code": "crashed", "params": {}}, "check", job.runner)
    finally:
        progress.close()


def _read_header(job: ImportJob, sheet) -> bool:
    """A file read for the first time: keep its header, samples and guessed columns on the job;
    go on checking (True) when every column needed was found, else stop for the person to
    choose the columns (the job is "uploaded", as a small file is after the upload)."""
    found = _what_the_header_says(sheet)
    go_on = not mapping_problems(found["mapping"])
    state = ImportJob.State.CHECKING if go_on else ImportJob.State.UPLOADED
    extra = {} if go_on else {"progress": 0, "phase": ""}
    if not ImportJob.objects.filter(pk=job.pk, runner=job.runner, state=ImportJob.State.READING).update(
            state=state, **found, **extra):
        return False  # taken up by the job sweep meanwhile: this run is nobody's
    for name, value in found.items():
        setattr(job, name, value)
    job.state = state
    return go_on


def _claim(job_id: int) -> ImportJob | None:
    """Move a queued job to running, counting attempts."""
    with transaction.atomic():
        job = _lock_free(job_id, (ImportJob.State.QUEUED, ImportJob.State.RUNNING))
        if job is None:
            return None
        if job.attempts >= MAX_ATTEMPTS:
            _fail(job_id, {"code": "crashed", "params": {}}, "apply")
            return None
        job.state, job.attempts, job.started_at = ImportJob.State.RUNNING, job.attempts + 1, timezone.now()
        job.save(update_fields=["state", "attempts", "started_at", *jobs.begin(job)])
        return job


def import_apply(job_id: int) -> None:
    """Write the checked plan when the database still holds what the check read, else check
    again and write; all in one transaction: every row or none."""
    job = _claim(job_id)
    if job is None:
        return
    with jobs.running(job):
        _apply(job)


def _kept_warnings(plan) -> list[dict]:
    """The warnings of the rows that are (or would be) imported: a refused row's stand in the
    problems sheet, with its errors."""
    refused = set(plan.refused_rows)
    return [w for w in plan.warnings if w["row"] not in refused]


def _discard(job: ImportJob, name: str) -> None:
    """Delete a problems sheet no job row names (it holds people's details)."""
    if name:
        job.problems_file.storage.delete(name)


def _store_problems(job: ImportJob, sheet, plan) -> str:
    """Save the problems sheet of ``plan`` on ``job`` (replacing an earlier one); "" when no row
    was refused. Its name is random, like the upload's."""
    if job.problems_file:
        job.problems_file.delete(save=False)
    if not plan.refused_rows:
        return ""
    data = problems_workbook(sheet, job.mapping, plan.errors, plan.refused_rows, plan.warnings)
    job.problems_file.save(f"{uuid.uuid4().hex}.xlsx", ContentFile(data), save=False)
    return job.problems_file.name


# --- the checked plan, kept for the apply --------------------------------------------------------
# The check keeps the rows it would write next to the uploaded file (JSON: each new member as
# its line for COPY, writing.member_line, so the write only puts the id in front; each update as
# a list in PLAN_COLUMNS order: COPY takes dates as the text JSON leaves them), with what it was made from:
# the columns and readings chosen, the ID numbers looked up and the digest of what it read from
# the database. The apply locks those members, reads the database again and writes the plan as
# it is when nothing changed, instead of reading and checking the file again (most of the time
# a person waited for "Import now").
PLAN_FORMAT = 2
PLAN_COLUMNS = ["id", *MEMBER_COLUMNS]


def _plan_name(job: ImportJob) -> str:
    return f"{job.file.name}.plan.json"


def _store_plan(job: ImportJob, plan: Plan) -> None:
    if not job.file:
        return
    data = {"format": PLAN_FORMAT, "columns": PLAN_COLUMNS, "file": job.file.name, "mapping": job.mapping,
            "value_mapping": job.value_mapping, "ids": plan.ids, "version": plan.version,
            "unchanged": plan.unchanged, "total_rows": plan.total_rows, "error_count": plan.error_count,
            "creates": [member_line(row) for row in plan.creates],
            "updates": [[row[c] for c in PLAN_COLUMNS] for row in plan.updates]}
    storage, name = job.file.storage, _plan_name(job)
    try:
        _delete_plan(job)
        if storage.save(name, ContentFile(json.dumps(data, default=str, ensure_ascii=False).encode())) != name:
            storage.delete(name)  # another check saved one meanwhile: the apply checks again
    except OSError:  # a shortcut only: without it the apply checks the file again
        logger.warning("could not keep the checked plan of import %s", job.pk, exc_info=True)


def _delete_plan(job: ImportJob) -> None:
    if job.file:
        job.file.storage.delete(_plan_name(job))


def _stored_plan(job: ImportJob) -> dict | None:
    """The plan the check kept, when it was made from this job's file, columns and readings."""
    if not job.file:
        return None
    try:
        with job.file.storage.open(_plan_name(job), "rb") as fileobj:
            data = json.load(fileobj)
    except (OSError, ValueError):
        return None
    made_from = (PLAN_FORMAT, PLAN_COLUMNS, job.file.name, job.mapping, job.value_mapping, job.error_count)
    if (data.get("format"), data.get("columns"), data.get("file"), data.get("mapping"), data.get("value_mapping"),
            data.get("error_count")) != made_from:
        return None
    return data


def _checked_plan(job: ImportJob, today: datetime.date) -> Plan | None:
    """The kept plan, with its members locked, when the database holds what the check read
    (in the caller's transaction); None when it changed (or nothing was kept): check again."""
    data = _stored_plan(job)
    if data is None:
        return None
    mapped = {f for f in job.mapping.values() if f}
    database = Database.read(data["ids"], job.union, job.requested_by, mapped, lock=True)
    if database.version(today) != data["version"]:
        logger.info("import %s: the members changed since the check; checking again", job.pk)
        return None
    return Plan(create_lines=data["creates"],
                updates=[dict(zip(PLAN_COLUMNS, row)) for row in data["updates"]],
                unchanged=data["unchanged"], total_rows=data["total_rows"], error_count=data["error_count"],
                errors=job.errors, warnings=job.warnings)


def _apply(job: ImportJob) -> None:
    job_id = job.pk
    progress = Progress(job_id, 0, 100)
    timings = {}
    sheet = None
    try:
        with translation.override(job.language):
            reason = gettext("Imported from %(file)s") % {"file": job.original_name}
            with transaction.atomic():
                started = time.perf_counter()
                plan = _checked_plan(job, timezone.localdate())
                timings["verify"] = round(time.perf_counter() - started, 3)
                if plan is None:
                    started = time.perf_counter()
                    progress("reading", 0)
                    sheet = _sheet(job)
                    timings["read"] = round(time.perf_counter() - started, 3)
                    started = time.perf_counter()
                    plan = check(sheet, job.mapping, job.union, job.requested_by, value_mapping=job.value_mapping,
                                 lock=True, progress=lambda phase, f: progress(phase, 0.1 + 0.4 * f))
                    timings["check"] = round(time.perf_counter() - started, 3)
                    mark_original_rows(sheet, plan.errors, plan.warnings)
                    if not plan.ok and not job.valid_only:
                        raise _HasErrors(plan)
                started = time.perf_counter()
                created, updated = write_plan(plan, user_id=job.requested_by_id, reason=reason,
                                              progress=lambda phase, f: progress(phase, 0.5 + 0.5 * f))
                timings["write"] = round(time.perf_counter() - started, 3)
                done = ImportJob.objects.filter(pk=job_id, runner=job.runner).update(
                    state=ImportJob.State.DONE, progress=100, phase="", created=created, updated=updated,
                    unchanged=plan.unchanged, total_rows=plan.total_rows, finished_at=timezone.now(),
                    timings=timings, refused=plan.error_count, errors=plan.errors, error_count=plan.error_count,
                    warnings=_kept_warnings(plan),
                )
                if not done:
                    raise _TakenUp
            if job.valid_only and sheet is not None:  # the rows left out, as refused now (the data changed)
                ImportJob.objects.filter(pk=job_id).update(problems_file=_store_problems(job, sheet, plan))
        # The rows are in; the file (people's details) is not needed any more.
        _delete_plan(job)
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job_id).update(file="")
    except _TakenUp:
        logger.warning("import %s was taken up while it wrote; its write was rolled back", job_id)
    except _HasErrors as has_errors:
        plan = has_errors.plan  # the data changed since the check: show the new errors
        with translation.override(job.language):
            problems_file = _store_problems(job, sheet, plan)
        if not ImportJob.objects.filter(pk=job_id, runner=job.runner).update(
                state=ImportJob.State.CHECKED, progress=100, phase="", errors=plan.errors,
                error_count=plan.error_count, warnings=_kept_warnings(plan), problems_file=problems_file,
                unknown_values=plan.unknown_values, to_create=len(plan.creates), to_update=len(plan.updates),
                unchanged=plan.unchanged):
            _discard(job, problems_file)
    except ImportRefused as refusal:
        _fail(job_id, refusal.as_dict(), "apply", job.runner)
    except SoftTimeLimitExceeded:
        logger.error("import %s took too long; nothing was written", job_id)
        _fail(job_id, {"code": "interrupted", "params": {}}, "apply", job.runner)
    except IntegrityError:
        logger.warning("import %s hit a constraint while writing", job_id, exc_info=True)
        _fail(job_id, {"code": "write_conflict", "params": {}}, "apply", job.runner)
    except Exception:
        logger.exception("import %s failed", job_id)
        _fail(job_id, {"code": "crashed", "params": {}}, "apply", job.runner)
    finally:
        progress.close()


class BadReading(ValueError):
    """A reading of a value (``COLUMN:VALUE=CHOICE``) that names no choice column or no choice."""


def readings_to_value_mapping(headers: list, mapping: dict[str, str], readings) -> dict[str, dict[str, str]]:
    """[(column, value, choice)] → {field: {value key: choice}}, as the values step stores them.
    The column is a header of the file or a field's name or label; the choice a choice's value,
    label or synonym ("" = leave empty, where the field allows it)."""
    from .checking import EMPTY_ALLOWED, choice_parsers
    from .columns import field_for

    parsers = choice_parsers()
    value_mapping: dict[str, dict[str, str]] = {}
    for column, value, choice in readings:
        wanted = text(column)
        field_name = next((f for i, f in mapping.items() if int(i) < len(headers) and text(headers[int(i)]) == wanted),
                          None) or (wanted if wanted in FIELD_BY_NAME else field_for(wanted))
        if field_name not in parsers:
            raise BadReading(gettext("“%(column)s” is no column of this file with a fixed set of choices.")
                             % {"column": column})
        if not text(choice):
            if field_name not in EMPTY_ALLOWED:
                raise BadReading(gettext("“%(field)s” cannot be left empty.")
                                 % {"field": FIELD_BY_NAME[field_name].label})
            read = ""
        else:
            try:
                read = parsers[field_name](choice)
            except CellError:
                raise BadReading(gettext("“%(choice)s” is not a choice of “%(field)s”.")
                                 % {"choice": choice, "field": FIELD_BY_NAME[field_name].label}) from None
        value_mapping.setdefault(field_name, {})[value_key(value)] = read
    return value_mapping


def import_run_file(path, *, union, user, mapping=None, value_mapping=None, readings=(), valid_only=False,
                    dry_run=False, problems=None) -> dict:
    """Read, check and write a file in one go, without a job row: for the ``import_members``
    command, the benchmarks and the shell. Like the pages, every row is written only when none
    has a problem; with ``valid_only`` the rows without problems are; ``dry_run`` writes
    nothing. ``problems`` (a path or a binary file) receives the problems sheet when rows were
    refused. ``mapping`` defaults to the guess from the headers; values no table knows are read
    as the union's earlier imports did, then as ``value_mapping`` and ``readings`` say (see
    readings_to_value_mapping, which raises BadReading).

    Returns {created, updated, unchanged, refused, written, timings, mapping, sheet}, plus
    ``errors`` and ``warnings`` when there are any; raises ImportRefused for a file that
    cannot be read."""
    timings = {}
    started = time.perf_counter()
    with open(path, "rb") as fileobj:
        sheet = read_sheet(fileobj, sniff(fileobj))
    timings["read"] = time.perf_counter() - started
    mapping = mapping or guess_mapping(sheet.headers)
    problems_found = mapping_problems(mapping)
    if problems_found:
        raise problems_found[0]
    chosen = remembered_values(union)
    for field_name, values in [*(value_mapping or {}).items(),
                               *readings_to_value_mapping(sheet.headers, mapping, readings).items()]:
        chosen.setdefault(field_name, {}).update(values)
    with transaction.atomic():
        started = time.perf_counter()
        plan = check(sheet, mapping, union, user, value_mapping=chosen, lock=not dry_run)
        timings["check"] = time.perf_counter() - started
        written = not dry_run and (plan.ok or valid_only)
        created, updated = len(plan.creates), len(plan.updates)
        if written:
            started = time.perf_counter()
            reason = gettext("Imported from %(file)s") % {"file": str(path).rsplit("/", 1)[-1]}
            created, updated = write_plan(plan, user_id=getattr(user, "pk", None), reason=reason)
            timings["write"] = time.perf_counter() - started
    if problems is not None and plan.refused_rows:
        data = problems_workbook(sheet, mapping, plan.errors, plan.refused_rows, plan.warnings)
        if hasattr(problems, "write"):
            problems.write(data)
        else:
            with open(problems, "wb") as out:
                out.write(data)
    result = {"created": created, "updated": updated, "unchanged": plan.unchanged, "refused": plan.error_count,
              "written": written, "timings": timings, "mapping": mapping, "sheet": sheet}
    if plan.errors or plan.error_count:
        result.update(errors=plan.errors, error_count=plan.error_count)
    if _kept_warnings(plan):
        result["warnings"] = _kept_warnings(plan)
    return result


def import_delete_old_files(days: int = 7) -> int:
    """Delete the files of jobs older than ``days`` (the job rows and their counts stay)."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    count = 0
    old = ImportJob.objects.filter(created_at__lt=cutoff).exclude(file="", problems_file="")
    for job in old:
        _delete_plan(job)
        job.file.delete(save=False)
        job.problems_file.delete(save=False)  # the refused rows: people's details too
        ImportJob.objects.filter(pk=job.pk).update(file="", problems_file="", errors=[], warnings=[])
        count += 1
    return count
