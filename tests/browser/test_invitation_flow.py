"""In a real Chromium: an owner invites, the invitee accepts through login, then switches team."""

import re

import pytest
from django.core import mail

from accounts.models import Membership, Team
from tests.accounts.helpers import celery_in_process
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _celery_in_process():
    """The invitation email is sent by the real task, run in the live server's thread."""
    with celery_in_process():
        yield


def log_in(page, base_url: str, email: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_invite_accept_and_switch_team(live_server, browser, settings, alice, team, mallory):
    settings.SITE_URL = live_server.url  # the link in the email leads back to this server
    owner = browser.new_context(locale="en-GB").new_page()
    owner.goto(f"{live_server.url}/accounts/login/?next=/team/")
    log_in(owner, live_server.url, "alice@example.org")
    owner.wait_for_url(f"{live_server.url}/team/")

    owner.get_by_label("Email address").fill("mallory@example.net")
    owner.get_by_label("Role").select_option("member")
    owner.get_by_role("button", name="Send invitation").click()
    toast = owner.locator(
        "#toasts .toast", has_text="Invitation to mallory@example.net is on its way."
    )
    toast.wait_for()
    assert owner.locator("#invitation-" + str(team.invitations.get().pk)).is_visible()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[0].body).group(0)

    invitee = browser.new_context(locale="en-GB").new_page()
    invitee.goto(link)
    assert invitee.get_by_role("heading", name="Join Alice & Co").is_visible()
    invitee.get_by_role("link", name="I already have an account").click()
    log_in(invitee, live_server.url, "mallory@example.net")
    invitee.wait_for_url(link)
    invitee.get_by_role("button", name="Accept and join").click()
    invitee.wait_for_url(f"{live_server.url}/team/")
    assert invitee.get_by_role("heading", name="Alice & Co").is_visible()
    invitee.locator("#toasts .toast", has_text="Welcome to Alice & Co.").wait_for()

    switcher = invitee.locator("#team-switcher")
    switcher.get_by_role("button", name=re.compile("Current team: Alice & Co")).click()
    switcher.get_by_role("button", name=re.compile("Mallory Ltd")).click()
    invitee.get_by_role("heading", name="Mallory Ltd").wait_for()

    mallory.refresh_from_db()
    assert mallory.last_team == Team.objects.get(name="Mallory Ltd")
    assert Membership.objects.get(user=mallory, team=team).role == "member"
