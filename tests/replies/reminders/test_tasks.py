"""The delivery tasks on a real Celery worker (Redis) sending to a real SMTP server that the
test starts on localhost (aiosmtpd): each due reminder arrives exactly once, whether the mail
server fails for a while or the worker is killed in the middle of a send.

The server counts a message once it answers 250 to it, as SMTP does: a message whose sender
vanished before that answer was never accepted.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import threading
import time
import uuid
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.utils import timezone

from replies.reminders.models import Delivery, Reminder
from replies.reminders.services import reminders_sweep
from replies.reminders.tasks import enqueue_deliveries, send_reminder, sweep_reminders
from tests.replies.reminders.conftest import ask
from tests.workers import start_worker, stop_worker, worker_database_url

pytestmark = pytest.mark.django_db(transaction=True)


class MailServer:
    """Accepts messages, after failing the first ``fail`` with a temporary error, or stalling
    on the first one until ``release`` is set (then refusing it: its sender is gone)."""

    def __init__(self, fail: int = 0, stall: bool = False) -> None:
        self.fail, self.stall = fail, stall
        self.attempts = 0
        self.accepted: list[str] = []
        self.stalled, self.release = threading.Event(), threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        self.attempts += 1
        if self.attempts <= self.fail:
            return "451 4.3.0 Try again later"
        if self.stall and self.attempts == 1:
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.4.2 Sender went away"
        self.accepted.append(envelope.content.decode("utf8", errors="replace"))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server():
    servers = []

    def start(**behaviour) -> tuple[MailServer, int]:
        handler = MailServer(**behaviour)
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append(controller)
        return handler, port

    yield start
    for controller in servers:
        controller.stop()


def worker_for(redis_url: str, port: int, tmp_path, queue: str):
    return start_worker(
        {
            "REDIS_URL": redis_url,
            "DATABASE_URL": worker_database_url(),
            "VAR_DIR": str(tmp_path),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "EMAIL_USE_TLS": "false",
        },
        queue,
    )


def wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def due_reminder(team, alice) -> Reminder:
    asked = ask(team, alice)
    Reminder.objects.filter(connection_request=asked, kind="first").update(
        due_at=timezone.now() - timedelta(minutes=1)
    )
    return Reminder.objects.get(connection_request=asked, kind="first")


def sweep_to(queue: str, now=None) -> int:
    """The production sweep, its tasks routed to this test's own queue."""
    return reminders_sweep(
        now=now, enqueue=lambda singles, digests: enqueue_deliveries(singles, digests, queue=queue)
    )


def test_beat_sweeps_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-reminders"]
    assert entry["task"] == sweep_reminders.name
    assert entry["schedule"] <= 60


def test_the_delivery_task_is_late_acked_and_rejected_when_its_worker_is_lost():
    assert send_reminder.acks_late and send_reminder.reject_on_worker_lost


def test_a_due_reminder_reaches_the_smtp_server_exactly_once(
    redis_service, mail_server, alice, team, tmp_path
):
    reminder = due_reminder(team, alice)
    server, port = mail_server()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = worker_for(redis_service, port, tmp_path, queue)
    try:
        assert sweep_to(queue) == 1
        arrived = wait_for(lambda: server.accepted)
        sweep_to(queue)  # a second sweep (a second beat) finds nothing to send
        time.sleep(2)
    finally:
        output = stop_worker(worker)
    assert arrived, output
    assert len(server.accepted) == 1, output
    assert "Still no answer from Marie Lefebvre" in server.accepted[0]
    assert Delivery.objects.filter(reminder=reminder).count() == 1
    reminder.refresh_from_db()
    assert reminder.state == "sent"


def test_a_task_that_fails_twice_on_smtp_then_succeeds_sends_one_email(
    redis_service, mail_server, alice, team, tmp_path
):
    reminder = due_reminder(team, alice)
    server, port = mail_server(fail=2)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = worker_for(redis_service, port, tmp_path, queue)
    try:
        sweep_to(queue)
        arrived = wait_for(lambda: server.accepted)  # retries after 2 s, then 4 s
        time.sleep(2)
    finally:
        output = stop_worker(worker)
    assert arrived, output
    assert (server.attempts, len(server.accepted)) == (3, 1), output
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == ("sent", 3)
    assert Delivery.objects.filter(reminder=reminder).count() == 1


def test_a_worker_killed_during_a_send_and_a_new_worker_deliver_once(
    redis_service, mail_server, alice, team, tmp_path
):
    reminder = due_reminder(team, alice)
    server, port = mail_server(stall=True)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    first = worker_for(redis_service, port, tmp_path, queue)
    try:
        sweep_to(queue)
        stalled = server.stalled.wait(60)
        first.send_signal(signal.SIGKILL)  # in the middle of the SMTP conversation
        first.wait(30)
    finally:
        output = stop_worker(first) if first.poll() is None else first.stdout.read()
    assert stalled, output
    server.release.set()
    reminder.refresh_from_db()
    assert reminder.state == "sending" and not Delivery.objects.exists()

    second = worker_for(redis_service, port, tmp_path, queue)
    try:
        # Later, the sweep finds the reminder stuck in "sending" and hands it out again.
        later = timezone.now() + timedelta(minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES + 1)
        assert sweep_to(queue, now=later) == 1
        arrived = wait_for(lambda: server.accepted)
        time.sleep(2)
    finally:
        output = stop_worker(second)
    assert arrived, output
    assert len(server.accepted) == 1, output
    assert Delivery.objects.filter(reminder=reminder).count() == 1


def test_many_due_reminders_are_handed_out_and_each_arrives_once(
    redis_service, mail_server, alice, team, tmp_path
):
    for index in range(25):  # more than a sweep publishes directly: through a hand-out task
        ask(team, alice, f"Person {index}", f"person-{index}")
    Reminder.objects.filter(kind="first").update(due_at=timezone.now() - timedelta(minutes=1))
    server, port = mail_server()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = worker_for(redis_service, port, tmp_path, queue)
    try:
        assert sweep_to(queue) == 25
        arrived = wait_for(lambda: len(server.accepted) >= 25, 120)
        time.sleep(2)
    finally:
        output = stop_worker(worker)
    assert arrived, output
    assert len(server.accepted) == 25 == Delivery.objects.count(), output
