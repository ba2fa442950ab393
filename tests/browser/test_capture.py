"""Capture from a network's page (issue 17, part 2), in a real Chromium: the bookmarklet
offered by "Capture from a page" reads fixture pages written in the structure of LinkedIn's
"Manage invitations" (English, and French under a strict CSP from another origin) and
Facebook's friend requests, hands the invitations to the Netcurate window it opens through
postMessage, and nothing is stored until the person confirms."""

from __future__ import annotations

import pytest

from network.models import ConnectionRequest
from tests.browser.capture_helpers import (
    bookmarklet_code,
    run_bookmarklet,
    serve_network_page,
    strict_server,
)
from tests.browser.session import sign_in_as
from tests.browser.test_accessibility import Scan
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINKEDIN_PAGE = "https://www.linkedin.com/mynetwork/invitation-manager/"
FACEBOOK_PAGE = "https://www.facebook.com/friends/requests"


def _stored(team) -> dict[str, tuple]:
    return {
        found.sender_name: (
            found.network,
            found.handle,
            found.headline,
            found.message,
            found.mutual_connections,
            found.has_photo,
        )
        for found in ConnectionRequest.objects.filter(team=team)
    }


def _capture(page, base_url: str, network_page: str):
    """Open the network's page, click the bookmark; the Netcurate window, once it shows
    what it read."""
    code = bookmarklet_code(page, base_url)
    page.goto(network_page)
    window = run_bookmarklet(page, code)
    window.wait_for_url(f"{base_url}/inbox/capture/receive/")
    window.locator("#capture-summary, #capture-nothing, #capture-problem").first.wait_for()
    return window


def test_linkedin_invitations_are_read_shown_then_stored_on_confirmation(
    live_server, page, alice, team
):
    sign_in_as(page, live_server.url, alice)
    serve_network_page(page, "https://www.linkedin.com/**", "linkedin_en.html")
    window = _capture(page, live_server.url, LINKEDIN_PAGE)

    summary = window.locator("#capture-summary").inner_text()
    assert "3 invitations read" in summary
    assert "3 new" in summary
    rows = window.locator("#capture-rows tbody tr")
    assert rows.count() == 3
    assert "Purchasing manager at Acme Distribution" in rows.nth(0).inner_text()
    assert ConnectionRequest.objects.count() == 0  # shown, not stored
    assert window.evaluate("document.activeElement.id") == "capture-summary"

    window.get_by_role("button", name="Add the 3 new requests to the inbox").click()
    result = window.locator("#capture-result").inner_text()
    assert "3 invitations captured" in result
    assert "3 new" in result
    assert "0 already in the inbox" in result
    assert window.evaluate("document.activeElement.id") == "capture-result"
    assert _stored(team) == {
        "Marie Lefebvre": (
            "linkedin",
            "marie-lefebvre-42",
            "Purchasing manager at Acme Distribution",
            "Hello, we met at the trade fair in Lyon last spring.\n"
            "I would be glad to stay in touch.",
            12,
            True,
        ),
        "Jean Exemple": ("linkedin", "jean-exemple-7b1", "Freelance photographer", "", 3, False),
        "Sophie Modèle": (
            "linkedin",
            "sophie-modele",
            "Head of sales · Boulangeries Exemple",
            "",
            1,
            True,
        ),
    }

    window.get_by_role("link", name="Open the inbox on them").click()
    window.locator("#captured-filter").wait_for()
    names = window.locator("#request-list .request-row strong").all_inner_texts()
    assert sorted(names) == ["Jean Exemple", "Marie Lefebvre", "Sophie Modèle"]


def test_facebook_friend_requests_are_captured(live_server, page, alice, team):
    sign_in_as(page, live_server.url, alice)
    serve_network_page(page, "https://www.facebook.com/**", "facebook.html")
    window = _capture(page, live_server.url, FACEBOOK_PAGE)
    window.get_by_role("button", name="Add the 3 new requests to the inbox").click()
    window.locator("#capture-result").wait_for()
    assert _stored(team) == {
        "Claire Exemple": ("facebook", "100089912345678", "", "", 8, True),
        "Thomas Modèle": ("facebook", "thomasmodele9", "", "", 1, False),
        "Nina Test": ("facebook", "61550000000001", "", "", None, True),
    }


