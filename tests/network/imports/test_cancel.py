"""Cancelling an import: one waiting (reading, preview, queued) is cancelled at once; a
running one is asked to stop, and its run, which looks between batches, rolls back the
batches it had written: nothing from the file is kept. Tried in process and with a real
worker on Redis."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from network.imports import runs
from network.imports.models import ImportJob, cancel_key
from network.imports.services import import_apply, import_cancel
from network.imports.tasks import apply_import
from network.models import (
    Contact,
    ContactAlias,
    ContactChange,
    ContactEmail,
    ContactKey,
    NetworkProfile,
)
from tests.network.imports.jobs import previewed_job
from tests.workers import celery_client, start_worker, stop_worker, worker_database_url

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
# Three batches: a cancel seen after the first has rows of the file written, then undone.
LARGE = HEADER + "".join(
    f"Person{index},Family{index},https://www.linkedin.com/in/p-{index},p{index}@example.org,"
    f"Firm {index % 40},Role,27 Jun 2026\n"
    for index in range(2500)
)


def everything() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Contact,
            ContactAlias,
            ContactEmail,
            NetworkProfile,
            ContactKey,
            ContactChange,
        )
    }


def queued(team, alice, text: str = LARGE) -> ImportJob:
    job = previewed_job(team, alice, text)
    assert job.status == "previewed", job.failure
    ImportJob.objects.filter(pk=job.pk).update(status="queued")
    job.refresh_from_db()
    return job


def ask_to_stop(job: ImportJob) -> None:
    """What ``import_cancel`` does for an import whose run holds its row: the request
    travels through the cache the web server and the workers share."""
    cache.set(cancel_key(job.pk), True, 600)


@pytest.mark.django_db
def test_cancelling_a_previewed_import_cancels_it_at_once(
    login, alice, team, django_capture_on_commit_callbacks
):
    job = previewed_job(team, alice)
    stored = Path(job.file.path)
    page = login(alice).get(reverse("import_detail", args=[job.pk])).content.decode()
    assert f'formaction="{reverse("import_cancel", args=[job.pk])}"' in page
    with django_capture_on_commit_callbacks(execute=True):  # the file goes on commit
        response = login(alice).post(reverse("import_cancel", args=[job.pk]), follow=True)
    content = response.content.decode()
    assert "Import cancelled: nothing from the file was written." in content
    assert "This import was cancelled" in content
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert job.finished_at is not None
    assert not job.file.name
    assert not stored.exists()
    assert apply_import(job.pk) == "cancelled"  # a late confirmation runs nothing
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_cancelling_a_queued_import_leaves_nothing_for_the_worker(alice, team):
    job = queued(team, alice, HEADER + "Ana,Lima,https://www.linkedin.com/in/ana,,,,1 Jan 2024\n")
    assert import_cancel(job=job) == "cancelled"
    before = everything()
    assert apply_import(job.pk) == "cancelled"
    assert everything() == before


@pytest.mark.django_db
def test_the_progress_view_offers_cancel_outside_the_polled_fragment(login, alice, team):
    """The button keeps its keyboard focus: the fragment polled every second holds none."""
    job = queued(team, alice)
    client = login(alice)
    page = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert 'id="import-cancel"' in page
    assert "cancelling leaves your data exactly as it was before the import" in page
    fragment = client.get(reverse("import_progress", args=[job.pk])).content.decode()
    assert "import-cancel" not in fragment


@pytest.mark.django_db(transaction=True)
def test_a_run_asked_to_stop_rolls_back_the_batches_it_wrote(alice, team):
    job = queued(team, alice)
    stored = Path(job.file.path)
    before = everything()
    ask_to_stop(job)
    job = import_apply(job.pk)
    assert job.status == "cancelled"
    assert job.finished_at is not None
    assert everything() == before
    assert not stored.exists()
    assert cache.get(cancel_key(job.pk)) is None
    assert apply_import(job.pk) == "cancelled"  # a redelivered task runs nothing


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="PostgreSQL sees that no run holds the row"
)
def test_cancelling_a_running_import_asks_its_run_to_stop(login, alice, team):
    job = queued(team, alice)
    ImportJob.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now())
    client = login(alice)
    response = client.post(reverse("import_cancel", args=[job.pk]), follow=True)
    content = response.content.decode()
    assert "Stopping the import" in content
    assert "Stopping…" in content
    assert 'id="import-cancel"' not in content  # asked once
    job.refresh_from_db()
    assert job.status == "running"  # until its run sees it
    assert cache.get(cancel_key(job.pk))


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_running_import_no_run_holds_is_cancelled_at_once(alice, team):
    """Its worker is gone (or has claimed it and not begun: it then finds it cancelled)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only")
    job = queued(team, alice)
    ImportJob.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now())
    assert import_cancel(job=job) == "cancelled"
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert import_apply(job.pk).status == "cancelled"


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_cancel_is_kept_on_the_row_its_run_holds(alice, team, monkeypatch):
    """The request is written on the job's row at once, though its run holds the row; the
    run sees it at its next batch when the cache has forgotten it (the file cache evicts)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only")
    job = queued(team, alice)
    before = everything()
    first_batch, resume = threading.Event(), threading.Event()
    stop_if_cancelled = runs._stop_if_cancelled

    def pausing(running: ImportJob) -> None:
        if not first_batch.is_set():
            first_batch.set()
            assert resume.wait(60)
        stop_if_cancelled(running)

    monkeypatch.setattr(runs, "_stop_if_cancelled", pausing)
    outcome = {}

    def in_a_thread(name, call):
        def target():
            try:
                outcome[name] = call()
            finally:
                connection.close()

        thread = threading.Thread(target=target)
        thread.start()
        return thread

    worker = in_a_thread("job", lambda: import_apply(job.pk))
    try:
        assert first_batch.wait(60)
        asking = in_a_thread("answer", lambda: import_cancel(job=job))
        asking.join(15)
        assert not asking.is_alive()  # the run's lock does not hold the request back
        assert outcome["answer"] == "stopping"
        assert ImportJob.objects.get(pk=job.pk).cancel_requested_at is not None
        cache.delete(cancel_key(job.pk))
    finally:
        resume.set()
        worker.join(120)
    assert outcome["job"].status == "cancelled"
    assert everything() == before


@pytest.mark.django_db
def test_an_import_that_is_over_cannot_be_cancelled(login, alice, team):
    job = previewed_job(team, alice)
    ImportJob.objects.filter(pk=job.pk).update(status="done")
    response = login(alice).post(reverse("import_cancel", args=[job.pk]), follow=True)
    assert "This import is over" in response.content.decode()
    job.refresh_from_db()
    assert job.status == "done"


@pytest.mark.django_db
def test_a_cancelled_import_speaks_french(login, alice, team):
    job = previewed_job(team, alice)
    import_cancel(job=job)
    alice.language = "fr"
    alice.save(update_fields=["language"])
    page = (
        login(alice)
        .get(reverse("import_detail", args=[job.pk]), headers={"accept-language": "fr"})
        .content.decode()
    )
    assert "Cet import a été annulé : rien du fichier n’a été écrit." in page


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_stops_between_batches_and_keeps_nothing(redis_service, alice, team):
    job = queued(team, alice)
    before = everything()
    ask_to_stop(job)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = start_worker(
        {
            "REDIS_URL": redis_service,
            "DATABASE_URL": worker_database_url(),
            "VAR_DIR": str(settings.VAR_DIR),  # the same private folder and cache
        },
        queue,
    )
    client = celery_client(redis_service)
    try:
        try:
            status = client.send_task(apply_import.name, args=[job.pk], queue=queue).get(
                timeout=120
            )
        except Exception:
            pytest.fail(f"no answer from the worker; its output:\n{stop_worker(worker)}")
    finally:
        output = stop_worker(worker)
    assert status == "cancelled", output
    assert "was cancelled: this run wrote nothing" in output
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert not job.file.name
    assert everything() == before
