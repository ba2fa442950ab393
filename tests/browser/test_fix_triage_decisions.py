"""In a real Chromium (issue 11, items 1 to 3): the bulk menu applies exactly the action chosen
to exactly the rows ticked, and is undone as a whole; a decision is reopened after a reload;
a key the open request's state refuses says why."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from network.inbox.services import connection_request_decide, connection_request_receive
from network.models import ConnectionRequest
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, path="/inbox/"):
    page.goto(f"{live_server.url}/accounts/login/?next={quote(path)}")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{path}")
    page.wait_for_load_state("load")


def receive(team, alice, *names, state=None):
    now = timezone.now()
    made = []
    for minutes, name in enumerate(names):
        made.append(
            connection_request_receive(
                team=team,
                owner=alice,
                sender_name=name,
                network="linkedin",
                received_at=now - timedelta(minutes=minutes + 1),
            )
        )
    return made


def states():
    return dict(ConnectionRequest.objects.values_list("sender_name", "state"))


def test_bulk_snooze_applies_to_the_ticked_rows_only_and_undoes_as_a_whole(
    live_server, page, alice, team
):
    receive(team, alice, "Ada Bulk", "Bea Bulk", "Cid Untouched")
    log_in(page, live_server)
    apply = page.locator("#bulk-apply")
    assert apply.is_disabled()
    # Choosing the action first used to reload the list, clear the ticks and fall back to
    # "Decline".
    page.select_option("#bulk-action", "snooze")
    page.locator(".request-row", has_text="Ada Bulk").locator(".request-select").check()
    page.locator(".request-row", has_text="Bea Bulk").locator(".request-select").check()
    assert page.locator("#bulk-action").input_value() == "snooze"
    assert apply.inner_text() == "Apply “Snooze until tomorrow” to 2"
    apply.click()
    page.locator("#undo-bar", has_text="Snoozed until tomorrow: 2 requests.").wait_for()
    assert states() == {"Ada Bulk": "snoozed", "Bea Bulk": "snoozed", "Cid Untouched": "new"}
    page.keyboard.press("u")
    page.locator(".toast", has_text="Undone: 2 requests are back as they were.").wait_for()
    assert states() == {"Ada Bulk": "new", "Bea Bulk": "new", "Cid Untouched": "new"}


def test_a_declined_request_is_reopened_after_a_reload(live_server, page, alice, team):
    [dan] = receive(team, alice, "Dan Declined")
    connection_request_decide(connection_request=dan, action="decline", actor=alice)
    log_in(page, live_server, f"/inbox/?state=declined&r={dan.pk}")
    page.locator("#detail [data-state='declined']").wait_for()
    page.keyboard.press("o")
    page.locator("#detail [data-state='new']").wait_for()
    dan.refresh_from_db()
    assert dan.state == "new"
    assert dan.events.order_by("-pk").first().action == "reopen"


def test_keys_on_a_clarification_asked_request_decide_and_refusals_say_why(
    live_server, page, alice, team
):
    [jean, ann] = receive(team, alice, "Jean Asked", "Ann Accepted")
    connection_request_decide(connection_request=jean, action="ask", actor=alice)
    log_in(page, live_server, f"/inbox/?r={jean.pk}")
    page.locator("#detail [data-state='asked']").wait_for()
    page.keyboard.press("d")  # used to do nothing, silently
    page.locator("#undo-bar", has_text="Jean Asked").wait_for()
    jean.refresh_from_db()
    assert jean.state == "declined"

    ConnectionRequest.objects.filter(pk=ann.pk).update(state="accepted", access_granted="full")
    page.goto(f"{live_server.url}/inbox/?state=accepted&r={ann.pk}")
    page.wait_for_load_state("load")
    page.locator("#detail [data-state='accepted']").wait_for()
    page.keyboard.press("d")
    page.locator(
        ".toast", has_text="“Decline” is not possible on a request that is accepted."
    ).wait_for()
    ann.refresh_from_db()
    assert ann.state == "accepted"
    # Toasts do not pile up over the decision buttons (item 12): the latest two stay.
    for _press in range(4):
        page.keyboard.press("d")
    page.wait_for_timeout(300)
    assert page.locator("#toasts .toast").count() <= 2


def test_t_reaches_the_how_we_met_boxes_and_the_triage_keys_still_work(
    live_server, page, alice, team
):
    """Item 12: a how-we-met box took 16 tabs to reach, then swallowed the triage keys."""
    [eva] = receive(team, alice, "Eva Tagged")
    log_in(page, live_server, f"/inbox/?r={eva.pk}")
    page.locator("#detail [data-state='new']").wait_for()
    page.keyboard.press("t")
    assert page.evaluate("document.activeElement.type") == "checkbox"
    page.keyboard.press(" ")
    page.keyboard.press("a")  # from the checkbox: accepts, with the box ticked
    page.locator("#undo-bar", has_text="Eva Tagged").wait_for()
    eva.refresh_from_db()
    assert eva.state == "accepted"
    assert eva.contact.tags.count() == 1
