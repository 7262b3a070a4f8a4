"""unionadmin: the project package and what every app shares.

Importing the Celery app here makes ``@shared_task`` bind to it in web processes too.
"""
from .celery import app as celery_app

__all__ = ("celery_app",)
