"""Helpers for the inbox tests: requests received in any state, what a page lists and
which request it opens, the toasts it sends, and a snapshot of what an action could change.
"""

from __future__ import annotations

import json
import re
import threading
import zoneinfo
from datetime import datetime, time, timedelta

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from network.inbox.services import (
    connection_request_decide,
    connection_request_receive,
)
from network.models import (
    Category,
    ConnectionRequest,
    Contact,
    ContactTag,
    NetworkProfile,
    RequestEvent,
)
from network.text.profiles import parse_profile

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
        found.refresh_from_db()
    return found


def category(team, key: str) -> Category:
    return Category.objects.get(team=team, key=key)


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


ALICE_NAMES = ["Luc Besson", "Zoé Martin", "Jean Dupont", "Marie Lefèbvre", "Paul Newman"]


def at_8am(day, user) -> datetime:
    """8 a.m. on ``day`` where ``user`` lives: when a snoozed request comes back."""
    return datetime.combine(day, time(8, 0), tzinfo=zoneinfo.ZoneInfo(user.timezone))


def today_for(user):
    return timezone.now().astimezone(zoneinfo.ZoneInfo(user.timezone)).date()


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


def decline_while_the_inbox_is_read(connection_request, actor, reader) -> None:
    """Decline ``connection_request`` in a transaction, and before it commits have ``reader``
    (a test client, on another connection in a thread) open the inbox: it sees, and may
    cache, the counts as they were."""

    def read_the_inbox() -> None:
        try:
            reader.get(reverse("inbox"))
        finally:
            connection.close()

    with transaction.atomic():
        connection_request_decide(
            action="decline", connection_request=connection_request, actor=actor
        )
        meanwhile = threading.Thread(target=read_the_inbox)
        meanwhile.start()
        meanwhile.join()
