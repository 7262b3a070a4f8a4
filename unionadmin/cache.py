"""The cache: Django's Redis cache, for which a Redis error is a miss.

Nothing the site must do depends on the cache (sessions live in PostgreSQL; the indicator
figures are counted again when they are not found), so a Redis that is stopped, restarting
or hung must cost a page some milliseconds, never the page itself:

- a read that fails answers "not found" (the caller's default), a write that fails is
  skipped (``add``/``touch``/``delete`` answer False, ``set_many`` names every key as not
  stored), with a warning in the log when Redis goes away and when it is back;
- the connection has short connect and read timeouts (settings ``CACHES["default"]
  ["OPTIONS"]``), and after a failure this process leaves Redis alone for ``PAUSE``
  seconds, so a hung Redis costs one timeout per process every few seconds, not one per
  cache call.

A skipped ``delete`` leaves the old entry in Redis, so nothing may rely on deleting a key to
invalidate it: the indicator figures are keyed by the change stamps of their tables
(``unionadmin/stamps.py``) and are never deleted. ``clear()`` is not softened: it is called
by people and commands that must know whether it worked.
"""
from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("unionadmin.cache")

PAUSE = 5.0  # seconds without trying Redis after a failure, per process

_state_lock = threading.Lock()
_paused_until: dict[tuple, float] = {}  # per Redis location: time.monotonic() until which it is left alone


class CacheDown(Exception):
    """Redis is paused after a recent failure (never leaves this module)."""


def _check(location):
    if time.monotonic() < _paused_until.get(location, 0.0):
        raise CacheDown


def _failed(location, operation: str, error: Exception):
    with _state_lock:
        already_down = location in _paused_until  # until a call succeeds again
        _paused_until[location] = time.monotonic() + PAUSE
    if not already_down:
        logger.warning("Cache unavailable (%s: %s); treating it as empty for %.0f s", operation, error, PAUSE)


def _recovered(location):
    if location in _paused_until:
        with _state_lock:
            if _paused_until.pop(location, None) is not None:
                logger.warning("Cache available again")


class ResilientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with every Redis error taken as a miss."""

    def _call(self, operation, on_error, *args, **kwargs):
        location = tuple(self._servers)
        try:
            _check(location)
            result = getattr(super(), operation)(*args, **kwargs)
        except CacheDown:
            return on_error
        except RedisError as error:
            _failed(location, operation, error)
            return on_error
        _recovered(location)
        return result

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call("incr", missing, key, delta, version=version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found.")  # what a miss means for incr
        return result
