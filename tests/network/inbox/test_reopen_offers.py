"""What reopening a decided request offers to remove: the how-we-met tags accepting added to
a known contact are offered; a request never decided is offered nothing, and a contact that
accepting created is offered alone, its tags not even read."""

from __future__ import annotations

import pytest

from network.contacts.services import contact_create
from network.inbox.reversal import reopen_offers
from network.inbox.services import connection_request_accept
from tests.network.inbox.helpers import category

pytestmark = pytest.mark.django_db


def test_the_tags_accepting_added_to_a_known_contact_are_offered(inbox, team, alice):
    known = contact_create(
        team=team, actor=alice, data={"given_name": "Marie", "family_name": "Dupont"}
    )
    connection_request_accept(
        connection_request=inbox.marie,
        actor=alice,
        access="full",
        contact=known,
        categories=[category(team, "school"), category(team, "kids")],
    )
    inbox.marie.refresh_from_db()
    offers = dict(reopen_offers(inbox.marie))
    assert set(offers) >= {"alias", "profile", "tags"}
    school, kids = category(team, "school").label, category(team, "kids").label
    assert school in offers["tags"] and kids in offers["tags"]


def test_a_request_never_decided_is_offered_nothing(inbox, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert reopen_offers(inbox.marie) == []


def test_a_contact_created_by_accepting_is_offered_alone_without_reading_its_tags(
    inbox, team, alice, django_assert_num_queries
):
    """Removing the contact accepting created removes its tags with it: they are neither
    offered apart nor read (three queries: the decision, the contact, the profile whose
    access accepting set)."""
    connection_request_accept(
        connection_request=inbox.marie,
        actor=alice,
        access="full",
        categories=[category(team, "school")],
    )
    inbox.marie.refresh_from_db()
    with django_assert_num_queries(3):
        offers = dict(reopen_offers(inbox.marie))
    assert list(offers) == ["contact"]
