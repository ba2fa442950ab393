"""A later page of the contact list is found as keys, in list order, and only then are its
rows read, by key (``contacts_by_key``, one query): every sort and filter pages as its queryset
orders, a filter that joins (network, category: DISTINCT) included, with nothing missing and
nothing twice; rows come in the keys' order with the fields asked, and another team's never."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.contacts.selectors import contacts_by_key, filtered_contacts
from network.contacts.views import LIST_FIELDS, PAGE_SIZE
from network.models import Contact
from tests.network.contacts.helpers import add, add_profile, category, list_page, names_listed

pytestmark = pytest.mark.django_db


@pytest.fixture
def sixty(team, alice):
    """Sixty Duponts and Durands over three pages; half with two LinkedIn profiles and half
    met at school, so that a filter's join returns some of them twice, over two pages."""
    school = category(team, "school")
    for index in range(60):
        family = "Dupont" if index % 2 else "Durand"
        contact = add(team, alice, given_name=f"Name{(index * 7) % 60:02d}", family_name=family)
        if index % 2 == 0:
            add_profile(contact, handle=f"first-{index}")
            add_profile(contact, handle=f"second-{index}")
        if index % 4 < 2:
            contact.tag(school, alice, detail="Lycée Hoche")
    return school


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "-updated"},
        {"sort": "-created"},
        {"q": "dupont"},
        {"network": "linkedin"},
        {"category": "school"},
        {"network": "linkedin", "sort": "-updated"},
        {"q": "name", "category": "school", "sort": "-created"},
        {"q": "name", "sort": "-created"},
    ],
)
def test_pages_follow_the_order_of_the_list_for_each_sort_and_filter(
    team, alice, login, sixty, params
):
    if params.get("category"):
        params = {**params, "category": str(sixty.pk)}
    contacts, _ = filtered_contacts(team, alice, params)
    expected = [contact.name for contact in contacts]
    assert len(expected) == len(set(expected)) > PAGE_SIZE  # more than one page, no twins
    client = login(alice)
    listed = []
    for number in range(1, (len(expected) - 1) // PAGE_SIZE + 2):
        listed += names_listed(list_page(client, **params, page=number))
    assert listed == expected
    assert len(listed) == Contact.objects.filter(pk__in=contacts.values("pk")).count()


def keys(team, *contacts):
    return Contact.objects.filter(team=team, pk__in=[c.pk for c in contacts]).values_list("pk")


def test_rows_come_in_the_order_of_the_keys_slice_with_the_fields_asked(team, alice):
    anne, basile, chloe = (add(team, alice, given_name=name) for name in ("Anne", "Basile", "C"))
    rows = contacts_by_key(
        team.pk, keys(team, anne, basile, chloe).order_by("-pk")[1:3], ("sort_key",)
    )
    assert [row.pk for row in rows] == [basile.pk, anne.pk]
    assert "notes" in rows[0].get_deferred_fields()
    assert "sort_key" not in rows[0].get_deferred_fields()


def test_rows_of_another_team_are_not_read(team, alice, mallory):
    theirs = add(mallory.last_team, mallory, given_name="Theirs")
    mine = add(team, alice, given_name="Mine")
    every = Contact.objects.filter(pk__in=[theirs.pk, mine.pk]).values_list("pk").order_by("pk")
    assert [row.pk for row in contacts_by_key(team.pk, every, LIST_FIELDS)] == [mine.pk]


def test_one_query_reads_the_keys_and_the_rows(team, alice):
    people = [add(team, alice, given_name=f"P{index}") for index in range(5)]
    with CaptureQueriesContext(connection) as queries:
        rows = contacts_by_key(
            team.pk, keys(team, *people).order_by("sort_key", "pk")[1:4], LIST_FIELDS
        )
    assert len(queries.captured_queries) == 1
    assert [row.pk for row in rows] == [person.pk for person in people[1:4]]
