"""Every email leaves from a Celery task: the web request never waits for the mail server.

Invitations: the task issues the link and sends it in one transaction, so a mail server that
fails never leaves the old link dead with no new one sent. allauth's messages are rendered in
the request and sent by a task. Both retry with back-off while the server fails.
"""

import json
import re
import smtplib
import socket
import time
import uuid

import pytest
from celery.signals import task_prerun
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse

from accounts.models import Invitation, Team
from accounts.tasks import send_invitation
from config.celery import app
from tests.accounts.helpers import SITE_URL
from tests.conftest import PASSWORD
from tests.workers import start_worker, stop_worker, worker_database_url

pytestmark = pytest.mark.django_db

FLAKY = "tests.accounts.test_email_tasks.FlakyBackend"
LINK = re.compile(r"https://netcurate\.example/invitations/([^/\s]+)/")


class FlakyBackend(LocmemBackend):
    """A mail server that refuses the first ``failures`` messages, then delivers (to locmem)."""

    failures = 0
    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).attempts <= type(self).failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    """``flaky(n)``: the mail server fails n times from now on (-1: forever)."""

    def configure(failures: int) -> type[FlakyBackend]:
        settings.EMAIL_BACKEND = FLAKY
        FlakyBackend.attempts = 0
        FlakyBackend.failures = 10**6 if failures < 0 else failures
        return FlakyBackend

    return configure


@pytest.fixture
def retries():
    """In-process tasks retry (at once) rather than raise; the last failure stays in the result.

    As in a worker: whatever the task does, nothing of it is raised into the web request.
    """
    app.conf.task_eager_propagates = False  # the autouse fixture restores it


def tokens_in(message) -> list[str]:
    return LINK.findall(message.body)


def invitation_for(team, alice, email="dora@example.org") -> tuple[Invitation, str]:
    return Invitation.create(team=team, email=email, role="member", invited_by=alice)


# The request only queues


def test_the_request_queues_the_invitation_and_never_talks_to_the_mail_server(
    login, alice, team, flaky, django_capture_on_commit_callbacks
):
    server = flaky(-1)
    invitation, old_token = invitation_for(team, alice)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = login(alice).post(
            reverse("invitation_resend", args=[invitation.pk]), follow=True
        )
    assert response.status_code == 200
    assert (
        "A fresh link to dora@example.org is on its way; the current one works until then."
        in response.content.decode()
    )
    assert len(queued) == 1  # the task, published once the transaction commits
    assert server.attempts == 0
    assert Invitation.objects.by_token(old_token).get() == invitation


def test_the_task_takes_ids_and_strings_only(login, alice, team, committed):
    started = []

    def record(sender, kwargs, **_signal):
        started.append((sender.name, kwargs))

    task_prerun.connect(record)
    try:
        with committed():
            login(alice).post(
                reverse("invitation_create"), {"email": "dora@example.org", "role": "member"}
            )
    finally:
        task_prerun.disconnect(record)
    invitation = team.invitations.get()
    ((name, arguments),) = started
    assert name == "accounts.send_invitation"
    assert set(arguments) == {"invitation_id", "token_hash", "sender_id", "language"}
    assert arguments["invitation_id"] == invitation.pk
    assert arguments["sender_id"] == alice.pk
    assert arguments["language"] == "en"
    # The hash it was queued with, replaced by the link the task issued and sent.
    assert arguments["token_hash"] != invitation.token_hash
    (token,) = tokens_in(mail.outbox[0])
    assert token not in json.dumps(arguments)  # the broker never carries a usable link


# Failures and retries


def test_resend_survives_a_failing_mail_server_and_the_link_leaves_on_a_retry(
    login, alice, team, committed, flaky, retries
):
    server = flaky(2)
    invitation, old_token = invitation_for(team, alice)
    with committed():
        response = login(alice).post(reverse("invitation_resend", args=[invitation.pk]))
    assert response.status_code == 302
    assert server.attempts == 3  # two refusals, then the retry got through
    (message,) = mail.outbox
    (new_token,) = tokens_in(message)
    assert Invitation.objects.by_token(new_token).get().status == "pending"
    assert not Invitation.objects.by_token(old_token).exists()


