"""Reminders follow the request: planned when a clarification is sent, cancelled when it leaves
"clarification asked" (in the same transaction), resumed by an undo, moved by settings, muted."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone

from network.inbox.reversal import connection_request_undo
from network.inbox.services import connection_request_decide
from replies.reminders.models import Reminder, ReminderMute, ReminderSettings
from replies.reminders.services import (
    reminder_settings_save,
    reminders_mute,
    reminders_unmute,
)
from replies.services import reply_record
from tests.replies.reminders.conftest import ask

pytestmark = pytest.mark.django_db


def planned(connection_request):
    return dict(
        Reminder.objects.filter(connection_request=connection_request, state="pending").values_list(
            "kind", "due_at"
        )
    )


def test_marking_a_clarification_as_sent_plans_two_reminders_and_a_proposal(alice, team):
    before = timezone.now()
    asked = ask(team, alice)
    reminders = planned(asked)
    assert set(reminders) == {"first", "second", "decide"}
    assert reminders["first"] - before >= timedelta(days=7) - timedelta(hours=1)
    assert reminders["first"] < reminders["second"] < reminders["decide"]
    assert Reminder.objects.filter(connection_request=asked).first().user == alice


def test_a_reply_recorded_cancels_the_planned_reminders(alice, team, asked):
    reply_record(connection_request=asked, actor=alice, text="On s'est vus au salon.")
    assert planned(asked) == {}
    assert set(Reminder.objects.values_list("cancel_reason", flat=True)) == {"reply"}


@pytest.mark.parametrize("action", ["reply", "archive"])
def test_leaving_asked_cancels_them(alice, team, asked, action):
    connection_request_decide(connection_request=asked, action=action, actor=alice)
    assert planned(asked) == {}


def test_cancelling_happens_in_the_transaction_of_the_change(alice, team, asked):
    with pytest.raises(RuntimeError), transaction.atomic():
        connection_request_decide(connection_request=asked, action="archive", actor=alice)
        assert planned(asked) == {}
        raise RuntimeError("the change is rolled back")
    assert set(planned(asked)) == {"first", "second", "decide"}


def test_undoing_the_reply_brings_the_reminders_back_as_planned(alice, team, asked):
    first_due = planned(asked)["first"]
    connection_request_decide(connection_request=asked, action="reply", actor=alice)
    assert planned(asked) == {}
    connection_request_undo(connection_request=asked, actor=alice)  # back to "asked"
    assert planned(asked)["first"] == first_due  # from when it was asked, not from now


def test_undoing_the_ask_reopens_the_request_and_cancels_its_reminders(alice, team):
    asked = ask(team, alice)
    connection_request_undo(connection_request=asked, actor=alice)
    asked.refresh_from_db()
    assert asked.state == "new"
    assert planned(asked) == {}


def test_my_settings_move_my_planned_reminders(alice, team, asked):
    asked_at = Reminder.objects.filter(connection_request=asked).first().asked_at
    prefs = ReminderSettings(
        team=team, user=alice, first_after_days=3, second_after_days=5, decide_after_days=9
    )
    assert reminder_settings_save(prefs) == 3
    reminders = planned(asked)
    assert reminders["first"].date() == (asked_at + timedelta(days=3)).date()
    assert reminders["decide"].date() == (asked_at + timedelta(days=9)).date()


def test_the_team_default_moves_the_reminders_of_members_without_their_own(alice, bob, team):
    mine = ask(team, alice, "Alice's", "alices")
    his = ask(team, bob, "Bob's", "bobs")
    ReminderSettings.objects.create(team=team, user=bob, first_after_days=2, second_after_days=4)
    his_before = planned(his)
    default = ReminderSettings(team=team, first_after_days=1, second_after_days=2)
    reminder_settings_save(default)
    assert planned(mine)["first"] < planned(his)["first"] == his_before["first"]


def test_a_digest_member_gets_reminders_at_the_digest_hour(alice, team):
    alice.timezone = "America/New_York"
    alice.save()
    ReminderSettings.objects.create(team=team, user=alice, cadence="digest", digest_hour=7)
    asked = ask(team, alice)
    first = Reminder.objects.get(connection_request=asked, kind="first", state="pending")
    local = timezone.localtime(first.due_at, timezone=ZoneInfo("America/New_York"))
    assert (local.hour, local.minute, first.digest) == (7, 0, True)
    decide = Reminder.objects.get(connection_request=asked, kind="decide", state="pending")
    assert decide.digest is False  # a proposal shows in the inbox from its day


def test_dont_remind_me_about_this_one_cancels_and_keeps_it_quiet(alice, team, asked):
    assert reminders_mute(connection_request=asked, user=alice)
    assert planned(asked) == {}
    assert ReminderMute.objects.filter(user=alice, connection_request=asked).exists()
    assert reminders_unmute(connection_request=asked, user=alice)
    assert set(planned(asked)) == {"first", "second", "decide"}


def test_a_muted_request_asked_again_plans_nothing(alice, team, asked):
    reminders_mute(connection_request=asked, user=alice)
    connection_request_undo(connection_request=asked, actor=alice)  # back to new
    asked.refresh_from_db()
    connection_request_decide(connection_request=asked, action="ask", actor=alice)
    assert planned(asked) == {}


def test_delays_must_be_in_order(team, alice):
    from django.core.exceptions import ValidationError

    prefs = ReminderSettings(team=team, user=alice, first_after_days=7, second_after_days=7)
    with pytest.raises(ValidationError):
        prefs.full_clean()
