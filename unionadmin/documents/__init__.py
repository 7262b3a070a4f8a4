"""The PDF pipeline: document jobs rendered by Celery workers (see docs/architecture.md)."""
