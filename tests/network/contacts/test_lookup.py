"""The lookup behind "Merge with…" and the introducer picker, within the team only."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_outsider_lookup_finds_none_of_the_other_team(book, login, mallory):
    html = login(mallory).get(reverse("contact_lookup"), {"q": "durand"}).content.decode()
    assert "Hélène" not in html
    assert "Nobody matches" in html


def test_read_only_member_uses_the_lookup(book, login, carol):
    response = login(carol).get(reverse("contact_lookup"), {"q": "helene"})
    assert response.status_code == 200
    assert "Hélène Durand" in response.content.decode()


def test_the_introducer_picker_lists_forms_that_set_it(book, login, alice):
    html = (
        login(alice)
        .get(
            reverse("contact_lookup"),
            {"q": "martin", "exclude": book.contact.pk, "introduce": book.contact.pk},
        )
        .content.decode()
    )
    action = reverse("contact_met_through", args=[book.contact.pk])
    assert f'action="{action}" hx-boost="true"' in html  # posted through htmx
    assert f'name="through" value="{book.other.pk}"' in html


def test_lookup_lists_matching_contacts_as_links(book, login, alice):
    html = login(alice).get(reverse("contact_lookup"), {"q": "MARTIN"}).content.decode()
    assert "Marie Martin" in html
    assert reverse("contact_detail", args=[book.other.pk]) in html
    assert "Hélène" not in html


def test_lookup_shows_archived_contacts_marked_as_such(book, login, alice):
    book.other.archive(alice)
    html = login(alice).get(reverse("contact_lookup"), {"q": "martin"}).content.decode()
    assert "Marie Martin" in html
    assert "Archived" in html
