"""Issue 11, item 7: "Who is this?" answers from any one of a name, a profile address or an
email, typed in the page's form or in the nav's single box."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.contacts.services import contact_create
from network.recognition.matching import Query, recognise
from network.recognition.selectors import read_box
from network.text.profiles import parse_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def helene(team, alice):
    contact = contact_create(
        team=team, actor=alice, data={"given_name": "Hélène", "family_name": "Durand"}
    )
    contact.add_profile(parse_profile("https://www.linkedin.com/in/hdurand"), alice)
    contact.add_email("helene@acme.example", alice)
    return contact


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"q": "https://fr.linkedin.com/in/HDurand/?trk=x"}, "same profile address"),
        ({"q": "linkedin.com/in/hdurand"}, "same profile address"),
        ({"q": " Helene@ACME.example "}, "same email address"),
        ({"q": "Helene Durand"}, "same name"),
        ({"url": "https://www.linkedin.com/in/hdurand"}, "same profile address"),
        ({"email": "helene@acme.example"}, "same email address"),
    ],
)
def test_any_one_field_finds_the_contact(params, reason, helene, login, alice):
    response = login(alice).get(reverse("whois"), params)
    assert response.status_code == 200
    assert response.context["asked"] is True
    top = response.context["suggestions"][0]
    assert top.contact == helene
    assert reason in top.reasons
    assert "Nobody in your team" not in response.content.decode()


def test_the_nav_box_fills_the_field_it_detected(helene, login, alice):
    response = login(alice).get(reverse("whois"), {"q": "https://www.linkedin.com/in/hdurand"})
    html = response.content.decode()
    assert 'name="url" value="https://www.linkedin.com/in/hdurand"' in html
    assert response.context["query"].name == ""


def test_an_unknown_profile_or_email_is_nobody(helene, login, alice):
    for box in ["https://www.linkedin.com/in/someone-else", "else@acme.example"]:
        response = login(alice).get(reverse("whois"), {"q": box})
        assert response.context["suggestions"] == []
        assert "Nobody in your team" in response.content.decode()


def test_another_teams_profile_is_never_found(helene, login, mallory):
    response = login(mallory).get(reverse("whois"), {"q": "https://www.linkedin.com/in/hdurand"})
    assert response.context["suggestions"] == []


def test_the_nav_box_sends_q(login, alice):
    html = login(alice).get(reverse("inbox")).content.decode()
    assert 'name="q" id="nav-whois"' in html


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("marie@example.org", "email"),
        ("https://www.linkedin.com/in/marie", "url"),
        ("x.com/marie_l", "url"),
        ("https://example.org/whoever", "url"),
        ("Marie Dupont", "name"),
        ("@marie_l", "name"),
    ],
)
def test_what_the_box_reads(text, field):
    assert read_box(text) == {field: text}


def test_recognise_copes_with_no_name(team, helene):
    assert recognise(team, Query(name="", email="nobody@example.org")) == []
    found = recognise(team, Query(name="", url="https://www.linkedin.com/in/hdurand"))
    assert [entry.contact for entry in found] == [helene]
