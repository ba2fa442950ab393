"""Issue 11, item 8: a new contact shows its likely duplicates before it is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.contacts.services import contact_create
from network.models import Contact

pytestmark = pytest.mark.django_db

SOPHIE = {"given_name": "Sophie", "family_name": "Leveque", "city": "Lyon"}


@pytest.fixture
def lévêque(team, alice):
    return contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Sophie", "family_name": "Lévêque", "city": "Lyon"},
    )


def test_a_likely_duplicate_is_shown_and_nothing_is_saved(lévêque, team, login, bob):
    response = login(bob).post(reverse("contact_create"), SOPHIE)
    assert response.status_code == 409
    assert [entry.contact for entry in response.context["duplicates"]] == [lévêque]
    html = response.content.decode()
    assert reverse("contact_detail", args=[lévêque.pk]) in html
    assert "Sophie Lévêque" in html
    assert 'name="create_anyway" value="1"' in html
    assert 'value="Leveque"' in html  # what was typed is kept
    assert Contact.objects.filter(team=team).count() == 1


def test_create_anyway_saves_the_new_person(lévêque, team, login, alice):
    response = login(alice).post(reverse("contact_create"), {**SOPHIE, "create_anyway": "1"})
    assert response.status_code == 302
    assert Contact.objects.filter(team=team, family_name="Leveque").exists()


def test_someone_else_is_saved_at_once(lévêque, team, login, alice):
    response = login(alice).post(
        reverse("contact_create"), {"given_name": "Paul", "family_name": "Newman"}
    )
    assert response.status_code == 302
    assert Contact.objects.filter(team=team).count() == 2


def test_a_same_first_name_in_the_same_city_is_not_a_likely_duplicate(lévêque, team, login, alice):
    response = login(alice).post(
        reverse("contact_create"), {"given_name": "Sophie", "family_name": "Martin", "city": "Lyon"}
    )
    assert response.status_code == 302


def test_another_teams_contact_is_never_shown(lévêque, login, mallory):
    response = login(mallory).post(reverse("contact_create"), SOPHIE)
    assert response.status_code == 302
    assert "Lévêque" not in response.content.decode()


def test_the_warning_is_translated(lévêque, login, alice):
    response = login(alice).post(
        reverse("contact_create"), SOPHIE, headers={"accept-language": "fr"}
    )
    assert "Cette personne est peut-être déjà dans vos contacts" in response.content.decode()
