"""In a real Chromium: five requests triaged with the keyboard alone, then checked in the DB."""

from datetime import timedelta

import pytest
from django.utils import timezone

from network.inbox.services import connection_request_receive
from network.models import ConnectionRequest, Contact
from network.text.profiles import parse_profile
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = [
    ("Anne Accept", "https://www.linkedin.com/in/anne-accept"),
    ("Louis Limited", "https://www.facebook.com/louis.limited"),
    ("Denis Decline", "https://x.com/denis_decline"),
    ("Sophie Snooze", "https://www.instagram.com/sophie.snooze"),
    ("Claire Clarify", "https://www.viadeo.com/fr/profile/claire.clarify"),
]


def test_five_requests_triaged_with_the_keyboard_only(live_server, page, alice, team):
    now = timezone.now()
    for hours, (name, address) in enumerate(PEOPLE):
        connection_request_receive(
            team=team,
            owner=alice,
            sender_name=name,
            profile=parse_profile(address),
            received_at=now - timedelta(hours=hours + 1),
        )

    page.goto(f"{live_server.url}/accounts/login/?next=/inbox/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/inbox/")
    page.wait_for_load_state("load")  # the keyboard listens once the page's scripts ran

    selected = page.locator("#selected-name")
    posts = []
    page.on(
        "request",
        lambda r: posts.append(r.headers.get("hx-request")) if r.method == "POST" else None,
    )
    page.keyboard.press("Enter")
    selected.filter(has_text="Anne Accept").wait_for()
    for key, next_name in [
        ("a", "Louis Limited"),
        ("l", "Denis Decline"),
        ("d", "Sophie Snooze"),
        ("s", "Claire Clarify"),
    ]:
        page.keyboard.press(key)
        selected.filter(has_text=next_name).wait_for()
    # c opens the composer with a phrase already filled for her, the focus in its text; Esc
    # goes back to the list, where m marks it as sent.
    page.keyboard.press("c")
    page.locator("#composer-text").wait_for()
    assert "Claire" in page.locator("#composer-text").input_value()
    page.wait_for_function("document.activeElement.id === 'composer-text'")
    page.keyboard.press("Escape")
    page.keyboard.press("m")
    page.locator("#undo-bar", has_text="Claire Clarify").wait_for()

    # u undoes the last action, and c, m ask again.
    page.keyboard.press("u")
    page.locator("#detail [data-state='new']").wait_for()
    page.keyboard.press("c")
    page.locator("#composer-text").wait_for()
    page.wait_for_function("document.activeElement.id === 'composer-text'")
    page.keyboard.press("Escape")
    page.keyboard.press("m")
    page.locator("#undo-bar", has_text="Claire Clarify").wait_for()

    # Every action went through htmx: no full page reload in the whole triage.
    assert posts == ["true"] * 7
    states = dict(ConnectionRequest.objects.values_list("sender_name", "state"))
    assert states == {
        "Anne Accept": "accepted",
        "Louis Limited": "accepted",
        "Denis Decline": "declined",
        "Sophie Snooze": "snoozed",
        "Claire Clarify": "asked",
    }
    accepted = {
        found.sender_name: found
        for found in ConnectionRequest.objects.filter(state="accepted").select_related("contact")
    }
    assert accepted["Anne Accept"].access_granted == "full"
    assert accepted["Louis Limited"].access_granted == "restricted"
    assert accepted["Anne Accept"].contact.profiles.get().access == "full"
    assert Contact.objects.filter(team=team).count() == 2
    snoozed = ConnectionRequest.objects.get(sender_name="Sophie Snooze")
    assert snoozed.snoozed_until.date() == timezone.localdate() + timedelta(days=1)


def test_question_mark_shows_the_shortcuts_and_slash_searches(live_server, page, alice, team):
    connection_request_receive(team=team, owner=alice, sender_name="Zoé Search", network="linkedin")
    page.goto(f"{live_server.url}/accounts/login/?next=/inbox/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/inbox/")
    page.wait_for_load_state("load")
    page.keyboard.press("?")
    page.get_by_role("dialog", name="Keyboard shortcuts").wait_for()
    # Bootstrap moves the focus into the dialog once it has finished opening.
    page.wait_for_function("document.activeElement.closest('#shortcuts') !== null")
    page.keyboard.press("Escape")
    page.get_by_role("dialog", name="Keyboard shortcuts").wait_for(state="hidden")
    # The dialog looks hidden before Bootstrap has finished closing it; then the focus goes
    # back to the list.
    page.wait_for_function("document.activeElement.classList.contains('request-row')")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "inbox-q"
    page.keyboard.type("zoe")
    page.locator(".request-row", has_text="Zoé Search").wait_for()
