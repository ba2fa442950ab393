"""Recording who introduced a contact, from the contact page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.models import Contact
from tests.network.contacts.helpers import HTMX, WRITERS, add, post_inline, snapshot, toasts

pytestmark = pytest.mark.django_db


def contact(team, given):
    person = Contact.objects.create(team=team, given_name=given, family_name="Test")
    person.reindex()
    return person


def test_record_and_clear_who_introduced_a_contact(login, alice, team):
    marie, paul = contact(team, "Marie"), contact(team, "Paul")
    client = login(alice)
    client.post(reverse("contact_met_through", args=[marie.pk]), {"through": paul.pk})
    marie.refresh_from_db()
    assert marie.met_through == paul
    page = client.get(reverse("contact_detail", args=[paul.pk])).content.decode()
    assert "Introduced us to" in page and "Marie Test" in page
    client.post(reverse("contact_met_through", args=[marie.pk]), {"through": ""})
    marie.refresh_from_db()
    assert marie.met_through is None


def test_an_introducer_from_another_team_is_404(login, alice, team, mallory):
    marie = contact(team, "Marie")
    stranger = contact(mallory.last_team, "Stranger")
    response = login(alice).post(
        reverse("contact_met_through", args=[marie.pk]), {"through": stranger.pk}
    )
    assert response.status_code == 404
    marie.refresh_from_db()
    assert marie.met_through is None


def test_a_contact_cannot_introduce_themselves(login, alice, team):
    marie = contact(team, "Marie")
    login(alice).post(reverse("contact_met_through", args=[marie.pk]), {"through": marie.pk})
    marie.refresh_from_db()
    assert marie.met_through is None


def test_lookup_offers_introducers_as_buttons(login, alice, team):
    marie, paul = contact(team, "Marie"), contact(team, "Paulette")
    response = login(alice).get(
        reverse("contact_lookup"), {"q": "paul", "exclude": marie.pk, "introduce": marie.pk}
    )
    content = response.content.decode()
    assert reverse("contact_met_through", args=[marie.pk]) in content
    assert f'value="{paul.pk}"' in content


def test_read_only_member_cannot_set_it(login, carol, team):
    marie, paul = contact(team, "Marie"), contact(team, "Paul")
    response = login(carol).post(
        reverse("contact_met_through", args=[marie.pk]), {"through": paul.pk}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("who", WRITERS)
def test_writer_records_who_introduced_a_contact(request, who, book, login):
    user = request.getfixturevalue(who)
    response = post_inline(login(user), "met_through", book, HTMX)
    book.contact.refresh_from_db()
    assert book.contact.met_through == book.other
    assert toasts(response)[0]["message"] == "Met through Marie Martin."
    change = book.contact.changes.get(action="edited")
    assert (change.actor, change.data["fields"]) == (user, ["met_through"])
    assert reverse("contact_detail", args=[book.other.pk]) in response.content.decode()


def test_writer_forgets_who_introduced_a_contact(book, login, alice):
    post_inline(login(alice), "met_through_clear", book, HTMX)
    book.other.refresh_from_db()
    assert book.other.met_through is None


def test_a_contact_cannot_introduce_themselves_and_is_told_why(book, team, login, alice):
    before = snapshot(team)
    response = login(alice).post(
        reverse("contact_met_through", args=[book.contact.pk]),
        {"through": book.contact.pk},
        headers=HTMX,
    )
    assert toasts(response) == [
        {"message": "A contact cannot introduce themselves.", "level": "error"}
    ]
    assert snapshot(team) == before


def test_introducer_from_another_team_is_404(book, team, login, alice, mallory):
    theirs = add(mallory.last_team, mallory, given_name="Zoé")
    before = snapshot(team)
    response = login(alice).post(
        reverse("contact_met_through", args=[book.contact.pk]), {"through": theirs.pk}
    )
    assert response.status_code == 404
    assert snapshot(team) == before
