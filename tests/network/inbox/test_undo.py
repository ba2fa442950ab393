"""Undoing the last action on a request from the inbox."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.models import (
    Contact,
    NetworkProfile,
)
from tests.network.inbox.helpers import (
    HTMX,
    WRITERS,
    assert_inbox_body,
    selected_in,
    snapshot,
    state_of,
    toasts,
)

pytestmark = pytest.mark.django_db


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
