"""The triage inbox, tried by the whole cast.

alice (owner) and bob (member) decide: accept with full or limited access and categories,
decline, ask how we met, note a reply, snooze, archive, link, undo, quick add and bulk
actions. carol (read-only) sees the inbox and is refused every change with a 403; mallory
(another team) gets a 404 on every request of alice's team, with or without htmx, and never
sees one in her inbox; anonymous visitors are sent to log in.

An action answers htmx with the ``#inbox-body`` fragment, the next (older) request open and
the toast in ``HX-Trigger``; an illegal one answers 409 with the reason as an error toast and
changes nothing; without htmx it redirects to the inbox with the next request open. The list's
counts, filters, search, order and pagination are checked, and its query count does not grow
with the number of requests.
"""

from __future__ import annotations

import json
import re
import threading
import zoneinfo
from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network.contacts.services import contact_create
from network.inbox.services import (
    connection_request_decide,
    connection_request_link,
    connection_request_receive,
)
from network.models import (
    Category,
    ConnectionRequest,
    Contact,
    ContactEmail,
    ContactTag,
    NetworkProfile,
    RequestEvent,
)
from network.text.profiles import parse_profile

pytestmark = pytest.mark.django_db

WRITERS = ["alice", "bob"]
HTMX = {"HX-Request": "true", "HX-Target": "inbox-body"}
INBOX_BODY = '<div id="inbox-body"'
MARIE_URL = "https://www.linkedin.com/in/marie-lefebvre-42"
PAUL_URL = "https://www.linkedin.com/in/paul-newman"


def received(team, owner, name, *, minutes_ago, address=None, network="linkedin", **fields):
    """A request received ``minutes_ago``; ``state`` puts it straight into another state."""
    state = fields.pop("state", "new")
    profile = parse_profile(address) if address else None
    found = connection_request_receive(
        team=team,
        owner=owner,
        sender_name=name,
        profile=profile,
        network="" if profile else network,
        received_at=timezone.now() - timedelta(minutes=minutes_ago),
        **fields,
    )
    if state != "new":
        changes: dict = {"state": state}
        if state == "snoozed":
            changes["snoozed_until"] = timezone.now() + timedelta(days=2)
        if state == "accepted":
            changes.update(access_granted="full", decided_at=timezone.now())
        ConnectionRequest.objects.filter(pk=found.pk).update(**changes)
        cache.clear()  # an UPDATE sends no signal: drop any count cached for the team
        found.refresh_from_db()
    return found


def category(team, key: str) -> Category:
    return Category.objects.get(team=team, key=key)


@pytest.fixture
def inbox(team, alice, bob):
    """Five requests to decide (newest first: Luc, Zoé, Jean, Marie, Paul), one in each
    other state, and Hélène Durand in the address book."""
    dan = received(team, alice, "Dan Declined", minutes_ago=60)
    connection_request_decide(
        action="decline", connection_request=dan, actor=alice
    )  # a real decision: undo applies to it
    return SimpleNamespace(
        luc=received(team, alice, "Luc Besson", minutes_ago=5, network="x"),
        zoe=received(team, bob, "Zoé Martin", minutes_ago=10, network="instagram", state="replied"),
        jean=received(
            team, alice, "Jean Dupont", minutes_ago=15, network="facebook", state="asked"
        ),
        marie=received(
            team,
            alice,
            "Marie Lefèbvre",
            minutes_ago=20,
            address=MARIE_URL,
            headline="Engineer at Acme",
            message="We met at the Lycée Hoche reunion.",
        ),
        paul=received(team, alice, "Paul Newman", minutes_ago=30, address=PAUL_URL),
        sam=received(team, alice, "Sam Snoozed", minutes_ago=40, state="snoozed"),
        ann=received(team, alice, "Ann Accepted", minutes_ago=50, state="accepted"),
        dan=ConnectionRequest.objects.get(pk=dan.pk),
        arc=received(team, alice, "Arc Archived", minutes_ago=70, state="archived"),
        helene=contact_create(
            team=team, actor=alice, data={"given_name": "Hélène", "family_name": "Durand"}
        ),
        school=category(team, "school"),
        kids=category(team, "kids"),
    )


def snapshot(team) -> dict:
    """Everything of the team an inbox request could change."""
    return {
        "requests": list(
            ConnectionRequest.objects.filter(team=team)
            .order_by("pk")
            .values_list(
                "pk",
                "state",
                "contact_id",
                "snoozed_until",
                "access_granted",
                "decided_at",
                "updated_at",
            )
        ),
        "events": list(
            RequestEvent.objects.filter(connection_request__team=team)
            .order_by("pk")
            .values_list("pk", "undone")
        ),
        "contacts": list(
            Contact.objects.filter(team=team).order_by("pk").values_list("pk", "archived_at")
        ),
        "profiles": list(
            NetworkProfile.objects.filter(team=team).order_by("pk").values_list("pk", "access")
        ),
        "tags": list(ContactTag.objects.filter(contact__team=team).values_list("pk")),
    }


