"""Issue 11, item 6, in a real Chromium: "Add a request" with its details (headline, email,
photo, mutual connections, profile content) behind "More details"; the headline is enough for
the detail to suggest who she was before her change of name."""

import pytest

from network.contacts.services import contact_create
from network.models import ConnectionRequest
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_quick_add_with_details_recognises_a_change_of_name(live_server, page, alice, team):
    contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Marie", "family_name": "Dupont", "company": "Acme Distribution"},
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/inbox/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/inbox/")
    page.wait_for_load_state("load")

    page.get_by_role("button", name="Add a request").click()
    # The panel slides open (Bootstrap's collapse): the details' summary is clicked once it has
    # finished (a CI run on a loaded machine clicked it mid-slide and the details stayed shut).
    page.locator("#quick-add.collapse.show").wait_for()
    form = page.locator("#quick-add form")
    form.get_by_label("Profile URL").fill("https://www.linkedin.com/in/marie-lefebvre-42")
    form.get_by_label("Name shown").fill("Marie Lefebvre")
    headline = form.get_by_label("Headline (position and company)")
    assert not headline.is_visible()  # compact until asked for
    form.locator("summary").click()
    page.locator("#qa-more[open]").wait_for()
    headline.fill("Purchasing manager at Acme Distribution")
    form.get_by_label("Email shown").fill("marie.lefebvre@acme.example")
    form.get_by_label("Profile photo").select_option(label="A photo")
    form.get_by_label("Mutual connections").fill("12")
    form.get_by_label("Profile content").select_option(label="Rich content")
    form.get_by_role("button", name="Add to the inbox").click()

    page.locator("#selected-name", has_text="Marie Lefebvre").wait_for()
    page.locator("#detail", has_text="Marie Dupont").wait_for()
    assert "family name differs" in page.locator("#detail").inner_text()
    found = ConnectionRequest.objects.get(team=team)
    assert (
        found.headline,
        found.email,
        found.has_photo,
        found.mutual_connections,
        found.richness,
    ) == (
        "Purchasing manager at Acme Distribution",
        "marie.lefebvre@acme.example",
        True,
        12,
        "rich",
    )
