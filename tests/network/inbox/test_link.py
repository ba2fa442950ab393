"""Linking a request to a contact of the team, and accepting it afterwards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.contacts.services import contact_create
from network.models import (
    Contact,
)
from tests.network.inbox.helpers import (
    HTMX,
    WRITERS,
    assert_inbox_body,
    received,
    selected_in,
    snapshot,
    toasts,
)

pytestmark = pytest.mark.django_db


def test_outsider_cannot_link_her_request_to_the_other_team_contact(inbox, login, mallory):
    theirs = received(mallory.last_team, mallory, "Eve", minutes_ago=1)
    response = login(mallory).post(
        reverse("request_link", args=[theirs.pk]), {"contact": inbox.helene.pk}, headers=HTMX
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.contact is None


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
