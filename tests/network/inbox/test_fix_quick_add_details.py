"""Issue 11, item 6: "Add a request" takes the headline, email, photo, mutual connections and
how rich the profile looks, the signals the method says to weigh."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.contacts.services import contact_create
from network.models import ConnectionRequest
from tests.network.inbox.helpers import HTMX, assert_inbox_body, selected_in

pytestmark = pytest.mark.django_db

DETAILS = {
    "address": "https://www.linkedin.com/in/marie-lefebvre-42",
    "sender_name": "Marie Lefebvre",
    "headline": "Purchasing manager   at Acme Distribution",
    "email": "Marie.Lefebvre@Acme.example",
    "has_photo": "true",
    "mutual_connections": "12",
    "richness": "rich",
}


def test_the_details_are_stored_on_the_request(team, alice, login):
    response = login(alice).post(reverse("request_quick_add"), DETAILS, headers=HTMX)
    assert_inbox_body(response)
    found = ConnectionRequest.objects.get(team=team)
    assert (
        found.headline,
        found.email,
        found.has_photo,
        found.mutual_connections,
        found.richness,
    ) == (
        "Purchasing manager at Acme Distribution",
        "marie.lefebvre@acme.example",
        True,
        12,
        "rich",
    )
    assert selected_in(response) == found.pk


def test_the_details_stay_optional(team, alice, login):
    login(alice).post(
        reverse("request_quick_add"),
        {"address": DETAILS["address"], "sender_name": "Marie", "has_photo": "", "richness": ""},
        headers=HTMX,
    )
    found = ConnectionRequest.objects.get(team=team)
    assert (found.headline, found.email, found.has_photo, found.mutual_connections) == (
        "",
        "",
        None,
        None,
    )
    assert found.richness == ""


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("mutual_connections", "²"),
        ("mutual_connections", "-1"),
        ("email", "nope"),
        ("richness", "x"),
    ],
)
def test_a_bad_detail_adds_nothing(field, value, team, alice, login):
    response = login(alice).post(
        reverse("request_quick_add"), {**DETAILS, field: value}, headers=HTMX
    )
    assert response.status_code == 422
    assert not ConnectionRequest.objects.filter(team=team).exists()


def test_the_headline_lets_the_detail_recognise_a_change_of_name(team, alice, login):
    marie = contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Marie", "family_name": "Dupont", "company": "Acme Distribution"},
    )
    client = login(alice)
    client.post(reverse("request_quick_add"), DETAILS, headers=HTMX)
    found = ConnectionRequest.objects.get(team=team)
    top = client.get(reverse("inbox"), {"r": found.pk}).context["matches"][0]
    assert top.contact == marie
    assert top.score >= 70


def test_the_form_labels_every_detail_in_english_and_french(alice, login):
    client = login(alice)
    html = client.get(reverse("inbox")).content.decode()
    for field in ["headline", "email", "has_photo", "mutual_connections", "richness"]:
        assert f'for="qa-{field}"' in html and f'id="qa-{field}"' in html
    assert "Headline (position and company)" in html
    french = client.get(reverse("inbox"), headers={"accept-language": "fr"}).content.decode()
    assert "Titre (poste et entreprise)" in french
