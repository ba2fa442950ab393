"""In a real Chromium: open a request, press c, pick a phrase, see it filled, mark it as sent."""

import pytest

from network.inbox.services import connection_request_receive
from network.models import ConnectionRequest
from network.text.profiles import parse_profile
from replies.models import OutgoingMessage
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def settled(page) -> None:
    """Wait until htmx has finished swapping and wiring new content (a person is never
    faster than that; a test is)."""
    page.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, .htmx-added')"
    )


def test_compose_pick_a_phrase_and_mark_as_sent(live_server, page, alice, team):
    found = connection_request_receive(
        team=team,
        owner=alice,
        sender_name="Marie Lefebvre",
        profile=parse_profile("https://www.linkedin.com/in/marie-lefebvre"),
        language="fr",
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/inbox/?r={found.pk}")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.locator("#selected-name", has_text="Marie Lefebvre").wait_for()
    page.wait_for_load_state("load")  # the keyboard listens once the page's scripts ran

    page.keyboard.press("c")
    text = page.locator("#composer-text")
    text.wait_for()
    assert text.input_value().startswith("Bonjour Marie,")  # French: the request's language

    settled(page)
    page.get_by_label("The message is to").select_option("ask_how_met")
    page.locator("#composer-phrase option", has_text="Remind me how we met").first.wait_for(
        state="attached"
    )
    settled(page)
    page.get_by_label("Phrase").select_option(label="Remind me how we met (English)")
    page.wait_for_function(
        "document.getElementById('composer-text').value.startsWith('Hello Marie,')"
    )
    assert "LinkedIn" in page.locator("#composer-text").input_value()

    page.get_by_role("button", name="Mark as sent").click()
    page.locator("#undo-bar", has_text="Marie Lefebvre").wait_for()
    assert page.locator("#detail [data-state='asked']").is_visible()

    found.refresh_from_db()
    assert found.state == "asked"
    message = OutgoingMessage.objects.get()
    assert message.text.startswith("Hello Marie,")
    assert message.phrase.title == "Remind me how we met"
    assert ConnectionRequest.objects.get(pk=found.pk).state == "asked"
