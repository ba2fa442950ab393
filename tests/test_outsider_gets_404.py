"""Every route that takes an object id answers 404 to an outsider, and changes nothing.

The routes are found by walking the URL resolver, so a new route is covered the day it is
added: ``test_every_object_route_is_exercised`` fails until it has a factory below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

from accounts.models import Invitation, Membership

# Staff-only and cross-team by design: the Django admin is for the operators of the service.
EXCLUDED_NAMESPACES = {"admin"}

# Payload sent with every POST: valid-looking values, so a refusal is not a form error.
POST_DATA = {"role": "owner", "name": "Taken over", "email": "x@example.org", "next": "/"}


def _walk(patterns, namespace: str | None = None) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if inner in EXCLUDED_NAMESPACES:
                continue
            yield from _walk(pattern.url_patterns, inner)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def _object_kwargs(pattern: URLPattern) -> list[str]:
    converters = getattr(pattern.pattern, "converters", {})
    names = [
        name
        for name, converter in converters.items()
        if isinstance(converter, IntConverter | UUIDConverter)
        or name == "pk"
        or name.endswith(("_id", "_pk"))
    ]
    return names


def object_routes() -> dict[str, list[str]]:
    return {
        name: kwargs
        for name, pattern in _walk(get_resolver().url_patterns)
        if (kwargs := _object_kwargs(pattern))
    }


# One factory per object route: given alice's team and cast, the object the route acts on.
Factory = Callable[[dict], object]


def _bob_membership(cast: dict) -> Membership:
    return Membership.objects.get(user=cast["bob"], team=cast["team"])


def _invitation(cast: dict) -> Invitation:
    invitation, _token = Invitation.create(
        team=cast["team"], email="target@example.org", role="member", invited_by=cast["alice"]
    )
    return invitation


FACTORIES: dict[str, Factory] = {
    "team_switch": lambda cast: cast["team"],
    "invitation_resend": _invitation,
    "invitation_revoke": _invitation,
    "membership_role": _bob_membership,
    "membership_remove": _bob_membership,
    "membership_make_owner": _bob_membership,
}


def _snapshot(obj) -> dict:
    fresh = type(obj).objects.filter(pk=obj.pk).first()
    team_id = getattr(obj, "team_id", obj.pk)
    roles = sorted(Membership.objects.filter(team_id=team_id).values_list("user_id", "role"))
    return {"object": model_to_dict(fresh) if fresh else None, "roles": roles}


def test_every_object_route_is_exercised():
    routes = object_routes()
    assert set(routes) == set(FACTORIES), (
        "add a factory to FACTORIES for each new route that takes an object id"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(FACTORIES))
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_outsider_gets_404_and_the_object_is_unchanged(
    route, htmx, login, alice, team, bob, mallory
):
    cast = {"alice": alice, "team": team, "bob": bob}
    target = FACTORIES[route](cast)
    (kwarg,) = object_routes()[route]
    url = reverse(route, kwargs={kwarg: target.pk})
    headers = {"HX-Request": "true"} if htmx else {}
    before = _snapshot(target)

    client = login(mallory)
    assert client.get(url, headers=headers).status_code == 404
    assert client.post(url, POST_DATA, headers=headers).status_code == 404

    assert _snapshot(target) == before


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(FACTORIES))
def test_a_made_up_id_is_404_for_a_member_too(route, login, alice, team, bob):
    (kwarg,) = object_routes()[route]
    url = reverse(route, kwargs={kwarg: 987654})
    assert login(alice).post(url, POST_DATA).status_code == 404
