"""Helpers for the tests of the inbox services: the state machine as the product describes it,
requests put in any state, and what a request, its history and the address book hold.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from network.contacts.services import contact_create
from network.inbox.reversal import connection_request_reopen
from network.inbox.services import (
    connection_request_accept,
    connection_request_decide,
    connection_request_receive,
    wake_due_requests,
)
from network.models import (
    Category,
    ConnectionRequest,
    Contact,
    ContactAlias,
    ContactTag,
    NetworkProfile,
    RequestEvent,
    RequestState,
)
from network.text.profiles import parse_profile

S = RequestState
# The state machine as the product describes it: action -> (states it applies to, target).
# Written out here, not read from the code, so that an accidental edit of TRANSITIONS fails.
EXPECTED_TRANSITIONS = {
    # A pending clarification does not block a decision (issue 11, item 3).
    "accept": ({S.NEW, S.ASKED, S.REPLIED}, S.ACCEPTED),
    "decline": ({S.NEW, S.ASKED, S.REPLIED}, S.DECLINED),
    "ask": ({S.NEW}, S.ASKED),
    "reply": ({S.ASKED}, S.REPLIED),
    "snooze": ({S.NEW, S.REPLIED}, S.SNOOZED),
    "wake": ({S.SNOOZED}, S.NEW),
    "archive": ({S.NEW, S.ASKED, S.REPLIED, S.SNOOZED}, S.ARCHIVED),
    # Any decision can be taken back (issue 11, item 2).
    "reopen": ({S.ACCEPTED, S.DECLINED, S.ARCHIVED}, S.NEW),
}
# The words a person reads in the refusal.
ACTION_WORDS = {
    "accept": "Accept",
    "decline": "Decline",
    "ask": "Ask how we met",
    "reply": "Reply received",
    "snooze": "Snooze",
    "archive": "Archive",
    "reopen": "Reopen",
}
STATE_WORDS = {
    S.NEW: "new",
    S.ASKED: "clarification asked",
    S.REPLIED: "reply received",
    S.SNOOZED: "snoozed",
    S.ACCEPTED: "accepted",
    S.DECLINED: "declined",
    S.ARCHIVED: "archived",
}
# Request fields each action changes besides the state (and updated_at).
CHANGED_FIELDS = {
    "accept": {"access_granted", "decided_at", "contact_id"},
    "decline": {"decided_at"},
    "ask": set(),
    "reply": set(),
    "snooze": {"snoozed_until"},
    "wake": {"snoozed_until"},
    "archive": set(),
    # Reopening clears what the decision set, which depends on the decision.
    "reopen": {
        S.ACCEPTED: {"access_granted", "decided_at"},
        S.DECLINED: {"decided_at"},
        S.ARCHIVED: set(),
    },
}
MARIE_URL = "https://www.linkedin.com/in/marie-lefebvre-42"


def in_a_day():
    return timezone.now() + timedelta(days=1)


def received(team, owner, name: str = "Marie Lefèbvre", *, address: str | None = MARIE_URL, **kw):
    """A request as it arrives: state new, one "received" event."""
    profile = parse_profile(address) if address else None
    network = "" if profile else kw.pop("network", "linkedin")
    return connection_request_receive(
        team=team, owner=owner, sender_name=name, profile=profile, network=network, **kw
    )


def in_state(team, owner, state: str, **kw) -> ConnectionRequest:
    """A request put straight into ``state`` (not through the verbs under test), with the
    fields a request in that state has."""
    found = received(team, owner, **kw)
    now = timezone.now()
    fields: dict = {"state": state}
    if state == S.SNOOZED:
        fields["snoozed_until"] = now - timedelta(minutes=1)  # due: the sweep may wake it
    elif state == S.ACCEPTED:
        someone = contact_create(team=team, actor=owner, data={"given_name": "Earlier"})
        fields.update(access_granted="full", decided_at=now, contact=someone)
    elif state == S.DECLINED:
        fields["decided_at"] = now
    ConnectionRequest.objects.filter(pk=found.pk).update(**fields)
    found.refresh_from_db()
    return found


def row(found: ConnectionRequest, *, ignore=("updated_at",)) -> dict:
    values = ConnectionRequest.objects.filter(pk=found.pk).values().get()
    return {field: value for field, value in values.items() if field not in ignore}


def address_book(team) -> dict:
    """Every row of the team's address book that accepting may add or change."""
    return {
        "contacts": list(
            Contact.objects.filter(team=team)
            .order_by("pk")
            .values_list("pk", "given_name", "family_name", "archived_at", "search_text")
        ),
        "aliases": list(
            ContactAlias.objects.filter(contact__team=team)
            .order_by("pk")
            .values_list("pk", "contact_id", "name", "kind")
        ),
        "profiles": list(
            NetworkProfile.objects.filter(team=team)
            .order_by("pk")
            .values_list("pk", "contact_id", "network", "handle", "access")
        ),
        "tags": list(
            ContactTag.objects.filter(contact__team=team)
            .order_by("pk")
            .values_list("pk", "contact_id", "category_id", "detail")
        ),
    }


def events_of(found: ConnectionRequest) -> list[tuple]:
    return list(
        RequestEvent.objects.filter(connection_request=found)
        .order_by("pk")
        .values_list("pk", "action", "actor_id", "from_state", "to_state", "undone")
    )


def category(team, key: str) -> Category:
    return Category.objects.get(team=team, key=key)


def accept(found, actor, access="full", **kw):
    return connection_request_accept(connection_request=found, actor=actor, access=access, **kw)


def wake(found, actor):
    """Snoozed requests wake through the sweep, as the beat task runs it."""
    return wake_due_requests(timezone.now())


VERBS = {
    "accept": lambda found, actor: accept(found, actor),
    "decline": lambda found, actor: connection_request_decide(
        action="decline", connection_request=found, actor=actor
    ),
    "ask": lambda found, actor: connection_request_decide(
        action="ask", connection_request=found, actor=actor
    ),
    "reply": lambda found, actor: connection_request_decide(
        action="reply", connection_request=found, actor=actor
    ),
    "snooze": lambda found, actor: connection_request_decide(
        action="snooze", connection_request=found, actor=actor, until=in_a_day()
    ),
    "wake": wake,
    "archive": lambda found, actor: connection_request_decide(
        action="archive", connection_request=found, actor=actor
    ),
    "reopen": lambda found, actor: connection_request_reopen(connection_request=found, actor=actor),
}
PAIRS = [(state, action) for state in RequestState.values for action in EXPECTED_TRANSITIONS]
LEGAL = [(s, a) for s, a in PAIRS if s in EXPECTED_TRANSITIONS[a][0]]
ILLEGAL = [(s, a) for s, a in PAIRS if s not in EXPECTED_TRANSITIONS[a][0] and a != "wake"]
NOT_SNOOZED = [s for s in RequestState.values if s != S.SNOOZED]


def pair_id(pair) -> str:
    return f"{pair[1]}-from-{pair[0]}"


def as_sets(table: dict) -> dict:
    return {action: (set(sources), target) for action, (sources, target) in table.items()}
