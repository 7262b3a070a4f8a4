"""Periodic housekeeping of the unionadmin package (on CELERY_BEAT_SCHEDULE in settings)."""
from importlib import import_module

from celery import shared_task
from django.conf import settings


@shared_task(name="sessions.clear_expired", ignore_result=True)
def clear_expired_sessions():
    """Delete expired sessions (what ``manage.py clearsessions`` does): sessions are rows in
    PostgreSQL, which nothing else removes when a browser simply stops coming back."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
