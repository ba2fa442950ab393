"""Accepting a request from the inbox, with full or limited access and categories."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.network.inbox.helpers import HTMX, WRITERS, assert_inbox_body, selected_in, toasts

pytestmark = pytest.mark.django_db


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
