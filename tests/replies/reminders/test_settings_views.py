"""Reminder settings: mine for every member, the team's default for owners and admins."""

import pytest
from django.urls import reverse

from replies.reminders.models import Reminder, ReminderSettings

pytestmark = pytest.mark.django_db

MINE = {
    "first_after_days": 3,
    "second_after_days": 6,
    "decide_after_days": 20,
    "channel": "app",
    "cadence": "digest",
    "digest_hour": 9,
}


def test_the_page_shows_the_defaults_and_my_time_zone(login, alice):
    response = login(alice).get(reverse("reminder_settings"))
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["first_after_days"].value(), form["second_after_days"].value()) == (7, 14)
    assert form["decide_after_days"].value() == 30
    assert "Europe/Paris" in response.content.decode()


def test_saving_my_settings_moves_my_planned_reminders(login, alice, team, asked):
    before = Reminder.objects.get(connection_request=asked, kind="first", state="pending").due_at
    response = login(alice).post(reverse("reminder_settings"), MINE)
    assert response.status_code == 302
    prefs = ReminderSettings.objects.get(team=team, user=alice)
    assert (prefs.first_after_days, prefs.channel, prefs.cadence) == (3, "app", "digest")
    after = Reminder.objects.get(connection_request=asked, kind="first", state="pending")
    assert after.due_at < before and after.digest


def test_delays_out_of_order_are_refused_with_422(login, alice):
    response = login(alice).post(reverse("reminder_settings"), {**MINE, "second_after_days": 2})
    assert response.status_code == 422
    assert not ReminderSettings.objects.exists()


@pytest.mark.parametrize("who,status", [("alice", 302), ("bob", 403), ("carol", 403)])
def test_only_owners_and_admins_set_the_team_default(request, login, who, status, team):
    data = {f"team-{key}": value for key, value in MINE.items()}
    response = login(request.getfixturevalue(who)).post(reverse("reminder_team_settings"), data)
    assert response.status_code == status
    assert ReminderSettings.objects.filter(team=team, user=None).exists() == (status == 302)


def test_the_team_default_is_a_post(login, alice):
    assert login(alice).get(reverse("reminder_team_settings")).status_code == 405


def test_an_outsiders_settings_never_touch_the_team(login, mallory, team):
    login(mallory).post(reverse("reminder_settings"), MINE)
    assert not ReminderSettings.objects.filter(team=team).exists()
