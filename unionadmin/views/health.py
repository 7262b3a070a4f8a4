"""/healthz: is the database up, is the broker up. For load balancers and people."""
import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_up() -> bool:
    try:
        return bool(redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2,
                                         socket_connect_timeout=2).ping())
    except Exception:
        return False


@never_cache
def healthz(request):
    state = {"database": "up" if _database_up() else "down", "broker": "up" if _broker_up() else "down"}
    healthy = all(v == "up" for v in state.values())
    return JsonResponse({"status": "ok" if healthy else "degraded", **state}, status=200 if healthy else 503)
