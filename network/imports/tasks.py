"""Imports run by workers: thin wrappers taking the import's id, queued once the upload or
the confirmation commits. Each is idempotent: a job not in the state it expects is left."""

from __future__ import annotations

from celery import shared_task

from network.imports.models import ImportJob
from network.imports.runs import import_apply, import_preview


@shared_task(name="network.preview_import")
def preview_import(job_id: int) -> str:
    """The dry run of an uploaded file; returns the job's status afterwards."""
    job = ImportJob.objects.select_related("team", "created_by", "owner").filter(pk=job_id).first()
    if job is None:
        return "gone"
    return import_preview(job).status


@shared_task(name="network.apply_import")
def apply_import(job_id: int) -> str:
    """The real run of a confirmed import, all or nothing; returns its status afterwards."""
    job = import_apply(job_id)
    return job.status if job is not None else "gone"
