"""Undo puts back exactly what the last action changed, including every row that accepting
added to the address book.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from network.contacts.services import contact_update
from network.inbox.reversal import NothingToUndo, connection_request_undo
from network.inbox.services import (
    connection_request_decide,
    connection_request_link,
    wake_due_requests,
)
from network.models import (
    OPEN_STATES,
    ConnectionRequest,
    Contact,
    ContactAlias,
    ContactChange,
    ContactEmail,
    ContactTag,
    NetworkProfile,
)
from tests.network.inbox.helpers_services import (
    LEGAL,
    MARIE_URL,
    VERBS,
    S,
    accept,
    address_book,
    category,
    events_of,
    in_state,
    pair_id,
    received,
    row,
)

pytestmark = pytest.mark.django_db

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
