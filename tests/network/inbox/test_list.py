"""The inbox list: state tabs, filters, search, order and pagination, what a read-only member
and an outsider see, and a query count that does not grow with the number of requests.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from network.contacts.services import contact_create
from network.inbox.services import (
    connection_request_link,
)
from network.models import (
    ConnectionRequest,
    ContactEmail,
    NetworkProfile,
)
from tests.network.inbox.helpers import (
    ALICE_NAMES,
    HTMX,
    STATE_TABS,
    assert_counts,
    assert_inbox_body,
    listed,
    received,
    selected_in,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "state", ["open", "new", "asked", "replied", "snoozed", "accepted", "declined", "archived"]
)
def test_outsider_inbox_shows_none_of_the_other_team(state, inbox, login, mallory):
    response = login(mallory).get(reverse("inbox"), {"state": state, "r": inbox.marie.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert listed(response) == []
    for name in [*ALICE_NAMES, "Sam Snoozed", "Ann Accepted", "Dan Declined", "Arc Archived"]:
        assert name not in html
    assert response.context["selected"] is None
    assert_counts(response, dict.fromkeys(STATE_TABS, 0))


def test_outsider_search_finds_none_of_the_other_team(inbox, login, mallory):
    response = login(mallory).get(reverse("inbox"), {"q": "lefebvre"})
    assert listed(response) == []
    assert "Marie" not in response.content.decode()


def test_read_only_member_sees_the_inbox_and_a_request(inbox, login, carol):
    client = login(carol)
    response = client.get(reverse("inbox"))
    assert response.status_code == 200
    assert listed(response) == [
        inbox.luc.pk,
        inbox.zoe.pk,
        inbox.jean.pk,
        inbox.marie.pk,
        inbox.paul.pk,
    ]
    detail = client.get(reverse("request_detail", args=[inbox.marie.pk]), headers=HTMX)
    assert_inbox_body(detail)
    assert selected_in(detail) == inbox.marie.pk
    assert "We met at the Lycée Hoche reunion." in detail.content.decode()


def test_read_only_member_sees_no_write_controls(inbox, login, carol):
    html = login(carol).get(reverse("inbox"), {"r": inbox.marie.pk}).content.decode()
    assert "hx-post" not in html
    assert "hx-boost" not in html  # the decision forms are boosted to htmx
    assert 'id="requests-bulk"' not in html
    assert reverse("request_quick_add") not in html
    assert reverse("request_accept", args=[inbox.marie.pk]) not in html


@pytest.mark.parametrize("state", sorted(STATE_TABS))
def test_each_state_tab_lists_its_requests_newest_first(state, inbox, login, bob):
    response = login(bob).get(reverse("inbox"), {"state": state})
    assert listed(response) == [getattr(inbox, name).pk for name in STATE_TABS[state]]


def test_the_inbox_opens_on_the_requests_to_decide_newest_first(inbox, login, alice):
    response = login(alice).get(reverse("inbox"))
    assert listed(response) == [getattr(inbox, n).pk for n in STATE_TABS["open"]]


@pytest.mark.parametrize(
    ("network", "names"),
    [("linkedin", ["marie", "paul"]), ("x", ["luc"]), ("facebook", ["jean"]), ("viadeo", [])],
)
def test_the_network_filter(network, names, inbox, login, alice):
    response = login(alice).get(reverse("inbox"), {"network": network})
    assert listed(response) == [getattr(inbox, name).pk for name in names]


def test_the_message_filter_keeps_requests_that_came_with_one(inbox, login, alice):
    response = login(alice).get(reverse("inbox"), {"message": "1"})
    assert listed(response) == [inbox.marie.pk]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("lefebvre", ["marie"]),
        ("LEFÈBVRE", ["marie"]),
        ("marie lef", ["marie"]),
        ("acme", ["marie"]),  # the headline
        ("zoe", ["zoe"]),
        ("martin lefebvre", []),
        ("newman", ["paul"]),
    ],
)
def test_search_ignores_accents_and_case(query, names, inbox, login, alice):
    response = login(alice).get(reverse("inbox"), {"q": query})
    assert listed(response) == [getattr(inbox, name).pk for name in names]


def test_inbox_is_paginated_by_25(team, login, alice):
    everyone = [received(team, alice, f"Person {i:02d}", minutes_ago=i) for i in range(30)]
    client = login(alice)
    first = client.get(reverse("inbox"))
    assert listed(first) == [found.pk for found in everyone[:25]]
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(reverse("inbox"), {"page": 2})
    assert listed(second) == [found.pk for found in everyone[25:]]
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize(("total", "pages"), [(25, 1), (26, 2), (50, 2), (51, 3)])
def test_pages_hold_25_requests_and_no_page_is_empty(total, pages, team, login, alice):
    for index in range(total):
        received(team, alice, f"Person {index:02d}", minutes_ago=index)
    client = login(alice)
    first = client.get(reverse("inbox"))
    if pages == 1:
        assert "Page 1 of" not in first.content.decode()
    else:
        assert f"Page 1 of {pages}" in first.content.decode()
    last = client.get(reverse("inbox"), {"page": pages})
    assert len(listed(last)) == total - 25 * (pages - 1)


def test_outsider_inbox_lists_her_own_requests_however_many_the_other_team_has(
    team, login, alice, mallory
):
    theirs = [
        received(mallory.last_team, mallory, f"Eve {i}", minutes_ago=100 + i) for i in range(2)
    ]
    for index in range(30):
        received(team, alice, f"Person {index:02d}", minutes_ago=index)
    client = login(mallory)
    response = client.get(reverse("inbox"))
    assert listed(response) == [found.pk for found in theirs]
    assert "Page 1 of" not in response.content.decode()
    decided = client.post(reverse("request_decline", args=[theirs[0].pk]), headers=HTMX)
    assert selected_in(decided) == theirs[1].pk


def test_inbox_runs_the_same_number_of_queries_for_2_and_50_requests(
    team, login, alice, bob, django_assert_max_num_queries
):
    helene = contact_create(
        team=team, actor=alice, data={"given_name": "Hélène", "family_name": "Durand"}
    )
    helene.owner = bob
    helene.save()

    def add_requests(count: int, start: int) -> list[ConnectionRequest]:
        added = []
        for index in range(start, start + count):
            found = received(
                team,
                alice if index % 2 else bob,
                f"Person {index:02d}",
                minutes_ago=index + 1,
                address=f"https://www.linkedin.com/in/person-{index}",
                message="We met at school." if index % 2 else "",
                email=f"p{index}@example.org",
            )
            known = contact_create(team=team, actor=alice, data={"given_name": f"P{index}"})
            if index % 3 == 0:
                NetworkProfile.objects.create(
                    team=team,
                    contact=known,
                    network="linkedin",
                    handle=f"person-{index}",
                    url=f"https://www.linkedin.com/in/person-{index}",
                )
            elif index % 3 == 1:
                ContactEmail.objects.create(contact=known, email=f"p{index}@example.org")
            else:
                connection_request_link(connection_request=found, actor=alice, contact=helene)
            added.append(found)
        return added

    client = login(alice)
    first = add_requests(2, 0)[0]
    # The request open on the right has every kind of match.
    connection_request_link(connection_request=first, actor=alice, contact=helene)
    ContactEmail.objects.create(contact=helene, email="p0@example.org")
    url = f"{reverse('inbox')}?r={first.pk}"

    def cold_start() -> None:
        # Whatever the page caches is measured too: both counts start from an empty cache.
        client.get(url)
        cache.clear()

    cold_start()
    with django_assert_max_num_queries(100) as two:
        response = client.get(url)
    limit = len(two.captured_queries)  # read now: the next request empties the query log
    assert len(listed(response)) == 2
    assert len(response.context["matches"]) == 2
    add_requests(48, 2)
    cold_start()
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert len(listed(response)) == 25
    assert response.content.decode().count(">possible match</span>") == 25
    assert selected_in(response) == first.pk
