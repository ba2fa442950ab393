"""The contact list: filters, sorting, pagination, the htmx results fragment, what a read-only
member and an outsider see, and a query count that does not grow with the number of contacts.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import (
    Contact,
)
from tests.network.contacts.helpers import (
    add,
    add_profile,
    category,
    list_page,
    names_listed,
    url_of,
)

pytestmark = pytest.mark.django_db


def test_outsider_list_shows_none_of_the_other_team(book, login, mallory):
    for state in ("active", "archived", "all"):
        html = login(mallory).get(reverse("contact_list"), {"state": state}).content.decode()
        assert "Hélène" not in html
        assert "Marie Martin" not in html
        assert reverse("contact_detail", args=[book.contact.pk]) not in html
    html = login(mallory).get(reverse("contact_list")).content.decode()
    assert "Your address book is empty." in html


def test_outsider_filter_by_the_other_team_category_shows_nothing(book, login, mallory):
    response = login(mallory).get(reverse("contact_list"), {"category": book.school.pk})
    assert "Hélène" not in response.content.decode()


@pytest.mark.parametrize("route", ["contact_list", "contact_detail"])
def test_read_only_member_reads_the_list_and_the_contact(route, book, login, carol):
    response = login(carol).get(url_of(route, book))
    assert response.status_code == 200
    assert "Hélène Durand" in response.content.decode()


def test_read_only_member_sees_no_write_controls(book, login, carol):
    client = login(carol)
    detail = client.get(url_of("contact_detail", book)).content.decode()
    assert "hx-post" not in detail
    assert "hx-boost" not in detail  # forms that change the contact are boosted to htmx
    assert reverse("contact_edit", args=[book.contact.pk]) not in detail
    assert "Full access" not in detail  # the access picker
    listing = client.get(reverse("contact_list")).content.decode()
    assert 'id="bulk-form"' not in listing
    assert reverse("contact_create") not in listing


def test_list_runs_the_same_number_of_queries_for_2_and_50_contacts(
    team, login, alice, bob, django_assert_max_num_queries
):
    school, kids = category(team, "school"), category(team, "kids")

    def add_people(count: int, start: int) -> None:
        for index in range(start, start + count):
            contact = add(
                team,
                alice,
                given_name=f"Person{index:02d}",
                family_name="Test",
                owner=bob if index % 2 else alice,
            )
            contact.tag(school, alice, detail="class of 2004")
            contact.tag(kids, alice)
            add_profile(contact, handle=f"p{index}", access="full")
            add_profile(contact, network="instagram", handle=f"p_{index}", access="restricted")

    client = login(alice)
    add_people(2, 0)
    list_page(client)
    with django_assert_max_num_queries(100) as two:
        response = list_page(client)
    assert len(names_listed(response)) == 2
    queries = len(two.captured_queries)  # read now: the next request empties the log
    add_people(48, 2)
    list_page(client)  # the badge's count, forgotten when contacts were added, cached again
    with django_assert_max_num_queries(queries):
        response = list_page(client)
    assert len(names_listed(response)) == 25
    assert response.content.decode().count("School") >= 25


def test_list_is_paginated_by_25(team, login, alice):
    for index in range(60):
        add(team, alice, given_name=f"Person{index:02d}", family_name="Test")
    client = login(alice)
    first = list_page(client)
    assert names_listed(first) == [f"Person{index:02d} Test" for index in range(25)]
    assert "60 contacts" in first.content.decode()
    assert "Page 1 of 3" in first.content.decode()
    third = list_page(client, page=3)
    assert names_listed(third) == [f"Person{index:02d} Test" for index in range(50, 60)]
    assert names_listed(list_page(client, page=99)) == names_listed(third)


def test_pagination_links_keep_the_filters(team, login, alice):
    for index in range(30):
        add(team, alice, given_name=f"Person{index:02d}", family_name="Test", city="Lyon")
    html = list_page(login(alice), q="lyon").content.decode()
    assert "?q=lyon&amp;page=2" in html


def test_htmx_list_request_answers_only_the_results(book, login, alice):
    response = login(alice).get(
        reverse("contact_list"),
        {"q": "hel"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert names_listed(response) == ["Hélène Durand"]


def test_empty_address_book_says_so_and_offers_to_add(team, login, alice):
    html = list_page(login(alice)).content.decode()
    assert "Your address book is empty." in html
    assert reverse("contact_create") in html


def test_a_filter_that_matches_nobody_says_so(book, login, alice):
    html = list_page(login(alice), q="nobody-like-this").content.decode()
    assert "Nobody matches these filters." in html
    assert "Your address book is empty." not in html


def test_archived_only_with_no_archived_contact_says_nobody_matches(book, login, alice):
    html = list_page(login(alice), state="archived").content.decode()
    assert "Nobody matches these filters." in html
    assert "Your address book is empty." not in html


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({}, ["Anne Alpha", "Basile Beta", "Chloé Gamma"]),
        ({"category": "school"}, ["Anne Alpha", "Chloé Gamma"]),
        ({"category": "kids"}, ["Basile Beta", "Chloé Gamma"]),
        ({"network": "instagram"}, ["Basile Beta"]),
        ({"network": "linkedin"}, ["Anne Alpha", "Chloé Gamma"]),
        ({"network": "facebook"}, []),
        ({"access": "full"}, ["Anne Alpha"]),
        ({"access": "limited"}, ["Basile Beta"]),
        ({"access": "none"}, ["Chloé Gamma"]),
        ({"owner": "me"}, ["Anne Alpha"]),
        ({"owner": "bob"}, ["Basile Beta"]),
        ({"owner": "nobody"}, ["Chloé Gamma"]),
        ({"state": "archived"}, ["Denis Delta"]),
        ({"state": "all"}, ["Anne Alpha", "Basile Beta", "Denis Delta", "Chloé Gamma"]),
        ({"state": "all", "access": "none"}, ["Denis Delta", "Chloé Gamma"]),
        ({"category": "school", "owner": "me"}, ["Anne Alpha"]),
        ({"category": "kids", "access": "limited", "q": "basile"}, ["Basile Beta"]),
    ],
)
def test_list_filters(params, names, filtered, login, alice, bob):
    params = dict(params)
    if "category" in params:
        params["category"] = getattr(filtered, params["category"]).pk
    if params.get("owner") == "bob":
        params["owner"] = bob.pk
    response = list_page(login(alice), **params)
    assert names_listed(response) == names


def test_owner_me_means_whoever_is_looking(filtered, login, bob):
    assert names_listed(list_page(login(bob), owner="me")) == ["Basile Beta"]


def test_a_made_up_filter_value_matches_nobody(filtered, login, alice):
    response = list_page(login(alice), category="abc")
    assert names_listed(response) == []
    assert "Nobody matches these filters." in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "names"),
    [
        ("name", ["Anne Alpha", "Basile Beta", "Chloé Gamma"]),
        ("-created", ["Chloé Gamma", "Basile Beta", "Anne Alpha"]),
        ("-updated", ["Basile Beta", "Anne Alpha", "Chloé Gamma"]),
        ("made-up", ["Anne Alpha", "Basile Beta", "Chloé Gamma"]),
    ],
)
def test_list_sorts(sort, names, team, login, alice):
    now = timezone.now()
    # (given, family, created days ago, updated days ago)
    for given, family, created, updated in [
        ("Chloé", "Gamma", 1, 3),
        ("Anne", "Alpha", 3, 2),
        ("Basile", "Beta", 2, 1),
    ]:
        contact = add(team, alice, given_name=given, family_name=family)
        Contact.objects.filter(pk=contact.pk).update(
            created_at=now - timedelta(days=created), updated_at=now - timedelta(days=updated)
        )
    response = list_page(login(alice), sort=sort)
    assert names_listed(response) == names
