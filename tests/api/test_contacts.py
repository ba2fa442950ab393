"""Contacts through the API: list and search, create, read, and update with the contact
form's rules and version check."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.contacts.services import contact_create, contact_update
from network.models import Contact, ContactEmail

pytestmark = pytest.mark.django_db

CONTACTS = "/api/v1/contacts/"


def _contact(team, actor, **data) -> Contact:
    return contact_create(team=team, actor=actor, data=data)


def test_the_list_is_by_name_and_search_ignores_accents(api, alice, team, mallory):
    _contact(team, alice, given_name="Zoé", family_name="Martin")
    helene = _contact(team, alice, given_name="Hélène", family_name="Durand")
    ContactEmail.objects.create(contact=helene, email="helene@acme.example")
    helene.reindex()
    _contact(mallory.last_team, mallory, given_name="Hélène", family_name="Autre")
    client = api(alice)
    names = [row["name"] for row in client.get(CONTACTS).json()["results"]]
    assert names == ["Hélène Durand", "Zoé Martin"]
    found = client.get(CONTACTS, {"q": "helene"}).json()["results"]
    assert [row["name"] for row in found] == ["Hélène Durand"]
    assert found[0]["emails"] == [{"email": "helene@acme.example", "label": "work"}]


def test_archived_contacts_are_listed_when_asked(api, alice, team):
    gone = _contact(team, alice, given_name="Old", family_name="Friend")
    Contact.objects.filter(pk=gone.pk).update(archived_at="2026-01-01T00:00:00Z")
    client = api(alice)
    assert client.get(CONTACTS).json()["results"] == []
    assert len(client.get(CONTACTS, {"state": "archived"}).json()["results"]) == 1
    assert client.get(CONTACTS, {"state": "gone"}).status_code == 400


def test_create_answers_201_with_the_contact(api, alice, team):
    response = api(alice).post(
        CONTACTS,
        {"given_name": "Marie", "family_name": "Dupont", "company": "Acme", "languages": ["fr"]},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Marie Dupont" and body["version"] == 1
    contact = Contact.objects.get(pk=body["id"])
    assert contact.team == team and contact.created_by == alice
    assert contact.changes.filter(action="created").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "non_field_errors"),
        ({"company": "Acme"}, "non_field_errors"),
        ({"given_name": "x" * 101}, "given_name"),
        ({"given_name": "Marie", "languages": ["klingon"]}, "languages"),
        ({"given_name": "Marie", "languages": "fr"}, "languages"),
        ({"given_name": "Marie", "owner": "me"}, "owner"),
    ],
)
def test_an_invalid_contact_answers_400_naming_the_field(body, field, api, alice, team):
    response = api(alice).post(CONTACTS, body)
    assert response.status_code == 400
    assert field in response.json()
    assert not Contact.objects.filter(team=team).exists()


def test_someone_outside_the_team_cannot_be_made_its_owner(api, alice, team, mallory):
    response = api(alice).post(CONTACTS, {"given_name": "Marie", "owner": mallory.pk})
    assert response.status_code == 400
    assert "owner" in response.json()


def test_read_and_update_with_the_version_read(api, alice, bob, team):
    contact = _contact(team, alice, given_name="Marie", family_name="Dupont")
    client = api(bob)
    read = client.get(f"{CONTACTS}{contact.pk}/").json()
    response = client.patch(
        f"{CONTACTS}{contact.pk}/", {"company": "Acme", "owner": bob.pk, "version": read["version"]}
    )
    assert response.status_code == 200
    assert response.json()["company"] == "Acme"
    assert response.json()["version"] == read["version"] + 1
    contact.refresh_from_db()
    assert (contact.company, contact.owner, contact.given_name) == ("Acme", bob, "Marie")


def test_a_stale_version_answers_409_and_keeps_the_other_edit(api, alice, bob, team):
    contact = _contact(team, alice, given_name="Marie", family_name="Dupont")
    read = api(bob).get(f"{CONTACTS}{contact.pk}/").json()
    contact_update(contact=contact, actor=alice, data={"city": "Lyon"}, version=read["version"])
    response = api(bob).patch(
        f"{CONTACTS}{contact.pk}/", {"city": "Nantes", "version": read["version"]}
    )
    assert response.status_code == 409
    assert "version" in response.json()["detail"]
    contact.refresh_from_db()
    assert contact.city == "Lyon"


def test_an_update_without_a_version_answers_400(api, alice, team):
    contact = _contact(team, alice, given_name="Marie")
    response = api(alice).patch(f"{CONTACTS}{contact.pk}/", {"city": "Nantes"})
    assert response.status_code == 400
    assert "version" in response.json()
    response = api(alice).patch(f"{CONTACTS}{contact.pk}/", {"city": "Nantes", "version": "v2"})
    assert response.status_code == 400
    assert "version" in response.json()


def test_an_update_cannot_blank_every_name(api, alice, team):
    contact = _contact(team, alice, given_name="Marie")
    response = api(alice).patch(f"{CONTACTS}{contact.pk}/", {"given_name": "", "version": 1})
    assert response.status_code == 400
    contact.refresh_from_db()
    assert contact.given_name == "Marie"


def test_another_teams_contact_is_404_whatever_the_method(api, alice, team, mallory):
    contact = _contact(team, alice, given_name="Marie")
    client = api(mallory)
    url = f"{CONTACTS}{contact.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"city": "Nowhere", "version": 1}).status_code == 404
    assert client.post(url, {"city": "Nowhere"}).status_code == 404  # not 405
    contact.refresh_from_db()
    assert contact.city == ""


def test_a_read_only_member_reads_but_cannot_update(api, alice, carol, team):
    contact = _contact(team, alice, given_name="Marie")
    client = api(carol)
    assert client.get(f"{CONTACTS}{contact.pk}/").status_code == 200
    assert client.patch(f"{CONTACTS}{contact.pk}/", {"city": "X", "version": 1}).status_code == 403
    assert client.post(CONTACTS, {"given_name": "New"}).status_code == 403


def test_the_list_costs_the_same_queries_for_2_and_for_20_contacts(api, alice, team):
    client = api(alice)
    client.get(CONTACTS)  # the token's first use is noted (once a minute at most)

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            contact = _contact(team, alice, given_name=f"Person{number}", family_name="Test")
            ContactEmail.objects.create(contact=contact, email=f"p{number}@example.org")

    add(2, 0)
    with CaptureQueriesContext(connection) as two:
        client.get(CONTACTS)
    add(18, 2)
    with CaptureQueriesContext(connection) as twenty:
        assert len(client.get(CONTACTS).json()["results"]) == 20
    assert len(twenty) == len(two)
