"""The email's stop link: signed, expiring, one click, no login."""

import pytest
from django.core import signing
from django.urls import reverse

from replies.reminders.delivery import STOP_SALT, stop_token
from replies.reminders.models import Reminder, ReminderMute

pytestmark = pytest.mark.django_db


def live(asked):
    return Reminder.objects.filter(connection_request=asked, state="pending").count()


def test_one_click_without_login_stops_the_reminders(client, alice, asked):
    response = client.get(reverse("reminder_stop", args=[stop_token(alice.pk, asked.pk)]))
    assert response.status_code == 200
    assert "No more reminders about this request" in response.content.decode()
    assert live(asked) == 0
    assert ReminderMute.objects.filter(user=alice, connection_request=asked).exists()


def test_the_mail_clients_one_click_post_works_too(client, alice, asked):
    url = reverse("reminder_stop", args=[stop_token(alice.pk, asked.pk)])
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert live(asked) == 0


def test_undo_from_the_page_turns_them_back_on(client, alice, asked):
    url = reverse("reminder_stop", args=[stop_token(alice.pk, asked.pk)])
    client.get(url)
    response = client.post(url, {"resume": "1"})
    assert "Reminders are back on" in response.content.decode()
    assert live(asked) == 3


def test_a_tampered_link_changes_nothing(client, alice, bob, asked):
    token = stop_token(alice.pk, asked.pk)
    forged = stop_token(bob.pk, asked.pk).split(":")[0] + token[token.index(":") :]
    assert client.get(reverse("reminder_stop", args=[forged])).status_code == 404
    assert client.get(reverse("reminder_stop", args=["x" * 400])).status_code == 404
    assert live(asked) == 3


def test_an_expired_link_says_so(client, alice, asked, monkeypatch):
    signer = signing.TimestampSigner(salt=STOP_SALT)
    monkeypatch.setattr("time.time", lambda: 1_000_000_000)  # signed long ago
    token = signer.sign_object({"u": alice.pk, "r": asked.pk})
    monkeypatch.undo()
    response = client.get(reverse("reminder_stop", args=[token]))
    assert response.status_code == 410
    assert live(asked) == 3
