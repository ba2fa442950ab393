"""Imports hold people's data: their file goes once they are over, the import itself after
``IMPORT_KEEP_DAYS``, and forgetting a person takes the imports that may hold them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from network.imports.models import ImportJob
from network.imports.runs import import_apply
from network.models import Contact, ErasureRecord
from network.privacy.services import imports_sweep_all, person_forget
from tests.network.imports.jobs import previewed_job
from tests.network.privacy.helpers import person

pytestmark = pytest.mark.django_db

OTHERS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Noémie,Kerbrat,https://www.linkedin.com/in/noemie-kerbrat,,Kerbrat & Fils,CFO,2 Feb 2024\n"
)


def run(job: ImportJob) -> ImportJob:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    return import_apply(job.pk)


def test_the_file_goes_once_the_import_is_done(team, alice, django_capture_on_commit_callbacks):
    job = previewed_job(team, alice, OTHERS)
    path = Path(job.file.path)
    assert path.exists()  # kept while the preview waits for a confirmation
    with django_capture_on_commit_callbacks(execute=True):
        done = run(job)
    assert done.status == ImportJob.Status.DONE and done.file.name == ""
    assert not path.exists()
    assert done.counts["new"] == 1  # the report stays


def test_a_failed_import_keeps_no_file(team, alice, django_capture_on_commit_callbacks):
    job = previewed_job(team, alice, OTHERS)
    path = Path(job.file.path)
    path.write_bytes(b"\x00\x01 not a file any more")
    with django_capture_on_commit_callbacks(execute=True):
        failed = run(job)
    assert failed.status == ImportJob.Status.FAILED and failed.file.name == ""
    assert not path.exists()


def test_forgetting_takes_waiting_uploads_and_leaves_imports_that_never_named_them(
    team, alice, bob, django_capture_on_commit_callbacks
):
    made = person(team, alice, bob)
    unrelated = run(previewed_job(team, alice, OTHERS))
    waiting = previewed_job(team, alice, OTHERS)  # not read here: it may name her
    path = Path(waiting.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        record = person_forget(contact=made["contact"], actor=alice)
    assert record.counts["network.ImportJob"] == 2  # hers, and the upload waiting
    assert list(ImportJob.objects.values_list("pk", flat=True)) == [unrelated.pk]
    assert not path.exists()


def test_the_contact_badge_is_right_right_after_a_forget(team, alice, bob, login):
    made = person(team, alice, bob)
    client = login(alice)
    before = client.get(reverse("contact_list")).context["total"]  # cached
    person_forget(contact=made["contact"], actor=alice)
    assert client.get(reverse("contact_list")).context["total"] == before - 1
    assert before - 1 == Contact.objects.filter(team=team, archived_at__isnull=True).count()


def test_imports_go_after_the_keeping_period(
    team, alice, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_KEEP_DAYS = 30
    old_done = run(previewed_job(team, alice, OTHERS))
    old_waiting = previewed_job(team, alice, OTHERS)
    path = Path(old_waiting.file.path)
    recent = previewed_job(team, alice, OTHERS)
    long_ago = timezone.now() - timedelta(days=31)
    ImportJob.objects.filter(pk__in=[old_done.pk, old_waiting.pk]).update(updated_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert imports_sweep_all() == 2
    assert list(ImportJob.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not path.exists() and Path(recent.file.path).exists()
    record = ErasureRecord.objects.get()
    assert (record.reason, record.counts) == ("retention", {"network.ImportJob": 2})
    assert imports_sweep_all() == 0  # idempotent


def test_the_persons_export_holds_only_their_rows_of_an_import(team, alice, bob):
    from network.privacy.selectors import person_held
    from tests.network.privacy.helpers import IMPORTED

    made = person(team, alice, bob)
    both = IMPORTED + OTHERS.split("\n", 1)[1]  # her row, then Noémie's
    run(previewed_job(team, alice, both))
    held = person_held(made["contact"])["held"]["network.ImportJob"]
    assert len(held) == 2
    text = str(held)
    assert "Quibbleworth" in text and "Kerbrat" not in text


def _left_running(job: ImportJob, minutes_ago: int) -> ImportJob:
    """As a worker that died mid-run leaves it: claimed, its transaction rolled back."""
    claimed_at = timezone.now() - timedelta(minutes=minutes_ago)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, started_at=claimed_at
    )
    return ImportJob.objects.get(pk=job.pk)


def test_the_sweep_fails_an_import_whose_worker_died_and_drops_its_file(
    team, alice, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_RUN_LIMIT_MINUTES = 60
    dead = _left_running(previewed_job(team, alice, OTHERS), minutes_ago=61)
    alive = _left_running(previewed_job(team, alice, OTHERS), minutes_ago=5)
    dead_path, alive_path = Path(dead.file.path), Path(alive.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        assert imports_sweep_all() == 0  # failed now, erased after the keeping period
    dead.refresh_from_db()
    assert dead.status == ImportJob.Status.FAILED and dead.file.name == ""
    assert "stopped without finishing" in dead.failure and "60 minutes" in dead.failure
    assert not dead_path.exists()
    assert ImportJob.objects.get(pk=alive.pk).status == ImportJob.Status.RUNNING
    assert alive_path.exists()
    assert import_apply(dead.pk).status == ImportJob.Status.FAILED  # not run again
    settings.IMPORT_KEEP_DAYS = 1
    with django_capture_on_commit_callbacks(execute=True):
        assert imports_sweep_all(now=timezone.now() + timedelta(days=2)) == 1
    # The other, stale by then, is failed by that sweep: it goes after its own keeping period.
    assert list(ImportJob.objects.values_list("pk", "status")) == [(alive.pk, "failed")]


def test_forgetting_takes_an_import_whose_worker_died_and_leaves_a_live_one(
    team, alice, bob, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_RUN_LIMIT_MINUTES = 60
    made = person(team, alice, bob)
    dead = _left_running(previewed_job(team, alice, OTHERS), minutes_ago=61)
    alive = _left_running(previewed_job(team, alice, OTHERS), minutes_ago=5)
    path = Path(dead.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        person_forget(contact=made["contact"], actor=alice)
    assert list(ImportJob.objects.values_list("pk", flat=True)) == [alive.pk]
    assert not path.exists()


def test_forgetting_takes_an_import_whose_rows_to_review_name_them(team, alice, bob):
    """Its report holds nothing of the person, but a row kept for review bears her name."""
    from network.imports.models import ImportMatch
    from tests.network.privacy.helpers import NAME

    made = person(team, alice, bob)
    reviewed = run(previewed_job(team, alice, OTHERS))
    ImportMatch.objects.create(job=reviewed, row=2, name=NAME, candidates=[])
    unrelated = run(previewed_job(team, alice, OTHERS))
    ImportMatch.objects.create(job=unrelated, row=2, name="Noémie Kerbrat", candidates=[])
    person_forget(contact=made["contact"], actor=alice)
    assert not ImportJob.objects.filter(pk=reviewed.pk).exists()
    assert ImportJob.objects.filter(pk=unrelated.pk).exists()
    assert not ImportMatch.objects.filter(name=NAME).exists()
