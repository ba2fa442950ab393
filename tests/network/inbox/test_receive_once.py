"""Receiving a request that may already be in the inbox: the doors that bring requests by
themselves (API, capture, invitation emails) store the same invitation once."""

from __future__ import annotations

import pytest

from network.inbox.services import connection_request_decide, connection_request_receive_once
from network.models import ConnectionRequest, RequestEvent
from network.text.profiles import parse_profile

MARIE = "https://www.linkedin.com/in/marie-lefebvre-42/"


def _receive(team, user, name="Marie Lefèbvre", address=MARIE, **fields):
    profile = parse_profile(address) if address else None
    return connection_request_receive_once(
        team=team, owner=user, sender_name=name, profile=profile, network="linkedin", **fields
    )


@pytest.mark.django_db
def test_the_same_open_invitation_twice_is_stored_once(team, alice):
    first, created = _receive(team, alice, headline="Engineer")
    again, created_again = _receive(team, alice, headline="Another headline")
    assert created is True and created_again is False
    assert again.pk == first.pk
    assert ConnectionRequest.objects.filter(team=team).count() == 1
    assert again.headline == "Engineer"  # the stored request is left as it was
    assert RequestEvent.objects.filter(connection_request=first, action="received").count() == 1


@pytest.mark.django_db
def test_the_address_written_another_way_is_the_same_person(team, alice):
    first, _ = _receive(team, alice)
    again, created = _receive(team, alice, address="linkedin.com/in/Marie-Lefebvre-42")
    assert created is False and again.pk == first.pk


@pytest.mark.django_db
def test_a_decided_request_does_not_hide_a_new_invitation(team, alice):
    first, _ = _receive(team, alice)
    connection_request_decide(connection_request=first, action="decline", actor=alice)
    second, created = _receive(team, alice)
    assert created is True and second.pk != first.pk


@pytest.mark.django_db
def test_another_team_has_its_own_inbox(team, alice, mallory):
    other_team = mallory.memberships.get().team
    mine, _ = _receive(team, alice)
    theirs, created = _receive(other_team, mallory)
    assert created is True and theirs.pk != mine.pk and theirs.team == other_team


@pytest.mark.django_db
def test_without_a_profile_every_invitation_is_recorded(team, alice):
    _receive(team, alice, address="")
    _, created = _receive(team, alice, address="")
    assert created is True
    assert ConnectionRequest.objects.filter(team=team).count() == 2
