"""In a real Chromium: single-letter shortcuts never fire by accident, can be turned off, and
the focus always lands somewhere sensible and is announced (issue 18)."""

from __future__ import annotations

import pytest

from network.models import ConnectionRequest
from tests.browser.session import sign_in_as
from tests.network.inbox.helpers import received

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVE_ID = "document.activeElement && document.activeElement.id"


def open_inbox(page, base_url: str, path: str = "/inbox/") -> None:
    page.goto(f"{base_url}{path}")
    page.wait_for_load_state("load")  # the keyboard listens once the page's scripts ran


def settled(page) -> None:
    page.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, .htmx-added')"
    )


def posts_of(page) -> list[str]:
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    return posts


def test_e_on_a_nav_link_does_not_archive_the_open_request(live_server, page, alice, team):
    found = received(team, alice, "Anne Nav", minutes_ago=5)
    sign_in_as(page, live_server.url, alice)
    open_inbox(page, live_server.url, f"/inbox/?r={found.pk}")
    posts = posts_of(page)
    contacts = page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Contacts"
    )
    contacts.focus()
    for key in "eadsl":
        page.keyboard.press(key)
    # A button of the page, and the language switch, are no place for shortcuts either.
    page.get_by_role("button", name="Keyboard shortcuts").focus()
    page.keyboard.press("e")
    assert not page.locator("#shortcuts.show").count()
    settled(page)
    assert posts == []
    found.refresh_from_db()
    assert found.state == "new"
    # From the list itself, the same key acts.
    page.locator(f".request-row[data-id='{found.pk}']").focus()
    page.keyboard.press("e")
    page.locator("#undo-bar", has_text="Anne Nav").wait_for()
    found.refresh_from_db()
    assert found.state == "archived"


def test_typing_in_the_search_keeps_the_focus_in_the_box_through_the_refresh(
    live_server, page, alice, team
):
    zoe = received(team, alice, "Zoé Searched", minutes_ago=5, network="linkedin")
    other = received(team, alice, "Anatole Other", minutes_ago=10, network="facebook")
    sign_in_as(page, live_server.url, alice)
    open_inbox(page, live_server.url)
    page.keyboard.press("/")
    page.keyboard.type("zo")
    # The list refreshes (300 ms after the last key) while the person goes on typing.
    page.locator(".request-row", has_text="Anatole Other").wait_for(state="detached")
    settled(page)
    assert page.evaluate(ACTIVE_ID) == "inbox-q"
    page.keyboard.type("easd")  # letters that would accept, snooze, decline
    page.wait_for_function("document.getElementById('inbox-q').value === 'zoeasd'")
    assert page.evaluate(ACTIVE_ID) == "inbox-q"
    page.locator("#inbox-body h2#inbox-empty").wait_for()
    settled(page)
    assert page.evaluate(ACTIVE_ID) == "inbox-q"
    # The network filter is swapped with the list (out of band): the focus stays on it.
    page.locator("#inbox-q").fill("")
    page.locator(".request-row", has_text="Anatole Other").wait_for()
    page.locator("#inbox-network").focus()
    page.locator("#inbox-network").select_option("facebook")
    page.locator(".request-row", has_text="Zoé Searched").wait_for(state="detached")
    settled(page)
    assert page.evaluate(ACTIVE_ID) == "inbox-network"
    # Ticking "With a message" from the keyboard: the list refreshes, the focus stays on it.
    page.locator("#inbox-message").focus()
    page.keyboard.press("Space")
    page.locator(".request-row", has_text="Anatole Other").wait_for(state="detached")
    settled(page)
    assert page.evaluate(ACTIVE_ID) == "inbox-message"
    # Neither the typing nor the filters decided anything.
    assert set(
        ConnectionRequest.objects.filter(pk__in=[zoe.pk, other.pk]).values_list("state", flat=True)
    ) == {"new"}


def test_single_letter_shortcuts_can_be_turned_off_in_the_profile(live_server, page, alice, team):
    found = received(team, alice, "Olga Off", minutes_ago=5)
    sign_in_as(page, live_server.url, alice)
    open_inbox(page, live_server.url, f"/inbox/?r={found.pk}")
    # The help says how.
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    help_dialog.wait_for()
    assert "your profile" in help_dialog.inner_text()
    help_dialog.get_by_role("link", name="your profile").click()
    page.wait_for_url(f"{live_server.url}/account/profile/")
    box = page.get_by_label("Single-letter keyboard shortcuts")
    assert box.is_checked()
    box.uncheck()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/account/profile/")
    alice.refresh_from_db()
    assert alice.keyboard_shortcuts is False

    open_inbox(page, live_server.url, f"/inbox/?r={found.pk}")
    posts = posts_of(page)
    page.locator(f".request-row[data-id='{found.pk}']").focus()
    for key in "eadsl?/":
        page.keyboard.press(key)
    settled(page)
    assert posts == []
    assert not page.locator("#shortcuts.show").count()
    assert page.evaluate(ACTIVE_ID) != "inbox-q"
    found.refresh_from_db()
    assert found.state == "new"
    # The buttons still work.
    page.get_by_role("button", name="Archive").click()
    page.locator("#undo-bar", has_text="Olga Off").wait_for()
    found.refresh_from_db()
    assert found.state == "archived"


