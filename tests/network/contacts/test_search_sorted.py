"""A search in name order finds its matches through the search's index and sorts them, in
one query with its count (``search_page``), where walking the list's order would pass every
contact whose name sorts before a family name's bearers. Each page, count and page number
must be what walking the order gives: the walk is forced for comparison by letting no
search count as rare (``SEARCH_PROBE`` = 0)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.contacts import selectors, views
from tests.network.contacts.helpers import add, list_page, names_listed

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(team, alice):
    """Bearers of one family name together in the order, namesakes spread through it, a
    company that matches too, archived ones (one first in the order), and ties on the sort
    key."""
    for index in range(9):
        add(team, alice, given_name=f"Anne{index}", family_name="Abel")
        add(team, alice, given_name="Paul", family_name=f"Zola{index}")
        add(team, alice, given_name=f"Marc{index}", family_name="Williams", company="Acme")
    for index in range(4):
        add(team, alice, given_name="Eve", family_name="Morin", company="Williams & Co")
        add(team, alice, given_name="Zoé", family_name=f"Williamson{index}")
    add(team, alice, given_name="Marc0", family_name="Williams").archive(alice)
    # Archived, first in the order: a walk of current contacts passes it by.
    add(team, alice, given_name="Williams", family_name="Aaron").archive(alice)
    add(team, alice, given_name="Hugo", family_name="Williams", company="Old").archive(alice)


def listing(client, **params) -> tuple[list[str], int, int]:
    response = list_page(client, **params)
    page = response.context["page"]
    return names_listed(response), page.paginator.count, page.number


CASES = [
    {"q": "williams"},
    {"q": "williams", "page": "2"},
    {"q": "williams", "page": "3"},
    {"q": "williams", "page": "4"},  # past the last page: the last one
    {"q": "williams", "page": "0"},  # below 1: the last page
    {"q": "williams", "page": "-2"},
    {"q": "williams", "page": "x"},  # not a number: the first
    {"q": "williams", "page": "2.5"},
    {"q": "williams", "page": "99999999999999999999999"},
    {"q": "will acme"},
    {"q": "zola"},
    {"q": "nobody"},
    {"q": "nobody", "page": "3"},
    {"q": "williams", "state": "all"},
    {"q": "williams", "state": "archived"},
    {"q": "williams", "state": "all", "page": "2"},
]


@pytest.mark.parametrize(
    "params", CASES, ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items())
)
@pytest.mark.parametrize(
    ("counted", "walked"),
    [(1000, 2500), (6, 12), (6, 3), (5, 12)],
    ids=["all counted", "6 counted, 12 walked", "6 counted, 3 walked", "a page counted"],
)
def test_a_sorted_search_lists_what_walking_the_order_lists(
    book, login, alice, monkeypatch, params, counted, walked
):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    monkeypatch.setattr(views, "SEARCH_COUNTED", counted)
    monkeypatch.setattr(selectors, "SEARCH_WALKED", walked)
    client = login(alice)
    found = listing(client, **params)
    walk_the_order(monkeypatch)
    assert found == listing(client, **params)


def walk_the_order(monkeypatch):
    """Every search walks the list's order from its start, as before ``search_page``."""
    monkeypatch.setattr(views, "search_page", lambda *args, **kwargs: None)


@pytest.mark.parametrize("page", ["1", "2", "3", "9"])
def test_pages_stop_at_the_count_shown_as_when_walking(book, login, alice, monkeypatch, page):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    monkeypatch.setattr(views, "SEARCH_COUNTED", 10)
    client = login(alice)
    found = listing(client, q="williams", page=page)
    assert found[1] == 10
    walk_the_order(monkeypatch)
    assert found == listing(client, q="williams", page=page)
    assert "More than 10 contacts match" in list_page(client, q="williams").content.decode()


def test_a_family_name_is_found_in_one_read_of_the_contacts(book, login, alice):
    """In a book smaller than the first contacts walked (SEARCH_WALKED), at once sorted."""
    client = login(alice)
    list_page(client, q="williams")  # warm: the session, the categories
    with CaptureQueriesContext(connection) as queries:
        response = list_page(client, q="williams")
    reads = [q["sql"] for q in queries.captured_queries if '"network_contact"' in q["sql"]]
    assert len(reads) == 1
    assert "WITH matched" in reads[0]
    assert names_listed(response)[0] == "Eve Morin"  # of Williams & Co


@pytest.mark.parametrize(
    "params", [{"q": "wi"}, {"q": "williams", "sort": "-updated"}], ids=["two letters", "by date"]
)
def test_a_search_the_trigram_index_cannot_find_or_sorted_otherwise_walks(
    book, login, alice, params
):
    with CaptureQueriesContext(connection) as queries:
        list_page(login(alice), **params)
    assert not any("WITH matched" in query["sql"] for query in queries.captured_queries)


