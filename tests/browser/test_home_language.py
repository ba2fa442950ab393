"""In a real Chromium: the home page loads, and the language switch turns it French."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switching_to_french_shows_french_text(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Look before deciding").is_visible()

    page.get_by_role("button", name="FR").click()
    page.wait_for_url(live_server.url + "/")

    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Regarder avant de décider").is_visible()
    assert page.get_by_role("navigation").get_by_role("link", name="Connexion").is_visible()


def test_htmx_and_bootstrap_load_from_the_app(live_server, page):
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(live_server.url + "/")
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("typeof window.bootstrap.Toast") == "function"
    assert failed == []


def test_toast_text_from_an_event_is_shown_as_text(live_server, page):
    page.goto(live_server.url + "/")
    page.evaluate(
        """document.body.dispatchEvent(new CustomEvent("messages", {detail: {value: [
            {message: "<img src=x onerror=alert(1)> saved", level: "success"}]}}))"""
    )
    toast = page.locator("#toasts .toast")
    toast.wait_for()
    assert toast.inner_text().strip() == "<img src=x onerror=alert(1)> saved"
    assert page.locator("#toasts img").count() == 0
