"""In a real Chromium: htmx, Bootstrap and our scripts work under the Content-Security-Policy
without a single violation or console error."""

import pytest
from django.utils import timezone

from network.models import ConnectionRequest
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.enforce_csp,
    pytest.mark.django_db(transaction=True),
]

# Reports each violation to Python as it happens, so none is lost when the page navigates.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.reportViolation(
    event.effectiveDirective + " blocked " + (event.blockedURI || "inline") +
    " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


@pytest.fixture
def problems(page):
    """Every CSP violation and console error the page meets, for the test to assert empty."""
    found = []
    page.expose_function("reportViolation", lambda text: found.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            found.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    return found


def test_toasts_and_the_language_switch_work_without_violations(live_server, page, problems):
    page.goto(live_server.url + "/")
    page.wait_for_load_state("load")
    page.evaluate(
        """document.body.dispatchEvent(new CustomEvent("messages", {detail: {value: [
            {message: "Saved.", level: "success"}]}}))"""
    )
    page.locator("#toasts .toast.show", has_text="Saved.").wait_for()

    page.get_by_role("button", name="FR").click()
    page.wait_for_url(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.wait_for_load_state("load")
    assert problems == []


def test_inbox_htmx_navigation_works_without_violations(live_server, page, problems, alice, team):
    ConnectionRequest.objects.create(
        team=team,
        owner=alice,
        network="linkedin",
        sender_name="Mia Message",
        message="Hello,\nwe met at the school fair.",
        received_at=timezone.now(),
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/inbox/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/inbox/")
    page.wait_for_load_state("load")

    with page.expect_response(lambda response: response.request.headers.get("hx-request")):
        page.keyboard.press("Enter")  # opens the first request through htmx
    page.locator("#selected-name", has_text="Mia Message").wait_for()
    # Bootstrap's dropdown (its JavaScript and Popper's positioning) in the nav.
    page.get_by_role("button", name="Alice Owner").click()
    page.get_by_role("link", name="Profile").wait_for()
    assert problems == []
