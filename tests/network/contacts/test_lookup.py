"""The lookup behind "Merge with…" and the introducer picker, within the team only."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.network.contacts.helpers import add

pytestmark = pytest.mark.django_db


def test_outsider_lookup_finds_none_of_the_other_team(book, login, mallory):
    html = login(mallory).get(reverse("contact_lookup"), {"q": "durand"}).content.decode()
    assert "Hélène" not in html
    assert "Nobody matches" in html


def test_read_only_member_uses_the_lookup(book, login, carol):
    response = login(carol).get(reverse("contact_lookup"), {"q": "helene"})
    assert response.status_code == 200
    assert "Hélène Durand" in response.content.decode()


def test_the_introducer_picker_lists_forms_that_set_it(book, login, alice):
    html = (
        login(alice)
        .get(
            reverse("contact_lookup"),
            {"q": "martin", "exclude": book.contact.pk, "introduce": book.contact.pk},
        )
        .content.decode()
    )
    action = reverse("contact_met_through", args=[book.contact.pk])
    assert f'action="{action}" hx-boost="true"' in html  # posted through htmx
    assert f'name="through" value="{book.other.pk}"' in html


def test_lookup_lists_matching_contacts_as_links(book, login, alice):
    html = login(alice).get(reverse("contact_lookup"), {"q": "MARTIN"}).content.decode()
    assert "Marie Martin" in html
    assert reverse("contact_detail", args=[book.other.pk]) in html
    assert "Hélène" not in html


def test_lookup_shows_archived_contacts_marked_as_such(book, login, alice):
    book.other.archive(alice)
    html = login(alice).get(reverse("contact_lookup"), {"q": "martin"}).content.decode()
    assert "Marie Martin" in html
    assert "Archived" in html


def names_in(html: str) -> list[str]:
    return re.findall(r'list-group-item[^"]*"[^>]*>\s*(?:<div>)?([^<·]+?)\s*(?:<|·)', html)


def test_current_contacts_come_first_in_list_order_then_archived_ones(team, login, alice):
    for family in ["Zola", "Abel", "Morin"]:
        add(team, alice, given_name="Marie", family_name=family)
    add(team, alice, given_name="Marie", family_name="Aaron").archive(alice)
    html = login(alice).get(reverse("contact_lookup"), {"q": "marie"}).content.decode()
    assert names_in(html) == ["Marie Abel", "Marie Morin", "Marie Zola", "Marie Aaron"]
    assert html.count("Archived") == 1


def test_eight_at_most_archived_ones_only_to_fill(team, login, alice):
    for index in range(7):
        add(team, alice, given_name="Marie", family_name=f"Current{index}")
    for index in range(3):
        add(team, alice, given_name="Marie", family_name=f"Archived{index}").archive(alice)
    client = login(alice)
    shown = names_in(client.get(reverse("contact_lookup"), {"q": "marie"}).content.decode())
    assert shown == [f"Marie Current{index}" for index in range(7)] + ["Marie Archived0"]
    add(team, alice, given_name="Marie", family_name="Current7")
    shown = names_in(client.get(reverse("contact_lookup"), {"q": "marie"}).content.decode())
    assert shown == [f"Marie Current{index}" for index in range(8)]


@pytest.mark.parametrize("picker", ["link_request", "introduce", "merge_into"])
def test_the_lookup_reads_as_much_for_one_match_as_for_seven(team, login, alice, bob, picker):
    """Who knows each result (the link picker shows it) is read with the results; fewer
    than eight current matches read archived ones once more (never more than two reads)."""
    client = login(alice)
    first = add(team, alice, given_name="Marie", family_name="Owned0", owner=bob)
    url = reverse("contact_lookup")
    params = {"q": "owned", picker: first.pk}
    client.get(url, params)  # warm: the session
    with CaptureQueriesContext(connection) as one:
        client.get(url, params)
    for index in range(1, 7):
        add(team, alice, given_name="Marie", family_name=f"Owned{index}", owner=bob)
    with CaptureQueriesContext(connection) as seven:
        html = client.get(url, params).content.decode()
    assert html.count("Marie Owned") == 7
    if picker == "link_request":
        assert html.count("Bob Member knows them") == 7
    assert len(seven.captured_queries) == len(one.captured_queries)


@pytest.mark.parametrize("excluded", [False, True], ids=["", "first excluded"])
@pytest.mark.parametrize("walked", [2500, 3])
@pytest.mark.parametrize("q", ["zola", "abel", "marie", "ma", "nobody"])
def test_a_family_name_late_in_the_order_is_found_as_walking_finds_it(
    team, login, alice, bob, monkeypatch, walked, q, excluded
):
    """The first contacts walked (SEARCH_WALKED) may not hold eight: the matches are then
    sorted (``_sorted_matches``), and the list is what walking the whole order gives. The
    contact a picker is for (``exclude``, the first in the order here) is left out of both."""
    from network.contacts import selectors

    first = add(team, alice, given_name="Marie", family_name="Abel", owner=bob)
    for index in range(10):
        add(team, alice, given_name="Marie", family_name=f"Abel{index}", owner=bob)
    for index in range(5):
        add(team, alice, given_name="Marie", family_name=f"Zola{index}", owner=bob)
    add(team, alice, given_name="Marie", family_name="Zola9").archive(alice)
    monkeypatch.setattr(selectors, "SEARCH_WALKED", walked)
    client = login(alice)
    params = {"q": q, "link_request": 1, **({"exclude": first.pk} if excluded else {})}
    client.get(reverse("contact_lookup"), params)  # warm: the session
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("contact_lookup"), params).content.decode()
    monkeypatch.setattr(selectors, "_sorted_matches", lambda *args: None)  # the walk
    walked_html = client.get(reverse("contact_lookup"), params).content.decode()
    assert without_tokens(html) == without_tokens(walked_html)
    assert "Marie" in html or q == "nobody"
    assert (f'name="contact" value="{first.pk}"' in html) == (
        q in {"abel", "marie", "ma"} and not excluded
    )
    assert len(queries.captured_queries) <= 6  # session, user, team, walk, sorted, owners


def without_tokens(html: str) -> str:
    """The page without its CSRF tokens (each rendering masks the token anew)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