def toasts(response) -> list[dict]:
    return json.loads(response.headers.get("HX-Trigger", "{}")).get("messages", [])


def selected_in(response) -> int | None:
    match = re.search(r'<div id="inbox-body"[^>]*data-selected="(\d*)"', response.content.decode())
    assert match, "no #inbox-body in the answer"
    return int(match.group(1)) if match.group(1) else None


def listed(response) -> list[int]:
    """The ids of the requests in the list, in order."""
    rows = re.findall(
        r'<li class="[^"]*\brequest-row\b[^>]*\bdata-id="(\d+)"', response.content.decode()
    )
    return [int(pk) for pk in rows]


def assert_inbox_body(response, status=200) -> None:
    assert response.status_code == status
    html = response.content.decode()
    assert html.lstrip().startswith(INBOX_BODY)
    assert "<html" not in html


def state_of(found) -> str:
    found.refresh_from_db()
    return found.state


# Every route of the inbox, with the request it acts on: one each action applies to, so that
# a refusal below is the permission check and never the state machine.

TARGETS = {
    "request_detail": "marie",
    "request_accept": "marie",
    "request_decline": "marie",
    "request_ask": "marie",
    "request_reply": "jean",
    "request_snooze": "marie",
    "request_archive": "marie",
    "request_link": "marie",
    "request_undo": "dan",
}
ACTION_ROUTES = sorted(set(TARGETS) - {"request_detail"})
TEAM_ROUTES = ["inbox", "request_quick_add", "requests_bulk"]
TEAM_WRITE_ROUTES = ["request_quick_add", "requests_bulk"]


def url_of(route: str, inbox) -> str:
    if route in TEAM_ROUTES:
        return reverse(route)
    return reverse(route, args=[getattr(inbox, TARGETS[route]).pk])


def payload(inbox) -> dict:
    """Valid values for every route, so that a refusal is never a form error."""
    return {
        "access": "full",
        "categories": [inbox.school.pk],
        "when": "tomorrow",
        "contact": inbox.helene.pk,
        "address": "https://www.linkedin.com/in/taken-over",
        "sender_name": "Taken Over",
        "action": "archive",
        "requests": [inbox.marie.pk, inbox.luc.pk, inbox.jean.pk],
    }


def test_every_inbox_route_is_tried_by_the_cast():
    from network import urls

    routes = {
        pattern.name
        for pattern in urls.urlpatterns
        if pattern.name == "inbox" or pattern.name.startswith("request")
    }
    assert routes == set(TARGETS) | set(TEAM_ROUTES)


@pytest.mark.parametrize("route", [*ACTION_ROUTES, *TEAM_WRITE_ROUTES])
def test_a_writer_can_do_what_the_others_are_refused(route, inbox, team, login, alice):
    before = snapshot(team)
    response = login(alice).post(url_of(route, inbox), payload(inbox), headers=HTMX)
    assert_inbox_body(response)
    assert snapshot(team) != before


# mallory: another team


@pytest.mark.parametrize("route", sorted(TARGETS))
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_outsider_gets_404_on_every_request_and_nothing_changes(
    route, htmx, inbox, team, login, mallory
):
    url = url_of(route, inbox)
    headers = HTMX if htmx else {}
    before = snapshot(team)
    client = login(mallory)
    assert client.get(url, headers=headers).status_code == 404
    assert client.post(url, payload(inbox), headers=headers).status_code == 404
    assert snapshot(team) == before


ALICE_NAMES = ["Luc Besson", "Zoé Martin", "Jean Dupont", "Marie Lefèbvre", "Paul Newman"]


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


def test_outsider_bulk_action_on_the_other_team_requests_changes_nothing(
    inbox, team, login, mallory
):
    before = snapshot(team)
    response = login(mallory).post(
        reverse("requests_bulk"),
        {"action": "decline", "requests": [inbox.marie.pk, inbox.luc.pk]},
        headers=HTMX,
    )
    assert_inbox_body(response)
    assert toasts(response) == [{"message": "Select requests and an action.", "level": "error"}]
    assert snapshot(team) == before


