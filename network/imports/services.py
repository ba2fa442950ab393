"""An import from upload to report, and the same run for the command line.

- ``import_job_create``: the uploaded file, sniffed, kept in private storage; its dry run is
  queued (a file of no known format is refused here, and nothing is kept).
- ``import_preview``: the dry run over the whole file: counts, rows refused, first rows.
- ``import_mapping_save``: a generic CSV's columns named (remembered per header row).
- ``import_confirm``: queue the real run. ``import_apply``: the real run, all or nothing.
- ``import_file``: a file on disk, dry or real, for the commands.

The runs themselves (``import_preview``, ``import_apply``, ``import_file``) live in ``runs``,
which the tasks call; they are named here too, for the views and the commands.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Team
from network.imports.models import ColumnMapping, ImportJob, header_signature
from network.imports.records import FileRefused
from network.imports.runs import (
    WrongKind,
    describe,
    import_apply,
    import_file,
    import_preview,
    imports_fail_stale,
    remembered,
    sniff,
)
from network.imports.tasks import apply_import, preview_import

__all__ = [
    "WrongKind",
    "import_apply",
    "imports_fail_stale",
    "import_confirm",
    "import_file",
    "import_job_create",
    "import_mapping_save",
    "import_preview",
]


def import_job_create(*, team: Team, actor, kind: str, upload, owner=None) -> ImportJob:
    """Keep the uploaded file (already streamed to a temporary file) and queue its dry run.
    Raises FileRefused, keeping nothing, for a file Netcurate cannot read."""
    path = Path(upload.temporary_file_path()) if hasattr(upload, "temporary_file_path") else None
    if path is None:
        raise FileRefused(gettext("The file did not arrive; please try again."))
    sniffed = sniff(path, upload.name, kind)
    with transaction.atomic():
        job = ImportJob(
            team=team,
            created_by=actor,
            owner=owner or (actor if kind == "requests" else None),
            kind=kind,
            token=uuid.uuid4().hex,
            original_name=Path(upload.name).name[:255],
            size=upload.size,
        )
        describe(job, sniffed)
        job.mapping = remembered(team, sniffed)
        job.file.save(job.token, File(upload), save=False)
        job.save()
        _queue_preview(job)
    return job


def _queue_preview(job: ImportJob) -> None:
    if job.needs_mapping:
        return  # the page asks for the columns first
    transaction.on_commit(lambda: preview_import.delay(job.pk), robust=True)


def import_mapping_save(*, job: ImportJob, mapping: dict[str, str]) -> bool:
    """The columns of a generic CSV named; remembered for the next file with these headers,
    and the dry run queued again. False (nothing saved) when the job has moved on meanwhile
    (confirmed, running, done): only a job waiting for its preview or its confirmation
    changes, checked in the same statement that changes it."""
    with transaction.atomic():
        waiting = (ImportJob.Status.UPLOADED, ImportJob.Status.PREVIEWED)
        saved = ImportJob.objects.filter(pk=job.pk, status__in=waiting).update(
            mapping=mapping, status=ImportJob.Status.UPLOADED, updated_at=timezone.now()
        )
        if not saved:
            return False
        job.mapping, job.status = mapping, ImportJob.Status.UPLOADED
        ColumnMapping.objects.update_or_create(
            team=job.team,
            signature=header_signature(job.headers),
            defaults={"headers": job.headers, "mapping": mapping},
        )
        _queue_preview(job)
    return True


def import_confirm(*, job: ImportJob, actor) -> bool:
    """Queue the real run once; False when the job is not waiting for a confirmation."""
    with transaction.atomic():
        queued = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEWED).update(
            status=ImportJob.Status.QUEUED, updated_at=timezone.now()
        )
        if queued:
            transaction.on_commit(lambda: apply_import.delay(job.pk), robust=True)
    return bool(queued)
