"""What each row of the contact list shows, now that the view prepares it (``list_rows``):
the link to the contact's page, the checkbox's label in the reader's language, and who knows
them best, a former member of the team included; and a search's count, exact up to a limit."""

from __future__ import annotations

import re

import pytest

from accounts.models import Membership
from network.contacts import views
from tests.conftest import make_user
from tests.network.contacts.helpers import add, list_page, names_listed

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
