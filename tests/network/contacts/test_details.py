"""Inline changes on the contact page: the ``#contact-body`` fragment and a toast to htmx, a
redirect otherwise, a field error for bad input; tags and former names.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from network.models import (
    Contact,
    ContactTag,
)
from tests.network.contacts.helpers import (
    CONTACT_BODY,
    HTMX,
    INLINE,
    WRITERS,
    category,
    changed_contact,
    post_inline,
    snapshot,
    toasts,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", WRITERS)
@pytest.mark.parametrize("action", sorted(INLINE))
def test_htmx_inline_change_answers_the_contact_body(request, who, action, book, team, login):
    before = snapshot(team)
    response = post_inline(login(request.getfixturevalue(who)), action, book, HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith(CONTACT_BODY)
    assert "<html" not in response.content.decode()
    assert snapshot(team) != before


@pytest.mark.parametrize("action", sorted(INLINE))
def test_htmx_inline_change_sends_a_toast(action, book, login, alice):
    response = post_inline(login(alice), action, book, HTMX)
    assert response.status_code == 200
    assert [toast["level"] for toast in toasts(response)] == ["success"]


@pytest.mark.parametrize("action", sorted(INLINE))
def test_inline_change_without_htmx_redirects_to_the_contact(action, book, team, login, bob):
    before = snapshot(team)
    response = post_inline(login(bob), action, book)
    assert response.status_code == 302
    assert response["Location"] == changed_contact(action, book).get_absolute_url()
    assert snapshot(team) != before


@pytest.mark.parametrize("who", WRITERS)
def test_writer_tags_with_a_detail_and_a_date(request, who, book, login):
    user = request.getfixturevalue(who)
    response = login(user).post(
        reverse("contact_tag", args=[book.contact.pk]),
        {"category": book.kids.pk, "detail": "Léa's class", "met_on": "2019-09-02"},
        headers=HTMX,
    )
    tag = book.contact.tags.get(category=book.kids)
    assert (tag.detail, tag.met_on) == ("Léa's class", date(2019, 9, 2))
    change = book.contact.changes.filter(action="tagged").first()
    assert (change.actor, change.data) == (user, {"category": "Kids"})
    assert "Kids · Léa&#x27;s class · 2019" in response.content.decode()


def test_tagging_with_another_team_category_is_refused(book, login, alice, mallory):
    theirs = category(mallory.last_team, "kids")
    response = login(alice).post(
        reverse("contact_tag", args=[book.contact.pk]), {"category": theirs.pk}, headers=HTMX
    )
    assert response.status_code == 422
    assert not ContactTag.objects.filter(category=theirs).exists()


@pytest.mark.parametrize("who", WRITERS)
def test_writer_removes_a_tag_and_it_is_recorded(request, who, book, login):
    user = request.getfixturevalue(who)
    response = post_inline(login(user), "untag", book, HTMX)
    assert not book.contact.tags.exists()
    assert book.contact.changes.filter(action="untagged", actor=user).exists()
    assert "School · Lycée Hoche" not in response.content.decode()


@pytest.mark.parametrize("who", WRITERS)
def test_writer_adds_a_former_name_with_dates(request, who, book, login):
    user = request.getfixturevalue(who)
    response = login(user).post(
        reverse("alias_add", args=[book.contact.pk]),
        {"name": "  Hélène Morel ", "kind": "previous_married", "started_on": "2005-06-01"},
        headers=HTMX,
    )
    alias = book.contact.aliases.get(name="Hélène Morel")
    assert (alias.kind, alias.started_on) == ("previous_married", date(2005, 6, 1))
    assert book.contact.changes.filter(action="alias_added", actor=user).exists()
    assert "Hélène Morel" in response.content.decode()
    assert list(Contact.objects.search("morel")) == [book.contact]


@pytest.mark.parametrize("who", WRITERS)
def test_writer_removes_a_former_name_and_search_forgets_it(request, who, book, login):
    user = request.getfixturevalue(who)
    assert list(Contact.objects.search("petit")) == [book.contact]
    post_inline(login(user), "alias_remove", book, HTMX)
    assert not book.contact.aliases.exists()
    assert book.contact.changes.filter(action="alias_removed", actor=user).exists()
    assert not Contact.objects.search("petit").exists()


INVALID = [
    ("email_add", {"email": "not-an-email", "label": "work"}, "Enter a valid email address."),
    ("email_add", {"email": "HELENE@Acme.example", "label": "work"}, "already on this contact"),
    ("phone_add", {"number": "12", "label": "mobile"}, "is not a valid phone number"),
    ("phone_add", {"number": "06 12 34 56 78", "label": "work"}, "already on this contact"),
    ("profile_add", {"address": "https://www.linkedin.com/company/acme"}, "is not a profile"),
    ("profile_add", {"address": "marie_d"}, "Choose the network this handle belongs to"),
    ("profile_add", {"address": "ftp://example.org/helene"}, "This is not a web address"),
    ("profile_add", {"address": "https://lnkd.in/abc"}, "links are shortened"),
    ("alias_add", {"name": "", "kind": "other"}, "This field is required."),
    (
        "alias_add",
        {
            "name": "Hélène Morel",
            "kind": "other",
            "started_on": "2010-01-01",
            "ended_on": "2009-01-01",
        },
        "The end date comes before the start date.",
    ),
    ("contact_tag", {"category": ""}, "This field is required."),
]


@pytest.mark.parametrize(("route", "data", "error"), INVALID)
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_invalid_input_gives_a_field_error_and_creates_nothing(
    route, data, error, htmx, book, team, login, alice
):
    data = {"access": "none", **data}
    before = snapshot(team)
    response = login(alice).post(
        reverse(route, args=[book.contact.pk]), data, headers=HTMX if htmx else {}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert error in html
    assert snapshot(team) == before
    if htmx:
        assert html.lstrip().startswith(CONTACT_BODY)
        assert toasts(response) == [
            {"message": "Please correct the highlighted field.", "level": "error"}
        ]
