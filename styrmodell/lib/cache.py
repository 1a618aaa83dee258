"""A Redis cache that a Redis outage does not turn into error pages.

The cache only ever holds copies: when Redis cannot be reached every read is a miss and every write is
skipped (and logged), so pages are computed from the database as if the cache were empty. Timeouts are short
(settings), so an unreachable Redis costs a request milliseconds, not minutes.
"""

from __future__ import annotations

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

_OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)


def _forgiving(fallback):
    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except _OUTAGE as error:
                logger.warning(
                    "Cache unavailable (%s): %s treated as a miss", type(error).__name__, method.__name__
                )
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


def _not_found(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found (cache unavailable)")


class ForgivingRedisCache(RedisCache):
    get = _forgiving(_default)(RedisCache.get)
    set = _forgiving(None)(RedisCache.set)
    add = _forgiving(False)(RedisCache.add)
    touch = _forgiving(False)(RedisCache.touch)
    delete = _forgiving(False)(RedisCache.delete)
    has_key = _forgiving(False)(RedisCache.has_key)
    # Like a missing key: callers already handle ValueError from incr.
    incr = _forgiving(_not_found)(RedisCache.incr)
    get_many = _forgiving({})(RedisCache.get_many)
    set_many = _forgiving(lambda data, *a, **k: list(data))(RedisCache.set_many)
    delete_many = _forgiving(None)(RedisCache.delete_many)
    clear = _forgiving(False)(RedisCache.clear)
