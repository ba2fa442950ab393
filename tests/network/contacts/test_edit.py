"""Editing a contact: the history names the fields, a change of company keeps the old job,
and an edit made on a stale version is refused.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network.models import (
    ContactChange,
    PastPosition,
)
from tests.network.contacts.helpers import WRITERS, form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", WRITERS)
def test_writer_edits_a_contact_and_the_history_names_the_fields(request, who, book, login):
    user = request.getfixturevalue(who)
    contact = book.contact
    url = reverse("contact_edit", args=[contact.pk])
    client = login(user)
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(contact, city="Nice", notes="Loves jazz."))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.city, contact.notes, contact.version) == ("Nice", "Loves jazz.", 2)
    change = contact.changes.filter(action=ContactChange.Action.EDITED).get()
    assert change.actor == user
    assert sorted(change.data["fields"]) == ["city", "notes"]
    assert "Changes saved." in client.get(response["Location"]).content.decode()


def test_saving_an_unchanged_form_records_nothing(book, login, alice):
    contact = book.contact
    before = contact.changes.count()
    login(alice).post(reverse("contact_edit", args=[contact.pk]), form_data(contact))
    contact.refresh_from_db()
    assert contact.version == 1
    assert contact.changes.count() == before


def test_changing_company_keeps_the_old_one_as_a_past_position(book, login, alice):
    contact = book.contact
    client = login(alice)
    client.post(
        reverse("contact_edit", args=[contact.pk]),
        form_data(contact, company="Globex", position="CTO"),
    )
    contact.refresh_from_db()
    assert (contact.company, contact.position) == ("Globex", "CTO")
    past = contact.past_positions.get()
    assert (past.company, past.position, past.until) == ("Acme", "Engineer", timezone.localdate())
    page = client.get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "Engineer · Acme" in page
    assert "CTO · Globex" in page


def test_changing_only_the_city_keeps_no_past_position(book, login, alice):
    contact = book.contact
    login(alice).post(reverse("contact_edit", args=[contact.pk]), form_data(contact, city="Nice"))
    assert not PastPosition.objects.exists()


def version_in(response) -> str:
    return re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)


def test_a_stale_edit_is_refused_with_409_and_saves_nothing(book, alice, bob):
    contact = book.contact
    url = reverse("contact_edit", args=[contact.pk])
    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(bob)
    opened_first, opened_second = version_in(first.get(url)), version_in(second.get(url))
    assert opened_first == opened_second == "1"

    saved = first.post(url, form_data(contact, city="Nice", version=opened_first))
    assert saved.status_code == 302

    refused = second.post(
        url, form_data(contact, company="Globex", notes="Bob's note", version=opened_second)
    )
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Someone else saved this contact" in html
    assert "Nice" in html  # their version, shown beside his
    assert 'value="Globex"' in html  # his input is kept in the form
    contact.refresh_from_db()
    assert (contact.city, contact.company, contact.notes, contact.version) == (
        "Nice",
        "Acme",
        "",
        2,
    )
    assert not contact.past_positions.exists()

    assert version_in(refused) == "2"
    again = second.post(url, form_data(contact, company="Globex", version=version_in(refused)))
    assert again.status_code == 302
    contact.refresh_from_db()
    assert (contact.city, contact.company, contact.version) == ("Nice", "Globex", 3)
