"""The access grid of the REST API (``/api/v1/``), with personal access tokens.

Every API route of ``tests/test_access_grid.py``'s ROUTES (kinds ``api_*``) is tried by the
cast, each with a token: anonymous callers get 401 (never a login page); alice and bob read
every route and write through every write; carol (read-only member) and a read-only token of
alice read and get 403 on every write; mallory (another team) gets 404 on every object of
alice's team, whatever the method; a made-up id is 404; a session write without its CSRF
token is 403. Nothing refused changes a row.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.client import ApiClient
from tests.test_access_grid import (
    API_ACTION,
    API_KINDS,
    API_READ,
    API_RW,
    FACTORIES,
    ROUTES,
    _request,
    _targets,
    object_routes,
    of_kind,
    rows,
)

API_ROUTES = of_kind(*API_KINDS)
WRITES = of_kind(API_RW, API_ACTION)
READS = of_kind(API_READ, API_RW)
# The write of a route, when it is not a POST.
WRITE_METHOD = {"api_contact_detail": "patch"}
# What a read needs besides the route (it would be a 400 otherwise).
QUERY = {
    "api_whois": lambda cast: {"q": "Marie"},
    "api_phrase_fill": lambda cast: {"request": _request(cast).pk},
}


def _payload(route: str, cast: dict) -> dict:
    """A valid write for the route, so that a refusal is the permission check."""
    if route == "api_request_list":
        return {"profile_url": "https://www.linkedin.com/in/grid-person", "sender_name": "Grid"}
    if route == "api_contact_list":
        return {"given_name": "Grid"}
    if route == "api_contact_detail":
        return {"city": "Lyon", "version": 1}
    if route == "api_request_snooze":
        return {"until": (timezone.now() + timedelta(days=2)).isoformat()}
    return {}


def _url(route: str, cast: dict) -> str:
    if route in FACTORIES:
        return reverse(
            route, kwargs={kwarg: obj.pk for kwarg, obj in _targets(route, cast).items()}
        )
    return reverse(route)


def _query(route: str, cast: dict) -> dict | None:
    """Made before the snapshot of rows: it may add a row (a request to fill a phrase for)."""
    return QUERY[route](cast) if route in QUERY else None


def _read(client: ApiClient, url: str, query: dict | None):
    return client.get(url, query)


def _write(client: ApiClient, route: str, url: str, cast: dict):
    return getattr(client, WRITE_METHOD.get(route, "post"))(url, _payload(route, cast))


def _warm(client: ApiClient) -> ApiClient:
    """One call first: a token notes its first use (``last_used_at``, once a minute at
    most); what follows must change nothing."""
    client.get(reverse("api_request_list"))
    return client


@pytest.fixture
def cast(alice, team, bob, carol, mallory) -> dict:
    return {"alice": alice, "team": team, "bob": bob, "carol": carol, "mallory": mallory}


def test_every_api_route_is_tried_here():
    assert API_ROUTES, "the API's routes are classified in ROUTES"
    assert set(object_routes()) & set(API_ROUTES) <= set(FACTORIES)
    assert all(ROUTES[route] in API_KINDS for route in API_ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("route", API_ROUTES)
def test_anonymous_gets_401_and_changes_nothing(route, cast):
    url, query = _url(route, cast), _query(route, cast)
    client = ApiClient()
    before = rows()
    assert _read(client, url, query).status_code == 401
    assert _write(client, route, url, cast).status_code == 401
    assert rows() == before


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["alice", "bob"])
@pytest.mark.parametrize("route", API_ROUTES)
def test_owner_and_member_read_every_route_and_actions_refuse_get_with_405(route, who, cast, api):
    url = _url(route, cast)
    expected = 405 if ROUTES[route] == API_ACTION else 200
    assert _read(api(cast[who]), url, _query(route, cast)).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("route", WRITES)
def test_a_writer_writes_through_every_write(route, cast, api):
    url = _url(route, cast)
    client = _warm(api(cast["bob"]))
    before = rows()
    response = _write(client, route, url, cast)
    assert response.status_code in {200, 201}, response.content
    after = rows()
    assert any(after[label] != before[label] for label in after if label.startswith("network."))


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["carol", "read-only token"])
@pytest.mark.parametrize("route", API_ROUTES)
def test_read_only_reads_and_gets_403_on_every_write(route, reader, cast, api):
    url, query = _url(route, cast), _query(route, cast)
    client = api(cast["carol"]) if reader == "carol" else api(cast["alice"], read_only=True)
    _warm(client)
    before = rows()
    if route in READS:
        assert _read(client, url, query).status_code == 200
    if route in WRITES:
        assert _write(client, route, url, cast).status_code == 403
    assert rows() == before


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(set(FACTORIES) & set(API_ROUTES)))
def test_outsider_gets_404_whatever_the_method_and_nothing_changes(route, cast, api):
    url, query = _url(route, cast), _query(route, cast)
    client = _warm(api(cast["mallory"]))
    before = rows()
    assert _read(client, url, query).status_code == 404
    assert client.post(url, _payload(route, cast)).status_code == 404
    assert client.patch(url, _payload(route, cast)).status_code == 404
    assert rows() == before


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(set(FACTORIES) & set(API_ROUTES)))
def test_a_made_up_id_is_404_for_a_member_too(route, cast, api):
    url = reverse(route, kwargs=dict.fromkeys(object_routes()[route], 987654))
    query = _query(route, cast)
    client = api(cast["alice"])
    assert _read(client, url, query).status_code == 404
    assert _write(client, route, url, cast).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("route", WRITES)
def test_a_session_write_without_the_csrf_token_is_403(route, cast):
    url = _url(route, cast)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["alice"])
    before = rows()
    method = getattr(client, WRITE_METHOD.get(route, "post"))
    response = method(url, _payload(route, cast), content_type="application/json")
    assert response.status_code == 403
    assert rows() == before
