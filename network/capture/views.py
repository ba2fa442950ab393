"""Capture from a network's page: the page that offers the bookmarklet, the window it opens
(which receives the invitations and shows them), the confirmation that stores them and the
result, with a link that opens the inbox on them."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from accounts.scoping import TeamRequest, require_write, team_required
from config.params import parse_ints
from network.capture.bookmarklet import bookmarklet_url
from network.capture.services import already_waiting, captured_invitations_receive
from network.capture.validation import MAX_INVITATIONS, Batch, read_batch
from network.models import ConnectionRequest


def _origin(request: TeamRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


@team_required
def capture_page(request: TeamRequest) -> HttpResponse:
    """How to capture, and the bookmarklet to drag to the bookmarks bar (writers only)."""
    can_write = request.membership.can_write
    context = {"can_write": can_write}
    if can_write:
        origin = _origin(request)
        context["bookmarklet"] = bookmarklet_url(
            origin=origin, receiver=origin + reverse("capture_receive")
        )
    return render(request, "network/capture_page.html", context)


def _preview(request: TeamRequest, batch: Batch, status: int = 200) -> HttpResponse:
    waiting = already_waiting(request.team, batch.invitations) if batch.storable else set()
    rows = [
        (invitation, (invitation.profile.network, invitation.profile.handle) in waiting)
        for invitation in batch.invitations
    ]
    known = sum(1 for _invitation, is_known in rows if is_known)
    return render(
        request,
        "network/capture_preview.html",
        {
            "batch": batch,
            "rows": rows,
            "known": known,
            "new": len(rows) - known,
            "payload": request.POST.get("payload", ""),
        },
        status=status,
    )


@team_required
def capture_receive(request: TeamRequest) -> HttpResponse:
    """GET: the window the bookmarklet opens; its script asks the network's page for the
    invitations and posts them back here. POST: what was read, checked, shown before
    anything is stored."""
    require_write(request)
    if request.method == "POST":
        return _preview(request, read_batch(request.POST.get("payload")))
    response = render(
        request,
        "network/capture_receive.html",
        {"origins": " ".join(settings.CAPTURE_ORIGINS)},
    )
    # The network's page opened this window and waits for it to speak: the default
    # same-origin opener policy would cut the window off from it.
    response["Cross-Origin-Opener-Policy"] = "unsafe-none"
    return response


@team_required
def capture_confirm(request: TeamRequest) -> HttpResponse:
    """Store the batch confirmed, all of it or nothing, then show the result."""
    require_write(request, post=True)
    batch = read_batch(request.POST.get("payload"))
    if not batch.storable:
        return _preview(request, batch, status=422)
    results = captured_invitations_receive(
        team=request.team, owner=request.user, invitations=batch.invitations
    )
    query = {
        "new": ",".join(str(found.pk) for found, created in results if created),
        "known": ",".join(str(found.pk) for found, created in results if not created),
    }
    return redirect(f"{reverse('capture_done')}?{urlencode(query)}")


def _ids(value: str | None) -> list[int]:
    return parse_ints((value or "").split(",")[:MAX_INVITATIONS])


@team_required
def capture_done(request: TeamRequest) -> HttpResponse:
    """What a capture added: the requests new and those already waiting in the inbox."""
    new_ids, known_ids = _ids(request.GET.get("new")), _ids(request.GET.get("known"))
    found = ConnectionRequest.objects.filter(team=request.team, pk__in=new_ids + known_ids)
    by_pk = {connection_request.pk: connection_request for connection_request in found}
    new = [by_pk[pk] for pk in new_ids if pk in by_pk]
    known = [by_pk[pk] for pk in known_ids if pk in by_pk]
    ids = ",".join(str(connection_request.pk) for connection_request in new + known)
    return render(
        request,
        "network/capture_done.html",
        {
            "new": new,
            "known": known,
            "total": len(new) + len(known),
            "inbox_on_them": f"{reverse('inbox')}?{urlencode({'ids': ids})}" if ids else "",
        },
    )
