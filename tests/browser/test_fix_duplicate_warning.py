"""Issue 11, item 8, in a real Chromium: creating "Sophie Leveque" while "Sophie Lévêque"
lives in the same city shows her before anything is saved; "create anyway" saves."""

import pytest

from network.contacts.services import contact_create
from network.models import Contact
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_likely_duplicate_is_shown_before_saving(live_server, page, alice, team):
    existing = contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Sophie", "family_name": "Lévêque", "city": "Lyon"},
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/contacts/new/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/contacts/new/")

    page.get_by_label("Given name").fill("Sophie")
    page.get_by_label("Family name").fill("Leveque")
    page.get_by_label("City").fill("Lyon")
    page.get_by_role("button", name="Add the contact").click()

    warning = page.locator("#likely-duplicates")
    warning.wait_for()
    link = warning.get_by_role("link", name="Sophie Lévêque")
    assert link.get_attribute("href") == f"/contacts/{existing.pk}/"
    assert Contact.objects.filter(team=team).count() == 1
    assert page.get_by_label("Family name").input_value() == "Leveque"

    warning.get_by_role("button", name="This is a new person: create anyway").click()
    page.wait_for_url(f"{live_server.url}/contacts/*/")
    assert Contact.objects.filter(team=team, family_name="Leveque").count() == 1