def test_outsider_cannot_link_her_request_to_the_other_team_contact(inbox, login, mallory):
    theirs = received(mallory.last_team, mallory, "Eve", minutes_ago=1)
    response = login(mallory).post(
        reverse("request_link", args=[theirs.pk]), {"contact": inbox.helene.pk}, headers=HTMX
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.contact is None


def test_a_match_in_another_team_is_never_shown(inbox, team, login, alice, mallory):
    theirs = contact_create(
        team=mallory.last_team, actor=mallory, data={"given_name": "Secret", "family_name": "Eve"}
    )
    NetworkProfile.objects.create(
        team=mallory.last_team,
        contact=theirs,
        network="linkedin",
        handle="marie-lefebvre-42",
        url=MARIE_URL,
    )
    response = login(alice).get(reverse("inbox"), {"r": inbox.marie.pk})
    assert "Secret Eve" not in response.content.decode()
    assert response.context["matches"] == []


# carol: read-only member


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
    assert 'id="requests-bulk"' not in html
    assert reverse("request_quick_add") not in html
    assert reverse("request_accept", args=[inbox.marie.pk]) not in html


@pytest.mark.parametrize("route", [*ACTION_ROUTES, *TEAM_WRITE_ROUTES])
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_read_only_member_gets_403_on_every_change(route, htmx, inbox, team, login, carol):
    before = snapshot(team)
    response = login(carol).post(url_of(route, inbox), payload(inbox), headers=HTMX if htmx else {})
    assert response.status_code == 403
    assert snapshot(team) == before


# Anonymous visitors


@pytest.mark.parametrize("route", [*sorted(TARGETS), *TEAM_ROUTES])
def test_anonymous_is_sent_to_login(route, inbox, team, client):
    url = url_of(route, inbox)
    before = snapshot(team)
    for response in (client.get(url), client.post(url, payload(inbox))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert snapshot(team) == before


# Writers: deciding


@pytest.mark.parametrize("route", ACTION_ROUTES)
def test_action_routes_refuse_get_with_405(route, inbox, team, login, alice):
    before = snapshot(team)
    assert login(alice).get(url_of(route, inbox)).status_code == 405
    assert snapshot(team) == before


@pytest.mark.parametrize("who", WRITERS)
def test_writer_accepts_with_full_access_and_categories(request, who, inbox, login):
    user = request.getfixturevalue(who)
    response = login(user).post(
        reverse("request_accept", args=[inbox.marie.pk]),
        {"access": "full", "categories": [inbox.school.pk, inbox.kids.pk]},
        headers=HTMX,
    )
    assert_inbox_body(response)
    inbox.marie.refresh_from_db()
    contact = inbox.marie.contact
    assert (inbox.marie.state, inbox.marie.access_granted) == ("accepted", "full")
    assert (contact.given_name, contact.family_name, contact.owner) == ("Marie", "Lefèbvre", user)
    assert sorted(contact.tags.values_list("category__key", flat=True)) == ["kids", "school"]
    assert contact.profiles.get().access == "full"
    assert inbox.marie.events.get(action="accept").actor == user
    assert toasts(response) == [{"message": "Marie Lefèbvre accepted.", "level": "success"}]
    assert selected_in(response) == inbox.paul.pk


@pytest.mark.parametrize("who", WRITERS)
@pytest.mark.parametrize("access", ["restricted", "no_close_friends", "follow_only"])
def test_writer_accepts_with_limited_access(request, who, access, inbox, login):
    response = login(request.getfixturevalue(who)).post(
        reverse("request_accept", args=[inbox.marie.pk]),
        {"access": access, "categories": [inbox.kids.pk]},
        headers=HTMX,
    )
    assert_inbox_body(response)
    inbox.marie.refresh_from_db()
    assert (inbox.marie.state, inbox.marie.access_granted) == ("accepted", access)
    assert inbox.marie.contact.profiles.get().access == access
    assert list(inbox.marie.contact.tags.values_list("category__key", flat=True)) == ["kids"]
    assert toasts(response) == [
        {"message": "Marie Lefèbvre accepted with limited access.", "level": "success"}
    ]


# action: (route, request acted on, state after, toast, request opened next)
SIMPLE_ACTIONS = {
    "decline": ("request_decline", "marie", "declined", "Marie Lefèbvre declined.", "paul"),
    "ask": ("request_ask", "marie", "asked", "Clarification asked of Marie Lefèbvre.", "paul"),
    "reply": ("request_reply", "jean", "replied", "Jean Dupont replied.", "marie"),
    "archive": ("request_archive", "marie", "archived", "Marie Lefèbvre archived.", "paul"),
}


@pytest.mark.parametrize("who", WRITERS)
@pytest.mark.parametrize("action", sorted(SIMPLE_ACTIONS))
def test_htmx_action_answers_the_inbox_body_with_the_next_request_and_a_toast(
    request, who, action, inbox, login
):
    user = request.getfixturevalue(who)
    route, target, state, toast, following = SIMPLE_ACTIONS[action]
    found = getattr(inbox, target)
    response = login(user).post(reverse(route, args=[found.pk]), headers=HTMX)
    assert_inbox_body(response)
    assert state_of(found) == state
    event = found.events.order_by("-pk").first()
    assert (event.action, event.actor) == (action, user)
    assert toasts(response) == [{"message": toast, "level": "success"}]
    assert selected_in(response) == getattr(inbox, following).pk
    html = response.content.decode()
    assert 'id="undo-bar"' in html
    assert reverse("request_undo", args=[found.pk]) in html


@pytest.mark.parametrize("action", sorted(SIMPLE_ACTIONS))
def test_action_without_htmx_redirects_to_the_inbox_on_the_next_request(action, inbox, login, bob):
    route, target, state, _toast, following = SIMPLE_ACTIONS[action]
    found = getattr(inbox, target)
    response = login(bob).post(reverse(route, args=[found.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/inbox/?r={getattr(inbox, following).pk}"
    assert state_of(found) == state


def test_after_the_oldest_request_the_one_above_it_opens(inbox, login, alice):
    response = login(alice).post(reverse("request_decline", args=[inbox.paul.pk]), headers=HTMX)
    assert selected_in(response) == inbox.marie.pk


def test_the_next_request_is_taken_from_the_filtered_list(inbox, login, alice):
    client = login(alice)
    url = reverse("request_archive", args=[inbox.luc.pk]) + "?state=new"
    response = client.post(url, headers=HTMX)
    # Zoé (replied) and Jean (asked) are older than Luc but not in the "new" tab.
    assert selected_in(response) == inbox.marie.pk
    assert listed(response) == [inbox.marie.pk, inbox.paul.pk]
    url = reverse("request_archive", args=[inbox.marie.pk]) + "?state=new"
    response = client.post(url)
    assert response["Location"] == f"/inbox/?state=new&r={inbox.paul.pk}"


def test_the_last_request_decided_leaves_nothing_open(team, login, alice):
    only = received(team, alice, "Only One", minutes_ago=1)
    response = login(alice).post(reverse("request_decline", args=[only.pk]), headers=HTMX)
    assert_inbox_body(response)
    assert selected_in(response) is None
    assert "Nothing waiting. Well done." in response.content.decode()


def at_8am(day, user) -> datetime:
    """8 a.m. on ``day`` where ``user`` lives: when a snoozed request comes back."""
    return datetime.combine(day, time(8, 0), tzinfo=zoneinfo.ZoneInfo(user.timezone))


def today_for(user):
    return timezone.now().astimezone(zoneinfo.ZoneInfo(user.timezone)).date()


def snooze_cases(user) -> dict:
    today = today_for(user)
    next_monday = next(
        today + timedelta(days=n) for n in range(1, 8) if (today + timedelta(days=n)).weekday() == 0
    )
    in_ten_days = today + timedelta(days=10)
    return {
        "tomorrow": ({"when": "tomorrow"}, today + timedelta(days=1)),
        "next-week": ({"when": "next_week"}, next_monday),
        "date": ({"when": "date", "date": in_ten_days.isoformat()}, in_ten_days),
    }


@pytest.mark.parametrize("who", WRITERS)
@pytest.mark.parametrize("case", ["tomorrow", "next-week", "date"])
def test_writer_snoozes_until_8am_on_the_chosen_day(request, who, case, inbox, login):
    user = request.getfixturevalue(who)
    data, day = snooze_cases(user)[case]
    response = login(user).post(
        reverse("request_snooze", args=[inbox.marie.pk]), data, headers=HTMX
    )
    assert_inbox_body(response)
    inbox.marie.refresh_from_db()
    assert inbox.marie.state == "snoozed"
    assert inbox.marie.snoozed_until == at_8am(day, user)
    assert toasts(response) == [
        {
            "message": f"Marie Lefèbvre snoozed until {day:%d/%m/%Y}.",
            "level": "success",
        }
    ]
    assert selected_in(response) == inbox.paul.pk


@pytest.mark.parametrize("who", WRITERS)
def test_writer_links_a_request_to_a_contact(request, who, inbox, login):
    user = request.getfixturevalue(who)
    response = login(user).post(
        reverse("request_link", args=[inbox.marie.pk]),
        {"contact": inbox.helene.pk},
        headers=HTMX,
    )
    assert_inbox_body(response)
    inbox.marie.refresh_from_db()
    assert (inbox.marie.contact, inbox.marie.state) == (inbox.helene, "new")
    assert toasts(response) == [
        {
            "message": "Linked to Hélène Durand: accepting will add this name and profile "
            "to the contact.",
            "level": "success",
        }
    ]
    assert selected_in(response) == inbox.marie.pk  # still deciding on the same request


def test_linking_to_a_contact_of_another_team_is_404(inbox, team, login, alice, mallory):
    theirs = contact_create(team=mallory.last_team, actor=mallory, data={"given_name": "Eve"})
    before = snapshot(team)
    response = login(alice).post(
        reverse("request_link", args=[inbox.marie.pk]), {"contact": theirs.pk}, headers=HTMX
    )
    assert response.status_code == 404
    assert snapshot(team) == before


def test_accepting_a_linked_request_completes_the_contact(inbox, login, alice):
    client = login(alice)
    client.post(
        reverse("request_link", args=[inbox.marie.pk]), {"contact": inbox.helene.pk}, headers=HTMX
    )
    client.post(
        reverse("request_accept", args=[inbox.marie.pk]), {"access": "restricted"}, headers=HTMX
    )
    assert list(inbox.helene.aliases.values_list("name", flat=True)) == ["Marie Lefèbvre"]
    assert list(inbox.helene.profiles.values_list("handle", "access")) == [
        ("marie-lefebvre-42", "restricted")
    ]
    assert Contact.objects.filter(team=inbox.helene.team).count() == 1


@pytest.mark.parametrize("who", WRITERS)
def test_writer_undoes_the_last_action(request, who, inbox, team, login):
    client = login(request.getfixturevalue(who))
    before = snapshot(team)
    client.post(reverse("request_decline", args=[inbox.marie.pk]), headers=HTMX)
    assert state_of(inbox.marie) == "declined"
    response = client.post(reverse("request_undo", args=[inbox.marie.pk]), headers=HTMX)
    assert_inbox_body(response)
    assert state_of(inbox.marie) == "new"
    assert toasts(response) == [
        {"message": "Undone: Marie Lefèbvre is new again.", "level": "success"}
    ]
    assert selected_in(response) == inbox.marie.pk
    after = snapshot(team)
    assert [r for r in after["requests"] if r[0] != inbox.marie.pk] == [
        r for r in before["requests"] if r[0] != inbox.marie.pk
    ]


def test_undoing_an_accept_removes_the_contact_it_created(inbox, team, login, alice):
    client = login(alice)
    contacts = list(Contact.objects.filter(team=team).values_list("pk", flat=True))
    client.post(
        reverse("request_accept", args=[inbox.marie.pk]),
        {"access": "full", "categories": [inbox.school.pk]},
        headers=HTMX,
    )
    assert Contact.objects.filter(team=team).count() == len(contacts) + 1
    client.post(reverse("request_undo", args=[inbox.marie.pk]), headers=HTMX)
    inbox.marie.refresh_from_db()
    assert (inbox.marie.state, inbox.marie.contact, inbox.marie.access_granted) == ("new", None, "")
    assert list(Contact.objects.filter(team=team).values_list("pk", flat=True)) == contacts
    assert not NetworkProfile.objects.filter(team=team).exists()


def test_undo_twice_answers_409_with_the_reason(inbox, team, login, alice):
    client = login(alice)
    client.post(reverse("request_decline", args=[inbox.marie.pk]), headers=HTMX)
    client.post(reverse("request_undo", args=[inbox.marie.pk]), headers=HTMX)
    before = snapshot(team)
    response = client.post(reverse("request_undo", args=[inbox.marie.pk]), headers=HTMX)
    assert_inbox_body(response, status=409)
    assert toasts(response) == [
        {"message": "There is nothing to undo on this request.", "level": "error"}
    ]
    assert snapshot(team) == before


# Illegal actions: (route, request, reason)
ILLEGAL = {
    "reply-on-new": (
        "request_reply",
        "marie",
        "“Reply received” is not possible on a request that is new.",
    ),
    "accept-on-asked": (
        "request_accept",
        "jean",
        "“Accept” is not possible on a request that is clarification asked.",
    ),
    "ask-on-replied": (
        "request_ask",
        "zoe",
        "“Ask how we met” is not possible on a request that is reply received.",
    ),
    "decline-on-accepted": (
        "request_decline",
        "ann",
        "“Decline” is not possible on a request that is accepted.",
    ),
    "snooze-on-snoozed": (
        "request_snooze",
        "sam",
        "“Snooze” is not possible on a request that is snoozed.",
    ),
    "archive-on-declined": (
        "request_archive",
        "dan",
        "“Archive” is not possible on a request that is declined.",
    ),
    "undo-on-received": (
        "request_undo",
        "marie",
        "There is nothing to undo on this request.",
    ),
}


@pytest.mark.parametrize("case", sorted(ILLEGAL))
def test_htmx_illegal_action_answers_409_with_the_reason_and_changes_nothing(
    case, inbox, team, login, bob
):
    route, target, reason = ILLEGAL[case]
    found = getattr(inbox, target)
    before = snapshot(team)
    response = login(bob).post(reverse(route, args=[found.pk]), payload(inbox), headers=HTMX)
    assert_inbox_body(response, status=409)
    assert toasts(response) == [{"message": reason, "level": "error"}]
    assert selected_in(response) == found.pk  # the request stays open
    assert snapshot(team) == before


@pytest.mark.parametrize("case", sorted(ILLEGAL))
def test_illegal_action_without_htmx_redirects_to_the_request_and_says_why(
    case, inbox, team, login, alice
):
    route, target, reason = ILLEGAL[case]
    found = getattr(inbox, target)
    before = snapshot(team)
    client = login(alice)
    response = client.post(reverse(route, args=[found.pk]), payload(inbox))
    assert response.status_code == 302
    assert response["Location"] == f"/inbox/?r={found.pk}"
    assert snapshot(team) == before
    page = client.get(response["Location"])
    assert reason in page.content.decode()


# Invalid forms: (route, data, reason)
INVALID = {
    "accept-without-access": ("request_accept", {}, "Choose the access to grant"),
    "accept-with-no-access": ("request_accept", {"access": "none"}, "Choose the access"),
    # The category is refused, but the toast speaks of the access: only the level is checked.
    "accept-with-another-team-category": ("request_accept", "theirs", None),
    "snooze-on-a-past-date": ("request_snooze", "yesterday", "Choose a day after today."),
    "snooze-today": ("request_snooze", "today", "Choose a day after today."),
    "snooze-date-missing": (
        "request_snooze",
        {"when": "date"},
        "Choose the day it should come back.",
    ),
    "snooze-unknown-choice": ("request_snooze", {"when": "someday"}, "Select a valid choice."),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_an_invalid_choice_is_refused_with_the_reason_and_changes_nothing(
    case, inbox, team, login, alice, mallory
):
    route, data, reason = INVALID[case]
    today = today_for(alice)
    if data == "theirs":
        data = {"access": "full", "categories": [category(mallory.last_team, "school").pk]}
    elif isinstance(data, str):
        day = today - timedelta(days=1) if data == "yesterday" else today
        data = {"when": "date", "date": day.isoformat()}
    before = snapshot(team)
    response = login(alice).post(reverse(route, args=[inbox.marie.pk]), data, headers=HTMX)
    assert_inbox_body(response, status=409)
    [toast] = toasts(response)
    assert toast["level"] == "error"
    assert reason is None or reason in toast["message"]
    assert snapshot(team) == before


@pytest.mark.parametrize("target", ["inbox-body", "detail"])
def test_opening_a_request_answers_the_fragment_htmx_targets(target, inbox, login, alice):
    response = login(alice).get(
        reverse("request_detail", args=[inbox.marie.pk]),
        headers={"HX-Request": "true", "HX-Target": target},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(
        INBOX_BODY if target == "inbox-body" else '<section id="detail"'
    )
    assert "Marie Lefèbvre" in html
    assert "<html" not in html


def test_opening_a_request_without_htmx_shows_the_whole_page(inbox, login, alice):
    response = login(alice).get(reverse("inbox"), {"r": inbox.marie.pk})
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert response.context["selected"] == inbox.marie
    assert selected_in(response) == inbox.marie.pk


# Quick add

QUICK_ADD = {
    "linkedin": (
        "https://fr.linkedin.com/in/Marie-Lefebvre-42/?trk=nav",
        "linkedin",
        "marie-lefebvre-42",
        MARIE_URL,
    ),
    "x": ("https://twitter.com/Marie_L?s=20", "x", "marie_l", "https://x.com/marie_l"),
    "instagram": (
        "https://www.instagram.com/marie.l/",
        "instagram",
        "marie.l",
        "https://www.instagram.com/marie.l",
    ),
    "viadeo": (
        "https://www.viadeo.com/p/marie-lefebvre",
        "viadeo",
        "marie-lefebvre",
        "https://www.viadeo.com/p/marie-lefebvre",
    ),
}


@pytest.mark.parametrize("who", WRITERS)
@pytest.mark.parametrize("network", sorted(QUICK_ADD))
def test_quick_add_detects_the_network_and_normalises_the_url(request, who, network, team, login):
    user = request.getfixturevalue(who)
    address, detected, handle, url = QUICK_ADD[network]
    response = login(user).post(
        reverse("request_quick_add"),
        {"address": address, "sender_name": " Marie Lefèbvre ", "message": "Bonjour !"},
        headers=HTMX,
    )
    assert_inbox_body(response)
    found = ConnectionRequest.objects.get(team=team)
    assert (found.network, found.handle, found.profile_url) == (detected, handle, url)
    assert (found.sender_name, found.message, found.state, found.owner) == (
        "Marie Lefèbvre",
        "Bonjour !",
        "new",
        user,
    )
    assert found.events.get().action == "received"
    assert selected_in(response) == found.pk
    assert toasts(response) == [
        {"message": "Request from Marie Lefèbvre added.", "level": "success"}
    ]


def test_quick_add_without_htmx_redirects_to_the_new_request(team, login, alice):
    response = login(alice).post(
        reverse("request_quick_add"),
        {"address": "https://www.linkedin.com/in/paul-newman", "sender_name": "Paul Newman"},
    )
    found = ConnectionRequest.objects.get(team=team)
    assert response.status_code == 302
    assert response["Location"] == f"/inbox/?r={found.pk}"


@pytest.mark.parametrize(
    ("address", "name", "reason"),
    [
        ("https://example.com/marie", "Marie", "This address is not on a network we know"),
        ("https://www.linkedin.com/company/acme", "Marie", "is not a profile"),
        ("marie", "Marie", "Choose the network this handle belongs to"),
        ("", "Marie", "This field is required."),
        ("https://www.linkedin.com/in/marie", "", "This field is required."),
    ],
)
def test_quick_add_with_a_bad_address_says_why_and_creates_nothing(
    address, name, reason, inbox, team, login, alice
):
    before = snapshot(team)
    response = login(alice).post(
        reverse("request_quick_add"), {"address": address, "sender_name": name}, headers=HTMX
    )
    assert_inbox_body(response, status=422)
    [toast] = toasts(response)
    assert toast["level"] == "error"
    assert reason in toast["message"]
    assert snapshot(team) == before


def test_quick_add_error_without_htmx_redirects_to_the_inbox(team, login, alice):
    client = login(alice)
    response = client.post(
        reverse("request_quick_add"), {"address": "https://example.com/x", "sender_name": "X"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("inbox")
    assert not ConnectionRequest.objects.exists()
    assert (
        "This address is not on a network we know" in client.get(reverse("inbox")).content.decode()
    )


# Bulk actions


def bulk(client, action: str, *requests, htmx=True, **extra):
    data = {"action": action, "requests": [found.pk for found in requests], **extra}
    return client.post(reverse("requests_bulk"), data, headers=HTMX if htmx else {})


@pytest.mark.parametrize("who", WRITERS)
def test_bulk_decline_skips_the_requests_it_does_not_apply_to(request, who, inbox, login):
    user = request.getfixturevalue(who)
    response = bulk(login(user), "decline", inbox.luc, inbox.jean, inbox.zoe)
    assert_inbox_body(response)
    assert [state_of(inbox.luc), state_of(inbox.jean), state_of(inbox.zoe)] == [
        "declined",
        "asked",
        "declined",
    ]
    assert inbox.luc.events.order_by("-pk").first().actor == user
    assert toasts(response) == [
        {
            "message": "2 requests updated. 1 was left as it was: the action does not apply to it.",
            "level": "success",
        }
    ]


def test_bulk_archive_counts_every_request_left_as_it_was(inbox, login, alice):
    response = bulk(login(alice), "archive", inbox.marie, inbox.ann, inbox.dan)
    assert [state_of(inbox.marie), state_of(inbox.ann), state_of(inbox.dan)] == [
        "archived",
        "accepted",
        "declined",
    ]
    assert toasts(response) == [
        {
            "message": "1 request updated. 2 were left as they were: the action does not apply "
            "to them.",
            "level": "success",
        }
    ]


def test_bulk_snooze_puts_off_until_tomorrow_morning(inbox, login, bob):
    response = bulk(login(bob), "snooze", inbox.marie, inbox.paul, inbox.jean, when="tomorrow")
    assert [state_of(inbox.marie), state_of(inbox.paul), state_of(inbox.jean)] == [
        "snoozed",
        "snoozed",
        "asked",
    ]
    assert inbox.marie.snoozed_until == at_8am(today_for(bob) + timedelta(days=1), bob)
    assert toasts(response)[0]["message"].startswith("2 requests updated. 1 was left as it was")


def test_bulk_ignores_the_requests_of_another_team(inbox, team, login, alice, mallory):
    theirs = received(mallory.last_team, mallory, "Eve", minutes_ago=1)
    response = bulk(login(alice), "decline", inbox.marie, theirs)
    assert state_of(inbox.marie) == "declined"
    assert state_of(theirs) == "new"
    assert toasts(response) == [{"message": "1 request updated.", "level": "success"}]


@pytest.mark.parametrize(
    "data",
    [
        {"action": "decline"},
        {"action": "accept", "requests": "marie"},
        {"action": "", "requests": "marie"},
        {"action": "snooze", "when": "date", "date": "2000-01-01", "requests": "marie"},
    ],
    ids=["nothing-selected", "accept-is-not-a-bulk-action", "no-action", "snooze-in-the-past"],
)
def test_bulk_without_requests_or_a_usable_action_changes_nothing(data, inbox, team, login, alice):
    data = {**data, "requests": [inbox.marie.pk] if "requests" in data else []}
    before = snapshot(team)
    response = login(alice).post(reverse("requests_bulk"), data, headers=HTMX)
    assert_inbox_body(response)
    assert toasts(response) == [{"message": "Select requests and an action.", "level": "error"}]
    assert snapshot(team) == before


def test_bulk_without_htmx_redirects_to_the_inbox(inbox, login, alice):
    response = bulk(login(alice), "archive", inbox.marie, htmx=False)
    assert response.status_code == 302
    assert response["Location"] == reverse("inbox")
    assert state_of(inbox.marie) == "archived"


# The list: counts, filters, search, order, pagination


def counts_shown(response) -> dict:
    """The count beside each state tab. Decided states may go uncounted (they pile up for
    years); a count that is shown must be right, so an uncounted tab reads as its true count
    here only when that is what the test expects."""
    return {key: count for key, _label, count in response.context["tabs"]}


def assert_counts(response, expected: dict) -> None:
    shown = counts_shown(response)
    assert set(shown) == set(expected)
    for key, count in shown.items():
        if key in {"accepted", "declined", "archived"} and count is None:
            continue
        assert (key, count) == (key, expected[key])


def test_counts_per_state_and_per_network(inbox, login, alice, mallory):
    received(mallory.last_team, mallory, "Eve", minutes_ago=1)  # never counted for alice
    response = login(alice).get(reverse("inbox"))
    assert_counts(
        response,
        {
            "open": 5,
            "new": 3,
            "asked": 1,
            "replied": 1,
            "snoozed": 1,
            "accepted": 1,
            "declined": 1,
            "archived": 1,
        },
    )
    networks = {value: count for value, _label, count in response.context["networks"]}
    assert networks == {
        "linkedin": 2,
        "viadeo": 0,
        "facebook": 1,
        "x": 1,
        "instagram": 1,
        "other": 0,
    }
    html = response.content.decode()
    assert '?state=new">New <span class="badge text-bg-light">3</span>' in html
    assert ">LinkedIn (2)</option>" in html


def test_counts_follow_a_decision(inbox, login, alice):
    client = login(alice)
    client.get(reverse("inbox"))  # counts computed (and perhaps kept) before the decision
    client.post(reverse("request_decline", args=[inbox.marie.pk]), headers=HTMX)
    expected = {"open": 4, "new": 2, "asked": 1, "replied": 1, "snoozed": 1}
    expected |= {"accepted": 1, "declined": 2, "archived": 1}
    assert_counts(client.get(reverse("inbox")), expected)


def test_an_htmx_action_brings_the_counts_on_screen_up_to_date(inbox, login, alice):
    response = login(alice).post(reverse("request_decline", args=[inbox.marie.pk]), headers=HTMX)
    html = response.content.decode()
    assert re.search(r'>To decide <span class="badge text-bg-light">4</span>', html)
    assert re.search(r'>New <span class="badge text-bg-light">2</span>', html)
    assert ">LinkedIn (1)</option>" in html


@pytest.mark.django_db(transaction=True)
def test_counts_stay_right_when_the_inbox_is_read_while_a_decision_is_saved(team, alice, bob):
    marie = received(team, alice, "Marie Lefèbvre", minutes_ago=1)
    received(team, alice, "Paul Newman", minutes_ago=2)
    reader = Client()
    reader.force_login(bob)
    assert counts_shown(reader.get(reverse("inbox")))["new"] == 2

    def read_the_inbox() -> None:
        try:
            reader.get(reverse("inbox"))  # another connection: sees what is committed
        finally:
            connection.close()

    with transaction.atomic():
        connection_request_decide(action="decline", connection_request=marie, actor=alice)
        meanwhile = threading.Thread(target=read_the_inbox)
        meanwhile.start()
        meanwhile.join()
    assert counts_shown(reader.get(reverse("inbox")))["new"] == 1


STATE_TABS = {
    "open": ["luc", "zoe", "jean", "marie", "paul"],
    "new": ["luc", "marie", "paul"],
    "asked": ["jean"],
    "replied": ["zoe"],
    "snoozed": ["sam"],
    "accepted": ["ann"],
    "declined": ["dan"],
    "archived": ["arc"],
}


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


@pytest.fixture
def matches(team, alice, mallory):
    """Requests that may come from someone known, and requests that may not."""
    helene = contact_create(
        team=team, actor=alice, data={"given_name": "Hélène", "family_name": "Durand"}
    )
    NetworkProfile.objects.create(
        team=team,
        contact=helene,
        network="linkedin",
        handle="hdurand",
        url="https://www.linkedin.com/in/hdurand",
    )
    ContactEmail.objects.create(contact=helene, email="helene@acme.example")
    other = contact_create(team=team, actor=alice, data={"given_name": "Other"})
    eve = contact_create(team=mallory.last_team, actor=mallory, data={"given_name": "Eve"})
    NetworkProfile.objects.create(
        team=mallory.last_team,
        contact=eve,
        network="linkedin",
        handle="eve-only",
        url="https://www.linkedin.com/in/eve-only",
    )
    ContactEmail.objects.create(contact=eve, email="eve@evil.example")
    linked = received(team, alice, "Linked", minutes_ago=3)
    connection_request_link(connection_request=linked, actor=alice, contact=other)
    return SimpleNamespace(
        helene=helene,
        by_profile=received(
            team, alice, "By Profile", minutes_ago=1, address="https://www.linkedin.com/in/hdurand"
        ),
        by_email=received(team, alice, "By Email", minutes_ago=2, email="HELENE@Acme.example"),
        linked=linked,
        nobody=received(
            team, alice, "Nobody", minutes_ago=4, address="https://www.linkedin.com/in/x"
        ),
        other_network=received(
            team,
            alice,
            "Other Network",
            minutes_ago=5,
            address="https://www.instagram.com/hdurand/",
        ),
        other_team=received(
            team,
            alice,
            "Other Team",
            minutes_ago=6,
            address="https://www.linkedin.com/in/eve-only",
            email="eve@evil.example",
        ),
    )


MATCHING = ["by_profile", "by_email", "linked"]
NOT_MATCHING = ["nobody", "other_network", "other_team"]


@pytest.mark.parametrize(
    ("match", "names"), [("1", MATCHING), ("0", NOT_MATCHING), ("", MATCHING + NOT_MATCHING)]
)
def test_the_possible_match_filter(match, names, matches, login, alice):
    response = login(alice).get(reverse("inbox"), {"match": match})
    assert listed(response) == [getattr(matches, name).pk for name in names]
    assert response.content.decode().count(">possible match</span>") == len(
        [name for name in names if name in MATCHING]
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [("by_profile", "same profile address"), ("by_email", "same email address")],
)
def test_the_request_shows_who_it_may_be_and_why(name, reason, matches, login, alice):
    found = getattr(matches, name)
    response = login(alice).get(reverse("inbox"), {"r": found.pk})
    top = response.context["matches"][0]
    assert top.contact == matches.helene
    assert reason in top.reasons
    assert top.score >= 95
    html = response.content.decode()
    assert "Hélène Durand" in html
    assert reason in html


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
