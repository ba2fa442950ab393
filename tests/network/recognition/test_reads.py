"""Recognition reads as much for 2 candidates as for 12: each candidate's names, emails and
how-we-met details come in one query each, and a suggestion is read through once shown
(its name, company, city, archive state, who knows them), whatever it holds besides."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from network.contacts.services import contact_create
from network.models import Category, Contact, ContactAlias, ContactEmail
from network.recognition.candidates import read_attached
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


def test_what_hangs_off_the_candidates_is_read_in_one_query_in_each_models_order(team, alice):
    """Former names by creation, emails by key, how-we-met details by category: the order
    the models give (the first of two former names alike is the one said), for each
    candidate, in one query; details only when asked for."""
    candidates(team, alice, 0, 2)
    first, second = Contact.objects.filter(team=team).order_by("pk")
    later = first.add_alias("Marie Zorn", "maiden")
    first.add_alias("Marie Abel", "maiden")
    ContactAlias.objects.filter(pk=later.pk).update(created_at=timezone.now() + timedelta(1))
    ContactEmail.objects.create(contact=first, email="a.second@acme.example")
    categories = Category.objects.filter(team=team).exclude(key="kids").order_by("-pk")[:2]
    for category in categories:  # tagged in the reverse of the categories' order
        first.tag(category, alice, detail=f"detail {category.key}")
    read = list(Contact.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk"))
    with CaptureQueriesContext(connection) as queries:
        read_attached(read, details=True)
    assert len(queries.captured_queries) == 1
    for contact in read:
        assert [row.name for row in contact.alias_list] == [
            alias.name for alias in contact.aliases.all()
        ]
        assert [row.email for row in contact.email_list] == [
            email.email for email in contact.emails.all()
        ]
        assert [row.detail for row in contact.tag_list] == [
            tag.detail for tag in contact.tags.all()
        ]
    assert [row.name for row in read[0].alias_list][-2:] == ["Marie Abel", "Marie Zorn"]
    assert len(read[0].tag_list) == 3 and len(read[0].email_list) == 2
    read_attached(read, details=False)
    assert read[0].tag_list == [] and len(read[0].alias_list) == 3
    with CaptureQueriesContext(connection) as queries:
        read_attached([], details=True)
    assert not queries.captured_queries


def test_the_candidates_are_found_and_read_in_one_query(team, alice, monkeypatch):
    """The ranking of the keys they share is the subquery of the one query that reads the
    candidates, with who knows them: the best ``MAX_CANDIDATES`` (ties by id), and no more
    when none is kept besides for the name alone or what surrounds it."""
    from network.recognition import candidates as module
    from network.recognition.matching import suggested_contacts

    people = [
        contact_create(team=team, actor=alice, data={**fields, "owner": alice})
        for fields in [
            {"given_name": "Marie", "family_name": "Lefebvre", "company": "Acme"},
            {"given_name": "Marie", "family_name": "Lefebvre", "company": "Zenith"},
            {"given_name": "Marie", "family_name": "Lefebvre", "company": "Orion"},
            {"given_name": "Paul", "family_name": "Martin", "company": "Acme"},
        ]
    ]
    query = Query(name="Marie Lefebvre")
    keys = query.lookup_keys()
    counts = module.key_counts(team, keys | {"#contacts"})
    size = counts.pop("#contacts", len(people))
    with CaptureQueriesContext(connection) as queries:
        found = module.sharing_keys(suggested_contacts(team), team, counts, size)
        owners = {str(contact.owner) for contact in found}
    assert len(queries.captured_queries) == 1
    assert sorted(contact.pk for contact in found) == [person.pk for person in people[:3]]
    assert owners == {str(alice)}
    monkeypatch.setattr(module, "MAX_CANDIDATES", 2)
    monkeypatch.setattr(module, "SIGNAL_CANDIDATES", 0)
    found = module.sharing_keys(suggested_contacts(team), team, counts, size)
    assert sorted(contact.pk for contact in found) == [person.pk for person in people[:2]]
