"""In a real Chromium: the bell counts unread reminders and clears when they are read; the
email's stop link works without logging in, and can be undone."""

import pytest
from django.utils import timezone

from replies.reminders.delivery import stop_token
from replies.reminders.models import Notification, Reminder, ReminderMute
from tests.conftest import PASSWORD
from tests.replies.reminders.conftest import ask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_counts_unread_reminders_and_mark_read_clears_it(live_server, page, alice, team):
    asked = ask(team, alice)
    Notification.objects.create(
        team=team, user=alice, connection_request=asked, kind="first", asked_at=timezone.now()
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/inbox/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    count = page.locator("#reminder-bell #bell-count")
    count.wait_for()
    assert count.inner_text() == "1"

    page.locator("#reminder-bell").click()
    page.get_by_role("link", name="Still no answer from Marie Lefebvre").wait_for()
    page.get_by_role("button", name="Mark read").click()
    page.locator(f"[data-read='true']#notification-{Notification.objects.get().pk}").wait_for()
    count.wait_for(state="detached")  # the bell heard "reminders-changed" and refreshed
    assert Notification.objects.get().read_at is not None

    page.get_by_role("link", name="Still no answer from Marie Lefebvre").click()
    page.locator("#selected-name", has_text="Marie Lefebvre").wait_for()
    assert "waiting for an answer since" in page.locator("#detail").inner_text()


def test_the_stop_link_works_without_logging_in_and_can_be_undone(live_server, page, alice, team):
    asked = ask(team, alice)
    page.goto(f"{live_server.url}/reminders/stop/{stop_token(alice.pk, asked.pk)}/")
    page.get_by_role("heading", name="No more reminders about this request.").wait_for()
    assert ReminderMute.objects.filter(user=alice, connection_request=asked).exists()
    assert not Reminder.objects.filter(connection_request=asked, state="pending").exists()

    page.get_by_role("button", name="Undo: remind me again").click()
    page.get_by_role("heading", name="Reminders are back on.").wait_for()
    assert not ReminderMute.objects.exists()
    assert Reminder.objects.filter(connection_request=asked, state="pending").count() == 3
