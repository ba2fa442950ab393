"""The export page and its downloads: contacts as CSV or vCard for any member (a read of the
team's data), the team backup for owners and admins. Each file streams, so a long address
book never sits whole in memory."""

from __future__ import annotations

from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.scoping import TeamRequest, require_manager, team_required
from network.exports.backup import team_backup
from network.exports.forms import ContactExportForm
from network.exports.selectors import contacts_for_export, team_categories
from network.exports.spreadsheet import SEPARATORS, contacts_csv
from network.exports.vcards import contacts_vcf


def _download(
    request: TeamRequest, chunks, *, content_type: str, name: str, ext: str
) -> HttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    # The slug is ASCII letters, digits and hyphens: safe inside the quotes as it is.
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="{request.team.slug}-{name}-{day}.{ext}"'
    )
    response["Cache-Control"] = "no-store"
    return response


@team_required
@require_GET
def export_page(request: TeamRequest) -> HttpResponse:
    return render(request, "network/exports.html", {"form": ContactExportForm()})


def _contacts(request: TeamRequest):
    form = ContactExportForm(request.GET)
    if not form.is_valid():
        return None, form
    contacts = contacts_for_export(request.team, include_archived=form.cleaned_data["archived"])
    return contacts, form


@team_required
@require_GET
def export_contacts_csv(request: TeamRequest) -> HttpResponse:
    contacts, form = _contacts(request)
    if contacts is None:
        return HttpResponseBadRequest()
    separator = SEPARATORS[form.cleaned_data["separator"] or "comma"]
    lines = contacts_csv(contacts, team_categories(request.team), separator=separator)
    return _download(
        request, lines, content_type="text/csv; charset=utf-8", name="contacts", ext="csv"
    )


@team_required
@require_GET
def export_contacts_vcard(request: TeamRequest) -> HttpResponse:
    contacts, _form = _contacts(request)
    if contacts is None:
        return HttpResponseBadRequest()
    cards = contacts_vcf(
        contacts, team_categories(request.team), uid_prefix=f"netcurate:{request.team.slug}:"
    )
    return _download(
        request, cards, content_type="text/vcard; charset=utf-8", name="contacts", ext="vcf"
    )


@team_required
def export_team_backup(request: TeamRequest) -> HttpResponse:
    """Owners and admins only: everything the team holds, people named by email."""
    require_manager(request)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET"])
    return _download(
        request,
        team_backup(request.team),
        content_type="application/json; charset=utf-8",
        name="backup",
        ext="json",
    )
