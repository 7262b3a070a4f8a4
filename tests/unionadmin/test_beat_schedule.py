"""Every periodic task of the project is on one beat schedule, the settings' own."""
import inspect

from django.conf import settings

from unionadmin.celery import app


def _project_tasks():
    app.loader.import_default_modules()  # what a worker or beat loads: every app's tasks
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def _needs_no_arguments(task) -> bool:
    parameters = list(inspect.signature(task.run).parameters.values())
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters)


def test_every_task_that_needs_no_arguments_is_scheduled():
    """A task called without arguments is a periodic one (job tasks take the job's id); each
    must be on the schedule, or it never runs (as delete_old_import_files never did)."""
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    periodic = {name for name, task in _project_tasks().items() if _needs_no_arguments(task)}
    assert "members.tasks.delete_old_import_files" in periodic
    assert periodic - scheduled == set(), "periodic tasks missing from CELERY_BEAT_SCHEDULE"


def test_every_scheduled_task_exists():
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(_project_tasks())


def test_the_beat_schedule_is_the_settings_one_and_nothing_adds_to_it():
    _project_tasks()
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE


def test_a_dead_worker_is_found_within_two_minutes_with_the_production_timings():
    """Heartbeat stale + one sweep period bounds how long a job waits after its worker died."""
    assert settings.JOBS_HEARTBEAT_SECONDS * 2 < settings.JOBS_STALE_SECONDS
    assert settings.JOBS_STALE_SECONDS + settings.JOBS_SWEEP_SECONDS <= 90
