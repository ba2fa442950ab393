"""Retention: declined and archived requests, and the messages tied to them, are erased once
their team's period has run (90 days unless changed), counted to the day from the moment
they were declined or archived; beat runs the sweep, a real worker on Redis executes it."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from network.inbox.services import connection_request_decide
from network.models import ConnectionRequest, ErasureRecord, PrivacySettings, RequestEvent
from network.privacy.selectors import retention_forecast
from network.privacy.services import retention_sweep, retention_sweep_all
from replies.models import Intent, OutgoingMessage
from replies.services import message_send
from tests.network.inbox.helpers import received
from tests.workers import celery_client, start_worker, stop_worker, worker_database_url


def closed(team, alice, name, *, days_ago, action="decline", ask=False):
    """A request declined (or archived) ``days_ago`` days ago, to the second."""
    found = received(team, alice, name, minutes_ago=days_ago * 24 * 60 + 60)
    if ask:
        message_send(connection_request=found, actor=alice, text="Who?", intent=Intent.ASK_PURPOSE)
        found.refresh_from_db()
    connection_request_decide(connection_request=found, action=action, actor=alice)
    RequestEvent.objects.filter(connection_request=found, action=action).update(
        at=timezone.now() - timedelta(days=days_ago)
    )
    return found


def _left(team) -> set[str]:
    return set(ConnectionRequest.objects.filter(team=team).values_list("sender_name", flat=True))


@pytest.mark.django_db
def test_the_period_is_counted_to_the_day(team, alice):
    closed(team, alice, "Day 89", days_ago=89)
    closed(team, alice, "Day 90", days_ago=90, ask=True)
    closed(team, alice, "Day 91", days_ago=91, action="archive")
    received(team, alice, "Still new", minutes_ago=200 * 24 * 60)
    record = retention_sweep(team)
    assert _left(team) == {"Day 89", "Still new"}
    assert not OutgoingMessage.objects.exists()  # the question asked of "Day 90" went too
    assert record.reason == "retention" and record.actor is None
    assert record.counts["network.ConnectionRequest"] == 2
    assert record.counts["replies.OutgoingMessage"] == 1


@pytest.mark.django_db
def test_a_team_chooses_its_own_period(team, alice, mallory):
    PrivacySettings.objects.create(team=team, retention_days=30)
    closed(team, alice, "Day 29", days_ago=29)
    closed(team, alice, "Day 30", days_ago=30)
    other = mallory.last_team
    closed(other, mallory, "Mallory's day 60", days_ago=60)
    assert retention_sweep_all() == 1
    assert _left(team) == {"Day 29"}
    assert _left(other) == {"Mallory's day 60"}


@pytest.mark.django_db
def test_a_reopened_request_is_kept_and_a_second_sweep_finds_nothing(team, alice):
    found = closed(team, alice, "Reopened", days_ago=120)
    connection_request_decide(connection_request=found, action="reopen", actor=alice)
    assert retention_sweep(team) is None
    assert _left(team) == {"Reopened"}
    assert not ErasureRecord.objects.exists()


@pytest.mark.django_db
def test_the_forecast_says_how_many_go_and_when(team, alice):
    closed(team, alice, "Due", days_ago=95)
    closed(team, alice, "In three days", days_ago=87)
    closed(team, alice, "Later", days_ago=10)
    now = timezone.now()
    figures = retention_forecast(team, now)
    assert (figures["due"], figures["soon"], figures["days"]) == (1, 2, 90)
    assert figures["next_at"] == now  # one is already due: the next sweep takes it
    retention_sweep(team, now=now)
    figures = retention_forecast(team, now)
    assert (figures["due"], figures["soon"]) == (0, 1)
    expected = now + timedelta(days=3)
    assert abs((figures["next_at"] - expected).total_seconds()) < 60


@pytest.mark.django_db
def test_the_dashboard_says_how_many_will_go(team, alice, login):
    closed(team, alice, "In three days", days_ago=87)
    content = login(alice).get(reverse("dashboard")).content.decode()
    assert 'id="retention"' in content
    assert "1 declined or archived request will be erased in the next 7 days" in content


@pytest.mark.django_db
def test_managers_set_the_period(team, alice, bob, login):
    assert login(bob).post(reverse("privacy_settings"), {"retention_days": 30}).status_code == 403
    response = login(alice).post(
        reverse("privacy_settings"), {"retention_days": 30, "review_months": 3}
    )
    assert response["Location"] == reverse("dashboard")
    assert PrivacySettings.objects.get(team=team).retention_days == 30
    bad = login(alice).post(reverse("privacy_settings"), {"retention_days": 0, "review_months": 3})
    assert bad.status_code == 422
    assert PrivacySettings.objects.get(team=team).retention_days == 30


def test_beat_runs_the_sweep_every_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-retention"]
    assert entry["task"] == "network.sweep_retention"
    assert entry["schedule"] <= 3600


@pytest.mark.django_db(transaction=True)
def test_a_worker_on_redis_runs_the_sweep(redis_service, team, alice, tmp_path):
    closed(team, alice, "Day 91", days_ago=91)
    closed(team, alice, "Day 10", days_ago=10)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = start_worker(
        {
            "REDIS_URL": redis_service,
            "DATABASE_URL": worker_database_url(),
            "VAR_DIR": str(tmp_path),
        },
        queue,
    )
    client = celery_client(redis_service)
    try:
        result = client.send_task("network.sweep_retention", queue=queue)
        try:
            assert result.get(timeout=60) == 1
        except Exception:
            pytest.fail(f"no answer from the worker; its output:\n{stop_worker(worker)}")
    finally:
        output = stop_worker(worker)
    assert "network.sweep_retention" in output
    assert _left(team) == {"Day 10"}


@pytest.mark.django_db
def test_a_phrase_no_longer_counts_the_messages_erased(team, alice):
    """Erasure deletes messages without the services that keep the phrases' counters."""
    from replies.models import Phrase

    phrase = Phrase.objects.filter(team=team, intent=Intent.ASK_PURPOSE).first()
    for name, days in (("Gone", 91), ("Kept", 10)):
        found = received(team, alice, name, minutes_ago=days * 24 * 60 + 60)
        message_send(
            connection_request=found,
            actor=alice,
            text="Who?",
            intent=Intent.ASK_PURPOSE,
            phrase=phrase,
        )
        connection_request_decide(connection_request=found, action="decline", actor=alice)
        RequestEvent.objects.filter(connection_request=found, action="decline").update(
            at=timezone.now() - timedelta(days=days)
        )
    phrase.refresh_from_db()
    assert phrase.used == 2
    retention_sweep(team)
    phrase.refresh_from_db()
    assert phrase.used == 1
