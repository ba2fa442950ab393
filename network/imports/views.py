"""The import pages: the team's imports and the upload form, one import's page (reading,
naming the columns, preview and confirm, progress and cancel, report with its matches to
review page by page), its progress fragment polled by htmx, and the CSV of the rows it
refused."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django_htmx.http import HttpResponseClientRefresh

from accounts.scoping import TeamRequest, get_in_team, require_write, team_required
from network.contacts.services import MergeConflict
from network.imports.forms import FIELDS, MappingForm, MatchForm, UploadForm
from network.imports.models import ImportJob, ImportMatch, cancel_key
from network.imports.records import FileRefused
from network.imports.services import (
    import_cancel,
    import_confirm,
    import_job_create,
    import_mapping_save,
    import_match_resolve,
)
from network.imports.tally import rejected_csv
from network.imports.uploads import LimitedUploadHandler, declared_too_big
from network.models import Contact

LISTED = 50
MATCHES_PER_PAGE = 25


def get_import(request: TeamRequest, pk: int) -> ImportJob:
    return get_in_team(request, ImportJob.objects.select_related("created_by"), pk=pk)


def get_import_rw(request: TeamRequest, pk: int) -> ImportJob:
    job = get_import(request, pk)
    require_write(request, post=True)
    return job


def get_import_match(job: ImportJob, pk: int) -> ImportMatch:
    """A match to review of ``job`` (already loaded through the team), or 404."""
    return get_object_or_404(job.matches.select_related("contact"), pk=pk)


def _list_page(
    request: TeamRequest, form: UploadForm | None = None, status: int = 200, refusal: str = ""
):
    kind = request.GET.get("kind", "")
    initial = {"kind": kind} if kind in ImportJob.Kind.values else {}
    context = {
        "jobs": ImportJob.objects.filter(team=request.team).select_related("created_by")[:LISTED],
        "form": form or UploadForm(initial=initial),
        "limit": settings.IMPORT_MAX_BYTES,
        "refusal": refusal,
    }
    return render(request, "imports/list.html", context, status=status)


@team_required
def import_list(request: TeamRequest) -> HttpResponse:
    return _list_page(request)


def _too_big(request: TeamRequest) -> HttpResponse:
    refusal = _("This file is larger than %(limit)s: it was not read.") % {
        "limit": filesizeformat(settings.IMPORT_MAX_BYTES)
    }
    return _list_page(request, status=413, refusal=refusal)


# csrf_exempt here, csrf_protect below: the upload handler must be in place before anything
# reads the body, and the CSRF check reads it (Django's documented way).
@csrf_exempt
@team_required
def import_upload(request: TeamRequest) -> HttpResponse:
    require_write(request, post=True)
    limit = settings.IMPORT_MAX_BYTES
    if declared_too_big(request, limit):
        return _too_big(request)
    handler = LimitedUploadHandler(request, limit)
    request.upload_handlers = [handler]
    return _upload(request, handler)


@csrf_protect
def _upload(request: TeamRequest, handler: LimitedUploadHandler) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if handler.too_big:
        return _too_big(request)
    if not form.is_valid():
        return _list_page(request, form, status=422)
    try:
        job = import_job_create(
            team=request.team,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
    except FileRefused as error:
        form.add_error("file", str(error))
        return _list_page(request, form, status=422)
    return redirect(job)


def _mapping_form(job: ImportJob, data=None) -> MappingForm:
    return MappingForm(data, headers=job.headers, initial_mapping=job.mapping)


@team_required
def import_detail(request: TeamRequest, pk: int) -> HttpResponse:
    job = get_import(request, pk)
    return _detail_page(request, job)


def _detail_page(request: TeamRequest, job: ImportJob, mapping_form=None, status: int = 200):
    report = job.report or {}
    context = {
        "job": job,
        "report": report,
        "counts": _counts(job),
        "mapping_form": mapping_form or (_mapping_form(job) if job.format == "csv" else None),
        "fields": dict(FIELDS),
        "done": job.progress()[0],
        "total": job.progress()[1],
        "stopping": _stopping(job),
        "matches": _matches_page(request, job) if job.status == ImportJob.Status.DONE else None,
    }
    return render(request, "imports/detail.html", context, status=status)


def _stopping(job: ImportJob) -> bool:
    """Someone cancelled the running import; its run has not stopped yet."""
    return job.status == ImportJob.Status.RUNNING and bool(cache.get(cancel_key(job.pk)))


def _matches_page(request: TeamRequest, job: ImportJob) -> Page:
    """One page of the rows to review, each candidate as the contact is now (gone: None):
    the same three queries whatever the page holds."""
    paginator = Paginator(job.matches.select_related("contact"), MATCHES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    wanted = {
        candidate["id"]
        for match in page
        for candidate in match.candidates
        if isinstance(candidate, dict) and isinstance(candidate.get("id"), int)
    }
    found = Contact.objects.filter(team=request.team, pk__in=wanted).only(
        "pk", "given_name", "family_name", "display_name", "company"
    )
    contacts = {contact.pk: contact for contact in found} if wanted else {}
    for match in page:
        match.shown = [
            (contacts.get(candidate.get("id")), candidate.get("reasons", []))
            for candidate in match.candidates
            if isinstance(candidate, dict)
        ]
    return page


def _counts(job: ImportJob) -> list[tuple[str, int]]:
    labels = [
        ("new", _("New")),
        ("updated", _("Updated")),
        ("unchanged", _("Unchanged")),
        ("duplicates_in_file", _("Duplicates within the file")),
        ("skipped_blank", _("Blank rows skipped")),
        ("already_connected", _("Already connected")),
        ("errors", _("Rows in error")),
    ]
    counts = job.counts or {}
    return [(label, counts[key]) for key, label in labels if key in counts]


@team_required
def import_progress(request: TeamRequest, pk: int) -> HttpResponse:
    """The progress fragment; once the import moved on from the state the page shows, the
    page reloads to show the next step (the preview, the report)."""
    job = get_import(request, pk)
    if request.htmx and request.GET.get("shown") != job.status:
        return HttpResponseClientRefresh()
    done, total = job.progress()
    context = {"job": job, "done": done, "total": total, "stopping": _stopping(job)}
    return render(request, "imports/detail.html#progress", context)


@team_required
def import_mapping(request: TeamRequest, pk: int) -> HttpResponse:
    job = get_import_rw(request, pk)
    if job.format != "csv" or job.status not in (
        ImportJob.Status.UPLOADED,
        ImportJob.Status.PREVIEWED,
    ):
        messages.error(request, _("The columns of this import can no longer be changed."))
        return redirect(job)
    form = _mapping_form(job, request.POST)
    if not form.is_valid():
        return _detail_page(request, job, mapping_form=form, status=422)
    if not import_mapping_save(job=job, mapping=form.mapping()):
        messages.error(request, _("The columns of this import can no longer be changed."))
        return redirect(job)
    messages.success(request, _("Columns saved; the file is being read again."))
    return redirect(job)


@team_required
def import_confirm_view(request: TeamRequest, pk: int) -> HttpResponse:
    job = get_import_rw(request, pk)
    if not import_confirm(job=job, actor=request.user):
        messages.error(request, _("This import is not waiting for a confirmation."))
    return redirect(job)


@team_required
def import_rejected(request: TeamRequest, pk: int) -> HttpResponse:
    """The rows refused and the details left out, as a CSV a spreadsheet opens safely."""
    job = get_import(request, pk)
    text = rejected_csv(
        job.errors or [],
        (job.report or {}).get("warnings", []),
        [_("Row"), _("File in the archive"), _("What"), _("Reason")],
        (_("row refused"), _("detail left out")),
    )
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-rejected.csv"'
    return response


@team_required
def import_cancel_view(request: TeamRequest, pk: int) -> HttpResponse:
    job = get_import_rw(request, pk)
    outcome = import_cancel(job=job)
    if outcome == "cancelled":
        messages.success(request, _("Import cancelled: nothing from the file was written."))
    elif outcome == "stopping":
        messages.info(
            request,
            _(
                "Stopping the import: the rows it has written so far are undone, and nothing "
                "from the file is kept."
            ),
        )
    else:
        messages.error(request, _("This import is over: it can no longer be cancelled."))
    return redirect(job)


@team_required
def import_match_resolve_view(request: TeamRequest, pk: int, match_pk: int) -> HttpResponse:
    """A row to review said to be the same person as a contact (merged) or another person."""
    job = get_import_rw(request, pk)
    match = get_import_match(job, match_pk)
    candidates = [c.get("id") for c in match.candidates if isinstance(c, dict)]
    form = MatchForm(request.POST, candidates=[c for c in candidates if isinstance(c, int)])
    if not form.is_valid():
        messages.error(request, _("Choose whether this row is the same person or not."))
        return redirect(_review_url(job, None))
    into = None
    if form.cleaned_data["decision"] == "same":
        into = Contact.objects.filter(team=request.team, pk=form.cleaned_data["into"]).first()
        if into is None:
            messages.error(request, _("That contact is no longer here; nothing was changed."))
            return redirect(_review_url(job, form.cleaned_data.get("page")))
    try:
        decided = import_match_resolve(match=match, actor=request.user, into=into)
    except MergeConflict as error:
        messages.error(request, str(error))
        decided = None
    if decided:
        if into is not None:
            messages.success(request, _("Merged into %(name)s.") % {"name": into.name})
        else:
            messages.success(request, _("Kept as different people."))
    elif decided is False:
        messages.error(request, _("This row was reviewed already, or its contact is gone."))
    return redirect(_review_url(job, form.cleaned_data.get("page")))


def _review_url(job: ImportJob, page: int | None) -> str:
    return f"{job.get_absolute_url()}?page={page or 1}#import-review"
