"""The daily 换届 reminder (on settings.CELERY_BEAT_SCHEDULE); the rules are in
congress/reelection.py."""
from celery import shared_task

from .reelection import reelection_remind


@shared_task(name="congress.remind_reelection")
def remind_reelection() -> dict:
    return reelection_remind()
