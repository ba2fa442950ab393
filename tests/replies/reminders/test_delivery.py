"""Delivering a claimed reminder: one email (text and HTML, the member's language), one
notification, one delivery record, however often the task runs."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone

from network.inbox.services import connection_request_decide
from replies.models import Phrase
from replies.reminders.delivery import read_stop_token, reminders_deliver, stop_token
from replies.reminders.models import Delivery, Notification, Reminder, ReminderSettings
from replies.reminders.services import reminders_sweep
from tests.replies.reminders.conftest import ask

pytestmark = pytest.mark.django_db


def claimed(connection_request, kind="first") -> Reminder:
    Reminder.objects.filter(connection_request=connection_request, kind=kind).update(
        due_at=timezone.now() - timedelta(minutes=1)
    )
    reminders_sweep(enqueue=lambda singles, digests: None)  # on_commit: not in this test
    reminders = Reminder.objects.filter(connection_request=connection_request, kind=kind)
    return reminders.get(state="sending")


def test_a_reminder_is_delivered_once_however_often_the_task_runs(alice, team, asked):
    reminder = claimed(asked)
    assert reminders_deliver([reminder.pk]) == 1
    assert reminders_deliver([reminder.pk]) == 0
    assert len(mail.outbox) == 1
    assert Delivery.objects.filter(reminder=reminder).count() == 1
    assert Notification.objects.filter(reminder=reminder, user=alice).count() == 1
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == ("sent", 1)


def test_the_email_has_text_and_html_and_links_to_the_follow_up_and_the_stop_link(
    alice, team, asked
):
    reminder = claimed(asked)
    reminders_deliver([reminder.pk])
    email = mail.outbox[0]
    assert email.to == ["alice@example.org"]
    assert "Still no answer from Marie Lefebvre" in email.subject
    html, kind = email.alternatives[0]
    assert kind == "text/html"
    follow_up = Phrase.objects.get(
        team=team, owner__isnull=True, intent="follow_up", language="fr"
    )  # the question was asked in French
    link = f"/inbox/?r={asked.pk}&compose=follow_up&phrase={follow_up.pk}"
    assert link in email.body and link.replace("&", "&amp;") in html
    token = email.body.split("/reminders/stop/")[1].split("/")[0]
    assert read_stop_token(token) == (alice.pk, asked.pk)
    assert f"/reminders/stop/{token}/" in html
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_email_speaks_the_members_language(alice, team, asked):
    alice.language = "fr"
    alice.save()
    reminders_deliver([claimed(asked).pk])
    assert "Toujours pas de réponse de Marie Lefebvre" in mail.outbox[0].subject


def test_a_reminder_whose_request_was_answered_meanwhile_is_not_sent(alice, team, asked):
    reminder = claimed(asked)
    connection_request_decide(connection_request=asked, action="reply", actor=alice)
    assert reminders_deliver([reminder.pk]) == 0
    assert mail.outbox == []
    reminder.refresh_from_db()
    assert reminder.state == "cancelled"


def test_in_app_only_sends_no_email(alice, team):
    ReminderSettings.objects.create(team=team, user=alice, channel="app")
    asked = ask(team, alice)
    reminders_deliver([claimed(asked).pk])
    assert mail.outbox == []
    assert Notification.objects.filter(user=alice).count() == 1


def test_a_digest_is_one_email_for_several_requests(alice, team):
    ReminderSettings.objects.create(team=team, user=alice, cadence="digest", channel="email")
    ask(team, alice, "One Person", "one"), ask(team, alice, "Two Person", "two")
    Reminder.objects.filter(kind="first").update(due_at=timezone.now() - timedelta(minutes=1))
    assert reminders_sweep(enqueue=lambda singles, digests: None) == 2
    claimed_ids = list(Reminder.objects.filter(state="sending").values_list("pk", flat=True))
    assert reminders_deliver(claimed_ids) == 2
    assert len(mail.outbox) == 1
    assert "2 clarifications still unanswered" in mail.outbox[0].subject
    assert "One Person" in mail.outbox[0].body and "Two Person" in mail.outbox[0].body
    assert Delivery.objects.count() == 2


def test_a_failing_mail_server_rolls_back_and_counts_the_attempt(alice, team, asked, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    reminder = claimed(asked)
    with pytest.raises(OSError):
        reminders_deliver([reminder.pk])
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == ("sending", 1)
    assert not Delivery.objects.exists() and not Notification.objects.exists()


def test_the_stop_token_is_signed_and_expires(alice, asked, settings):
    token = stop_token(alice.pk, asked.pk)
    assert read_stop_token(token) == (alice.pk, asked.pk)
    with pytest.raises(signing.BadSignature):
        read_stop_token(token[:-2] + "xx")
    settings.SECRET_KEY = "another-key-entirely-another-key-entirely"
    with pytest.raises(signing.BadSignature):
        read_stop_token(token)
