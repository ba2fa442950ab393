"""The runs themselves: what a file is (``sniff``), reading it and matching, counting or
writing every row (``run``), the dry run and the real run of an import job, and the command
line's ``import_file``. Tasks call ``import_preview`` and ``import_apply``; nothing here
queues a task.

All or nothing: the real run is one transaction; while it holds it, progress goes to the
cache (shared by the web server and the worker: Redis, or the file cache of ``make run``),
which the polling page reads.

Cancelling: a job not running yet is cancelled at once (``services.import_cancel``); a
running one is asked on its row (``cancel_requested_at``: the run holds the row by a
key-share lock, which lets others write its other columns, and takes it for update only at
its end) and through the cache (``cancel_key``: on SQLite the run holds the one write lock).
The run looks between batches: it raises ``Cancelled``, the transaction rolls back (nothing
of the file is kept, not even the batches already written), and the job is marked
cancelled.

A worker that dies mid-run leaves its job "running" (the claim commits before the run's
transaction, which the database rolls back). The simple rule: a claim older than
``IMPORT_RUN_LIMIT_MINUTES`` (one hour, the broker's visibility timeout) is stale. The task
the broker hands out again may claim a stale job anew, and the hourly sweep
(``imports_fail_stale``) marks one still stale as failed and drops its file. A run writes
only while its job is still running, checked under the team's lock before and after: a run
overtaken by the sweep, by another claim that finished first, or by an erasure rolls back.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Team
from network.contacts.tallies import compact_after_bulk_write
from network.imports import detect, formats
from network.imports.contacts_run import ContactRun, in_language
from network.imports.models import (
    ColumnMapping,
    ImportJob,
    cancel_key,
    header_signature,
    progress_key,
    stale_running,
)
from network.imports.records import FileRefused
from network.imports.requests_run import RequestRun, archive_connections
from network.imports.tally import Tally
from network.models import (
    ConnectionRequest,
    Contact,
    ContactAlias,
    ContactEmail,
    ContactPhone,
    ContactTag,
    NetworkProfile,
)

logger = logging.getLogger(__name__)

KINDS_OF_FORMAT = {"contacts": {"contacts", "both"}, "requests": {"requests", "both"}}


class WrongKind(FileRefused):
    """A file of contacts given as requests, or the other way round."""


class Cancelled(Exception):
    """Someone cancelled the running import: its transaction rolls back."""


class ClaimLost(Exception):
    """The job is no longer running (done by another claim, failed by the sweep, erased):
    this run writes nothing."""


def sniff(path: Path, filename: str, kind: str, fmt: str = "auto") -> detect.Sniffed:
    """What the file is; refused when it holds nothing of ``kind``."""
    sniffed = detect.sniff(path, filename)
    if fmt not in ("", "auto") and fmt != sniffed.format:
        sniffed = dataclasses.replace(sniffed, format=fmt, label=fmt)
    if sniffed.kind not in KINDS_OF_FORMAT[kind]:
        if kind == "contacts":
            message = gettext(
                "This file holds connection requests, not contacts: import it as requests."
            )
        else:
            message = gettext(
                "This file holds contacts, not connection requests: import it as contacts."
            )
        raise WrongKind(message)
    return sniffed


def run(
    path: Path,
    sniffed,
    *,
    kind: str,
    team: Team,
    actor,
    owner=None,
    mapping: dict | None = None,
    dry_run: bool,
    job_id: int | None = None,
    progress=None,
) -> Tally:
    """Read the file and match, count or write every row. Raises FileRefused (nothing
    written: the caller's transaction rolls back)."""
    if kind == "requests":
        connections = set()
        if sniffed.kind == "both":  # an archive: its Connections.csv says who is connected
            connections = archive_connections(formats.read(path, sniffed, mapping))
        runner = RequestRun(
            team=team,
            user=owner or actor,
            dry_run=dry_run,
            connections=connections,
            progress=progress,
            job_id=job_id,
        )
    else:
        runner = ContactRun(
            team=team, actor=actor, owner=owner, dry_run=dry_run, job_id=job_id, progress=progress
        )
    return runner.feed(formats.read(path, sniffed, mapping))


def import_file(
    path: Path,
    *,
    kind: str,
    team: Team,
    actor=None,
    owner=None,
    fmt: str = "auto",
    dry_run: bool = False,
) -> tuple[detect.Sniffed, Tally]:
    """The command line's import: sniff, then a dry run or one transaction."""
    sniffed = sniff(path, path.name, kind, fmt)
    mapping = remembered(team, sniffed)
    if sniffed.format == "csv" and not mapping:
        raise FileRefused(
            gettext("Say which column is what: import this CSV file from the web page first.")
        )
    if dry_run:
        return sniffed, run(path, sniffed, kind=kind, team=team, actor=actor, owner=owner,
                            mapping=mapping, dry_run=True)  # fmt: skip
    with transaction.atomic():
        Team.objects.select_for_update().filter(pk=team.pk).first()
        tally = run(path, sniffed, kind=kind, team=team, actor=actor, owner=owner,
                    mapping=mapping, dry_run=False)  # fmt: skip
    settle(tally, team.pk)
    return sniffed, tally


# After this many rows written, PostgreSQL's statistics are refreshed at once rather than by
# autovacuum a minute later: the next import's lookups (and the pages) are planned for the
# tables as they are (measured: a second import of 30,000 rows in 4 s instead of 14).
ANALYZE_FROM = 2000


def settle(tally: Tally, team_id: int) -> None:
    """After an import's transaction: the team's key tallies summed (the import added a row
    per batch and key, which every page's read would sum until the beat's compaction: at
    100,000 contacts, recognition took twice as long), and fresh statistics."""
    if tally.counts.get("new", 0) + tally.counts.get("updated", 0):
        compact_after_bulk_write(team_id, "an import")
    refresh_statistics(tally)


def refresh_statistics(tally: Tally) -> None:
    written = tally.counts.get("new", 0) + tally.counts.get("updated", 0)
    if connection.vendor != "postgresql" or written < ANALYZE_FROM or connection.in_atomic_block:
        return
    # The tables an import reads per batch (lookup keys and history are only ever read
    # through an index on one value).
    models = [ConnectionRequest] if tally.kind == "requests" else [
        Contact, ContactAlias, ContactEmail, ContactPhone, ContactTag, NetworkProfile
    ]  # fmt: skip
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
    except DatabaseError:  # not the tables' owner: autovacuum will do it
        logger.warning("Could not refresh the statistics after an import", exc_info=True)


def remembered(team: Team, sniffed) -> dict:
    if sniffed.format != "csv":
        return {}
    found = ColumnMapping.objects.filter(
        team=team, signature=header_signature(sniffed.headers)
    ).first()
    return found.mapping if found else {}


def describe(job: ImportJob, sniffed) -> None:
    job.format = sniffed.format
    job.format_label = str(sniffed.label)[:120]
    job.encoding = sniffed.encoding[:40]
    job.delimiter = (sniffed.delimiter or "")[:4]
    job.headers = [str(title)[:200] for title in sniffed.headers][:200]


def _sniffed(job: ImportJob):
    return sniff(Path(job.file.path), job.original_name, job.kind)


KEPT = ["counts", "errors", "report", "status", "progress_done", "progress_total", "updated_at"]


def _keep(job: ImportJob, tally: Tally, status: str) -> None:
    job.counts = tally.counts
    job.errors = tally.errors
    job.report = tally.report()
    job.status = status
    job.progress_done = tally.rows
    if status == ImportJob.Status.PREVIEWED:
        job.progress_total = tally.rows


UNFINISHED = [
    ImportJob.Status.UPLOADED,
    ImportJob.Status.PREVIEWED,
    ImportJob.Status.QUEUED,
    ImportJob.Status.RUNNING,
]


def _fail(job: ImportJob, reason: str) -> None:
    """A job cancelled meanwhile (its file gone under a dry run) stays cancelled."""
    ImportJob.objects.filter(pk=job.pk, status__in=UNFINISHED).update(
        status=ImportJob.Status.FAILED,
        failure=reason,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    job.drop_file()  # a failed import is not run again: its file has no use left
    cache.delete(progress_key(job.pk))


def _progress(job: ImportJob, total: int, *, cancellable: bool = False):
    """What a run calls after each batch: the figures for the page, and (for the real run)
    the moment to stop if someone cancelled."""

    def tell(done: int) -> None:
        cache.set(progress_key(job.pk), (done, max(total, done)), 3600)
        if cancellable:
            _stop_if_cancelled(job)

    return tell


def _stop_if_cancelled(job: ImportJob) -> None:
    asked = ImportJob.objects.filter(pk=job.pk, cancel_requested_at__isnull=False)
    if cache.get(cancel_key(job.pk)) or asked.exists():
        raise Cancelled


def _cancelled(job: ImportJob) -> None:
    """The run rolled back on a cancel: the job says so, and its file goes."""
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
        status=ImportJob.Status.CANCELLED, finished_at=now, updated_at=now
    )
    job.drop_file()
    cache.delete_many([progress_key(job.pk), cancel_key(job.pk)])


def import_preview(job: ImportJob) -> ImportJob:
    """The dry run: what confirming would do, kept on the job for the preview page. Its
    result is kept only if the job is still waiting for it, with the columns it was read
    with: columns named again meanwhile have queued a dry run of their own, and a job
    confirmed or run meanwhile keeps its state."""
    if job.status != ImportJob.Status.UPLOADED:
        return job
    mapping = job.mapping
    with in_language(job.created_by):
        try:
            sniffed = _sniffed(job)
            tally = run(Path(job.file.path), sniffed, kind=job.kind, team=job.team,
                        actor=job.created_by, owner=job.owner, mapping=mapping or None,
                        dry_run=True, progress=_progress(job, 0))  # fmt: skip
        except FileRefused as error:
            _fail(job, str(error))
            job.refresh_from_db()
            return job
        except Exception:
            _fail(job, gettext("The file could not be read on an unexpected error."))
            raise
    describe(job, sniffed)
    _keep(job, tally, ImportJob.Status.PREVIEWED)
    fields = [*KEPT, "format", "format_label", "encoding", "delimiter", "headers"]
    with transaction.atomic():
        current = ImportJob.objects.select_for_update().filter(pk=job.pk).first()
        if current is not None and current.mapping == mapping:
            job.updated_at = timezone.now()
            ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.UPLOADED).update(
                **{name: getattr(job, name) for name in fields}
            )
    cache.delete(progress_key(job.pk))
    return ImportJob.objects.filter(pk=job.pk).first() or job


