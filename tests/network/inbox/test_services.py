"""Deciding on connection requests: the state machine, accept, link and undo.

Every (state, action) pair is tried. A legal action moves the request to its target state and
records exactly one event naming who did it, from which state to which; an illegal one raises
``IllegalTransition`` with a sentence naming the action and the state, and leaves the request,
the address book and the history as they were. Accepting creates or completes the contact in
the same step; undo puts back exactly what the last action changed, including every row that
accepting added to the address book.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from network.contacts.services import contact_create, contact_update
from network.inbox.services import (
    NothingToUndo,
    connection_request_accept,
    connection_request_decide,
    connection_request_link,
    connection_request_receive,
    connection_request_undo,
    wake_due_requests,
)
from network.models import (
    OPEN_STATES,
    TRANSITIONS,
    Category,
    ConnectionRequest,
    Contact,
    ContactAlias,
    ContactChange,
    ContactEmail,
    ContactTag,
    IllegalTransition,
    NetworkProfile,
    RequestEvent,
    RequestState,
)
from network.text.profiles import parse_profile

pytestmark = pytest.mark.django_db

S = RequestState
# The state machine as the product describes it: action -> (states it applies to, target).
# Written out here, not read from the code, so that an accidental edit of TRANSITIONS fails.
EXPECTED_TRANSITIONS = {
    "accept": ({S.NEW, S.REPLIED}, S.ACCEPTED),
    "decline": ({S.NEW, S.REPLIED}, S.DECLINED),
    "ask": ({S.NEW}, S.ASKED),
    "reply": ({S.ASKED}, S.REPLIED),
    "snooze": ({S.NEW, S.REPLIED}, S.SNOOZED),
    "wake": ({S.SNOOZED}, S.NEW),
    "archive": ({S.NEW, S.ASKED, S.REPLIED, S.SNOOZED}, S.ARCHIVED),
}
# The words a person reads in the refusal.
ACTION_WORDS = {
    "accept": "Accept",
    "decline": "Decline",
    "ask": "Ask how we met",
    "reply": "Reply received",
    "snooze": "Snooze",
    "archive": "Archive",
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
}
PAIRS = [(state, action) for state in RequestState.values for action in EXPECTED_TRANSITIONS]
LEGAL = [(s, a) for s, a in PAIRS if s in EXPECTED_TRANSITIONS[a][0]]
ILLEGAL = [(s, a) for s, a in PAIRS if s not in EXPECTED_TRANSITIONS[a][0] and a != "wake"]
NOT_SNOOZED = [s for s in RequestState.values if s != S.SNOOZED]


def pair_id(pair) -> str:
    return f"{pair[1]}-from-{pair[0]}"


# The table itself


def as_sets(table: dict) -> dict:
    return {action: (set(sources), target) for action, (sources, target) in table.items()}


def test_the_state_machine_is_the_one_the_product_describes():
    assert as_sets(TRANSITIONS) == as_sets(EXPECTED_TRANSITIONS)


def test_every_action_of_the_state_machine_has_a_verb_tried_here():
    assert set(VERBS) == set(TRANSITIONS)


def test_a_request_arrives_new_with_one_received_event(team, alice):
    found = received(team, alice)
    assert (found.state, found.network, found.handle, found.profile_url) == (
        "new",
        "linkedin",
        "marie-lefebvre-42",
        MARIE_URL,
    )
    event = found.events.get()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "received",
        alice,
        "",
        "new",
    )


# Every (state, action) pair


@pytest.mark.parametrize(("state", "action"), LEGAL, ids=[pair_id(p) for p in LEGAL])
def test_a_legal_action_moves_the_request_and_records_one_event(state, action, team, alice, bob):
    found = in_state(team, alice, state)
    before, history = row(found), events_of(found)
    VERBS[action](found, bob)
    after = row(found)
    target = EXPECTED_TRANSITIONS[action][1]
    assert after["state"] == target
    changed = {field for field in after if after[field] != before[field]} - {"state"}
    assert changed == CHANGED_FIELDS[action]
    new = [event for event in events_of(found) if event not in history]
    actor = None if action == "wake" else bob.pk  # the sweep acts on nobody's behalf
    assert [event[1:] for event in new] == [(action, actor, state, target, False)]


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=[pair_id(p) for p in ILLEGAL])
def test_an_illegal_action_is_refused_with_a_reason_and_changes_nothing(
    state, action, team, alice, bob
):
    found = in_state(team, alice, state)
    before, book, history = row(found, ignore=()), address_book(team), events_of(found)
    with pytest.raises(IllegalTransition) as refused:
        VERBS[action](found, bob)
    assert str(refused.value) == (
        f"“{ACTION_WORDS[action]}” is not possible on a request that is {STATE_WORDS[state]}."
    )
    assert row(found, ignore=()) == before
    assert address_book(team) == book
    assert events_of(found) == history


@pytest.mark.parametrize("state", NOT_SNOOZED)
def test_the_wake_sweep_leaves_a_request_that_is_not_snoozed_alone(state, team, alice):
    found = in_state(team, alice, state)
    # Even with a date in the past, only the state says the request is asleep.
    ConnectionRequest.objects.filter(pk=found.pk).update(
        snoozed_until=timezone.now() - timedelta(hours=1)
    )
    before, history = row(found, ignore=()), events_of(found)
    assert wake_due_requests(timezone.now()) == 0
    assert row(found, ignore=()) == before
    assert events_of(found) == history


def test_the_wake_sweep_leaves_a_request_snoozed_until_later_alone(team, alice):
    found = received(team, alice)
    connection_request_decide(
        action="snooze", connection_request=found, actor=alice, until=in_a_day()
    )
    assert wake_due_requests(timezone.now()) == 0
    found.refresh_from_db()
    assert found.state == "snoozed"


# Snooze and link


@pytest.mark.parametrize("delta", [timedelta(0), -timedelta(minutes=1), -timedelta(days=3)])
def test_snoozing_until_a_moment_not_in_the_future_is_refused(delta, team, alice):
    found = received(team, alice)
    before, history = row(found, ignore=()), events_of(found)
    with pytest.raises(ValueError, match="Choose a moment in the future."):
        connection_request_decide(
            action="snooze", connection_request=found, actor=alice, until=timezone.now() + delta
        )
    assert row(found, ignore=()) == before
    assert events_of(found) == history


def test_snoozing_records_the_moment_it_comes_back(team, alice):
    found = received(team, alice)
    until = in_a_day()
    connection_request_decide(action="snooze", connection_request=found, actor=alice, until=until)
    found.refresh_from_db()
    assert (found.state, found.snoozed_until) == ("snoozed", until)


@pytest.mark.parametrize("state", OPEN_STATES)
def test_linking_points_the_request_at_a_contact_of_the_team(state, team, alice, bob):
    found = in_state(team, alice, state)
    helene = contact_create(team=team, actor=alice, data={"given_name": "Hélène"})
    connection_request_link(connection_request=found, actor=bob, contact=helene)
    found.refresh_from_db()
    assert (found.contact, found.state) == (helene, state)
    event = found.events.order_by("-pk").first()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "link",
        bob,
        state,
        state,
    )


def test_linking_to_a_contact_of_another_team_is_refused(team, alice, mallory):
    found = received(team, alice)
    theirs = contact_create(team=mallory.last_team, actor=mallory, data={"given_name": "Eve"})
    before, history = row(found, ignore=()), events_of(found)
    with pytest.raises(ValueError, match="another team"):
        connection_request_link(connection_request=found, actor=alice, contact=theirs)
    assert row(found, ignore=()) == before
    assert events_of(found) == history


@pytest.mark.parametrize("state", [S.ACCEPTED, S.DECLINED, S.ARCHIVED])
def test_a_decided_request_cannot_be_linked_to_another_contact(state, team, alice):
    found = in_state(team, alice, state)
    other = contact_create(team=team, actor=alice, data={"given_name": "Other"})
    before, history = row(found, ignore=()), events_of(found)
    with pytest.raises((IllegalTransition, ValueError)):
        connection_request_link(connection_request=found, actor=alice, contact=other)
    assert row(found, ignore=()) == before
    assert events_of(found) == history


# Accept


@pytest.mark.parametrize(
    ("name", "given", "family"),
    [
        ("Marie Lefèbvre", "Marie", "Lefèbvre"),
        ("Jean de La Fontaine", "Jean", "de La Fontaine"),
        ("  Madonna ", "Madonna", ""),
    ],
)
def test_accept_creates_a_contact_from_the_sender_name(name, given, family, team, alice, bob):
    found = received(team, alice, name, headline="Engineer at Acme", language="fr")
    accept(found, bob)
    found.refresh_from_db()
    contact = found.contact
    assert (contact.team, contact.given_name, contact.family_name) == (team, given, family)
    assert (contact.position, contact.languages) == ("Engineer at Acme", ["fr"])
    assert (contact.owner, contact.created_by) == (bob, bob)
    assert contact.changes.filter(action=ContactChange.Action.CREATED, actor=bob).exists()
    assert list(Contact.objects.search("marie-lefebvre-42")) == [contact]


@pytest.mark.parametrize("access", ["full", "restricted", "no_close_friends", "follow_only"])
def test_accept_adds_the_profile_with_the_access_granted(access, team, alice):
    found = received(team, alice)
    accept(found, alice, access)
    found.refresh_from_db()
    profile = found.contact.profiles.get()
    assert (profile.team, profile.network, profile.handle, profile.url, profile.access) == (
        team,
        "linkedin",
        "marie-lefebvre-42",
        MARIE_URL,
        access,
    )
    assert (found.state, found.access_granted) == ("accepted", access)
    assert found.decided_at is not None


def test_accept_tags_the_chosen_categories_in_the_same_step(team, alice):
    found = received(team, alice)
    school, kids = category(team, "school"), category(team, "kids")
    accept(found, alice, categories=[school, kids])
    found.refresh_from_db()
    assert sorted(found.contact.tags.values_list("category__key", flat=True)) == [
        "kids",
        "school",
    ]
    event = found.events.get(action="accept")
    assert sorted(event.data["added"]["tags"]) == sorted(
        found.contact.tags.values_list("pk", flat=True)
    )


def test_accept_ignores_categories_of_another_team(team, alice, mallory):
    found = received(team, alice)
    theirs = category(mallory.last_team, "school")
    accept(found, alice, categories=[theirs])
    found.refresh_from_db()
    assert not found.contact.tags.exists()
    assert not ContactTag.objects.filter(category=theirs).exists()


def test_accept_without_a_profile_address_adds_no_profile(team, alice):
    found = received(team, alice, address=None, network="facebook")
    accept(found, alice)
    found.refresh_from_db()
    assert found.state == "accepted"
    assert not NetworkProfile.objects.exists()


@pytest.fixture
def helene(team, alice):
    """Hélène Durand, known to the team under her married name."""
    return contact_create(
        team=team, actor=alice, data={"given_name": "Hélène", "family_name": "Durand"}
    )


def test_accepting_a_linked_contact_under_another_name_keeps_the_name_as_an_alias(
    team, alice, bob, helene
):
    found = received(team, alice, "Hélène Petit")
    connection_request_link(connection_request=found, actor=alice, contact=helene)
    accept(found, bob, "restricted", categories=[category(team, "school")])
    found.refresh_from_db()
    helene.refresh_from_db()
    assert found.contact == helene
    assert (helene.given_name, helene.family_name) == ("Hélène", "Durand")
    assert list(helene.aliases.values_list("name", "kind")) == [("Hélène Petit", "other")]
    assert list(helene.profiles.values_list("handle", "access")) == [
        ("marie-lefebvre-42", "restricted")
    ]
    assert list(helene.tags.values_list("category__key", flat=True)) == ["school"]
    assert Contact.objects.count() == 1
    assert list(Contact.objects.search("petit")) == [helene]


@pytest.mark.parametrize("shown", ["Hélène Durand", "helene  DURAND", "Hélène Petit"])
def test_accepting_a_linked_contact_under_a_name_already_known_adds_no_alias(
    shown, team, alice, helene
):
    helene.add_alias("Hélène Petit", ContactAlias.Kind.MAIDEN, alice)
    found = received(team, alice, shown)
    connection_request_link(connection_request=found, actor=alice, contact=helene)
    accept(found, alice)
    assert list(helene.aliases.values_list("name", flat=True)) == ["Hélène Petit"]


def test_a_known_profile_gets_its_access_updated_instead_of_a_duplicate(team, alice, helene):
    known = NetworkProfile.objects.create(
        team=team,
        contact=helene,
        network="linkedin",
        handle="marie-lefebvre-42",
        url=MARIE_URL,
        access="none",
    )
    found = received(team, alice)
    connection_request_link(connection_request=found, actor=alice, contact=helene)
    accept(found, alice, "follow_only")
    known.refresh_from_db()
    assert known.access == "follow_only"
    assert NetworkProfile.objects.count() == 1


def test_accepting_an_unlinked_request_whose_profile_is_known_completes_that_contact(
    team, alice, helene
):
    NetworkProfile.objects.create(
        team=team,
        contact=helene,
        network="linkedin",
        handle="marie-lefebvre-42",
        url=MARIE_URL,
        access="none",
    )
    found = received(team, alice, "Hélène Durand")
    accept(found, alice)
    found.refresh_from_db()
    assert found.contact == helene
    assert Contact.objects.count() == 1


@pytest.mark.parametrize("access", ["none", "", "everything"])
def test_accept_refuses_an_access_that_is_not_full_or_limited(access, team, alice):
    found = received(team, alice)
    before, book, history = row(found, ignore=()), address_book(team), events_of(found)
    with pytest.raises(ValueError, match="full or limited access"):
        accept(found, alice, access)
    assert row(found, ignore=()) == before
    assert address_book(team) == book
    assert events_of(found) == history


def test_accept_refuses_a_contact_of_another_team(team, alice, mallory):
    theirs = contact_create(team=mallory.last_team, actor=mallory, data={"given_name": "Eve"})
    found = received(team, alice)
    history = events_of(found)
    with pytest.raises(ValueError):
        accept(found, alice, contact=theirs)
    assert not theirs.aliases.exists()
    assert not NetworkProfile.objects.filter(contact=theirs).exists()
    assert events_of(found) == history


# Undo

# A person's actions are undoable; the sweep's "wake" is not (it would re-snooze into the past).
UNDOABLE = [
    *[(state, action) for state, action in LEGAL if action != "wake"],
    *[(state, "link") for state in OPEN_STATES],
]


def test_the_sweeps_wake_up_cannot_be_undone(team, alice):
    found = in_state(team, alice, S.SNOOZED)
    ConnectionRequest.objects.filter(pk=found.pk).update(snoozed_until=timezone.now())
    wake_due_requests()
    with pytest.raises(NothingToUndo):
        connection_request_undo(connection_request=found, actor=alice)


@pytest.mark.parametrize(("state", "action"), UNDOABLE, ids=[pair_id(p) for p in UNDOABLE])
def test_undo_puts_the_request_back_exactly_as_it_was(state, action, team, alice, bob, helene):
    found = in_state(team, alice, state)
    before, book = row(found), address_book(team)
    if action == "link":
        connection_request_link(connection_request=found, actor=alice, contact=helene)
    elif action == "accept":
        accept(found, alice, "restricted", categories=[category(team, "kids")])
    else:
        VERBS[action](found, alice)
    assert row(found) != before
    done = found.events.order_by("-pk").first()

    undo = connection_request_undo(connection_request=found, actor=bob)

    assert row(found) == before
    assert address_book(team) == book
    done.refresh_from_db()
    assert done.undone
    assert (undo.action, undo.actor, undo.from_state, undo.to_state, undo.data) == (
        "undo",
        bob,
        done.to_state,
        state,
        {"undid": done.pk, "action": action},
    )


def test_undoing_an_accept_into_a_linked_contact_removes_only_what_it_added(team, alice, helene):
    school, kids = category(team, "school"), category(team, "kids")
    helene.tag(school, alice, detail="Lycée Hoche")
    found = received(team, alice, "Hélène Petit")
    connection_request_link(connection_request=found, actor=alice, contact=helene)
    # Linking already taught the contact the new name and the profile (no access yet).
    assert helene.aliases.get().name == "Hélène Petit"
    assert helene.profiles.get().access == "none"
    before, book = row(found), address_book(team)
    accept(found, alice, categories=[school, kids])
    assert helene.profiles.get().access == "full"
    connection_request_undo(connection_request=found, actor=alice)
    assert row(found) == before
    assert address_book(team) == book  # "kids" is gone and the access is back to none
    assert helene.tags.get().detail == "Lycée Hoche"
    assert Contact.objects.search("petit").get() == helene


def test_undoing_a_link_forgets_the_name_and_profile_it_taught(team, alice, helene):
    found = received(team, alice, "Hélène Petit")
    book = address_book(team)
    connection_request_link(connection_request=found, actor=alice, contact=helene)
    connection_request_undo(connection_request=found, actor=alice)
    assert address_book(team) == book
    assert not Contact.objects.search("petit").exists()


def test_undoing_an_accept_puts_back_the_access_of_a_known_profile(team, alice, helene):
    known = NetworkProfile.objects.create(
        team=team,
        contact=helene,
        network="linkedin",
        handle="marie-lefebvre-42",
        url=MARIE_URL,
        access="no_close_friends",
    )
    found = received(team, alice)
    connection_request_link(connection_request=found, actor=alice, contact=helene)
    accept(found, alice, "full")
    known.refresh_from_db()
    assert known.access == "full"
    connection_request_undo(connection_request=found, actor=alice)
    known.refresh_from_db()
    assert known.access == "no_close_friends"
    assert NetworkProfile.objects.get() == known


def test_undoing_an_accept_deletes_the_contact_it_created_when_nobody_touched_it(team, alice):
    found = received(team, alice)
    accept(found, alice, categories=[category(team, "company")])
    found.refresh_from_db()
    created = found.contact
    connection_request_undo(connection_request=found, actor=alice)
    assert not Contact.objects.filter(pk=created.pk).exists()
    assert not NetworkProfile.objects.exists()
    assert not ContactTag.objects.exists()


def _edit(contact, bob, team):
    contact_update(contact=contact, actor=bob, data={"city": "Nice"}, version=contact.version)


def _add_alias(contact, bob, team):
    contact.add_alias("Marie L.", ContactAlias.Kind.NICKNAME, bob)


def _add_email(contact, bob, team):
    ContactEmail.objects.create(contact=contact, email="marie@example.org")
    contact.record(ContactChange.Action.EMAIL_ADDED, bob, value="marie@example.org")


def _tag_by_hand(contact, bob, team):
    contact.tag(category(team, "language"), bob, detail="Italian class")


def _add_profile_by_hand(contact, bob, team):
    NetworkProfile.objects.create(
        team=team,
        contact=contact,
        network="instagram",
        handle="marie.l",
        url="https://www.instagram.com/marie.l/",
        access="full",
    )
    contact.record(ContactChange.Action.PROFILE_ADDED, bob, handle="marie.l")


@pytest.mark.parametrize(
    "work",
    [
        pytest.param(_edit, id="edited"),
        pytest.param(_add_alias, id="alias-added"),
        pytest.param(_add_email, id="email-added"),
        pytest.param(_tag_by_hand, id="tagged-by-hand"),
        pytest.param(_add_profile_by_hand, id="profile-added-by-hand"),
    ],
)
def test_undoing_an_accept_archives_the_contact_it_created_if_someone_worked_on_it(
    work, team, alice, bob
):
    found = received(team, alice)
    accept(found, alice, categories=[category(team, "school")])
    found.refresh_from_db()
    created = found.contact
    work(created, bob, team)
    connection_request_undo(connection_request=found, actor=alice)
    found.refresh_from_db()
    assert found.contact is None
    created.refresh_from_db()  # still there
    assert created.is_archived
    # What accepting added goes; what the colleague added stays.
    assert not created.profiles.filter(handle="marie-lefebvre-42").exists()
    assert not created.tags.filter(category__key="school").exists()
    assert created.changes.filter(actor=bob).exists()


def test_an_archived_contact_is_no_longer_found_by_the_profile_undo_removed(team, alice, bob):
    found = received(team, alice)
    accept(found, alice)
    found.refresh_from_db()
    _edit(found.contact, bob, team)
    connection_request_undo(connection_request=found, actor=alice)
    assert not Contact.objects.search("marie-lefebvre-42").exists()


def test_undoing_an_accept_archives_a_created_contact_another_request_points_at(team, alice):
    first = received(team, alice)
    accept(first, alice)
    first.refresh_from_db()
    created = first.contact
    second = received(team, alice, "Marie L.", address=None, network="facebook")
    connection_request_link(connection_request=second, actor=alice, contact=created)
    connection_request_undo(connection_request=first, actor=alice)
    created.refresh_from_db()
    assert created.is_archived
    second.refresh_from_db()
    assert second.contact == created


def test_undo_twice_in_a_row_is_refused(team, alice):
    found = received(team, alice)
    connection_request_decide(action="decline", connection_request=found, actor=alice)
    connection_request_undo(connection_request=found, actor=alice)
    before, history = row(found, ignore=()), events_of(found)
    with pytest.raises(NothingToUndo, match="There is nothing to undo on this request."):
        connection_request_undo(connection_request=found, actor=alice)
    assert row(found, ignore=()) == before
    assert events_of(found) == history
    assert found.events.filter(action="decline", undone=True).count() == 1


def test_receiving_cannot_be_undone(team, alice):
    found = received(team, alice)
    before, history = row(found, ignore=()), events_of(found)
    with pytest.raises(NothingToUndo):
        connection_request_undo(connection_request=found, actor=alice)
    assert row(found, ignore=()) == before
    assert events_of(found) == history
    assert ConnectionRequest.objects.filter(pk=found.pk).exists()


def test_undo_reverses_only_the_last_action(team, alice):
    found = received(team, alice)
    connection_request_decide(action="ask", connection_request=found, actor=alice)
    connection_request_decide(action="reply", connection_request=found, actor=alice)
    connection_request_undo(connection_request=found, actor=alice)
    found.refresh_from_db()
    assert found.state == "asked"
    assert list(found.events.filter(undone=True).values_list("action", flat=True)) == ["reply"]
