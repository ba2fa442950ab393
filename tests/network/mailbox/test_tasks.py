"""Beat's sweep and the poll task, run by a real Celery worker on Redis against a real IMAP
server: the sweep claims the due mailboxes and hands each to a poll on its own queue; a poll
task run again reads nothing twice."""

from __future__ import annotations

import time
import uuid

import pytest
from django.conf import settings

from network.mailbox.models import Mailbox
from network.mailbox.services import mailboxes_sweep
from network.mailbox.tasks import poll_mailbox, sweep_mailboxes
from network.models import ConnectionRequest
from tests.network.mailbox.conftest import NOTIFICATIONS, email, mailbox_for
from tests.workers import celery_client, start_worker, stop_worker, worker_database_url


def test_beat_sweeps_the_mailboxes_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-mailboxes"]
    assert entry["task"] == sweep_mailboxes.name
    assert entry["schedule"] <= 60


@pytest.mark.django_db
def test_the_sweep_claims_only_connected_mailboxes_that_are_due(
    team, alice, imap_server, django_capture_on_commit_callbacks
):
    due = mailbox_for(imap_server, team, alice)
    off = mailbox_for(imap_server, team, alice)
    Mailbox.objects.filter(pk=off.pk).update(state="disconnected")
    handed: list[int] = []

    with django_capture_on_commit_callbacks(execute=True):
        assert mailboxes_sweep(enqueue=handed.extend) == 1
    assert handed == [due.pk]  # handed over once the claim is committed
    due.refresh_from_db()
    assert due.next_poll_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert mailboxes_sweep(enqueue=handed.extend) == 0  # not due again before its interval
    assert handed == [due.pk]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_polls_the_due_mailboxes(redis_service, team, alice, imap_server, tmp_path):
    imap_server.append([email(name) for name in NOTIFICATIONS] + [email("other_personal.eml")])
    mailbox = mailbox_for(imap_server, team, alice)
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
        try:
            assert client.send_task(sweep_mailboxes.name, queue=queue).get(timeout=60) == 1
            deadline = time.monotonic() + 60
            mailbox.refresh_from_db()
            while mailbox.last_poll_at is None and time.monotonic() < deadline:
                time.sleep(0.2)
                mailbox.refresh_from_db()
            again = client.send_task(poll_mailbox.name, args=[mailbox.pk], queue=queue)
            second = again.get(timeout=60)
        except Exception:
            pytest.fail(f"no answer from the worker; its output:\n{stop_worker(worker)}")
    finally:
        output = stop_worker(worker)
    assert mailbox.last_poll_at is not None, output
    assert mailbox.last_counts == {
        "new": len(NOTIFICATIONS), "duplicate": 0, "other": 1, "unreadable": 0
    }, output  # fmt: skip
    assert second == {
        "counts": {"new": 0, "duplicate": 0, "other": 0, "unreadable": 0},
        "error": {},
    }
    assert ConnectionRequest.objects.filter(team=team).count() == len(NOTIFICATIONS)
    assert imap_server.password not in output