def test_declining_the_last_request_puts_the_focus_on_the_empty_list_and_says_so(
    live_server, page, alice, team
):
    first = received(team, alice, "Paul Before", minutes_ago=5)
    last = received(team, alice, "Lucie Last", minutes_ago=10)
    sign_in_as(page, live_server.url, alice)
    open_inbox(page, live_server.url, f"/inbox/?r={first.pk}")
    # A person presses d once the page has put the keyboard on the open request; a test
    # can be faster than that (then nothing had the focus, and nothing is announced).
    page.wait_for_function(
        f"document.activeElement.matches(\".request-row[data-id='{first.pk}']\")"
    )
    page.keyboard.press("d")
    page.locator("#selected-name", has_text="Lucie Last").wait_for()
    settled(page)
    # The next request is open, the keyboard is on it, and the live region said both.
    assert page.evaluate("document.activeElement.dataset.id") == str(last.pk)
    page.wait_for_function(
        "document.getElementById('announcer').textContent.includes('Now open: Lucie Last')"
    )
    assert "Paul Before" in page.locator("#announcer").text_content()
    page.keyboard.press("d")
    page.locator("#inbox-empty").wait_for()
    settled(page)
    assert page.evaluate(ACTIVE_ID) == "inbox-empty"
    page.wait_for_function(
        "document.getElementById('announcer').textContent.includes('Nothing waiting')"
    )
    # The live region is the same element throughout, never rebuilt.
    assert page.locator("#announcer").count() == 1
    last.refresh_from_db()
    assert last.state == "declined"
    # From the heading, u still undoes.
    page.keyboard.press("u")
    page.locator("#selected-name", has_text="Lucie Last").wait_for()


def test_the_bell_refreshing_while_a_decline_settles_does_not_swallow_the_announcement(
    live_server, page, alice, team
):
    # The bell refreshes itself in the background (every minute, after a message). Its answer
    # can land between the decline's swap and its settle; the focus and the announcement
    # must still follow the decline. The settle is stretched so that the bell surely lands
    # inside that window, and the page records the order in which things happened.
    first = received(team, alice, "Bruno Bell", minutes_ago=5)
    received(team, alice, "Nina Next", minutes_ago=10)
    sign_in_as(page, live_server.url, alice)
    open_inbox(page, live_server.url, f"/inbox/?r={first.pk}")
    page.wait_for_function(
        f"document.activeElement.matches(\".request-row[data-id='{first.pk}']\")"
    )
    settled(page)  # the bell's first load is over
    page.evaluate(
        """() => {
          window.htmx.config.defaultSettleDelay = 3000;
          window.order = [];
          const bell = (event) => event.target.closest && event.target.closest("#reminder-bell");
          document.body.addEventListener("htmx:afterSwap", (event) => {
            if (bell(event)) { window.order.push("bell swapped"); }
            else if (event.detail.target.id === "inbox-body" && !window.order.length) {
              window.order.push("decline swapped");
              document.body.dispatchEvent(new Event("reminders-changed"));
            }
          });
          document.body.addEventListener("htmx:afterSettle", (event) => {
            if (!bell(event)) { window.order.push("decline settled"); }
          });
        }"""
    )
    page.keyboard.press("d")
    page.locator("#selected-name", has_text="Nina Next").wait_for()
    page.wait_for_function("window.order.includes('decline settled')", timeout=15000)
    order = page.evaluate("window.order")
    assert order.index("bell swapped") < order.index("decline settled"), order
    page.wait_for_function(
        "document.getElementById('announcer').textContent.includes('Now open: Nina Next')"
    )
    assert page.evaluate("document.activeElement.closest('.request-row').dataset.id") != str(
        first.pk
    )
    assert "Bruno Bell" in page.locator("#announcer").text_content()


def test_the_shortcut_help_takes_the_focus_and_gives_it_back(live_server, page, alice, team):
    found = received(team, alice, "Hugo Help", minutes_ago=5)
    sign_in_as(page, live_server.url, alice)
    open_inbox(page, live_server.url, f"/inbox/?r={found.pk}")
    row = f".request-row[data-id='{found.pk}']"
    page.wait_for_function(f'document.activeElement.matches("{row}")')
    page.keyboard.press("?")
    page.wait_for_function("document.activeElement.closest('#shortcuts') !== null")
    page.keyboard.press("Escape")
    page.get_by_role("dialog", name="Keyboard shortcuts").wait_for(state="hidden")
    page.wait_for_function(f'document.activeElement.matches("{row}")')
    # Opened with its button, it gives the focus back to the button.
    button = page.get_by_role("button", name="Keyboard shortcuts")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.closest('#shortcuts') !== null")
    page.keyboard.press("Escape")
    page.wait_for_function("document.activeElement.getAttribute('aria-label') !== null")
    assert page.evaluate("document.activeElement.dataset.bsTarget") == "#shortcuts"


