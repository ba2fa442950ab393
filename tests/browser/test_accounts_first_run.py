"""In a real Chromium: sign up, confirm, get signed in, name yourself, reach the inbox."""

import re

import pytest
from django.core import mail

from accounts.models import User
from tests.accounts.helpers import celery_in_process
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _celery_in_process():
    """The confirmation email is sent by the real task, run in the live server's thread."""
    with celery_in_process():
        yield


def test_sign_up_confirm_welcome_then_inbox(live_server, page):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Email").fill("dora@example.org")
    page.get_by_placeholder("Password", exact=True).fill(PASSWORD)
    page.get_by_placeholder("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(f"{live_server.url}/accounts/confirm-email/")

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url(f"{live_server.url}/welcome/")
    assert page.get_by_role("link", name="Add your first request").is_visible()
    assert page.get_by_role("link", name="Add a contact").is_visible()
    page.get_by_label("Your name").fill("Dora Newcomer")
    page.get_by_role("combobox", name="Language").select_option("fr")
    page.get_by_role("button", name="Save and start").click()
    page.wait_for_url(f"{live_server.url}/inbox/")
    assert page.locator("html").get_attribute("lang") == "fr"

    page.goto(f"{live_server.url}/")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    dora = User.objects.get(email="dora@example.org")
    assert (dora.display_name, dora.language) == ("Dora Newcomer", "fr")
