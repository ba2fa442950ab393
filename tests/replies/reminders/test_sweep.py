"""The sweep claims due reminders once: SKIP LOCKED between overlapping sweeps, stuck rows
reclaimed after the timeout, tasks enqueued only once the claim is committed."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from replies.dev.reminders import fill_reminders
from replies.reminders.models import Reminder
from replies.reminders.services import reminders_sweep
from tests.conftest import make_user
from tests.replies.reminders.conftest import ask


class Recorder:
    def __init__(self):
        self.singles, self.digests = [], []
        self.lock = threading.Lock()

    def __call__(self, singles, digests):
        with self.lock:
            self.singles.extend(singles)
            self.digests.extend(digests.values())


def make_due(connection_request, kind="first"):
    Reminder.objects.filter(connection_request=connection_request, kind=kind).update(
        due_at=timezone.now() - timedelta(minutes=1)
    )


@pytest.mark.django_db(transaction=True)
def test_due_reminders_are_claimed_once_and_enqueued_after_commit(alice, team):
    asked = ask(team, alice)
    make_due(asked)
    sent = Recorder()
    assert reminders_sweep(enqueue=sent) == 1
    first = Reminder.objects.get(connection_request=asked, kind="first")
    assert sent.singles == [first.pk]
    assert (first.state, first.claimed_at is not None) == ("sending", True)
    assert reminders_sweep(enqueue=sent) == 0  # claimed already: not again
    assert sent.singles == [first.pk]


@pytest.mark.django_db(transaction=True)
def test_nothing_is_enqueued_when_the_claim_rolls_back(alice, team):
    from django.db import transaction

    asked = ask(team, alice)
    make_due(asked)
    sent = Recorder()
    with pytest.raises(RuntimeError), transaction.atomic():
        reminders_sweep(enqueue=sent)
        raise RuntimeError
    assert sent.singles == []
    assert Reminder.objects.get(connection_request=asked, kind="first").state == "pending"


@pytest.mark.django_db(transaction=True)
def test_a_stuck_sending_reminder_is_claimed_again_after_the_timeout(alice, team):
    asked = ask(team, alice)
    make_due(asked)
    reminders_sweep(enqueue=Recorder())
    later = Recorder()
    timeout = timedelta(minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES)
    assert reminders_sweep(now=timezone.now() + timeout / 2, enqueue=later) == 0
    assert reminders_sweep(now=timezone.now() + timeout * 2, enqueue=later) == 1
    assert len(later.singles) == 1


@pytest.mark.django_db(transaction=True)
def test_a_digest_member_gets_one_task_for_all_their_due_reminders(alice, team):
    from replies.reminders.models import ReminderSettings

    ReminderSettings.objects.create(team=team, user=alice, cadence="digest")
    one, two = ask(team, alice, "One", "one"), ask(team, alice, "Two", "two")
    make_due(one), make_due(two)
    sent = Recorder()
    assert reminders_sweep(enqueue=sent) == 2
    assert sent.singles == [] and len(sent.digests) == 1 and len(sent.digests[0]) == 2


def _many_due(team, alice, count: int) -> None:
    connection_requests = [ask(team, alice, f"Person {index}", f"p-{index}") for index in range(2)]
    Reminder.objects.all().delete()
    members = [alice.pk] + [
        make_user(f"member{index}@example.org", f"Member {index}").pk
        for index in range(count // 6 + 1)
    ]
    fill_reminders(team, members, [cr.pk for cr in connection_requests], count)
    Reminder.objects.update(due_at=timezone.now() - timedelta(minutes=1))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_over_500_due_reminders_enqueue_500_not_1000(alice, team):
    if connection.vendor != "postgresql":
        pytest.skip("row locking needs PostgreSQL (set DATABASE_URL)")
    _many_due(team, alice, 500)
    sent = Recorder()
    start = threading.Barrier(2)
    counts = []

    def sweep():
        try:
            start.wait()
            counts.append(reminders_sweep(enqueue=sent))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 500
    assert len(sent.singles) == 500 == len(set(sent.singles))


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_one_after_the_other_over_500_due_reminders_claim_each_once(alice, team):
    """On SQLite (no row locks) what can be checked: a second sweep finds nothing left."""
    _many_due(team, alice, 500)
    sent = Recorder()
    assert reminders_sweep(enqueue=sent) + reminders_sweep(enqueue=sent) == 500
    assert len(sent.singles) == 500 == len(set(sent.singles))
