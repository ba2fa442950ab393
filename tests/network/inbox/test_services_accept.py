"""Accepting a connection request creates or completes the contact in the same step."""

from __future__ import annotations

import pytest

from network.contacts.services import contact_create
from network.inbox.services import (
    connection_request_link,
)
from network.models import (
    Contact,
    ContactAlias,
    ContactChange,
    ContactTag,
    NetworkProfile,
)
from tests.network.inbox.helpers_services import (
    MARIE_URL,
    accept,
    address_book,
    category,
    events_of,
    received,
    row,
)

pytestmark = pytest.mark.django_db


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
