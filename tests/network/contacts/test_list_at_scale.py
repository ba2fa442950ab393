"""The contact list at any size: a search and a later page read as much for 2 contacts as
for 60, and the badge's count is the tally the database keeps as contacts change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.network.contacts.helpers import add

pytestmark = pytest.mark.django_db


def people(team, alice, start: int, count: int) -> None:
    for index in range(start, start + count):
        add(team, alice, given_name=f"Marie{index:02d}", family_name="Test", company="Acme")


def queries_for(client, url: str) -> int:
    client.get(url)  # warm: the session, the team's categories
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    "query", ["?q=marie", "?page=2", "?q=marie&page=2", "?sort=-updated&page=2", "?state=all"]
)
def test_the_list_reads_as_much_for_2_contacts_as_for_60(team, alice, login, query):
    client = login(alice)
    url = reverse("contact_list") + query
    people(team, alice, 0, 2)
    few = queries_for(client, url)
    people(team, alice, 2, 58)
    assert queries_for(client, url) == few


def counts_in(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return sum("COUNT(" in query["sql"] for query in queries.captured_queries)


def test_the_unfiltered_list_counts_nothing_a_search_counts_what_it_found(team, alice, login):
    client = login(alice)
    people(team, alice, 0, 3)
    cache.clear()
    # The badge, and the unfiltered list's total, are the tally the database keeps.
    response = client.get(reverse("contact_list"))
    assert (response.context["total"], response.context["page"].paginator.count) == (3, 3)
    assert counts_in(client, reverse("contact_list")) == 0
    assert counts_in(client, reverse("contact_list") + "?q=marie01") == 1


def test_the_badge_follows_added_and_archived_contacts(team, alice, login):
    client = login(alice)
    people(team, alice, 0, 3)
    assert client.get(reverse("contact_list")).context["total"] == 3
    newcomer = add(team, alice, given_name="Zoé", family_name="New")
    assert client.get(reverse("contact_list")).context["total"] == 4
    newcomer.archive(alice)
    response = client.get(reverse("contact_list"))
    assert (response.context["total"], response.context["page"].paginator.count) == (3, 3)
    newcomer.delete()
    assert client.get(reverse("contact_list") + "?state=all").context["page"].paginator.count == 3


def contact_reads(client, url: str) -> list[str]:
    """The queries that read the contacts' own table (not the tally, tags or profiles)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "network_contact"' in query["sql"] and "network_contactkey" not in query["sql"]
    ]


@pytest.mark.parametrize("query", ["?q=marie", "?state=all", "?q=test&sort=-updated"])
def test_a_filtered_first_page_reads_its_rows_and_its_count_in_one_query(team, alice, login, query):
    client = login(alice)
    people(team, alice, 0, 30)
    reads = contact_reads(client, reverse("contact_list") + query)
    assert len(reads) == 1
    assert "COUNT(" in reads[0]
    # A later page counts first (the page's number is checked against it), then reads; a
    # search in name order finds its page and its count in one query.
    later = contact_reads(client, reverse("contact_list") + query + "&page=2")
    assert len(later) == (1 if query == "?q=marie" else 2)


@pytest.mark.parametrize(
    ("query", "count", "first"),
    [
        ("q=marie0", 10, "Marie00 Test"),  # Marie00 to Marie09
        ("q=marie2+test", 9, "Marie20 Test"),  # Marie29 is archived
        ("q=nobody", 0, None),
        ("state=all&category={category}", 3, "Marie01 Test"),  # a filter read DISTINCT
        ("state=archived", 1, "Marie29 Test"),
    ],
)
def test_the_count_read_with_the_first_page_is_the_lists_count(
    team, alice, login, query, count, first
):
    from network.models import Category, ContactTag

    people(team, alice, 0, 30)
    category = Category.objects.create(team=team, key="rowing", name="Rowing club")
    for contact in team.contacts.filter(given_name__in=["Marie01", "Marie02", "Marie03"]):
        ContactTag.objects.create(contact=contact, category=category, detail="Lyon")
    team.contacts.get(given_name="Marie29").archive(alice)
    client = login(alice)
    url = reverse("contact_list") + "?" + query.format(category=category.pk)
    page = client.get(url).context["page"]
    assert page.paginator.count == count
    assert [str(row) for row in page.object_list][:1] == ([first] if first else [])
    # The same count as a later page's own count (page 1 asked for by number).
    assert client.get(url + "&page=1").context["page"].paginator.count == count