def test_facebook_basic_mobile_page_in_french_is_captured(live_server, page, alice, team):
    """Relative links, "ami(e)s en commun", and plain links for Confirmer and Supprimer."""
    sign_in_as(page, live_server.url, alice, language="fr")
    serve_network_page(page, "https://m.facebook.com/**", "facebook_mobile_fr.html")
    window = _capture(page, live_server.url, "https://m.facebook.com/friends/center/requests/")
    window.locator("#capture-confirm").click()
    window.locator("#capture-result").wait_for()
    assert _stored(team) == {
        "Léa Exemple": ("facebook", "leaexemple75", "", "", 12, True),
        "Hugo Test": ("facebook", "100077700000001", "", "", 1, False),
    }


@pytest.mark.enforce_csp
def test_a_french_page_under_a_strict_csp_from_another_origin_is_captured(
    live_server, page, alice, team, settings
):
    """The page forbids every request to another host (connect-src 'none') and opens its
    popups with COOP same-origin-allow-popups; the Netcurate window obeys its own CSP too."""
    sign_in_as(page, live_server.url, alice, language="fr")
    violations = []
    page.context.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    with strict_server("linkedin_fr.html") as origin:
        settings.CAPTURE_ORIGINS = [*settings.CAPTURE_ORIGINS, origin]
        code = bookmarklet_code(page, live_server.url)
        page.goto(f"{origin}/mynetwork/invitation-manager/")
        window = run_bookmarklet(page, code)
        window.locator("#capture-summary").wait_for()
        assert "2 invitations lues" in window.locator("#capture-summary").inner_text()
        window.get_by_role("button", name="Ajouter les 2 nouvelles demandes").click()
        window.locator("#capture-result").wait_for()
    assert _stored(team) == {
        "Hélène Exemple": (
            "linkedin",
            "hélène-exemple",
            "Directrice des achats chez Exemple Distribution",
            "Bonjour, nous nous sommes croisés au salon de Rennes.",
            5,
            True,
        ),
        "Bruno Modèle": ("linkedin", "bruno-modele-1a2b3c", "Artisan ébéniste", "", 12, False),
    }
    assert violations == []


def test_a_page_without_invitations_says_nothing_was_recognised(live_server, page, alice, team):
    sign_in_as(page, live_server.url, alice)
    serve_network_page(page, "https://www.linkedin.com/**", "empty.html")
    window = _capture(page, live_server.url, LINKEDIN_PAGE)
    assert (
        "No invitation was recognised on this page"
        in window.locator("#capture-nothing").inner_text()
    )
    assert window.locator("#capture-confirm").count() == 0
    assert ConnectionRequest.objects.count() == 0


def test_capturing_the_same_page_twice_adds_nobody_twice(live_server, page, alice, team):
    sign_in_as(page, live_server.url, alice)
    serve_network_page(page, "https://www.linkedin.com/**", "linkedin_en.html")
    window = _capture(page, live_server.url, LINKEDIN_PAGE)
    window.get_by_role("button", name="Add the 3 new requests to the inbox").click()
    window.locator("#capture-result").wait_for()
    window.close()

    window = _capture(page, live_server.url, LINKEDIN_PAGE)
    summary = window.locator("#capture-summary").inner_text()
    assert "0 new" in summary
    assert "3 already in the inbox" in summary
    window.locator("#capture-confirm").click()
    result = window.locator("#capture-result").inner_text()
    assert "0 new" in result
    assert "3 already in the inbox" in result
    assert ConnectionRequest.objects.filter(team=team).count() == 3


def test_a_message_from_an_origin_that_is_not_a_network_is_ignored(live_server, page, alice, team):
    """A page that is not LinkedIn or Facebook never hears "ready", and what it posts to the
    window anyway is ignored: nothing is read, nothing stored."""
    sign_in_as(page, live_server.url, alice)
    with strict_server("linkedin_fr.html") as origin:  # 127.0.0.1: not in CAPTURE_ORIGINS
        code = bookmarklet_code(page, live_server.url)
        page.goto(f"{origin}/mynetwork/invitation-manager/")
        window = run_bookmarklet(page, code)
        window.locator("#capture-status").wait_for()
        page.evaluate(
            """([target]) => window.open("", "netcurate-capture").postMessage({
                kind: "netcurate-capture", page: {url: location.href, title: ""},
                invitations: [{name: "Eve Intruder", profile_url:
                    "https://www.linkedin.com/in/eve-intruder/"}]}, target)""",
            [live_server.url],
        )
        ignored = window.locator("#capture-ignored")
        ignored.wait_for()
        assert origin in ignored.inner_text()
        assert window.url == f"{live_server.url}/inbox/capture/receive/"
        assert "Waiting for the network" in window.locator("#capture-status").inner_text()
    assert ConnectionRequest.objects.count() == 0