def test_more_matches_than_the_probe_walk_the_order(book, login, alice, monkeypatch):
    monkeypatch.setattr(views, "SEARCH_COUNTED", 3)
    monkeypatch.setattr(selectors, "SEARCH_PROBE", 3)  # a book smaller than SEARCH_WALKED
    client = login(alice)
    with CaptureQueriesContext(connection) as queries:
        names, count, number = listing(client, q="williams")
    sql = [
        query["sql"] for query in queries.captured_queries if '"network_contact"' in query["sql"]
    ]
    # Sorted up to SEARCH_PROBE, then the whole walk with its count.
    assert ["WITH matched" in one for one in sql] == [True, False]
    assert (names[0], count, number) == ("Eve Morin", 3, 1)


@pytest.mark.parametrize(
    ("query", "reads", "first"),
    [
        ("anne", ["walked"], "Anne0 Abel"),  # a page in the first twelve (nine Abel, Morin)
        ("anne3", ["walked"], "Anne3 Abel"),  # one there, and one in all: the count says so
        ("williams", ["walked"], "Eve Morin"),  # of Williams & Co, there
        ("zola1", ["walked", "sorted"], "Paul Zola1"),  # none there: sorted
        ("zola", ["walked", "sorted"], "Paul Zola0"),
    ],
)
def test_a_first_page_is_sorted_or_found_among_the_first_contacts(
    book, login, alice, monkeypatch, query, reads, first
):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(selectors, "SEARCH_WALKED", 12)
    client = login(alice)
    list_page(client, q=query)  # warm: the session, the categories
    with CaptureQueriesContext(connection) as queries:
        response = list_page(client, q=query)
    sql = [q["sql"] for q in queries.captured_queries if '"network_contact"' in q["sql"]]
    assert ["sorted" if "WITH matched" in one else "walked" for one in sql] == reads
    assert names_listed(response)[0] == first


@pytest.mark.parametrize("walked", [2500, 3])
@pytest.mark.parametrize("page", ["1", "2"])
def test_a_search_within_a_category_is_counted_once_per_contact(
    book, team, login, alice, monkeypatch, walked, page
):
    """A category filter joins the tags (the list reads DISTINCT): sorted or walked, each
    contact is listed and counted once."""
    from network.models import Category, ContactTag

    category = Category.objects.create(team=team, key="rowing", name="Rowing club")
    other = Category.objects.create(team=team, key="chess", name="Chess club")
    for contact in team.contacts.filter(family_name__startswith="William"):
        ContactTag.objects.create(contact=contact, category=category, detail="Lyon")
        ContactTag.objects.create(contact=contact, category=other, detail="Paris")
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    monkeypatch.setattr(selectors, "SEARCH_WALKED", walked)
    client = login(alice)
    params = {"q": "will", "category": str(category.pk), "page": page}
    found = listing(client, **params)
    assert found[1] == 13  # nine Williams (one archived) and four Williamson, current
    walk_the_order(monkeypatch)
    assert found == listing(client, **params)


def test_a_search_text_too_long_for_the_index_is_looked_for_in_the_table(
    book, team, login, alice, monkeypatch
):
    """The walk reads the search text the order's index carries (``search_head``); a text
    too long for an index entry is not there (NULL), and is read from the table instead.
    Written for PostgreSQL's limit, such a text saves (a B-tree entry holding it would
    not)."""
    from network.contacts.models import SEARCH_HEAD
    from network.models import Contact

    long = add(team, alice, given_name="Aaa", family_name="Aardvark")  # first in the order
    for index in range(60):
        long.add_alias(f"{'Nom ' * 45}{index}", "nickname")
    long.add_alias("Williams", "maiden")
    long = Contact.objects.get(pk=long.pk)
    assert len(long.search_text) > 10_000 and long.search_head is None
    assert Contact.objects.get(pk=add(team, alice, given_name="Short").pk).search_head == "short"
    assert SEARCH_HEAD == 400
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    monkeypatch.setattr(selectors, "SEARCH_WALKED", 12)
    client = login(alice)
    found = listing(client, q="williams")
    assert found[0][0] == "Aaa Aardvark"
    walk_the_order(monkeypatch)
    assert found == listing(client, q="williams")


def test_a_percent_sign_searched_is_a_percent_sign_in_the_walk(
    book, team, login, alice, monkeypatch
):
    """The walk compares words as ``contains`` does: "%" escaped, not a wildcard (unescaped,
    "1000" first in the order would fill the page of one)."""
    add(team, alice, given_name="Aaa", family_name="Aaa", company="Bio 1000 local")
    add(team, alice, given_name="Aab", family_name="Aab", company="Bio 100% local")
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    monkeypatch.setattr(selectors, "SEARCH_WALKED", 12)
    client = login(alice)
    found = listing(client, q="100%")
    assert found == (["Aab Aab"], 1, 1)
    walk_the_order(monkeypatch)
    assert found == listing(client, q="100%")