def test_while_the_mail_server_fails_the_old_link_keeps_working(
    login, alice, team, committed, flaky, retries
):
    server = flaky(-1)
    invitation, old_token = invitation_for(team, alice)
    sent_at = invitation.sent_at
    with committed():
        response = login(alice).post(reverse("invitation_resend", args=[invitation.pk]))
    assert response.status_code == 302
    assert server.attempts == 1 + send_invitation.max_retries
    assert mail.outbox == []
    invitation.refresh_from_db()
    assert Invitation.objects.by_token(old_token).get() == invitation
    assert (invitation.status, invitation.sent_at) == ("pending", sent_at)


def test_a_new_invitation_is_created_even_when_the_mail_server_is_down(
    login, alice, team, committed, flaky, retries
):
    flaky(-1)
    with committed():
        response = login(alice).post(
            reverse("invitation_create"), {"email": "dora@example.org", "role": "member"}
        )
    assert response.status_code == 302
    assert team.invitations.get().status == "pending"  # "send again" is there for later


def test_retries_back_off_exponentially_within_the_broker_visibility_timeout():
    from celery.utils.time import get_exponential_backoff_interval

    delays = [
        get_exponential_backoff_interval(
            factor=send_invitation.retry_backoff,
            retries=retries,
            maximum=send_invitation.retry_backoff_max,
            full_jitter=False,
        )
        for retries in range(send_invitation.max_retries)
    ]
    assert delays[:4] == [30, 60, 120, 240]
    assert max(delays) < 3600  # Redis would hand a longer-waiting retry to a second worker
    assert sum(delays) > 4 * 3600  # hours of an outage are ridden out
    assert smtplib.SMTPException in send_invitation.autoretry_for
    assert OSError in send_invitation.autoretry_for


def test_two_clicks_on_send_again_send_one_link(login, alice, team, committed):
    invitation, _token = invitation_for(team, alice)
    client = login(alice)
    with committed():
        client.post(reverse("invitation_resend", args=[invitation.pk]))
        client.post(reverse("invitation_resend", args=[invitation.pk]))
    (message,) = mail.outbox
    (token,) = tokens_in(message)
    assert Invitation.objects.by_token(token).get() == invitation


def test_a_task_delivered_twice_sends_once(alice, team):
    invitation, _token = invitation_for(team, alice)
    arguments = {
        "invitation_id": invitation.pk,
        "token_hash": invitation.token_hash,
        "sender_id": alice.pk,
        "language": "en",
    }
    assert send_invitation.apply(kwargs=arguments).get() is True
    assert send_invitation.apply(kwargs=arguments).get() is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count("https://netcurate.example/invitations/") == 1


def test_a_revoked_invitation_is_not_sent_by_a_late_task(alice, team):
    invitation, _token = invitation_for(team, alice)
    token_hash = invitation.token_hash
    invitation.revoke()
    result = send_invitation.apply(
        kwargs={
            "invitation_id": invitation.pk,
            "token_hash": token_hash,
            "sender_id": None,
            "language": "en",
        }
    )
    assert result.get() is False
    assert mail.outbox == []


# allauth's emails


