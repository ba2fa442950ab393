"""Creating a contact: a name is needed, the relationship owner is a member of the team."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.models import (
    Contact,
    ContactChange,
)
from tests.network.contacts.helpers import WRITERS, form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", WRITERS)
def test_writer_creates_a_contact_and_lands_on_its_page(request, who, team, login):
    user = request.getfixturevalue(who)
    client = login(user)
    assert client.get(reverse("contact_create")).status_code == 200
    response = client.post(
        reverse("contact_create"),
        form_data(
            given_name="Léa",
            family_name="Roux",
            company="Acme",
            languages=["fr", "en"],
            owner=user.pk,
        ),
    )
    contact = Contact.objects.get(team=team)
    assert response.status_code == 302
    assert response["Location"] == reverse("contact_detail", args=[contact.pk])
    assert (contact.name, contact.company, contact.languages) == ("Léa Roux", "Acme", ["fr", "en"])
    assert (contact.owner, contact.created_by) == (user, user)
    assert contact.changes.get().action == ContactChange.Action.CREATED
    page = client.get(response["Location"]).content.decode()
    assert "Léa Roux added." in page
    assert "French, English" in page


def test_a_contact_needs_a_name(team, login, alice):
    response = login(alice).post(reverse("contact_create"), form_data(company="Acme"))
    assert "Give at least a given name, a family name or a display name." in (
        response.content.decode()
    )
    assert not Contact.objects.exists()


def test_the_relationship_owner_must_be_in_the_team(team, login, alice, mallory):
    response = login(alice).post(
        reverse("contact_create"), form_data(given_name="Léa", owner=mallory.pk)
    )
    assert "Select a valid choice." in response.content.decode()
    assert not Contact.objects.exists()
