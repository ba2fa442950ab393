"""“Who is this?” through the API: a name, a profile address or an email, ranked as the
screens rank them, within the team."""

from __future__ import annotations

import pytest

from network.contacts.services import contact_create
from network.models import ContactEmail, NetworkProfile
from network.text.profiles import parse_profile

pytestmark = pytest.mark.django_db

WHOIS = "/api/v1/whois/"


@pytest.fixture
def marie(alice, team):
    contact = contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Marie", "family_name": "Dupont", "company": "Acme Distribution"},
    )
    contact.add_profile(parse_profile("https://www.linkedin.com/in/marie-dupont"), alice)
    ContactEmail.objects.create(contact=contact, email="marie.dupont@acme.example")
    contact.reindex()
    return contact


@pytest.mark.parametrize(
    "params",
    [
        {"url": "https://linkedin.com/in/marie-dupont/"},
        {"q": "https://www.linkedin.com/in/marie-dupont"},
        {"email": "Marie.Dupont@acme.example"},
        {"q": "marie.dupont@acme.example"},
    ],
)
def test_a_profile_address_or_an_email_is_recognised_as_certain(params, api, alice, marie):
    response = api(alice).get(WHOIS, params)
    assert response.status_code == 200
    first = response.json()["suggestions"][0]
    assert first["contact"] == marie.pk
    assert first["level"] == "certain"
    assert first["reasons"]


def test_a_changed_family_name_at_the_same_company_is_suggested(api, alice, marie):
    response = api(alice).get(WHOIS, {"name": "Marie Lefebvre", "company": "Acme Distribution"})
    suggestions = response.json()["suggestions"]
    assert suggestions and suggestions[0]["contact"] == marie.pk
    assert suggestions[0]["name"] == "Marie Dupont"


def test_nothing_asked_answers_400(api, alice):
    response = api(alice).get(WHOIS)
    assert response.status_code == 400
    assert "q" in response.json()


def test_another_teams_contacts_are_never_suggested(api, mallory, marie):
    response = api(mallory).get(WHOIS, {"url": "https://www.linkedin.com/in/marie-dupont"})
    assert response.status_code == 200
    assert response.json()["suggestions"] == []
    assert NetworkProfile.objects.filter(contact=marie).exists()