def test_opening_the_composer_puts_the_focus_on_the_message(live_server, page, alice, team):
    found = received(team, alice, "Claire Compose", minutes_ago=5)
    sign_in_as(page, live_server.url, alice)
    open_inbox(page, live_server.url, f"/inbox/?r={found.pk}")
    page.keyboard.press("c")
    page.locator("#composer-text").wait_for()
    page.wait_for_function("document.activeElement.id === 'composer-text'")
    # Letters typed there are text, not shortcuts.
    page.keyboard.type(" merci")
    assert " merci" in page.locator("#composer-text").input_value()
    found.refresh_from_db()
    assert found.state == "new"
    # Changing the phrase keeps the focus on the choice of phrase, swapped with the composer.
    page.locator("#composer-intent").focus()
    page.locator("#composer-intent").select_option("ask_purpose")
    settled(page)
    page.wait_for_function("document.activeElement.id === 'composer-intent'")
    # Esc goes back to the list, where m marks the message as sent.
    page.locator("#composer-text").focus()
    page.keyboard.press("Escape")
    page.wait_for_function("document.activeElement.classList.contains('request-row')")
    page.keyboard.press("m")
    page.locator("#undo-bar", has_text="Claire Compose").wait_for()
    found.refresh_from_db()
    assert found.state == "asked"


def test_a_refused_quick_add_shows_each_error_at_its_field_and_focuses_it(
    live_server, page, alice, team
):
    received(team, alice, "Rita Row", minutes_ago=5)
    sign_in_as(page, live_server.url, alice)
    open_inbox(page, live_server.url)
    page.get_by_role("button", name="Add a request").click()
    page.get_by_label("Profile URL").fill("https://example.com/not-a-network")
    page.get_by_label("Name shown").fill("Somebody")
    page.get_by_label("Name shown").press("Enter")
    page.wait_for_function("document.activeElement.id === 'qa-address'")
    address = page.locator("#qa-address")
    assert address.get_attribute("aria-invalid") == "true"
    described = address.get_attribute("aria-describedby")
    assert "not on a network we know" in page.locator(f"#{described}").inner_text()
    # What was typed is still there, and the list did not take the focus.
    assert page.locator("#qa-sender_name").input_value() == "Somebody"
    assert not ConnectionRequest.objects.filter(sender_name="Somebody").exists()


def test_after_a_page_with_errors_the_focus_is_on_them(live_server, page, alice, team):
    sign_in_as(page, live_server.url, alice)
    page.goto(f"{live_server.url}/contacts/new/")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the contact").click()
    # A contact needs a name: the error above the form is an alert, and it has the focus.
    page.wait_for_function("document.activeElement.matches('[data-error-summary]')")
    assert "at least a given name" in page.evaluate("document.activeElement.textContent")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    # A field in error: the focus is on it, and it names its message.
    page.goto(f"{live_server.url}/teams/new/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_function("document.activeElement.getAttribute('aria-invalid') === 'true'")
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert page.locator(f"#{described.split()[-1]}").inner_text().strip()
    # Renaming a category to nothing: the focus is on that name, which names its error.
    page.goto(f"{live_server.url}/categories/")
    name = page.locator("main table input[name=name]").first
    name.fill("")
    with page.expect_navigation():
        name.press("Enter")
    page.wait_for_function("document.activeElement.getAttribute('aria-invalid') === 'true'")
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert page.locator(f"#{described}").inner_text().strip()
    # A wrong password: the error above the form is an alert, and it has the focus.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill("not her password")
    with page.expect_navigation():
        page.get_by_label("Password").press("Enter")
    page.wait_for_function("document.activeElement.matches('[data-error-summary]')")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"


FOCUS_RING = """
(element) => {
  const style = getComputedStyle(element);
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          colour: style.outlineColor};
}
"""


def luminance(colour: str) -> float:
    channels = [int(part) / 255 for part in colour[colour.index("(") + 1 : -1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_focus_rings_are_solid_and_reach_3_to_1(live_server, page, alice, team):
    received(team, alice, "Fiona Focus", minutes_ago=5)
    sign_in_as(page, live_server.url, alice)
    open_inbox(page, live_server.url)
    page.get_by_role("button", name="Add a request").click()
    page.locator("#quick-add.show").wait_for()
    targets = {
        "a nav link": "nav a.nav-link",
        "a text box": "#inbox-q",
        "a select": "#inbox-network",
        "a checkbox": "#inbox-message",
        "an outline button": "nav .btn-outline-secondary",
        "a primary button": "#quick-add-form button[type=submit]",
    }
    for name, selector in targets.items():
        element = page.locator(selector).first
        element.focus()
        # Focus from the keyboard, as a person tabbing would (focus-visible).
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert element.evaluate("(e) => e === document.activeElement"), name
        ring = element.evaluate(FOCUS_RING)
        assert ring["style"] == "solid", name
        assert ring["width"] >= 2, name
        for background in ("rgb(255, 255, 255)", "rgb(248, 249, 250)"):
            assert contrast(ring["colour"], background) >= 3, (name, ring, background)
