"""An import: one uploaded file, what a dry run found in it, and what the real run did.

The file is kept in private storage (``IMPORT_DIR``, never under a URL that the web server
serves): only the import's own pages read it, through the team. It holds other people's
data, so it is kept only while it is needed: deleted once the import is done or has failed
(``drop_file``), and with its job when the job goes (forgetting a person, retention after
``IMPORT_KEEP_DAYS``, the team deleted). A generic CSV needs its
columns named; the answer is remembered per team and header row (``ColumnMapping``).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Team


class PrivateStorage(FileSystemStorage):
    """Files no address serves: asking for one's URL is a mistake."""

    def url(self, name: str | None) -> str:
        raise ValueError("Uploaded import files have no URL; they are read through the team.")


def private_storage() -> FileSystemStorage:
    """Where uploaded files wait: outside static and media, with no URL at all."""
    return PrivateStorage(location=settings.IMPORT_DIR)


def _upload_to(job: ImportJob, filename: str) -> str:
    return f"team-{job.team_id}/{job.token}"


class ImportJob(models.Model):
    """One file brought in: contacts (address book) or requests (inbox)."""

    class Kind(models.TextChoices):
        CONTACTS = "contacts", _("Contacts")
        REQUESTS = "requests", _("Requests")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Reading the file")
        PREVIEWED = "previewed", _("Ready to confirm")
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Importing")
        DONE = "done", pgettext_lazy("import status", "Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", pgettext_lazy("import status", "Cancelled")

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Who in the team knows the imported contacts best (the command's --owner); for
    # requests, the member they were sent to.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.CONTACTS)
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(storage=private_storage, upload_to=_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    format = models.CharField(_("format"), max_length=40, blank=True)
    format_label = models.CharField(_("format"), max_length=120, blank=True)
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=4, blank=True)
    headers = models.JSONField(default=list, blank=True)
    # Column title: field of a contact ("" for a column left out), for a generic CSV.
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.UPLOADED, db_index=True
    )
    # new, updated, unchanged, duplicates_in_file, skipped_blank, already_connected, errors
    counts = models.JSONField(default=dict, blank=True)
    # [{"row", "reason", "source"}]: rows refused, with the reason in words.
    errors = models.JSONField(default=list, blank=True)
    # The rest of the report: details left out, matches to review, files skipped, first rows.
    report = models.JSONField(default=dict, blank=True)
    failure = models.TextField(_("why it failed"), blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # Someone asked a running import to stop: its run reads this between batches. Written
    # beside the run, which holds the row by a key-share lock only (``runs``).
    cancel_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["team", "-created_at"], name="import_job_list")]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("import_detail", args=[self.pk])

    @property
    def needs_mapping(self) -> bool:
        return self.format == "csv" and not self.mapping

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.UPLOADED, self.Status.QUEUED, self.Status.RUNNING}

    def progress(self) -> tuple[int, int]:
        """(done, total): while a run holds its transaction open, its figures are in the
        cache (shared by web and worker processes); the row has them once it is over."""
        if self.is_active:
            found = cache.get(progress_key(self.pk))
            if found:
                return int(found[0]), int(found[1])
        return self.progress_done, self.progress_total

    def drop_file(self) -> None:
        """Delete the uploaded file (kept no longer than the import needs it); the stored
        file goes once the transaction commits."""
        name = self.file.name
        if not name:
            return
        ImportJob.objects.filter(pk=self.pk).update(file="")
        self.file.name = ""
        delete_stored_file(name)

    def percent(self) -> int:
        done, total = self.progress()
        if self.status == self.Status.DONE:
            return 100
        return min(100, int(done * 100 / total)) if total else 0


def delete_stored_file(name: str) -> None:
    """The file goes once the transaction that let it go commits (now, outside one)."""
    if name:
        transaction.on_commit(lambda: private_storage().delete(name), robust=True)


def stale_running(now: datetime | None = None) -> Q:
    """Imports still running ``IMPORT_RUN_LIMIT_MINUTES`` after their claim: their worker is
    taken as dead (the run is one transaction, so it wrote nothing)."""
    limit = (now or timezone.now()) - timedelta(minutes=settings.IMPORT_RUN_LIMIT_MINUTES)
    return Q(status=ImportJob.Status.RUNNING) & (
        Q(started_at__lt=limit) | Q(started_at__isnull=True)
    )


def progress_key(job_id: int) -> str:
    return f"import-progress:{job_id}"


def cancel_key(job_id: int) -> str:
    """Set when someone cancels a running import, beside ``cancel_requested_at``: on SQLite
    a run holds the one write lock until it ends, so the request travels through the cache
    web and workers share (which may forget it: the row is the durable channel)."""
    return f"import-cancel:{job_id}"


def header_signature(headers: list[str]) -> str:
    """The same header row, whatever the case or spacing, gives the same signature."""
    folded = [" ".join(str(title).split()).casefold() for title in headers]
    return hashlib.sha256(json.dumps(folded).encode()).hexdigest()


class ColumnMapping(models.Model):
    """How a team named the columns of a CSV with this header row, remembered for next time."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    signature = models.CharField(max_length=64)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(fields=["team", "signature"], name="mapping_once_per_header"),
        ]

    def __str__(self) -> str:
        return ", ".join(self.headers)[:80]


class ImportMatch(models.Model):
    """A row of an import that may be someone the team already had: it became a new contact,
    never merged blindly; a person says whether it is the same one (merged) or not."""

    class Decision(models.TextChoices):
        OPEN = "open", _("To review")
        MERGED = "merged", _("Same person, merged")
        DIFFERENT = "different", _("Different people")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="matches")
    row = models.PositiveIntegerField(_("row"))
    name = models.CharField(_("name"), max_length=200)
    # The contact the row became (gone once merged into another, or forgotten).
    contact = models.ForeignKey(
        "network.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # [{"id": contact id, "reasons": [words]}]: whom it may be, most likely first. Names are
    # read from the contacts when shown, so a renamed or forgotten one is shown as it is now.
    candidates = models.JSONField(default=list, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision, default=Decision.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("match to review")
        verbose_name_plural = _("matches to review")
        ordering = ["row", "pk"]
        indexes = [models.Index(fields=["job", "row"], name="import_match_page")]

    def __str__(self) -> str:
        return self.name
