"""Snoozed requests come back by themselves: the beat task, run by a real worker on Redis."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from network.inbox.services import (
    connection_request_decide,
    connection_request_receive,
    wake_due_requests,
)
from network.inbox.tasks import wake_snoozed_requests
from network.models import ConnectionRequest
from tests.workers import run_on_worker


def snoozed(team, owner, name: str, until) -> ConnectionRequest:
    found = connection_request_receive(team=team, owner=owner, sender_name=name, network="linkedin")
    connection_request_decide(
        action="snooze",
        connection_request=found,
        actor=owner,
        until=timezone.now() + timedelta(hours=1),
    )
    ConnectionRequest.objects.filter(pk=found.pk).update(snoozed_until=until)
    return found


@pytest.mark.django_db
def test_only_requests_whose_time_has_come_wake_up(alice, team):
    now = timezone.now()
    due = snoozed(team, alice, "Due", now - timedelta(minutes=1))
    later = snoozed(team, alice, "Later", now + timedelta(days=1))
    assert wake_due_requests(now) == 1
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.state, due.snoozed_until) == ("new", None)
    assert later.state == "snoozed"
    assert due.events.first().action == "wake"
    assert wake_due_requests(now) == 0  # nothing is woken twice


def test_beat_runs_the_sweep_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["wake-snoozed-requests"]
    assert entry["task"] == wake_snoozed_requests.name
    assert entry["schedule"] <= 60


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_wakes_due_requests(redis_service, alice, team, tmp_path):
    due = snoozed(team, alice, "Due", timezone.now() - timedelta(minutes=5))
    woken, output = run_on_worker(redis_service, wake_snoozed_requests.name, tmp_path)
    assert woken == 1, output
    due.refresh_from_db()
    assert due.state == "new"
