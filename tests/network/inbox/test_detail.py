"""Opening a request: the fragment htmx targets, or the whole page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.network.inbox.helpers import INBOX_BODY, received, selected_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", ["inbox-body", "detail"])
def test_opening_a_request_answers_the_fragment_htmx_targets(target, inbox, login, alice):
    response = login(alice).get(
        reverse("request_detail", args=[inbox.marie.pk]),
        headers={"HX-Request": "true", "HX-Target": target},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(
        INBOX_BODY if target == "inbox-body" else '<section id="detail"'
    )
    assert "Marie Lefèbvre" in html
    assert "<html" not in html


def test_opening_a_request_without_htmx_shows_the_whole_page(inbox, login, alice):
    response = login(alice).get(reverse("inbox"), {"r": inbox.marie.pk})
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert response.context["selected"] == inbox.marie
    assert selected_in(response) == inbox.marie.pk


@pytest.mark.parametrize("reader", ["alice", "bob"])
def test_the_open_request_says_whom_it_was_sent_to(reader, team, alice, bob, login, request):
    """The owner is shown by name, whether the reader is the owner (read from the request's
    user, no query) or a colleague."""
    to_bob = received(team, bob, "Paul Newman", minutes_ago=1)
    to_alice = received(team, alice, "Marie Lefèbvre", minutes_ago=2)
    client = login(request.getfixturevalue(reader))
    for found, name in ((to_bob, "Bob Member"), (to_alice, alice.display_name)):
        detail = client.get(reverse("inbox"), {"r": found.pk}).content.decode()
        section = detail.split('<section id="detail"')[1]
        assert f"sent to {name}" in " ".join(section.split())
