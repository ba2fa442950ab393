"""Fixtures shared by the inbox tests: an inbox with a request in every state, requests that
may come from someone known, and Hélène, a contact that requests get linked to.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from network.contacts.services import contact_create
from network.inbox.services import (
    connection_request_decide,
    connection_request_link,
)
from network.models import (
    ConnectionRequest,
    ContactEmail,
    NetworkProfile,
)
from tests.network.inbox.helpers import MARIE_URL, PAUL_URL, category, received


@pytest.fixture
def inbox(team, alice, bob):
    """Five requests to decide (newest first: Luc, Zoé, Jean, Marie, Paul), one in each
    other state, and Hélène Durand in the address book."""
    dan = received(team, alice, "Dan Declined", minutes_ago=60)
    connection_request_decide(
        action="decline", connection_request=dan, actor=alice
    )  # a real decision: undo applies to it
    return SimpleNamespace(
        luc=received(team, alice, "Luc Besson", minutes_ago=5, network="x"),
        zoe=received(team, bob, "Zoé Martin", minutes_ago=10, network="instagram", state="replied"),
        jean=received(
            team, alice, "Jean Dupont", minutes_ago=15, network="facebook", state="asked"
        ),
        marie=received(
            team,
            alice,
            "Marie Lefèbvre",
            minutes_ago=20,
            address=MARIE_URL,
            headline="Engineer at Acme",
            message="We met at the Lycée Hoche reunion.",
        ),
        paul=received(team, alice, "Paul Newman", minutes_ago=30, address=PAUL_URL),
        sam=received(team, alice, "Sam Snoozed", minutes_ago=40, state="snoozed"),
        ann=received(team, alice, "Ann Accepted", minutes_ago=50, state="accepted"),
        dan=ConnectionRequest.objects.get(pk=dan.pk),
        arc=received(team, alice, "Arc Archived", minutes_ago=70, state="archived"),
        helene=contact_create(
            team=team, actor=alice, data={"given_name": "Hélène", "family_name": "Durand"}
        ),
        school=category(team, "school"),
        kids=category(team, "kids"),
    )


@pytest.fixture
def matches(team, alice, mallory):
    """Requests that may come from someone known, and requests that may not."""
    helene = contact_create(
        team=team, actor=alice, data={"given_name": "Hélène", "family_name": "Durand"}
    )
    NetworkProfile.objects.create(
        team=team,
        contact=helene,
        network="linkedin",
        handle="hdurand",
        url="https://www.linkedin.com/in/hdurand",
    )
    ContactEmail.objects.create(contact=helene, email="helene@acme.example")
    other = contact_create(team=team, actor=alice, data={"given_name": "Other"})
    eve = contact_create(team=mallory.last_team, actor=mallory, data={"given_name": "Eve"})
    NetworkProfile.objects.create(
        team=mallory.last_team,
        contact=eve,
        network="linkedin",
        handle="eve-only",
        url="https://www.linkedin.com/in/eve-only",
    )
    ContactEmail.objects.create(contact=eve, email="eve@evil.example")
    linked = received(team, alice, "Linked", minutes_ago=3)
    connection_request_link(connection_request=linked, actor=alice, contact=other)
    return SimpleNamespace(
        helene=helene,
        by_profile=received(
            team, alice, "By Profile", minutes_ago=1, address="https://www.linkedin.com/in/hdurand"
        ),
        by_email=received(team, alice, "By Email", minutes_ago=2, email="HELENE@Acme.example"),
        linked=linked,
        nobody=received(
            team, alice, "Nobody", minutes_ago=4, address="https://www.linkedin.com/in/x"
        ),
        other_network=received(
            team,
            alice,
            "Other Network",
            minutes_ago=5,
            address="https://www.instagram.com/hdurand/",
        ),
        other_team=received(
            team,
            alice,
            "Other Team",
            minutes_ago=6,
            address="https://www.linkedin.com/in/eve-only",
            email="eve@evil.example",
        ),
    )


@pytest.fixture
def helene(team, alice):
    """Hélène Durand, known to the team under her married name."""
    return contact_create(
        team=team, actor=alice, data={"given_name": "Hélène", "family_name": "Durand"}
    )
