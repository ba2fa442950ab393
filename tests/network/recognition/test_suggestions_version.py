"""The version the team's suggestions are kept under: set by the first to come, then read."""

import pytest
from django.core.cache import cache

from network.recognition import candidates
from network.recognition.candidates import forget_suggestions, suggestions_version


@pytest.fixture(autouse=True)
def _empty():
    cache.clear()
    yield
    cache.clear()


def test_the_first_reader_sets_the_version_the_next_ones_read():
    first = suggestions_version(7)
    assert len(first) == 32
    assert cache.get("recognition:suggestions-version:7") == first
    assert suggestions_version(7) == first
    assert suggestions_version(8) != first  # a version per team


@pytest.mark.django_db
def test_a_forgotten_version_is_replaced():
    first = suggestions_version(7)
    forget_suggestions(team_id=7)
    assert suggestions_version(7) not in {first, ""}


def test_who_comes_second_reads_the_version_the_first_set(monkeypatch):
    """Two readers find no version; the other sets its own between this one's read and its
    ``add``: this one's ``add`` fails, and it reads the other's."""
    real_get = cache.get
    reads = []

    def get_after_the_other_set_it(key, *args, **kwargs):
        if not reads:  # this reader's first read: nothing yet, then the other one sets it
            reads.append(key)
            cache.add(key, "set-by-the-other", timeout=None)
            return None
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(candidates.cache, "get", get_after_the_other_set_it)
    assert suggestions_version(7) == "set-by-the-other"


def test_setting_the_version_reads_the_cache_once(monkeypatch):
    """A miss costs one read and one ``add`` (each a round trip to Redis), not a second
    read of what this reader has just set."""
    real_get = cache.get
    reads = []
    monkeypatch.setattr(
        candidates.cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k)
    )
    version = suggestions_version(7)
    assert reads == ["recognition:suggestions-version:7"]
    assert real_get("recognition:suggestions-version:7") == version
