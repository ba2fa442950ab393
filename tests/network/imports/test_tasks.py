"""The import's tasks, run by a real worker on Redis: the dry run, then the real run."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from network.imports.models import ImportJob
from network.imports.tasks import apply_import, preview_import
from network.models import Contact
from tests.network.imports.jobs import uploaded_job
from tests.workers import celery_client, start_worker, stop_worker, worker_database_url


@pytest.mark.django_db
def test_the_tasks_are_idempotent_and_leave_a_job_in_another_state(alice, team):
    job = uploaded_job(team, alice)
    assert preview_import(job.pk) == "previewed"
    assert preview_import(job.pk) == "previewed"
    assert apply_import(job.pk) == "previewed"  # not confirmed: nothing runs
    assert Contact.objects.count() == 0
    ImportJob.objects.filter(pk=job.pk).update(status="queued")
    assert apply_import(job.pk) == "done"
    assert apply_import(job.pk) == "done"
    assert Contact.objects.count() == 2
    assert preview_import(987654) == "gone"
    assert apply_import(987654) == "gone"


@pytest.mark.django_db
def test_a_redelivered_task_takes_over_an_import_whose_worker_died(alice, team, settings):
    """The claim committed, then the worker died: the run's transaction rolled back and the
    job says "running". Within the limit a redelivered task leaves it; past it, it runs."""
    settings.IMPORT_RUN_LIMIT_MINUTES = 60
    job = uploaded_job(team, alice)
    preview_import(job.pk)
    claimed_at = timezone.now() - timedelta(minutes=59)
    ImportJob.objects.filter(pk=job.pk).update(status="running", started_at=claimed_at)
    assert apply_import(job.pk) == "running"
    assert Contact.objects.count() == 0
    ImportJob.objects.filter(pk=job.pk).update(started_at=claimed_at - timedelta(minutes=2))
    assert apply_import(job.pk) == "done"
    assert Contact.objects.count() == 2
    assert ImportJob.objects.get(pk=job.pk).started_at > claimed_at


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_previews_then_imports(redis_service, alice, team):
    job = uploaded_job(team, alice)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = start_worker(
        {
            "REDIS_URL": redis_service,
            "DATABASE_URL": worker_database_url(),
            "VAR_DIR": str(settings.VAR_DIR),  # the same private folder for uploaded files
        },
        queue,
    )
    client = celery_client(redis_service)
    try:
        try:
            previewed = client.send_task(preview_import.name, args=[job.pk], queue=queue)
            assert previewed.get(timeout=60) == "previewed"
            job.refresh_from_db()
            assert job.counts["new"] == 2
            assert Contact.objects.count() == 0
            ImportJob.objects.filter(pk=job.pk).update(status="queued")
            applied = client.send_task(apply_import.name, args=[job.pk], queue=queue)
            status = applied.get(timeout=60)
        except Exception:
            pytest.fail(f"no answer from the worker; its output:\n{stop_worker(worker)}")
    finally:
        output = stop_worker(worker)
    assert status == "done", output
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert job.finished_at is not None
    assert sorted(Contact.objects.filter(team=team).values_list("family_name", flat=True)) == [
        "Caradec",
        "Wrobel",
    ]
