"""In a real Chromium: which toast an htmx answer brings, by status (see static/js/app.js).

A refused action (409, from the real inbox) swaps its fragment and shows the server's reason,
never the generic error; real failures (5xx, no connection) show the generic one.
"""

import pytest
from django.utils import timezone

from network.models import ConnectionRequest
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GENERIC = "Something went wrong; nothing was changed. Please try again."
# Settles to "answered" or "failed" (no connection) once htmx has handled the response.
DECLINE = """url => htmx.ajax("POST", url, {target: "#inbox-body", swap: "outerHTML"})
    .then(() => "answered", () => "failed")"""


@pytest.fixture
def inbox(live_server, page, alice, team):
    """The inbox open in the browser, and the decline URL of a request already declined."""
    declined = ConnectionRequest.objects.create(
        team=team,
        owner=alice,
        network="linkedin",
        sender_name="Dora Declined",
        state="declined",
        decided_at=timezone.now(),
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/inbox/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/inbox/")
    page.wait_for_load_state("load")
    return f"/inbox/{declined.pk}/decline/"


def error_toasts(page) -> list[str]:
    """The error toasts on the page (signing in leaves a success toast, not counted)."""
    toasts = page.locator("#toasts .toast[data-level=error]")
    return [text.strip() for text in toasts.all_inner_texts()]


def test_refused_action_swaps_its_answer_and_shows_only_the_reason(page, inbox):
    page.evaluate("document.getElementById('inbox-body').dataset.old = 'yes'")
    with page.expect_response(lambda response: response.url.endswith(inbox)) as answer:
        assert page.evaluate(DECLINE, inbox) == "answered"
    assert answer.value.status == 409
    # The fragment was swapped in: the element carrying the mark has been replaced.
    assert page.locator("#inbox-body").count() == 1
    assert page.locator("#inbox-body[data-old]").count() == 0
    [reason] = error_toasts(page)
    assert "declined" in reason  # the server's reason: the request is declined already
    assert "Something went wrong" not in reason


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (500, GENERIC),
        (502, GENERIC),
        (403, "Your role in this team does not allow that change."),
        (404, "That item no longer exists, or is not in this team."),
    ],
)
def test_failed_answer_shows_the_toast_for_its_status(page, inbox, status, expected):
    page.route(f"**{inbox}", lambda route: route.fulfill(status=status, body="failed"))
    page.evaluate("document.getElementById('inbox-body').dataset.old = 'yes'")
    assert page.evaluate(DECLINE, inbox) == "answered"
    assert error_toasts(page) == [expected]
    assert page.locator("#inbox-body[data-old]").count() == 1  # nothing was swapped


def test_unreachable_server_shows_the_connection_toast(page, inbox):
    page.route(f"**{inbox}", lambda route: route.abort())
    assert page.evaluate(DECLINE, inbox) == "failed"
    assert error_toasts(page) == [
        "The server could not be reached. Check your connection and try again."
    ]
