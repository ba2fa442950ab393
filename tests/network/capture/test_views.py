"""The capture's pages: the bookmarklet offered with this site's origin, the window that
receives the invitations, the preview that stores nothing, the all-or-nothing confirmation
and the result that opens the inbox on them."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from network.inbox.services import connection_request_decide, connection_request_receive
from network.models import ConnectionRequest, RequestEvent
from network.text.profiles import parse_profile
from tests.network.capture.helpers import JEAN, MARIE, batch

pytestmark = pytest.mark.django_db


def _confirm(client, *invitations):
    return client.post(reverse("capture_confirm"), {"payload": batch(*invitations)})


def test_the_page_offers_the_bookmarklet_built_for_this_site(login, alice):
    html = login(alice).get(reverse("capture_page")).content.decode()
    href = re.search(r'id="capture-bookmarklet" href="([^"]+)"', html).group(1)
    assert href.startswith("javascript:")
    code = unquote(href.removeprefix("javascript:").replace("&amp;", "&"))
    config = json.loads(re.search(r"var config = (\{.*?\});", code).group(1))
    assert config["origin"] == "http://testserver"
    assert config["receiver"] == "http://testserver" + reverse("capture_receive")
    assert "__NETCURATE_CONFIG__" not in code
    assert not any(line.startswith("//") for line in code.splitlines())
    assert "Drag this button" in html


def test_a_read_only_member_sees_how_it_works_but_no_bookmarklet(login, carol):
    html = login(carol).get(reverse("capture_page")).content.decode()
    assert "javascript:" not in html
    assert "read-only" in html


def test_the_receiver_keeps_its_link_to_the_networks_page_and_lists_their_origins(
    login, alice, settings
):
    settings.CAPTURE_ORIGINS = ["https://www.linkedin.com", "http://127.0.0.1:8313"]
    response = login(alice).get(reverse("capture_receive"))
    assert response["Cross-Origin-Opener-Policy"] == "unsafe-none"
    html = response.content.decode()
    assert 'data-origins="https://www.linkedin.com http://127.0.0.1:8313"' in html
    assert '<script src="/static/js/capture-receive.js"></script>' in html
    # Every other page keeps the default policy.
    assert login(alice).get(reverse("capture_page"))["Cross-Origin-Opener-Policy"] == (
        "same-origin"
    )


def test_the_preview_shows_what_was_read_and_who_already_waits_and_stores_nothing(
    login, alice, team
):
    connection_request_receive(
        team=team, owner=alice, sender_name="Marie L.", profile=parse_profile(MARIE["profile_url"])
    )
    before = ConnectionRequest.objects.count()
    response = login(alice).post(reverse("capture_receive"), {"payload": batch(MARIE, JEAN)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 invitations read" in html
    assert "1 new" in html and "1 already in the inbox" in html
    assert "Purchasing manager at Acme Distribution" in html
    assert "Add the new request to the inbox" in html
    assert ConnectionRequest.objects.count() == before


def test_a_page_with_nothing_recognised_says_so(login, alice):
    html = login(alice).post(reverse("capture_receive"), {"payload": batch()}).content.decode()
    assert "No invitation was recognised on this page." in html
    assert 'id="capture-confirm"' not in html


def test_confirming_stores_every_invitation_then_shows_the_result(login, alice, team):
    client = login(alice)
    response = _confirm(client, MARIE, JEAN)
    assert response.status_code == 302
    stored = {found.sender_name: found for found in ConnectionRequest.objects.filter(team=team)}
    assert set(stored) == {"Marie Lefebvre", "Jean Exemple"}
    marie = stored["Marie Lefebvre"]
    assert (marie.handle, marie.headline, marie.message, marie.mutual_connections) == (
        "marie-lefebvre-42",
        "Purchasing manager at Acme Distribution",
        "Hello, we met in Lyon.",
        12,
    )
    assert (marie.has_photo, marie.owner, marie.state) == (True, alice, "new")
    assert RequestEvent.objects.filter(connection_request=marie, action="received").exists()

    html = client.get(response["Location"]).content.decode()
    assert "2 invitations captured" in html
    assert "2 new" in html and "0 already in the inbox" in html
    link = re.search(r'href="([^"]+)" id="capture-open-inbox"', html).group(1)
    ids = parse_qs(urlsplit(link.replace("&amp;", "&")).query)["ids"][0]
    assert sorted(map(int, ids.split(","))) == sorted(found.pk for found in stored.values())


def test_capturing_the_same_invitations_twice_adds_nobody_twice(login, alice, team):
    client = login(alice)
    _confirm(client, MARIE, JEAN)
    response = _confirm(client, MARIE, JEAN)
    assert ConnectionRequest.objects.filter(team=team).count() == 2
    html = client.get(response["Location"]).content.decode()
    assert "0 new" in html and "2 already in the inbox" in html


def test_a_decided_request_does_not_hold_a_new_invitation_back(login, alice, team):
    """Declined last year, asking again: a new request, as the inbox's door decides."""
    old = connection_request_receive(
        team=team, owner=alice, sender_name="Marie", profile=parse_profile(MARIE["profile_url"])
    )
    connection_request_decide(connection_request=old, action="decline", actor=alice)
    _confirm(login(alice), MARIE)
    assert ConnectionRequest.objects.filter(team=team, handle="marie-lefebvre-42").count() == 2


def test_one_bad_invitation_stores_nothing_and_says_which_and_why(login, alice, team):
    response = _confirm(login(alice), MARIE, dict(JEAN, name=""), JEAN)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing was stored." in html
    assert "Invitation 2:" in html and "The name is missing." in html
    assert ConnectionRequest.objects.filter(team=team).count() == 0


def test_the_confirmation_needs_the_csrf_token(alice, team):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("capture_confirm"), {"payload": batch(MARIE)})
    assert response.status_code == 403
    assert ConnectionRequest.objects.count() == 0


def test_read_only_members_are_refused_the_window_and_the_confirmation(login, carol):
    client = login(carol)
    assert client.get(reverse("capture_receive")).status_code == 403
    assert client.post(reverse("capture_receive"), {"payload": batch(MARIE)}).status_code == 403
    assert _confirm(client, MARIE).status_code == 403
    assert ConnectionRequest.objects.count() == 0


def test_the_result_shows_nothing_of_another_team(login, alice, team, mallory):
    response = _confirm(login(alice), MARIE)
    html = login(mallory).get(response["Location"]).content.decode()
    assert "Marie Lefebvre" not in html
    assert "0 invitations captured" in html


def test_the_inbox_opens_on_the_captured_requests_only(login, alice, team):
    client = login(alice)
    connection_request_receive(team=team, owner=alice, sender_name="Someone Else", network="x")
    _confirm(client, MARIE, JEAN)
    ids = ",".join(
        str(pk)
        for pk in ConnectionRequest.objects.exclude(sender_name="Someone Else").values_list(
            "pk", flat=True
        )
    )
    html = client.get(reverse("inbox"), {"ids": ids}).content.decode()
    assert "Showing the requests of the last capture." in html
    assert "Marie Lefebvre" in html and "Jean Exemple" in html
    assert "Someone Else" not in html
    assert "Someone Else" in client.get(reverse("inbox")).content.decode()


@pytest.mark.parametrize("ids", ["x,²,", "1" * 40, ",".join(["7"] * 500)])
def test_odd_ids_in_the_inbox_filter_answer_an_ordinary_page(login, alice, ids):
    assert login(alice).get(reverse("inbox"), {"ids": ids}).status_code == 200
