"""Emails and phone numbers on the contact page; numbers are stored in E.164."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.models import (
    Contact,
)
from tests.network.contacts.helpers import HTMX, WRITERS, add, post_inline

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", WRITERS)
def test_writer_adds_and_removes_an_email(request, who, book, login):
    user = request.getfixturevalue(who)
    client = login(user)
    response = post_inline(client, "email_add", book, HTMX)
    assert book.contact.emails.filter(email="helene@home.example", label="personal").exists()
    assert "helene@home.example" in response.content.decode()
    assert list(Contact.objects.search("home.example")) == [book.contact]
    post_inline(client, "email_remove", book, HTMX)
    assert not book.contact.emails.filter(pk=book.email.pk).exists()
    assert not Contact.objects.search("helene@acme").exists()
    actions = set(book.contact.changes.filter(actor=user).values_list("action", flat=True))
    assert {"email_added", "email_removed"} <= actions


@pytest.mark.parametrize("who", WRITERS)
def test_writer_adds_and_removes_a_phone(request, who, book, login):
    user = request.getfixturevalue(who)
    client = login(user)
    response = post_inline(client, "phone_add", book, HTMX)
    assert book.contact.phones.filter(number="+33781223344").exists()
    assert "+33781223344" in response.content.decode()
    post_inline(client, "phone_remove", book, HTMX)
    assert list(book.contact.phones.values_list("number", flat=True)) == ["+33781223344"]
    actions = set(book.contact.changes.filter(actor=user).values_list("action", flat=True))
    assert {"phone_added", "phone_removed"} <= actions


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+1 (415) 555-0132", "+14155550132"),
    ],
)
def test_phone_numbers_are_stored_in_e164(typed, stored, team, login, alice):
    contact = add(team, alice, given_name="Léa")
    login(alice).post(reverse("phone_add", args=[contact.pk]), {"number": typed, "label": "work"})
    assert list(contact.phones.values_list("number", flat=True)) == [stored]


def test_a_valid_number_typed_with_more_than_20_characters_is_accepted(team, login, alice):
    contact = add(team, alice, given_name="Léa")
    response = login(alice).post(
        reverse("phone_add", args=[contact.pk]),
        {"number": "+33 (0) 6 12 34 56 78", "label": "work"},
    )
    assert response.status_code == 302
    assert list(contact.phones.values_list("number", flat=True)) == ["+33612345678"]
