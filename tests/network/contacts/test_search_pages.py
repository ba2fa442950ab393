"""A search's page comes with its count (``search_page``): the same contacts, in the same
order, as the list's ordered query gives, for every sort and page, with a filter that joins,
and the last page for a page past it; past the counted matches, the list falls back to the
ordered query."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from network.contacts import views
from network.contacts.selectors import SORTS, filtered_contacts, search_page
from network.models import Contact
from tests.network.contacts.helpers import add, category

pytestmark = pytest.mark.django_db

SIZE = 4


@pytest.fixture
def book(team, alice):
    """Marie and Mario with names that sort in another order than they were added, some
    updated later (the update order is yet another), and a few who do not match."""
    rng = random.Random(5)
    families = ["Zola", "Abel", "Martin", "Ébert", "de la Tour", "O'Neil", "Martin", "Brun"]
    people = []
    for index in range(23):
        family = f"{rng.choice(families)}{rng.randint(0, 9)}"
        people.append(add(team, alice, given_name="Marie" if index % 3 else "Mario",
                          family_name=family))  # fmt: skip
    for index in range(5):
        add(team, alice, given_name="Paul", family_name=f"Other{index}")
    now = timezone.now()
    for index, person in enumerate(rng.sample(people, len(people))):
        Contact.objects.filter(pk=person.pk).update(updated_at=now - timedelta(minutes=index % 4))
    school = category(team, "school")
    for person in people[::2]:
        person.tags.create(category=school)
    return school


def expected(team, alice, params: dict, number: int) -> tuple[int, list[int]]:
    contacts, _filtered = filtered_contacts(team, alice, params)
    ids = list(contacts.values_list("pk", flat=True))
    last = max(1, -(-len(ids) // SIZE))
    shown = min(number, last)
    return len(ids), ids[(shown - 1) * SIZE : shown * SIZE]


@pytest.mark.parametrize("sort", sorted(SORTS))
@pytest.mark.parametrize("query", ["mari", "marie", "mario"])
@pytest.mark.parametrize("number", [1, 2, 3, 6, 7, 40])
def test_the_page_and_count_are_the_ordered_querys(book, team, alice, sort, query, number):
    params = {"q": query, "sort": sort}
    contacts, _filtered = filtered_contacts(team, alice, params)
    count, shown, ids = search_page(contacts, sort, number, SIZE, 1000)
    total, page = expected(team, alice, params, number)
    assert (count, ids) == (total, page)
    assert shown == min(number, -(-total // SIZE))


@pytest.mark.parametrize("number", [1, 2, 4])
def test_with_a_filter_that_joins(book, team, alice, number):
    params = {"q": "marie", "category": str(book.pk), "sort": "-updated"}
    contacts, _filtered = filtered_contacts(team, alice, params)
    count, _shown, ids = search_page(contacts, "-updated", number, SIZE, 1000)
    assert (count, ids) == expected(team, alice, params, number)
    assert count > SIZE


def test_nothing_found(book, team, alice):
    contacts, _filtered = filtered_contacts(team, alice, {"q": "nobody"})
    assert search_page(contacts, "name", 3, SIZE, 1000) == (0, 1, [])


def test_counted_up_to_the_cap_plus_one(book, team, alice):
    contacts, _filtered = filtered_contacts(team, alice, {"q": "mari"})
    assert search_page(contacts, "name", 1, SIZE, 10)[0] == 11


def test_the_list_shows_the_same_pages_either_way(book, team, alice, login, monkeypatch):
    """Within the cap the page comes with the count; past it, from the ordered query: the
    same rows, in the same order, and the last page for a page past it."""
    client = login(alice)
    monkeypatch.setattr(views, "PAGE_SIZE", SIZE)
    url = reverse("contact_list")
    pages = {}
    for cap in (1000, 5):
        monkeypatch.setattr(views, "SEARCH_COUNTED", cap)
        for number in ("1", "3", "99", "x"):
            page = client.get(url, {"q": "marie", "page": number}).context["page"]
            pages.setdefault(number, []).append((page.number, [row.pk for row in page.object_list]))
    contacts, _filtered = filtered_contacts(team, alice, {"q": "marie"})
    ids = list(contacts.values_list("pk", flat=True))
    assert pages["1"][0] == (1, ids[:SIZE])
    assert pages["3"][0] == (3, ids[2 * SIZE : 3 * SIZE])
    last = -(-len(ids) // SIZE)
    assert pages["99"][0] == (last, ids[(last - 1) * SIZE :])
    assert pages["x"][0] == pages["1"][0]
    # Past the cap (5 counted): the pages stop at the fifth match, in the same order.
    assert pages["1"][1] == pages["1"][0]
    assert pages["99"][1] == (2, ids[SIZE:5])
