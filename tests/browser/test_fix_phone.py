"""On a 390 px phone (issue 11, item 10): nothing widens the page, tapping a request brings
its detail into view, and a contact's About panel comes before the forms that add to it."""

import pytest
from django.utils import timezone

from network.contacts.services import contact_create
from network.models import ConnectionRequest
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PAGE_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="en-GB", viewport=PHONE, has_touch=True, is_mobile=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, live_server, then: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={then}")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}{then}")
    page.wait_for_load_state("load")


def in_viewport(page, selector: str) -> bool:
    """Whether the top of the element is on the screen (its first lines can be read)."""
    return page.locator(selector).evaluate(
        "el => { const box = el.getBoundingClientRect();"
        " return box.top >= 0 && box.top < window.innerHeight; }"
    )


def test_tapping_a_request_on_a_phone_shows_its_detail_without_widening_the_page(
    live_server, phone, alice, team
):
    now = timezone.now()
    for number in range(12):
        ConnectionRequest.objects.create(
            team=team,
            owner=alice,
            network="linkedin",
            sender_name=f"Person Number{number:02}",
            headline="Head of something rather long at a company with a long name",
            message="Hello, we met at the school fair." if number % 2 else "",
            received_at=now - timezone.timedelta(minutes=number),
        )
    log_in(phone, live_server, "/inbox/")
    assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"]

    phone.locator(".request-row", has_text="Person Number07").locator(".request-open").tap()
    phone.locator("#selected-name", has_text="Person Number07").wait_for()
    phone.wait_for_timeout(600)  # a smooth scroll takes a moment

    assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"]
    assert in_viewport(phone, "#selected-name")


def test_a_contact_page_on_a_phone_shows_about_first_and_fits(live_server, phone, alice, team):
    contact = contact_create(
        team=team,
        actor=alice,
        data={
            "given_name": "Hélène",
            "family_name": "Durand",
            "company": "Acme Distribution",
            "position": "Engineer",
            "city": "Lyon",
        },
    )
    log_in(phone, live_server, f"/contacts/{contact.pk}/")

    assert phone.evaluate(PAGE_WIDTH) <= PHONE["width"]
    assert in_viewport(phone, "#about-title")
    about = phone.locator("#about-title").bounding_box()
    first_form = phone.locator("#contact-body form").first.bounding_box()
    assert about["y"] < first_form["y"]
