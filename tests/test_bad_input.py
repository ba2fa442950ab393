"""Hostile query parameters get an ordinary answer on every page, never a 500.

Every GET route is found by walking the URL resolver (an object id is filled with a real object
of alice's team, made by the access grid's factories). A first plain request records which
query parameters the view (and its templates) read; then each of them is sent, one at a time,
a NUL byte inside text, a superscript or Arabic-Indic digit where a number may be expected, and
a 100,000-character search. The answer must be a 2xx, 3xx or 4xx, and the long search must
never reach the database whole: its words are capped (``config.params``).

On PostgreSQL the NUL byte matters (it raises ``DataError``); run it there too::

    DATABASE_URL=postgres://... REDIS_URL=redis://... pytest tests/test_bad_input.py
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from accounts.models import Invitation
from config.params import MAX_SEARCH_WORDS
from replies.reminders.delivery import stop_token
from tests.test_access_grid import FACTORIES

LONG_SEARCH = "a " * 50_000  # 100,000 characters, 50,000 words
HOSTILE = {
    "nul": "a\x00b",
    "superscript two": "²",
    "arabic-indic three": "٣",
    "long search": LONG_SEARCH,
}
# Read by many views, tried on every route even when the plain request does not read them.
ALWAYS_TRIED = {"q", "page"}
# No query that runs for one request is this long: a search of 100,000 characters, or of
# 50,000 words each adding a condition, would be far longer.
MAX_SQL_LENGTH = 20_000


@contextmanager
def reads_recorded():
    """The keys read from any query or form dict while the block runs."""
    keys: set[str] = set()
    patched = {}
    for name in ("get", "getlist", "__getitem__", "__contains__"):
        assert name not in QueryDict.__dict__  # inherited: deleting the wrapper restores it
        original = getattr(QueryDict, name)

        def recording(self, key, *args, _original=original, **kwargs):
            keys.add(key)
            return _original(self, key, *args, **kwargs)

        patched[name] = original
        setattr(QueryDict, name, recording)
    try:
        yield keys
    finally:
        for name in patched:
            delattr(QueryDict, name)


# Routes tried on the object of another route, one their action is allowed on.
OBJECT_LIKE = {"reply_receive": "request_reply"}


def _path(route: str, pattern, cast: dict) -> str:
    kwargs = {}
    factory = FACTORIES.get(OBJECT_LIKE.get(route, route))
    if factory:
        made = factory(cast)
        if isinstance(made, dict):
            kwargs = {name: obj.pk for name, obj in made.items()}
        else:
            (name,) = [
                name
                for name, converter in pattern.pattern.converters.items()
                if isinstance(converter, IntConverter) or name == "pk"
            ]
            kwargs = {name: made.pk}
    elif route == "invitation_accept":
        _invitation, token = Invitation.create(
            team=cast["team"], email="dan@example.org", role="member", invited_by=cast["alice"]
        )
        kwargs = {"token": token}
    elif route == "reminder_stop":
        request = FACTORIES["composer"](cast)
        kwargs = {"token": stop_token(cast["alice"].pk, request.pk)}
    else:
        # allauth's keys in links (email confirmation, password reset): a wrong one is fine; an
        # object route without a factory yet (the access grid asks for one) gets a 404.
        kwargs = dict.fromkeys(pattern.pattern.regex.groupindex, "1-x")
        for name, converter in getattr(pattern.pattern, "converters", {}).items():
            kwargs[name] = 0 if isinstance(converter, IntConverter) else "x"
    return reverse(route, kwargs=kwargs)


def _walk(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            # The Django admin is for the service's staff; allauth's pages are tried too.
            if pattern.namespace != "admin":
                yield from _walk(pattern.url_patterns)
        elif pattern.name:
            yield pattern.name, pattern


ROUTES = dict(_walk(get_resolver().url_patterns))


@pytest.fixture
def cast(alice, team, bob, carol, mallory) -> dict:
    return {"alice": alice, "team": team, "bob": bob, "carol": carol, "mallory": mallory}


@pytest.mark.timeout(60)  # an uncapped search takes minutes: fail instead of waiting
@pytest.mark.parametrize("who", ["alice", "anonymous"])
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_hostile_query_parameters_get_no_server_error(client, cast, route, who):
    if who == "alice":
        client.force_login(cast["alice"])
    path = _path(route, ROUTES[route], cast)
    with reads_recorded() as read:
        plain = client.get(path)
    assert plain.status_code < 500, f"{path} answers {plain.status_code} without parameters"
    for key in sorted(read | ALWAYS_TRIED):
        for label, value in HOSTILE.items():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, {key: value})
            assert response.status_code < 500, (
                f"GET {path} with {key}= {label} answers {response.status_code}"
            )
            longest = max((len(query["sql"]) for query in queries), default=0)
            assert longest < MAX_SQL_LENGTH, (
                f"GET {path} with {key}= {label} runs a query of {longest} characters"
            )


def test_a_long_search_runs_at_most_the_capped_number_of_conditions(client, cast):
    """The search of the lists adds one condition per word: 50,000 words become a handful."""
    client.force_login(cast["alice"])
    for route in ("inbox", "contact_list", "contact_lookup"):
        with CaptureQueriesContext(connection) as plain:
            client.get(reverse(route), {"q": "marie"})
        with CaptureQueriesContext(connection) as long:
            response = client.get(reverse(route), {"q": LONG_SEARCH})
        assert response.status_code == 200
        grown = max(len(query["sql"]) for query in long) - max(len(query["sql"]) for query in plain)
        # Each further word costs at most a few hundred characters of SQL.
        assert grown < 600 * MAX_SEARCH_WORDS, f"{route}: the search grew the SQL by {grown}"


# Fields that let a POST get past its first refusal, so that the fields read after it are tried.
VALID_POST = {
    "composer_send": {"intent": "ask_how_met", "text": "Bonjour"},
    "reply_receive": {"text": "Merci"},
    "team_switch": {"next": "/inbox/"},
    "contacts_bulk": {"action": "archive", "next": "/contacts/"},
    "requests_bulk": {"action": "snooze", "when": "tomorrow"},
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_hostile_form_fields_get_no_server_error(client, cast, route):
    """The same for the fields a POST reads by hand (a form's fields are checked by the form)."""
    client.force_login(cast["alice"])
    path = _path(route, ROUTES[route], cast)
    valid = VALID_POST.get(route, {})
    with reads_recorded() as read:
        plain = client.post(path, valid)
    assert plain.status_code < 500, f"POST {path} answers {plain.status_code}"
    for key in sorted(read):
        for label, value in HOSTILE.items():
            response = client.post(path, {**valid, key: value})
            assert response.status_code < 500, (
                f"POST {path} with {key}= {label} answers {response.status_code}"
            )
