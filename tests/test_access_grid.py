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
from django.utils import timezone

from accounts.models import Invitation, Membership
from network.inbox.services import connection_request_receive
from network.models import (
    Category,
    ConnectionRequest,
    Contact,
    ContactAlias,
    ContactEmail,
    ContactPhone,
    ContactTag,
    NetworkProfile,
)
from network.text.profiles import parse_profile
from replies.models import Notification

# Staff-only and cross-team by design: the Django admin is for the operators of the service.
EXCLUDED_NAMESPACES = {"admin"}

# Payload sent with every POST: valid-looking values, so a refusal is not a form error.
POST_DATA = {
    "role": "owner",
    "name": "Taken over",
    "email": "x@example.org",
    "next": "/",
    "given_name": "Taken",
    "access": "full",
    "address": "https://www.linkedin.com/in/taken-over",
    "number": "+33612345678",
    "colour": "#000000",
}


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


def _contact(cast: dict, name: str = "Marie") -> Contact:
    contact = Contact.objects.create(team=cast["team"], given_name=name, family_name="Dupont")
    contact.reindex()
    return contact


def _category(cast: dict) -> Category:
    return Category.objects.filter(team=cast["team"]).first()


def _tag(cast: dict) -> ContactTag:
    return _contact(cast).tag(_category(cast))


def _alias(cast: dict) -> ContactAlias:
    return _contact(cast).add_alias("Marie Martin", "maiden")


def _profile(cast: dict) -> NetworkProfile:
    contact = _contact(cast)
    return NetworkProfile.objects.create(
        team=cast["team"],
        contact=contact,
        network="linkedin",
        handle="marie-dupont",
        url="https://www.linkedin.com/in/marie-dupont",
        access="full",
    )


def _email(cast: dict) -> ContactEmail:
    return ContactEmail.objects.create(contact=_contact(cast), email="marie@example.org")


def _phone(cast: dict) -> ContactPhone:
    return ContactPhone.objects.create(contact=_contact(cast), number="+33612345678")


def _request(cast: dict) -> ConnectionRequest:
    return connection_request_receive(
        team=cast["team"],
        owner=cast["alice"],
        sender_name="Marie Lefebvre",
        profile=parse_profile("https://www.linkedin.com/in/marie-lefebvre"),
        message="Bonjour !",
    )


def _notification(cast: dict) -> Notification:
    return Notification.objects.create(
        team=cast["team"],
        user=cast["alice"],
        connection_request=_request(cast),
        kind="first",
        asked_at=timezone.now(),
    )


def _two_contacts(cast: dict) -> dict:
    return {"pk": _contact(cast, "Marie"), "other_pk": _contact(cast, "Maria")}


FACTORIES: dict[str, Factory] = {
    "team_switch": lambda cast: cast["team"],
    "invitation_resend": _invitation,
    "invitation_revoke": _invitation,
    "invitation_approve": _invitation,
    "invitation_refuse": _invitation,
    "membership_role": _bob_membership,
    "membership_remove": _bob_membership,
    "membership_make_owner": _bob_membership,
    "contact_detail": _contact,
    "contact_edit": _contact,
    "contact_archive": _contact,
    "contact_tag": _contact,
    "contact_met_through": _contact,
    "alias_add": _contact,
    "profile_add": _contact,
    "email_add": _contact,
    "phone_add": _contact,
    "contact_merge": _two_contacts,
    "contact_untag": _tag,
    "alias_remove": _alias,
    "profile_access": _profile,
    "profile_remove": _profile,
    "email_remove": _email,
    "phone_remove": _phone,
    "category_update": _category,
    "category_merge": _category,
    "category_delete": _category,
    "notification_read": _notification,
    **dict.fromkeys(
        [
            "request_detail",
            "request_accept",
            "request_decline",
            "request_ask",
            "request_reply",
            "request_snooze",
            "request_archive",
            "request_link",
            "request_undo",
            "composer",
            "composer_send",
            "reply_receive",
            "reminder_mute",
        ],
        _request,
    ),
    **dict.fromkeys(
        ["phrase_edit", "phrase_duplicate", "phrase_copy_personal", "phrase_archive"],
        lambda cast: cast["team"].phrases.first(),
    ),
}


def _snapshot(objects: dict) -> dict:
    """Each target as stored, the contact it hangs off, and the roles of its team."""
    state = {}
    for name, obj in objects.items():
        fresh = type(obj).objects.filter(pk=obj.pk).first()
        contact = getattr(fresh, "contact", None)
        state[name] = {
            "object": model_to_dict(fresh) if fresh else None,
            "contact": model_to_dict(contact) if contact else None,
        }
    state["roles"] = sorted(Membership.objects.values_list("team_id", "user_id", "role"))
    return state


def _targets(route: str, cast: dict) -> dict:
    made = FACTORIES[route](cast)
    if isinstance(made, dict):
        return made
    (kwarg,) = object_routes()[route]
    return {kwarg: made}


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
    targets = _targets(route, {"alice": alice, "team": team, "bob": bob})
    url = reverse(route, kwargs={kwarg: obj.pk for kwarg, obj in targets.items()})
    headers = {"HX-Request": "true"} if htmx else {}
    before = _snapshot(targets)

    client = login(mallory)
    assert client.get(url, headers=headers).status_code == 404
    assert client.post(url, POST_DATA, headers=headers).status_code == 404

    assert _snapshot(targets) == before


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(FACTORIES))
def test_a_made_up_id_is_404_for_a_member_too(route, login, alice, team, bob):
    url = reverse(route, kwargs=dict.fromkeys(object_routes()[route], 987654))
    assert login(alice).post(url, POST_DATA).status_code == 404
