"""The whole batch is checked before anything is stored: each invitation typed, bounded and
its profile address parsed; one that cannot be read refuses the batch, with the reason."""

from __future__ import annotations

import json

import pytest

from network.capture.validation import MAX_INVITATIONS, read_batch
from tests.network.capture.helpers import JEAN, MARIE, batch


def test_a_good_batch_is_read_with_every_field():
    read = read_batch(batch(MARIE, JEAN))
    assert read.storable
    marie, jean = read.invitations
    assert (marie.name, marie.profile.network, marie.profile.handle) == (
        "Marie Lefebvre",
        "linkedin",
        "marie-lefebvre-42",
    )
    assert marie.request_fields() == {
        "headline": "Purchasing manager at Acme Distribution",
        "message": "Hello, we met in Lyon.",
        "mutual_connections": 12,
        "has_photo": True,
    }
    assert (jean.profile.network, jean.profile.handle, jean.mutual_connections) == (
        "facebook",
        "100089912345678",
        None,
    )
    assert read.page_url == "https://www.linkedin.com/mynetwork/invitation-manager/"


def test_names_and_headlines_are_single_lines_without_control_characters():
    read = read_batch(batch(dict(MARIE, name="  Marie\n\tLefebvre\x00 ", headline="A\n B")))
    assert (read.invitations[0].name, read.invitations[0].headline) == ("Marie Lefebvre", "A B")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"name": ""}, "The name is missing."),
        ({"name": None}, "The name is missing."),
        ({"name": ["Marie"]}, "The name is missing."),
        ({"name": "M" * 201}, "The name is longer than 200 characters."),
        ({"headline": "h" * 301}, "The headline is longer than 300 characters."),
        ({"message": "m" * 3001}, "The message is longer than 3000 characters."),
        ({"profile_url": ""}, "The profile address is missing."),
        ({"profile_url": "https://www.linkedin.com/in/" + "a" * 500}, "longer than 500"),
        ({"profile_url": "javascript:alert(1)"}, "Profile address: "),
        ({"profile_url": "https://www.linkedin.com/company/acme/"}, "Profile address: "),
        ({"profile_url": "https://x.com/marie_d"}, "not on LinkedIn or Facebook"),
        ({"mutual_connections": -1}, "whole number from 0"),
        ({"mutual_connections": "12"}, "whole number from 0"),
        ({"mutual_connections": 1.5}, "whole number from 0"),
        ({"mutual_connections": True}, "whole number from 0"),
        ({"mutual_connections": 100_001}, "whole number from 0"),
        ({"has_photo": "yes"}, "photo must be yes, no or unknown"),
    ],
)
def test_one_bad_invitation_refuses_the_whole_batch_with_the_reason(change, reason):
    read = read_batch(batch(JEAN, dict(MARIE, **change)))
    assert not read.storable
    (refused,) = read.refused
    assert refused.position == 2
    assert any(reason in line for line in refused.reasons), refused.reasons


def test_every_problem_of_an_invitation_is_named():
    read = read_batch(batch({"name": "", "profile_url": "", "mutual_connections": -3}, "text"))
    first, second = read.refused
    assert len(first.reasons) == 3
    assert (second.position, second.reasons) == (2, ["This entry is not an invitation."])


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "not json",
        "[]",
        json.dumps({"kind": "something else", "invitations": []}),
        batch(MARIE).replace('"invitations": [', '"invitations": {"x": ['),
        "x" * 1_000_001,
    ],
)
def test_anything_else_than_a_batch_is_refused_as_unreadable(text):
    read = read_batch(text)
    assert read.problem and not read.storable and not read.nothing_recognised


def test_a_batch_from_an_origin_that_is_not_a_network_is_refused():
    read = read_batch(batch(MARIE, origin="https://evil.example"))
    assert "did not come from a LinkedIn or Facebook page" in read.problem
    assert read.invitations == []


def test_the_allowed_origins_come_from_the_setting(settings):
    settings.CAPTURE_ORIGINS = ["http://127.0.0.1:8313"]
    assert read_batch(batch(MARIE, origin="http://127.0.0.1:8313")).storable
    assert read_batch(batch(MARIE, origin="https://www.linkedin.com")).problem


def test_more_than_the_limit_is_refused_at_once():
    people = [
        dict(MARIE, profile_url=f"https://www.linkedin.com/in/person-{number}")
        for number in range(MAX_INVITATIONS + 1)
    ]
    assert "at most 200" in read_batch(batch(*people)).problem
    assert read_batch(batch(*people[:MAX_INVITATIONS])).storable


def test_the_same_person_twice_on_the_page_is_taken_once():
    twice = dict(MARIE, profile_url="https://linkedin.com/in/Marie-Lefebvre-42?trk=x")
    read = read_batch(batch(MARIE, twice))
    assert (len(read.invitations), read.repeated) == (1, 1)


def test_an_empty_list_is_nothing_recognised_not_an_error():
    read = read_batch(batch())
    assert read.nothing_recognised and not read.storable and not read.problem
