"""Quick add: a request typed in by hand, its network detected and its address normalised."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.models import (
    ConnectionRequest,
)
from tests.network.inbox.helpers import (
    HTMX,
    MARIE_URL,
    WRITERS,
    assert_inbox_body,
    selected_in,
    snapshot,
    toasts,
)

pytestmark = pytest.mark.django_db

QUICK_ADD = {
    "linkedin": (
        "https://fr.linkedin.com/in/Marie-Lefebvre-42/?trk=nav",
        "linkedin",
        "marie-lefebvre-42",
        MARIE_URL,
    ),
    "x": ("https://twitter.com/Marie_L?s=20", "x", "marie_l", "https://x.com/marie_l"),
    "instagram": (
        "https://www.instagram.com/marie.l/",
        "instagram",
        "marie.l",
        "https://www.instagram.com/marie.l",
    ),
    "viadeo": (
        "https://www.viadeo.com/p/marie-lefebvre",
        "viadeo",
        "marie-lefebvre",
        "https://www.viadeo.com/p/marie-lefebvre",
    ),
}


@pytest.mark.parametrize("who", WRITERS)
@pytest.mark.parametrize("network", sorted(QUICK_ADD))
def test_quick_add_detects_the_network_and_normalises_the_url(request, who, network, team, login):
    user = request.getfixturevalue(who)
    address, detected, handle, url = QUICK_ADD[network]
    response = login(user).post(
        reverse("request_quick_add"),
        {"address": address, "sender_name": " Marie Lefèbvre ", "message": "Bonjour !"},
        headers=HTMX,
    )
    assert_inbox_body(response)
    found = ConnectionRequest.objects.get(team=team)
    assert (found.network, found.handle, found.profile_url) == (detected, handle, url)
    assert (found.sender_name, found.message, found.state, found.owner) == (
        "Marie Lefèbvre",
        "Bonjour !",
        "new",
        user,
    )
    assert found.events.get().action == "received"
    assert selected_in(response) == found.pk
    assert toasts(response) == [
        {"message": "Request from Marie Lefèbvre added.", "level": "success"}
    ]


def test_quick_add_without_htmx_redirects_to_the_new_request(team, login, alice):
    response = login(alice).post(
        reverse("request_quick_add"),
        {"address": "https://www.linkedin.com/in/paul-newman", "sender_name": "Paul Newman"},
    )
    found = ConnectionRequest.objects.get(team=team)
    assert response.status_code == 302
    assert response["Location"] == f"/inbox/?r={found.pk}"


@pytest.mark.parametrize(
    ("address", "name", "reason"),
    [
        ("https://example.com/marie", "Marie", "This address is not on a network we know"),
        ("https://www.linkedin.com/company/acme", "Marie", "is not a profile"),
        ("marie", "Marie", "Choose the network this handle belongs to"),
        ("", "Marie", "This field is required."),
        ("https://www.linkedin.com/in/marie", "", "This field is required."),
    ],
)
def test_quick_add_with_a_bad_address_says_why_and_creates_nothing(
    address, name, reason, inbox, team, login, alice
):
    before = snapshot(team)
    response = login(alice).post(
        reverse("request_quick_add"), {"address": address, "sender_name": name}, headers=HTMX
    )
    assert_inbox_body(response, status=422)
    [toast] = toasts(response)
    assert toast["level"] == "error"
    assert reason in toast["message"]
    assert snapshot(team) == before


def test_quick_add_error_without_htmx_redirects_to_the_inbox(team, login, alice):
    client = login(alice)
    response = client.post(
        reverse("request_quick_add"), {"address": "https://example.com/x", "sender_name": "X"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("inbox")
    assert not ConnectionRequest.objects.exists()
    assert (
        "This address is not on a network we know" in client.get(reverse("inbox")).content.decode()
    )
