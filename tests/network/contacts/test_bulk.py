"""Bulk actions on the contact list: tag, untag, archive, restore; never another team's
contacts, never a redirect off the site.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.models import (
    Contact,
    ContactChange,
    ContactTag,
)
from tests.network.contacts.helpers import WRITERS, add, payload, snapshot

pytestmark = pytest.mark.django_db


def test_outsider_bulk_action_on_the_other_team_contacts_changes_nothing(
    book, team, login, mallory
):
    before = snapshot(team)
    response = login(mallory).post(reverse("contacts_bulk"), payload(book), follow=True)
    assert "One of the selected contacts is not in this team." in response.content.decode()
    assert snapshot(team) == before


def bulk(client, action, contacts, category=None, next_url="/contacts/?q=x"):
    data = {"action": action, "contacts": [contact.pk for contact in contacts], "next": next_url}
    if category is not None:
        data["category"] = category.pk
    return client.post(reverse("contacts_bulk"), data)


@pytest.mark.parametrize("who", WRITERS)
def test_writer_tags_and_untags_several_contacts_at_once(request, who, book, login):
    user = request.getfixturevalue(who)
    client = login(user)
    people = [book.contact, book.other]
    response = bulk(client, "tag", people, book.kids)
    assert response.status_code == 302
    assert response["Location"] == "/contacts/?q=x"
    assert ContactTag.objects.filter(category=book.kids).count() == 2
    assert "2 contacts updated." in client.get(response["Location"]).content.decode()
    bulk(client, "untag", people, book.school)
    assert not ContactTag.objects.filter(category=book.school).exists()
    assert ContactChange.objects.filter(action="untagged", actor=user).count() == 1


@pytest.mark.parametrize("who", WRITERS)
def test_writer_archives_and_restores_several_contacts_at_once(request, who, book, login):
    user = request.getfixturevalue(who)
    client = login(user)
    people = [book.contact, book.other]
    bulk(client, "archive", people)
    assert Contact.objects.filter(archived_at__isnull=False).count() == 2
    bulk(client, "restore", people)
    assert not Contact.objects.filter(archived_at__isnull=False).exists()
    assert ContactChange.objects.filter(action="restored", actor=user).count() == 2


def test_bulk_tag_needs_a_category(book, team, login, alice):
    before = snapshot(team)
    response = bulk(login(alice), "tag", [book.contact])
    assert response.status_code == 302
    follow = login(alice).get(response["Location"])
    assert "Choose the category." in follow.content.decode()
    assert snapshot(team) == before


def test_bulk_with_a_contact_of_another_team_changes_nothing(book, team, login, alice, mallory):
    theirs = add(mallory.last_team, mallory, given_name="Zoé")
    before = snapshot(team)
    response = bulk(login(alice), "archive", [book.contact, theirs])
    assert "One of the selected contacts is not in this team." in (
        login(alice).get(response["Location"]).content.decode()
    )
    assert snapshot(team) == before
    theirs.refresh_from_db()
    assert not theirs.is_archived


@pytest.mark.parametrize("next_url", ["https://evil.example/", "evil.example", ""])
def test_bulk_never_redirects_off_site(next_url, book, login, alice):
    response = bulk(login(alice), "archive", [book.contact], next_url=next_url)
    assert response["Location"] == reverse("contact_list")


@pytest.mark.parametrize("next_url", ["//evil.example/", "///evil.example/"])
def test_bulk_never_redirects_to_a_protocol_relative_url(next_url, book, login, alice):
    response = bulk(login(alice), "archive", [book.contact], next_url=next_url)
    assert response["Location"] == reverse("contact_list")
