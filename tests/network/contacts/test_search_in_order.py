"""A search walked in the list's order reads the head of each contact's search text, kept in
the list's index (``search_head``), and the whole text of the few contacts whose text runs
past that head: it finds exactly the contacts that the whole text finds, whatever the length
of that text and wherever the words fall, and the list shows and counts them so."""

from __future__ import annotations

import pytest
from django.db import connection

from network.contacts.models import SEARCH_HEAD
from network.models import Contact
from tests.network.contacts.helpers import add, list_page, names_listed

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(team, alice):
    """A short contact, and two whose search text runs past its head: their former names are
    many, and the word "zanzibar" comes only after the head's end."""
    short = add(team, alice, given_name="Zoé", family_name="Zanzibar")
    long_ones = []
    for given in ("Lola", "Line"):
        contact = add(team, alice, given_name=given, family_name="Longue", company="Acme")
        for number in range(40):
            contact.add_alias(f"Ancienne{number:02d} Longue", "previous_married", alice)
        contact.add_alias("Zanzibar", "previous_married", alice)
        long_ones.append(contact)
    long_ones[1].archive(alice)
    return short, *long_ones


def test_the_database_keeps_the_head_of_the_text(book):
    for contact in Contact.objects.filter(pk__in=[c.pk for c in book]):
        assert contact.search_head == contact.search_text[:SEARCH_HEAD]
    _short, lola, _line = (Contact.objects.get(pk=c.pk) for c in book)
    assert len(lola.search_text) > SEARCH_HEAD
    assert "zanzibar" in lola.search_text and "zanzibar" not in lola.search_head


@pytest.mark.parametrize(
    "query",
    [
        "zanzibar",
        "ZANZIBAR longue",
        "longue",
        "acme",
        "ancienne39",
        "lola zanzibar",
        "zoe",
        "nobody",
    ],
)
@pytest.mark.parametrize("state", ["active", "all", "archived"])
def test_walked_in_order_it_finds_what_the_whole_text_finds(team, book, query, state):
    contacts = Contact.objects.filter(team=team)
    if state == "active":
        contacts = contacts.active()
    elif state == "archived":
        contacts = contacts.filter(archived_at__isnull=False)
    whole = list(contacts.search(query).values_list("pk", flat=True))
    walked = list(contacts.search(query, in_order=True).values_list("pk", flat=True))
    assert walked == whole


def test_the_list_shows_and_counts_a_contact_found_past_the_head(team, alice, login, book):
    response = list_page(login(alice), q="zanzibar")
    assert names_listed(response) == ["Lola Longue", "Zoé Zanzibar"]  # Line is archived
    assert response.context["page"].paginator.count == 2
    assert names_listed(list_page(login(alice), q="zanzibar", state="all")) == [
        "Line Longue",
        "Lola Longue",
        "Zoé Zanzibar",
    ]


def test_another_teams_long_contact_is_not_found(team, alice, mallory, login, book):
    theirs = add(mallory.last_team, mallory, given_name="Théo", family_name="Longue")
    for number in range(40):
        theirs.add_alias(f"Ancienne{number:02d} Longue", "previous_married", mallory)
    theirs.add_alias("Zanzibar", "previous_married", mallory)
    assert names_listed(list_page(login(alice), q="zanzibar", state="all")) == [
        "Line Longue",
        "Lola Longue",
        "Zoé Zanzibar",
    ]


def test_on_postgresql_the_walk_can_be_answered_by_the_lists_index_alone(team, book):
    """The index holds every column the walk reads (its keys and the text's head): with the
    table's own scans ruled out, PostgreSQL answers a search's page from it alone."""
    if connection.vendor != "postgresql":
        pytest.skip("covering indexes (INCLUDE) are PostgreSQL's")
    keys = (
        Contact.objects.filter(team=team)
        .active()
        .search("zanzibar", in_order=True)
        .order_by("sort_key", "pk")
        .values_list("pk", flat=True)[:25]
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = keys.explain()
    assert "Index Only Scan using contact_active_order" in plan