@pytest.mark.enforce_csp
def test_the_bookmarklet_link_says_where_to_use_it_and_the_address_copies(
    live_server, page, alice, team
):
    """Keyboard only: the link, activated here, says to drag it (the site's own CSP would
    refuse a javascript: address anyway); the copy button puts the address in a text box."""
    sign_in_as(page, live_server.url, alice)
    page.goto(f"{live_server.url}/inbox/capture/")
    page.locator("#capture-bookmarklet").focus()
    page.keyboard.press("Enter")
    assert "drag it to your bookmarks bar" in page.locator("#bookmarklet-status").inner_text()
    page.locator("#bookmarklet-copy").focus()
    page.keyboard.press("Enter")
    page.locator("#bookmarklet-status", has_text="copied").wait_for()
    assert page.url == f"{live_server.url}/inbox/capture/"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_capture_pages_pass_axe(live_server, page, alice, team, language):
    sign_in_as(page, live_server.url, alice, language)
    scan = Scan(page, live_server.url, language)
    scan.visit("capture from a page", "/inbox/capture/")
    scan.visit("the window, opened by hand", "/inbox/capture/receive/")
    serve_network_page(page, "https://www.linkedin.com/**", "linkedin_en.html")
    window = _capture(page, live_server.url, LINKEDIN_PAGE)
    scan.page = window
    scan.check("the invitations read")
    window.locator("#capture-confirm").click()
    window.locator("#capture-result").wait_for()
    scan.check("the result")
    scan.assert_clean()


def _linkedin_page_of(count: int) -> str:
    """A "Manage invitations" page listing ``count`` made-up people."""
    cards = "".join(
        f"""<li><div><a href="https://www.linkedin.com/in/person-{number}/">
        <img src="/media/p{number}.png" width="56" height="56" alt="Person {number}"></a>
        <div><a href="https://www.linkedin.com/in/person-{number}/"><span>Person {number}</span></a>
        <p>Consultant number {number}</p><span>{number % 40} mutual connections</span></div>
        <div><button><span>Ignore</span></button><button><span>Accept</span></button></div>
        </div></li>"""
        for number in range(count)
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Manage invitations"
        f"</title></head><body><main><h2>Manage invitations</h2><ul>{cards}</ul></main></body>"
        "</html>"
    )


@pytest.mark.parametrize(("count", "taken"), [(200, True), (201, False)])
def test_up_to_200_invitations_are_taken_at_once(live_server, page, alice, team, count, taken):
    sign_in_as(page, live_server.url, alice)
    html = _linkedin_page_of(count)
    page.route(
        "https://www.linkedin.com/**",
        lambda route: (
            route.fulfill(status=200, content_type="text/html", body=html)
            if route.request.resource_type == "document"
            else route.fulfill(status=404, body="")
        ),
    )
    window = _capture(page, live_server.url, LINKEDIN_PAGE)
    if not taken:
        problem = window.locator("#capture-problem").inner_text()
        assert "The page listed 201 invitations; at most 200 are taken at once." in problem
        assert ConnectionRequest.objects.count() == 0
        return
    assert "200 invitations read" in window.locator("#capture-summary").inner_text()
    window.locator("#capture-confirm").click()
    assert "200 new" in window.locator("#capture-result").inner_text()
    assert ConnectionRequest.objects.filter(team=team).count() == 200
    person = ConnectionRequest.objects.get(team=team, handle="person-41")
    assert (person.headline, person.mutual_connections) == ("Consultant number 41", 1)


def test_signing_in_from_the_window_cuts_its_link_and_it_says_to_click_again(
    live_server, page, alice, team
):
    """Not signed in: the window asks to sign in; the login page's opener policy cuts the
    window off from the network's tab, and the window says so instead of waiting forever."""
    alice.welcome_done()
    sign_in_as(page, live_server.url, alice)
    serve_network_page(page, "https://www.linkedin.com/**", "linkedin_en.html")
    code = bookmarklet_code(page, live_server.url)
    page.context.clear_cookies()
    page.goto(LINKEDIN_PAGE)
    window = run_bookmarklet(page, code)
    window.get_by_label("Email").fill("alice@example.org")
    window.get_by_label("Password").fill(PASSWORD)
    window.keyboard.press("Enter")
    window.wait_for_url(f"{live_server.url}/inbox/capture/receive/")
    status = window.locator("#capture-status", has_text="not connected to a network")
    status.wait_for()
    assert ConnectionRequest.objects.count() == 0