def test_sign_up_confirmation_is_sent_by_the_task_and_retried(client, committed, flaky, retries):
    server = flaky(1)
    with committed():
        response = client.post(
            reverse("account_signup"),
            {"email": "dora@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.status_code == 302
    assert server.attempts == 2
    (message,) = mail.outbox
    assert message.to == ["dora@example.org"]
    assert message.subject.startswith("[Netcurate] ")
    assert "/accounts/confirm-email/" in message.body


def test_password_reset_request_answers_while_the_mail_server_is_down(
    client, committed, flaky, retries, alice
):
    server = flaky(-1)
    with committed():
        response = client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    assert response.status_code == 302
    assert server.attempts > 1
    assert mail.outbox == []


def test_allauth_messages_are_queued_not_sent_in_the_request(
    client, flaky, django_capture_on_commit_callbacks
):
    server = flaky(-1)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(
            reverse("account_signup"),
            {"email": "dora@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert len(queued) == 1
    assert server.attempts == 0


# Names in subjects


def test_a_line_break_in_an_old_team_name_never_reaches_the_subject(login, alice, team, committed):
    # Saved before names were checked: the queryset skips validation, as old rows did.
    Team.objects.filter(pk=team.pk).update(name="Evil\r\nBcc: victim@example.net")
    with committed():
        login(alice).post(
            reverse("invitation_create"), {"email": "dora@example.org", "role": "member"}
        )
    (message,) = mail.outbox
    assert message.subject == "Join Evil Bcc: victim@example.net on Netcurate"
    assert message.recipients() == ["dora@example.org"]
    assert message.message()["Bcc"] is None


# A real worker on Redis


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(condition, worker, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline or worker.poll() is not None:
            pytest.fail(f"the worker did not get there; its output:\n{stop_worker(worker)}")
        time.sleep(0.2)


def _forget_queue(queue: str) -> None:
    with app.connection_for_write() as connection:
        connection.default_channel.queue_delete(queue)


@pytest.fixture
def worker_queue(redis_service, monkeypatch):
    """A queue of its own for this test's worker; the web side publishes there, for real."""
    app.conf.task_always_eager = False  # the autouse fixture restores it
    queue = f"test-{uuid.uuid4().hex[:8]}"
    task = app.tasks[send_invitation.name]
    monkeypatch.setattr(task, "queue", queue, raising=False)
    monkeypatch.setattr(task, "_exec_options", None)
    yield queue
    _forget_queue(queue)


def _worker(queue: str, redis_service: str, tmp_path, **environment: str):
    return start_worker(
        {
            "REDIS_URL": redis_service,
            "DATABASE_URL": worker_database_url(),
            "VAR_DIR": str(tmp_path),
            "EMAIL_HOST": "",
            "SITE_URL": SITE_URL,
            **environment,
        },
        queue,
    )


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_sends_the_invitation(
    login, alice, team, redis_service, worker_queue, tmp_path
):
    worker = _worker(worker_queue, redis_service, tmp_path)
    try:
        response = login(alice).post(
            reverse("invitation_create"), {"email": "dora@example.org", "role": "member"}
        )
        assert response.status_code == 302
        invitation = team.invitations.get()
        created_hash = invitation.token_hash
        _wait_for(
            lambda: Invitation.objects.get(pk=invitation.pk).token_hash != created_hash, worker
        )
    finally:
        output = stop_worker(worker)
    assert "accounts.send_invitation" in output
    assert " succeeded in " in output, output
    assert "To: dora@example.org" in output  # printed by the worker's console mail backend
    (token,) = set(LINK.findall(output))
    assert Invitation.objects.by_token(token).get().status == "pending"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_retries_while_the_mail_server_refuses_and_the_link_survives(
    login, alice, team, redis_service, worker_queue, tmp_path
):
    invitation, old_token = invitation_for(team, alice)
    worker = _worker(
        worker_queue,
        redis_service,
        tmp_path,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(_free_port()),  # nothing listens: connection refused
        EMAIL_USE_TLS="false",
    )
    try:
        response = login(alice).post(reverse("invitation_resend", args=[invitation.pk]))
        assert response.status_code == 302
        log = []

        def retried() -> bool:
            line = worker.stdout.readline()
            log.append(line)
            return "Retry in" in line

        _wait_for(retried, worker)
    finally:
        output = "".join(log) + stop_worker(worker)
    assert "ConnectionRefusedError" in output
    assert Invitation.objects.by_token(old_token).get().status == "pending"
