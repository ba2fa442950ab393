"""Possible matches in the inbox: the filter, who a request may be and why, and never a
contact of another team.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.contacts.services import contact_create
from network.inbox.selectors import match_flags, with_match_flag
from network.models import (
    ConnectionRequest,
    NetworkProfile,
)
from network.recognition.matching import LIKELY
from tests.network.inbox.helpers import MARIE_URL, listed, received

pytestmark = pytest.mark.django_db


def test_a_match_in_another_team_is_never_shown(inbox, team, login, alice, mallory):
    theirs = contact_create(
        team=mallory.last_team, actor=mallory, data={"given_name": "Secret", "family_name": "Eve"}
    )
    NetworkProfile.objects.create(
        team=mallory.last_team,
        contact=theirs,
        network="linkedin",
        handle="marie-lefebvre-42",
        url=MARIE_URL,
    )
    response = login(alice).get(reverse("inbox"), {"r": inbox.marie.pk})
    assert "Secret Eve" not in response.content.decode()
    assert response.context["matches"] == []


MATCHING = ["by_profile", "by_email", "linked"]
NOT_MATCHING = ["nobody", "other_network", "other_team"]


@pytest.mark.parametrize(
    ("match", "names"), [("1", MATCHING), ("0", NOT_MATCHING), ("", MATCHING + NOT_MATCHING)]
)
def test_the_possible_match_filter(match, names, matches, login, alice):
    response = login(alice).get(reverse("inbox"), {"match": match})
    assert listed(response) == [getattr(matches, name).pk for name in names]
    assert response.content.decode().count(">possible match</span>") == len(
        [name for name in names if name in MATCHING]
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [("by_profile", "same profile address"), ("by_email", "same email address")],
)
def test_the_request_shows_who_it_may_be_and_why(name, reason, matches, login, alice):
    found = getattr(matches, name)
    response = login(alice).get(reverse("inbox"), {"r": found.pk})
    top = response.context["matches"][0]
    assert top.contact == matches.helene
    assert reason in top.reasons
    assert top.score >= 95
    html = response.content.decode()
    assert "Hélène Durand" in html
    assert reason in html


def test_the_page_s_badges_agree_with_the_filter_s_annotation(matches, team, alice):
    """``match_flags`` (the list's badges, read for a page of rows) gives what
    ``with_match_flag`` (the filter's annotation) gives, row by row: linked, likely best
    match, same profile (not on another network, not in another team), same email."""
    both = received(
        team,
        alice,
        "Profile Elsewhere, Same Email",
        minutes_ago=7,
        address="https://www.instagram.com/hdurand/",
        email="helene@acme.example",
    )
    likely = received(team, alice, "Likely", minutes_ago=8, address="https://x.com/likely1")
    unlikely = received(team, alice, "Unlikely", minutes_ago=9, address="https://x.com/unl2")
    ConnectionRequest.objects.filter(pk=likely.pk).update(
        best_match=matches.helene, best_score=LIKELY
    )
    ConnectionRequest.objects.filter(pk=unlikely.pk).update(
        best_match=matches.helene, best_score=LIKELY - 1
    )
    rows = list(ConnectionRequest.objects.filter(team=team))
    annotated = dict(
        with_match_flag(ConnectionRequest.objects.filter(team=team)).values_list("pk", "has_match")
    )
    flags = match_flags(team, rows)
    assert flags == annotated
    expected = {"By Profile", "By Email", "Linked", "Profile Elsewhere, Same Email", "Likely"}
    assert {row.sender_name for row in rows if flags[row.pk]} == expected
    assert both.pk in flags
