""" "Don't remind me about this one", from the request in the inbox."""

import pytest
from django.urls import reverse

from replies.reminders.models import Reminder, ReminderMute

pytestmark = pytest.mark.django_db


def live(asked):
    return Reminder.objects.filter(connection_request=asked, state="pending").count()


def test_mute_then_remind_me_again(login, alice, team, asked):
    client = login(alice)
    url = reverse("reminder_mute", args=[asked.pk])
    response = client.post(url, {"mute": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Remind me again" in response.content.decode()
    assert live(asked) == 0
    client.post(url, {"mute": "0"})
    assert live(asked) == 3
    assert not ReminderMute.objects.exists()


def test_mute_is_a_post(login, alice, asked):
    assert login(alice).get(reverse("reminder_mute", args=[asked.pk])).status_code == 405


def test_a_member_mutes_only_for_themself(login, alice, bob, team, asked):
    login(bob).post(reverse("reminder_mute", args=[asked.pk]))
    assert live(asked) == 3  # alice asked: her reminders stay
    assert ReminderMute.objects.get().user == bob


def test_an_outsider_gets_404(login, mallory, asked):
    assert login(mallory).post(reverse("reminder_mute", args=[asked.pk])).status_code == 404
    assert live(asked) == 3
