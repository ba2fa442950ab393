"""An import from upload to report, and the same run for the command line.

- ``import_job_create``: the uploaded file, sniffed, kept in private storage; its dry run is
  queued (a file of no known format is refused here, and nothing is kept).
- ``import_preview``: the dry run over the whole file: counts, rows refused, first rows.
- ``import_mapping_save``: a generic CSV's columns named (remembered per header row).
- ``import_confirm``: queue the real run. ``import_apply``: the real run, all or nothing.
- ``import_file``: a file on disk, dry or real, for the commands.
- ``import_cancel``: stop an import (nothing it read is kept).
- ``import_match_resolve``: a match to review said to be the same person (merged) or not.

The runs themselves (``import_preview``, ``import_apply``, ``import_file``) live in ``runs``,
which the tasks call; they are named here too, for the views and the commands.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Team
from network.contacts.services import MERGEABLE, contact_merge
from network.imports.models import (
    ColumnMapping,
    ImportJob,
    ImportMatch,
    cancel_key,
    header_signature,
)
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
from network.models import Contact

__all__ = [
    "WrongKind",
    "import_apply",
    "import_cancel",
    "import_match_resolve",
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


WAITING = (ImportJob.Status.UPLOADED, ImportJob.Status.PREVIEWED, ImportJob.Status.QUEUED)


def _cancel_now(job: ImportJob, statuses) -> bool:
    now = timezone.now()
    cancelled = ImportJob.objects.filter(pk=job.pk, status__in=statuses).update(
        status=ImportJob.Status.CANCELLED, finished_at=now, updated_at=now
    )
    if cancelled:
        job.status = ImportJob.Status.CANCELLED
        job.drop_file()
    return bool(cancelled)


def import_cancel(*, job: ImportJob) -> str:
    """Stop an import; nothing of its file is kept. Returns "cancelled" (done now: it was
    waiting, or its worker is gone), "stopping" (its run rolls back at its next batch) or
    "" (it is over already)."""
    status = ImportJob.objects.filter(pk=job.pk).values_list("status", flat=True).first()
    if status in WAITING:
        # Only then a write: on SQLite a running import holds the one write lock.
        with transaction.atomic():
            if _cancel_now(job, WAITING):
                return "cancelled"
        status = ImportJob.objects.filter(pk=job.pk).values_list("status", flat=True).first()
    if status != ImportJob.Status.RUNNING:
        return ""
    # Asked first, so that a run holding the row sees it at its next batch: on the row (a
    # run holds it by a key-share lock, which this write does not wait for), and in the
    # cache for SQLite, where a run holds the one write lock.
    cache.set(cancel_key(job.pk), True, settings.IMPORT_RUN_LIMIT_MINUTES * 60 + 300)
    if connection.vendor == "postgresql":
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
            cancel_requested_at=timezone.now()
        )
        # A running import's row is locked by its run; free, no run holds it (its worker is
        # gone, or has claimed and not begun: it then finds the job cancelled and stops).
        try:
            with transaction.atomic():
                free = ImportJob.objects.select_for_update(nowait=True).filter(pk=job.pk)
                if free.exists() and _cancel_now(job, [ImportJob.Status.RUNNING]):
                    return "cancelled"
        except DatabaseError:
            pass
    return "stopping"


def import_match_resolve(*, match: ImportMatch, actor, into: Contact | None) -> bool:
    """Say what a row to review is: the same person as ``into`` (the contact the row became
    is merged into it, filling only what ``into`` lacks) or, without ``into``, another
    person. False when it was decided already or the row's contact is gone; MergeConflict
    when one of the two was just merged or deleted by someone else."""
    with transaction.atomic():
        found = ImportMatch.objects.select_for_update(of=("self",)).filter(
            pk=match.pk, decision=ImportMatch.Decision.OPEN
        )
        match = found.select_related("contact").first()
        if match is None:
            return False
        if into is not None:
            new = match.contact
            if new is None or new.team_id != into.team_id:
                return False
            choices = {
                field: "loser" if not getattr(into, field) and getattr(new, field) else "survivor"
                for field in MERGEABLE
            }
            contact_merge(survivor=into, loser=new, actor=actor, choices=choices)
        match.decision = (
            ImportMatch.Decision.MERGED if into is not None else ImportMatch.Decision.DIFFERENT
        )
        match.decided_by, match.decided_at = actor, timezone.now()
        match.save(update_fields=["decision", "decided_by", "decided_at"])
    return True