def _still_running(job: ImportJob, *, key_share: bool = False) -> None:
    """Lock the job's row and raise ClaimLost unless it is still running. With
    ``key_share`` (PostgreSQL; held for the whole run), others may still write the row's
    columns (a cancel request, the sweep: the check at the end sees them) but not take it
    for update (``import_cancel`` sees that a run holds it)."""
    if key_share and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {connection.ops.quote_name(ImportJob._meta.db_table)} "  # noqa: S608
                "WHERE id = %s AND status = %s FOR KEY SHARE",
                [job.pk, ImportJob.Status.RUNNING.value],
            )
            if cursor.fetchone() is None:
                raise ClaimLost
        return
    if (
        not ImportJob.objects.select_for_update()
        .filter(pk=job.pk, status=ImportJob.Status.RUNNING)
        .exists()
    ):
        raise ClaimLost


def import_apply(job_id: int) -> ImportJob | None:
    """The real run, all or nothing. Idempotent: a job already run, or running under a claim
    that is not stale yet, is left; a stale claim is taken over."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(
        Q(pk=job_id) & (Q(status=ImportJob.Status.QUEUED) | stale_running(now))
    ).update(status=ImportJob.Status.RUNNING, started_at=now, updated_at=now)
    job = ImportJob.objects.select_related("team", "created_by", "owner").filter(pk=job_id).first()
    if not claimed or job is None:
        return job
    tell = _progress(job, job.progress_total, cancellable=True)
    cache.set(progress_key(job.pk), (0, job.progress_total), 3600)
    tally = None
    with in_language(job.created_by):
        try:
            with transaction.atomic():
                Team.objects.select_for_update().filter(pk=job.team_id).first()
                _still_running(job, key_share=True)
                result = run(Path(job.file.path), _sniffed(job), kind=job.kind, team=job.team,
                             actor=job.created_by, owner=job.owner, mapping=job.mapping or None,
                             dry_run=False, job_id=job.pk, progress=tell)  # fmt: skip
                _still_running(job)
                _stop_if_cancelled(job)  # asked during the last batch: still in time
                _keep(job, result, ImportJob.Status.DONE)
                job.finished_at = timezone.now()
                job.save()
                job.drop_file()  # what it held is in the team now; the report stays
            tally = result
        except ClaimLost:
            logger.info("Import %s is no longer running: this run wrote nothing", job_id)
        except Cancelled:
            logger.info("Import %s was cancelled: this run wrote nothing", job_id)
            _cancelled(job)
        except FileRefused as error:
            _fail(job, str(error))
        except Exception:
            _fail(job, gettext("The import stopped on an unexpected error; nothing was written."))
            raise
    cache.delete_many([progress_key(job.pk), cancel_key(job.pk)])
    if tally is not None:
        settle(tally, job.team_id)
    return ImportJob.objects.filter(pk=job_id).first()


def imports_fail_stale(*, now=None) -> int:
    """Mark failed every import whose claim is stale (see the module's docstring) and drop
    its file; returns how many. Idempotent."""
    now = now or timezone.now()
    failed = 0
    for job in ImportJob.objects.filter(stale_running(now)).select_related("created_by"):
        with in_language(job.created_by):
            reason = gettext(
                "The import stopped without finishing (no worker reported back within "
                "%(minutes)s minutes); nothing was written. Upload the file again to retry."
            ) % {"minutes": settings.IMPORT_RUN_LIMIT_MINUTES}
        with transaction.atomic():
            if ImportJob.objects.filter(Q(pk=job.pk) & stale_running(now)).update(
                status=ImportJob.Status.FAILED, failure=reason, finished_at=now, updated_at=now
            ):
                job.drop_file()
                cache.delete(progress_key(job.pk))
                failed += 1
    return failed
