"""What each row of the contact list shows, now that the view prepares it (``list_rows``):
the link to the contact's page, the checkbox's label in the reader's language, and who knows
them best, a former member of the team included."""

from __future__ import annotations

import re

import pytest

from accounts.models import Membership
from tests.conftest import make_user
from tests.network.contacts.helpers import add, list_page

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
