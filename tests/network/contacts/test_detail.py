"""The contact page: everything known, user text escaped, and a query count that does not grow
with what is attached.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.models import (
    Contact,
    ContactAlias,
    ContactEmail,
    ContactPhone,
    PastPosition,
)
from tests.network.contacts.helpers import add, add_profile, category

pytestmark = pytest.mark.django_db


def test_contact_page_shows_everything_known(book, team, login, alice):
    contact = book.contact
    introduced = add(team, alice, given_name="Paul", family_name="Roux")
    Contact.objects.filter(pk=introduced.pk).update(met_through=contact)
    Contact.objects.filter(pk=contact.pk).update(met_through=book.other)
    PastPosition.objects.create(contact=contact, company="Initech", position="Intern")
    html = login(alice).get(reverse("contact_detail", args=[contact.pk])).content.decode()
    for text in (
        "Hélène Durand",
        "also known as",
        "Hélène Petit",
        "Maiden name",
        "School · Lycée Hoche",
        "https://www.linkedin.com/in/hdurand-4a7b",
        "helene@acme.example",
        "+33612345678",
        "Engineer · Acme",
        "Intern · Initech",
        "Marie Martin",
        "Paul Roux",
        "Former name added: Hélène Petit",
        "Alice Owner",
    ):
        assert text in html, text


def test_user_text_on_the_contact_page_is_escaped(team, login, alice):
    contact = add(team, alice, display_name="<b>Bold</b>", notes="<script>alert(1)</script>")
    contact.add_alias("<img src=x onerror=alert(1)>", ContactAlias.Kind.OTHER, alice)
    html = login(alice).get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html


def test_contact_page_runs_the_same_number_of_queries_however_much_is_attached(
    team, login, alice, bob, django_assert_max_num_queries
):
    contact = add(team, alice, given_name="Hélène", owner=bob)
    client = login(alice)
    url = reverse("contact_detail", args=[contact.pk])

    def attach(count: int, start: int) -> None:
        for index in range(start, start + count):
            contact.add_alias(f"Name {index}", ContactAlias.Kind.OTHER, bob)
            add_profile(contact, handle=f"helene-{index}", access="full")
            ContactEmail.objects.create(contact=contact, email=f"h{index}@example.org")
            ContactPhone.objects.create(contact=contact, number=f"+336123456{index:02d}")
            PastPosition.objects.create(contact=contact, company=f"Company {index}")
            Contact.objects.filter(pk=add(team, alice, given_name=f"P{index}").pk).update(
                met_through=contact
            )
        for key in ("school", "kids", "company", "language")[: min(count, 4)]:
            contact.tag(category(team, key), bob, detail="d")

    attach(1, 0)
    client.get(url)
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    attach(10, 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "Name 10" in response.content.decode()
