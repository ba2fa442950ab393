"""Recognition reads as much for 2 candidates as for 12: each candidate's names, emails and
how-we-met details come in one query each, and a suggestion is read through once shown
(its name, company, city, archive state, who knows them), whatever it holds besides."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.contacts.services import contact_create
from network.models import Category, ContactEmail
from network.recognition.matching import Query, recognise

pytestmark = pytest.mark.django_db

QUERY = Query(
    name="Marie Lefebvre",
    headline="Acheteuse chez Acme, Lyon",
    email="marie.lefebvre@example.org",
    message="Nous étions ensemble à la crèche Les Lutins",
)


def candidates(team, owner, start: int, count: int) -> None:
    school = Category.objects.get(team=team, key="kids")
    for index in range(start, start + count):
        contact = contact_create(
            team=team,
            actor=owner,
            data={
                "given_name": "Marie",
                "family_name": f"Durand{index:02d}",
                "company": "Acme",
                "city": "Lyon",
                "position": "Acheteuse",
                "notes": "Rencontrée au salon " * 20,
                "owner": owner,
            },
        )
        ContactEmail.objects.create(contact=contact, email=f"marie{index}@acme.example")
        contact.add_alias(f"Marie Lefebvre{index:02d}", "maiden")
        contact.tags.create(category=school, detail="crèche Les Lutins")
        contact.reindex()


def read_through(team, viewer) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        shown = recognise(team, QUERY, limit=40, viewer=viewer)
        for entry in shown:
            str(entry.contact), entry.contact.company, entry.contact.city, entry.contact.position
            entry.contact.is_archived, str(entry.contact.owner), entry.contact.get_absolute_url()
    return len(queries.captured_queries), len(shown)


def test_as_many_reads_for_2_candidates_as_for_12(team, alice, bob):
    candidates(team, bob, 0, 2)
    few, shown_few = read_through(team, alice)
    candidates(team, bob, 2, 10)
    many, shown_many = read_through(team, alice)
    assert (shown_few, shown_many) == (2, 12)
    assert many == few
