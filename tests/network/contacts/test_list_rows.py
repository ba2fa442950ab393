"""What each row of the contact list shows, now that the view prepares it (``list_rows``) and
``network.contacts.rows`` writes it: the link to the contact's page, the checkbox's label in
the reader's language (no checkbox for a reader), who knows them best, a former member of
the team included, every value escaped, the chips, profiles and archived mark; and a
search's count, exact up to a limit."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership
from network.contacts import views
from network.contacts.selectors import read_list_extras
from network.models import Category, Contact, ContactTag
from tests.conftest import make_user
from tests.network.contacts.helpers import add, add_profile, category, list_page, names_listed

pytestmark = pytest.mark.django_db


def rows(response) -> list[tuple[str, str, str]]:
    """(link, checkbox label, owner cell) of each row, in order."""
    html = response.content.decode()
    found = re.findall(
        r'aria-label="([^"]*)">\s*</td>\s*<td>\s*<a href="([^"]*)" class="fw-semibold'
        r'.*?<td class="d-none d-lg-table-cell small">([^<]*)</td>\s*</tr>',
        html,
        re.S,
    )
    return [(link, label, owner) for label, link, owner in found]


def test_each_row_links_to_its_contact_and_labels_its_checkbox(team, login, alice):
    anne = add(team, alice, given_name="Anne", family_name="Alpha")
    basile = add(team, alice, given_name="Basile", family_name="Beta <i>&</i>")
    listed = rows(list_page(login(alice)))
    assert [(link, label) for link, label, _ in listed] == [
        (anne.get_absolute_url(), "Select Anne Alpha"),
        (basile.get_absolute_url(), "Select Basile Beta &lt;i&gt;&amp;&lt;/i&gt;"),
    ]


def test_the_checkbox_label_is_in_the_readers_language(team, login, alice):
    add(team, alice, given_name="Anne", family_name="Alpha")
    alice.language = "fr"
    alice.save(update_fields=["language"])
    response = login(alice).get("/contacts/", headers={"Accept-Language": "fr"})
    assert [label for _, label, _ in rows(response)] == ["Sélectionner Anne Alpha"]


def test_who_knows_them_best_a_member_a_former_member_or_nobody(team, login, alice, bob):
    gone = make_user("gone@example.org", "Gaston Gone")
    Membership.objects.create(team=team, user=gone, role="member")
    add(team, alice, given_name="Anne", family_name="Alpha", owner=bob)
    add(team, alice, given_name="Basile", family_name="Beta", owner=gone)
    add(team, alice, given_name="Chloé", family_name="Gamma", owner=None)
    Membership.objects.filter(user=gone).delete()  # left the team; still knows Basile best
    assert [owner for _, _, owner in rows(list_page(login(alice)))] == [
        "Bob Member",
        "Gaston Gone",
        "",
    ]


@pytest.fixture
def counted_to_five(monkeypatch):
    """Searches counted up to 5 contacts, listed 2 a page."""
    monkeypatch.setattr(views, "SEARCH_COUNTED", 5)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)


def test_a_search_is_counted_exactly_up_to_the_limit(team, login, alice, counted_to_five):
    for index in range(5):
        add(team, alice, given_name="Marie", family_name=f"Person{index}")
    add(team, alice, given_name="Paul", family_name="Other")
    html = list_page(login(alice), q="marie").content.decode()
    assert "5 contacts" in html
    assert "More than" not in html
    assert "Page 1 of 3" in html


def test_a_search_past_the_limit_lists_the_first_ones_and_says_so(
    team, login, alice, counted_to_five
):
    for index in range(8):
        add(team, alice, given_name="Marie", family_name=f"Person{index}")
    client = login(alice)
    first = list_page(client, q="marie")
    html = first.content.decode()
    assert "More than 5 contacts match: the first 5 are listed." in html
    assert "Page 1 of 3" in html
    assert names_listed(first) == ["Marie Person0", "Marie Person1"]
    # The last page holds the fifth; a page past it is the last page, as for any list.
    assert names_listed(list_page(client, q="marie", page=3)) == ["Marie Person4"]
    assert names_listed(list_page(client, q="marie", page=9)) == ["Marie Person4"]
    # Filters without words are counted in full.
    assert "8 contacts" in list_page(client, state="all").content.decode()


def test_a_search_past_the_limit_says_so_in_french(team, login, alice, counted_to_five):
    for index in range(6):
        add(team, alice, given_name="Marie", family_name=f"Person{index}")
    alice.language = "fr"
    alice.save(update_fields=["language"])
    html = login(alice).get("/contacts/", {"q": "marie"}).content.decode()
    assert "Plus de 5 contacts correspondent : les 5 premiers sont affichés." in html


def _row_of(html: str, name: str) -> str:
    """The ``<tr>`` whose link reads ``name``."""
    return next(row for row in re.findall(r"<tr[ >].*?</tr>", html, re.S) if f">{name}</a>" in row)


def test_what_a_row_shows_is_escaped(team, login, alice):
    """Rows are written in Python (``network.contacts.rows``): every value the team typed is
    escaped as autoescaping would, in every cell."""
    contact = add(
        team,
        alice,
        given_name="Anne",
        family_name="<b>Alpha</b>",
        company="<Acme> & Co",
        position='Boss "quoted"',
    )
    mine = Category.objects.create(team=team, name="<i>Club</i>", colour="#123456")
    ContactTag.objects.create(contact=contact, category=mine, detail="tennis 'Nantes' & co")
    alice.display_name = "Alice <Owner>"
    alice.save(update_fields=["display_name"])
    Contact.objects.filter(pk=contact.pk).update(owner=alice)
    html = list_page(login(alice)).content.decode()
    row = _row_of(html, "Anne &lt;b&gt;Alpha&lt;/b&gt;")
    assert 'aria-label="Select Anne &lt;b&gt;Alpha&lt;/b&gt;"' in row
    assert '<div class="small text-body-secondary">Boss &quot;quoted&quot;</div>' in row
    assert '<td class="d-none d-md-table-cell">&lt;Acme&gt; &amp; Co</td>' in row
    assert (
        '<span class="badge rounded-pill category-chip" data-chip="#123456"'
        ' title="tennis &#x27;Nantes&#x27; &amp; co">&lt;i&gt;Club&lt;/i&gt;</span>'
    ) in row
    assert '<td class="d-none d-lg-table-cell small">Alice &lt;Owner&gt;</td>' in row
    assert "<b>" not in row and "<i>" not in row


def test_chips_profiles_and_the_empty_cell(team, login, alice):
    tagged = add(team, alice, given_name="Anne", family_name="Alpha")
    add(team, alice, given_name="Basile", family_name="Beta")
    ContactTag.objects.create(contact=tagged, category=category(team, "school"))
    ContactTag.objects.create(contact=tagged, category=category(team, "kids"), detail="crèche")
    add_profile(tagged, "linkedin", access="full")
    add_profile(tagged, "facebook", handle="anne.alpha", access="restricted")
    add_profile(tagged, "x", handle="annealpha", access="none")
    html = list_page(login(alice)).content.decode()
    row = _row_of(html, "Anne Alpha")
    chips = re.findall(r'category-chip" data-chip="[^"]*" title="([^"]*)">([^<]*)<', row)
    assert chips == [("", "School"), ("crèche", "Kids")]
    profiles = re.findall(r'text-bg-light border" title="([^"]*)">([^<]*)</span>', row)
    assert profiles == [
        ("Limited: restricted list", "Facebook ◐"),
        ("Full access", "LinkedIn ●"),
        ("No access (not connected)", "X (Twitter)"),
    ]
    empty = _row_of(html, "Basile Beta")
    assert '<span class="text-body-secondary small">—</span>' in empty
    assert "category-chip" not in empty


def test_an_archived_row_is_marked_in_the_readers_language(team, login, alice):
    add(team, alice, given_name="Anne", family_name="Alpha").archive(actor=alice)
    add(team, alice, given_name="Basile", family_name="Beta")
    client = login(alice)
    html = list_page(client, state="all").content.decode()
    archived, current = _row_of(html, "Anne Alpha"), _row_of(html, "Basile Beta")
    assert archived.startswith('<tr class="table-secondary">')
    assert '<span class="badge text-bg-secondary">Archived</span>' in archived
    assert current.startswith("<tr>") and "Archived" not in current
    french = client.get(
        reverse("contact_list"), {"state": "all"}, headers={"Accept-Language": "fr"}
    )
    assert "Archivé" in _row_of(french.content.decode(), "Anne Alpha")


def test_a_reader_gets_no_checkboxes(team, login, alice, carol):
    add(team, alice, given_name="Anne", family_name="Alpha")
    html = list_page(login(carol)).content.decode()
    row = _row_of(html, "Anne Alpha")
    assert re.match(r"<tr>\s*<td>\s*<a href=", row)
    assert "contact-select" not in html and 'id="select-all"' not in html
    assert "contact-select" in list_page(login(alice)).content.decode()


def test_chips_and_profiles_are_read_in_one_query_for_the_page(team, alice):
    """The page's tags and profiles come in one query, each tag with the team's category
    read for the page; a category made after that read is read then (one query more)."""
    tagged = add(team, alice, given_name="Anne", family_name="Alpha")
    other = add(team, alice, given_name="Basile", family_name="Beta")
    late = Category.objects.create(team=team, name="Salon 2026")
    ContactTag.objects.create(contact=tagged, category=late, detail="stand B")
    ContactTag.objects.create(contact=tagged, category=category(team, "kids"), detail="crèche")
    add_profile(other, "x", handle="basile", access="follow_only")
    page = list(Contact.objects.filter(team=team).order_by("pk"))
    known = list(Category.objects.filter(team=team).exclude(pk=late.pk))
    with CaptureQueriesContext(connection) as queries:
        read_list_extras(page, [*known, late])
    assert len(queries.captured_queries) == 1
    first, second = page
    assert [(tag.category.label, tag.detail) for tag in first.tag_list] == [
        ("Kids", "crèche"),
        ("Salon 2026", "stand B"),
    ]
    assert first.profile_list == [] and second.tag_list == []
    assert [(p.network, p.access, p.is_limited) for p in second.profile_list] == [
        ("x", "follow_only", True)
    ]
    with CaptureQueriesContext(connection) as queries:
        read_list_extras(page, known)
    assert len(queries.captured_queries) == 2
    assert [tag.category.pk for tag in first.tag_list][-1] == late.pk
