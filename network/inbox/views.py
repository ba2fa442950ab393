"""The triage inbox: open requests on the left, the one being decided on the right.

Every action is a POST answering the whole inbox body (list, detail of the next request,
undo bar) so that keyboard triage flows from one request to the next without a reload. A
refused action answers 409 with the same body, the request still open and the reason as a
toast; the page swaps it like any other answer.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.scoping import TeamRequest, get_in_team, require_write, team_required
from config.params import clean_text, parse_int, parse_ints
from config.responses import htmx_or_redirect
from network.inbox.forms import AcceptForm, QuickAddForm, SnoozeForm
from network.inbox.pages import render_inbox
from network.inbox.reversal import (
    NothingToUndo,
    connection_request_reopen,
    connection_request_undo,
    connection_requests_bulk_undo,
)
from network.inbox.selectors import (
    get_connection_request,
    get_connection_request_to_decide,
    next_open,
)
from network.inbox.services import (
    BULK_ACTIONS,
    connection_request_accept,
    connection_request_decide,
    connection_request_link,
    connection_request_receive,
    connection_requests_bulk,
)
from network.models import ConnectionRequest, Contact, IllegalTransition


@team_required
def inbox(request: TeamRequest) -> HttpResponse:
    return render_inbox(request, selected_pk=parse_int(request.GET.get("r")) or None)


@team_required
def inbox_detail(request: TeamRequest, pk: int) -> HttpResponse:
    connection_request = get_connection_request(request, pk)
    return render_inbox(request, selected_pk=connection_request.pk)


def _acted(request: TeamRequest, connection_request: ConnectionRequest, text: str) -> HttpResponse:
    messages.success(request, text)
    next_pk = next_open(request.team, request.GET, connection_request)
    return _show(request, next_pk, acted=connection_request)


def _inbox_url(request: TeamRequest, open_pk: int | None) -> str:
    """The inbox as it was (filters kept), with ``open_pk`` open."""
    query = request.GET.copy()
    if open_pk:
        query["r"] = open_pk
    return f"{reverse('inbox')}?{query.urlencode()}"


def _show(request: TeamRequest, open_pk: int | None, *, acted=None, status: int = 200):
    """The inbox with ``open_pk`` open: the body for htmx, a redirect for a plain post."""
    return htmx_or_redirect(
        request,
        lambda: render_inbox(request, selected_pk=open_pk, acted=acted, status=status),
        _inbox_url(request, open_pk),
    )


def _refused(
    request: TeamRequest, connection_request: ConnectionRequest, error: Exception
) -> HttpResponse:
    messages.error(request, str(error))
    return _show(request, connection_request.pk, status=409)


def _action(handler):
    """Load the request (404 outside the team, 403 read-only), require POST, run the
    handler; an illegal transition answers 409 with the reason and changes nothing."""

    @team_required
    def view(request: TeamRequest, pk: int) -> HttpResponse:
        connection_request = get_connection_request_to_decide(request, pk)
        try:
            return handler(request, connection_request)
        except (IllegalTransition, NothingToUndo, ValueError) as error:
            return _refused(request, connection_request, error)

    view.__name__ = handler.__name__
    view.__doc__ = handler.__doc__
    return view


@_action
def request_accept_view(
    request: TeamRequest, connection_request: ConnectionRequest
) -> HttpResponse:
    form = AcceptForm(request.POST, team=request.team)
    if not form.is_valid():
        raise ValueError(_("Choose the access to grant: full or limited."))
    connection_request = connection_request_accept(
        connection_request=connection_request,
        actor=request.user,
        access=form.cleaned_data["access"],
        categories=list(form.cleaned_data["categories"]),
    )
    text = (
        _("%(name)s accepted with limited access.")
        if form.cleaned_data["access"] != "full"
        else _("%(name)s accepted.")
    )
    return _acted(request, connection_request, text % {"name": connection_request.sender_name})


# The one-step decisions, each with what its toast says.
ONE_STEP = {
    "decline": gettext_lazy("%(name)s declined."),
    "ask": gettext_lazy("Clarification asked of %(name)s."),
    "reply": gettext_lazy("%(name)s replied."),
    "archive": gettext_lazy("%(name)s archived."),
}


def _one_step(action: str):
    """The view of a decision that takes nothing but the request (decline, ask, reply,
    archive): apply it, then open the next request."""

    def handler(request: TeamRequest, connection_request: ConnectionRequest) -> HttpResponse:
        connection_request_decide(
            connection_request=connection_request, action=action, actor=request.user
        )
        text = ONE_STEP[action] % {"name": connection_request.sender_name}
        return _acted(request, connection_request, text)

    handler.__name__ = f"request_{action}_view"
    handler.__doc__ = f"{action.capitalize()} the request, then open the next one."
    return _action(handler)


request_decline_view = _one_step("decline")
request_ask_view = _one_step("ask")
request_reply_view = _one_step("reply")


@_action
def request_snooze_view(
    request: TeamRequest, connection_request: ConnectionRequest
) -> HttpResponse:
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        raise ValueError(" ".join(error for errors in form.errors.values() for error in errors))
    until = form.until()
    connection_request_decide(
        connection_request=connection_request, action="snooze", actor=request.user, until=until
    )
    return _acted(
        request,
        connection_request,
        _("%(name)s snoozed until %(date)s.")
        % {
            "name": connection_request.sender_name,
            "date": date_format(timezone.localtime(until), "SHORT_DATE_FORMAT"),
        },
    )


request_archive_view = _one_step("archive")


@_action
def request_link_view(request: TeamRequest, connection_request: ConnectionRequest) -> HttpResponse:
    contact = get_in_team(request, Contact.objects.all(), pk=parse_int(request.POST.get("contact")))
    old_name = contact.name
    new_name = request.POST.get("new_name") == "1"
    connection_request = connection_request_link(
        connection_request=connection_request,
        actor=request.user,
        contact=contact,
        new_name=new_name,
    )
    if new_name and contact.name != old_name:
        text = _(
            "Linked: %(contact)s is the contact's name now; %(old)s is kept as a former name."
        ) % {"contact": contact.name, "old": old_name}
    else:
        text = _(
            "Linked to %(contact)s: accepting will add this name and profile to the contact."
        ) % {"contact": contact}
    messages.success(request, text)
    return _show(request, connection_request.pk)


@_action
def request_reopen_view(
    request: TeamRequest, connection_request: ConnectionRequest
) -> HttpResponse:
    """Take a decision back; what accepting added goes only where the person ticked it."""
    event = connection_request_reopen(
        connection_request=connection_request,
        actor=request.user,
        remove=set(request.POST.getlist("remove")),
    )
    text = _("%(name)s is open again.") % {"name": connection_request.sender_name}
    if event.data.get("removed"):
        text += " " + _("What accepting had added was removed as you chose.")
    elif event.data.get("kept"):
        text += " " + _("What accepting had added is kept.")
    messages.success(request, text)
    return _show(request, connection_request.pk)


@_action
def request_undo_view(request: TeamRequest, connection_request: ConnectionRequest) -> HttpResponse:
    connection_request_undo(connection_request=connection_request, actor=request.user)
    connection_request.refresh_from_db()
    messages.success(
        request,
        _("Undone: %(name)s is %(state)s again.")
        % {
            "name": connection_request.sender_name,
            "state": connection_request.get_state_display().lower(),
        },
    )
    return _show(request, connection_request.pk)


@team_required
@require_POST
def request_quick_add(request: TeamRequest) -> HttpResponse:
    require_write(request)
    form = QuickAddForm(request.POST, auto_id="qa-%s")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        # The form comes back too (out of band), each error under its field and tied to it.
        return htmx_or_redirect(
            request, lambda: render_inbox(request, status=422, quick_add=form), "inbox"
        )
    connection_request = connection_request_receive(
        team=request.team,
        owner=request.user,
        sender_name=form.cleaned_data["sender_name"],
        profile=form.profile,
        **form.request_fields(),
    )
    messages.success(
        request, _("Request from %(name)s added.") % {"name": connection_request.sender_name}
    )
    return _show(request, connection_request.pk)


@team_required
@require_POST
def requests_bulk(request: TeamRequest) -> HttpResponse:
    """Decline, archive or snooze the selected requests; those the action does not apply to
    are left as they are and counted in the message."""
    require_write(request)
    action = request.POST.get("action", "")
    ids = parse_ints(request.POST.getlist("requests"))
    until = bulk_done = None
    if action == "snooze":
        form = SnoozeForm(
            {"when": request.POST.get("when", "tomorrow"), "date": request.POST.get("date")}
        )
        until = form.until() if form.is_valid() else None
    if not ids or action not in BULK_ACTIONS or (action == "snooze" and until is None):
        messages.error(request, _("Select requests and an action."))
    else:
        batch = uuid.uuid4().hex
        done, skipped = connection_requests_bulk(
            team=request.team, actor=request.user, ids=ids, action=action, until=until, batch=batch
        )
        if done:
            bulk_done = {"batch": batch, "count": done, "action": BULK_LABELS[action]}
        if not done and not skipped:
            messages.error(request, _("Select requests and an action."))
        else:
            text = ngettext("%(count)d request updated.", "%(count)d requests updated.", done) % {
                "count": done
            }
            if skipped:
                text += " " + ngettext(
                    "%(count)d was left as it was: the action does not apply to it.",
                    "%(count)d were left as they were: the action does not apply to them.",
                    skipped,
                ) % {"count": skipped}
            messages.success(request, text)
    return htmx_or_redirect(request, lambda: render_inbox(request, bulk_done=bulk_done), "inbox")


# What the bulk menu offers, as the undo bar repeats it.
BULK_LABELS = {
    "decline": gettext_lazy("Declined"),
    "archive": gettext_lazy("Archived"),
    "snooze": gettext_lazy("Snoozed until tomorrow"),
}


@team_required
@require_POST
def requests_bulk_undo(request: TeamRequest) -> HttpResponse:
    """Undo a bulk action as a whole (the requests nobody has touched since)."""
    require_write(request)
    batch = clean_text(request.POST.get("batch"), 32)
    undone = connection_requests_bulk_undo(team=request.team, actor=request.user, batch=batch)
    if undone:
        messages.success(
            request,
            ngettext(
                "Undone: %(count)d request is back as it was.",
                "Undone: %(count)d requests are back as they were.",
                undone,
            )
            % {"count": undone},
        )
    else:
        messages.error(request, _("There is nothing to undo on these requests."))
    return htmx_or_redirect(request, lambda: render_inbox(request), "inbox")
