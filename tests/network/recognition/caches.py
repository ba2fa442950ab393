"""A cache backend whose name ends like Redis's without being it (a test's)."""

from django.core.cache.backends.locmem import LocMemCache


class NotRedisCache(LocMemCache):
    """Memory, named like Redis: ``redis_unless_set`` must not take it for Redis."""
