"""Issue 11, item 7, in a real Chromium: the nav's "Who is this?" box finds a known profile
from its pasted address, and a known email."""

import pytest

from network.contacts.services import contact_create
from network.text.profiles import parse_profile
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_pasted_profile_address_or_email_in_the_nav_box_finds_the_contact(
    live_server, page, alice, team
):
    helene = contact_create(
        team=team, actor=alice, data={"given_name": "Hélène", "family_name": "Durand"}
    )
    helene.add_profile(parse_profile("https://www.linkedin.com/in/hdurand"), alice)
    helene.add_email("helene@acme.example", alice)

    page.goto(f"{live_server.url}/accounts/login/?next=/contacts/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/contacts/")

    for typed, reason in [
        ("https://fr.linkedin.com/in/HDurand/?originalSubdomain=fr", "same profile address"),
        ("Helene@Acme.example", "same email address"),
    ]:
        box = page.get_by_role("searchbox", name="Who is this?")
        box.fill(typed)
        box.press("Enter")
        page.wait_for_url("**/whois/?q=*")
        answer = page.locator("ol.list-group li").first
        answer.filter(has_text="Hélène Durand").wait_for()
        assert reason in answer.inner_text()
        assert "Nobody in your team" not in page.content()
