"""Network profiles on the contact page: stored in canonical form, access changed, removed, and
never twice in a team.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.models import (
    Contact,
    NetworkProfile,
)
from tests.network.contacts.helpers import CONTACT_BODY, HTMX, WRITERS, add, post_inline, toasts

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", WRITERS)
def test_writer_adds_a_profile_stored_in_canonical_form(request, who, book, login):
    user = request.getfixturevalue(who)
    response = login(user).post(
        reverse("profile_add", args=[book.contact.pk]),
        {"address": "https://fr.linkedin.com/in/Helene-Durand-42/?trk=nav", "access": "full"},
        headers=HTMX,
    )
    profile = book.contact.profiles.get(handle="helene-durand-42")
    assert (profile.network, profile.url, profile.access) == (
        "linkedin",
        "https://www.linkedin.com/in/helene-durand-42",
        "full",
    )
    assert profile.team == book.contact.team
    assert book.contact.changes.filter(action="profile_added", actor=user).exists()
    assert "https://www.linkedin.com/in/helene-durand-42" in response.content.decode()


def test_a_handle_with_its_network_is_accepted(book, login, alice):
    login(alice).post(
        reverse("profile_add", args=[book.contact.pk]),
        {"address": "@Helene_D", "network": "x", "access": "none"},
    )
    assert book.contact.profiles.filter(network="x", handle="helene_d").exists()


@pytest.mark.parametrize("who", WRITERS)
def test_writer_changes_the_access_granted(request, who, book, login):
    user = request.getfixturevalue(who)
    post_inline(login(user), "profile_access", book, HTMX)
    book.profile.refresh_from_db()
    assert book.profile.access == "restricted"
    change = book.contact.changes.get(action="access_changed")
    assert change.actor == user
    assert change.data["value"] == "LinkedIn: Limited: restricted list"


def test_an_unknown_access_level_is_refused(book, login, alice):
    response = login(alice).post(
        reverse("profile_access", args=[book.profile.pk]), {"access": "everyone"}, headers=HTMX
    )
    book.profile.refresh_from_db()
    assert book.profile.access == "none"
    assert [toast["level"] for toast in toasts(response)] == ["error"]


@pytest.mark.parametrize("who", WRITERS)
def test_writer_removes_a_profile(request, who, book, login):
    user = request.getfixturevalue(who)
    post_inline(login(user), "profile_remove", book, HTMX)
    assert not NetworkProfile.objects.exists()
    assert book.contact.changes.filter(action="profile_removed", actor=user).exists()
    assert not Contact.objects.search("4a7b").exists()


# Refusals


def test_profile_of_another_contact_is_refused_with_a_link_to_it(book, login, alice):
    other = book.other
    response = login(alice).post(
        reverse("profile_add", args=[other.pk]),
        {"address": "https://fr.linkedin.com/in/HDurand-4A7B?trk=abc", "access": "none"},
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith(CONTACT_BODY)
    assert "This profile already belongs to Hélène Durand." in html
    assert f'href="{reverse("contact_detail", args=[book.contact.pk])}"' in html
    assert reverse("contact_merge", args=[other.pk, book.contact.pk]) in html
    assert not other.profiles.exists()
    assert NetworkProfile.objects.count() == 1


def test_profile_already_on_this_contact_is_refused(book, login, alice):
    response = login(alice).post(
        reverse("profile_add", args=[book.contact.pk]),
        {"address": "linkedin.com/in/hdurand-4a7b/", "access": "full"},
    )
    assert response.status_code == 422
    assert "This profile is already on this contact." in response.content.decode()
    assert NetworkProfile.objects.get().access == "none"


def test_the_same_profile_in_another_team_is_allowed(book, login, mallory):
    theirs = add(mallory.last_team, mallory, given_name="Hélène", family_name="Elsewhere")
    response = login(mallory).post(
        reverse("profile_add", args=[theirs.pk]),
        {"address": "https://www.linkedin.com/in/hdurand-4a7b", "access": "none"},
    )
    assert response.status_code == 302
    assert theirs.profiles.get().handle == "hdurand-4a7b"
    assert book.contact.profiles.get().handle == "hdurand-4a7b"
