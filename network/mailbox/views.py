"""Invitation emails, in the inbox area: upload ``.eml`` files (several at once) and see what
came of each; connect an IMAP mailbox (or one folder of it), test it, poll it now, change it
or disconnect it, and see how its last poll went."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from kombu.exceptions import OperationalError

from accounts.scoping import TeamRequest, get_in_team, require_write, team_required
from network.imports.uploads import LimitedUploadHandler, declared_too_big
from network.mailbox import imap
from network.mailbox.forms import WHERE, MailboxForm
from network.mailbox.models import Mailbox, MailboxMessage
from network.mailbox.services import COUNTED, email_import, mailbox_test
from network.mailbox.tasks import poll_mailbox

log = logging.getLogger(__name__)

# An invitation email is a few kilobytes; a whole upload stays small enough to read at once.
FILE_MAX_BYTES = 5 * 1024 * 1024
UPLOAD_MAX_BYTES = 25 * 1024 * 1024
UPLOAD_MAX_FILES = 100  # Django's DATA_UPLOAD_MAX_NUMBER_FILES refuses more anyway


def get_mailbox(request: TeamRequest, pk: int) -> Mailbox:
    return get_in_team(request, Mailbox.objects.select_related("connected_by"), pk=pk)


def get_mailbox_rw(request: TeamRequest, pk: int, *, post: bool = True) -> Mailbox:
    mailbox = get_mailbox(request, pk)
    require_write(request, post=post)
    return mailbox


def _page(request: TeamRequest, *, report=None, refusal: str = "", status: int = 200):
    mailboxes = list(Mailbox.objects.filter(team=request.team).select_related("connected_by"))
    for mailbox in mailboxes:
        mailbox.error_text = imap.error_text(mailbox.last_error) if mailbox.last_error else ""
    context = {
        "mailboxes": mailboxes,
        "outcomes": MailboxMessage.Outcome,
        "report": report,
        "refusal": refusal,
        "file_limit": FILE_MAX_BYTES,
        "upload_limit": UPLOAD_MAX_BYTES,
        "max_files": UPLOAD_MAX_FILES,
        "poll_minutes": settings.MAILBOX_POLL_MINUTES,
    }
    return render(request, "mailbox/page.html", context, status=status)


@team_required
def email_page(request: TeamRequest) -> HttpResponse:
    return _page(request)


def _too_big() -> str:
    return _("The upload is larger than %(limit)s: nothing was read.") % {
        "limit": filesizeformat(UPLOAD_MAX_BYTES)
    }


# csrf_exempt here, csrf_protect below: the upload handler must be in place before anything
# reads the body, and the CSRF check reads it (as for imports).
@csrf_exempt
@team_required
def email_upload(request: TeamRequest) -> HttpResponse:
    require_write(request, post=True)
    if declared_too_big(request, UPLOAD_MAX_BYTES):
        return _page(request, refusal=_too_big(), status=413)
    handler = LimitedUploadHandler(request, UPLOAD_MAX_BYTES)
    request.upload_handlers = [handler]
    return _upload(request, handler)


@csrf_protect
def _upload(request: TeamRequest, handler: LimitedUploadHandler) -> HttpResponse:
    files = request.FILES.getlist("files")
    if handler.too_big:
        return _page(request, refusal=_too_big(), status=413)
    if not files:
        return _page(request, refusal=_("Choose one or more .eml files."), status=422)
    if len(files) > UPLOAD_MAX_FILES:
        refusal = _("At most %(count)s files at once.") % {"count": UPLOAD_MAX_FILES}
        return _page(request, refusal=refusal, status=422)
    report = {outcome: [] for outcome in COUNTED}
    for upload in files:
        name = upload.name or "?"
        if upload.size > FILE_MAX_BYTES:
            reason = _("Larger than %(limit)s: not read.") % {
                "limit": filesizeformat(FILE_MAX_BYTES)
            }
            report[MailboxMessage.Outcome.UNREADABLE].append((name, None, reason))
            continue
        raw = upload.read()
        result = email_import(team=request.team, owner=request.user, raw=raw)
        report[result.outcome].append((name, result.connection_request, result.reason))
    return _page(request, report=[(outcome, report[outcome]) for outcome in COUNTED])


@team_required
def mailbox_connect(request: TeamRequest) -> HttpResponse:
    require_write(request)
    form = MailboxForm(request.POST or None, instance=Mailbox(team=request.team))
    if request.method == "POST" and form.is_valid():
        mailbox = form.save(commit=False)
        mailbox.connected_by = request.user
        password = form.cleaned_data["password"]
        error = mailbox_test(mailbox, password)
        if error:
            form.add_error(None, imap.error_text(error))
        else:
            mailbox.set_password(password)
            mailbox.next_poll_at = timezone.now()
            mailbox.save()
            _poll_soon(request, mailbox)
            messages.success(request, _("Mailbox connected; its first poll has started."))
            return redirect("email_page")
    return _form_page(request, form, None, status=422 if form.errors else 200)


def _form_page(request, form, mailbox, status=200):
    context = {"form": form, "mailbox": mailbox}
    return render(request, "mailbox/form.html", context, status=status)


@team_required
def mailbox_edit(request: TeamRequest, pk: int) -> HttpResponse:
    mailbox = get_mailbox_rw(request, pk, post=False)
    before = {name: getattr(mailbox, name) for name in (*WHERE, "folder")}
    form = MailboxForm(request.POST or None, instance=mailbox)
    if request.method == "POST" and form.is_valid():
        mailbox = form.save(commit=False)
        password = form.cleaned_data["password"] or None
        error = mailbox_test(mailbox, password)
        if error:
            form.add_error(None, imap.error_text(error))
        else:
            if password is not None:
                mailbox.set_password(password)
                mailbox.connected_by = request.user  # whose password it now is
            if before["folder"] != mailbox.folder or before["host"] != mailbox.host:
                # Another folder numbers its messages anew; those already read stay known.
                mailbox.uid_validity, mailbox.last_uid = None, 0
            mailbox.state = Mailbox.State.CONNECTED
            mailbox.last_error = {}
            mailbox.next_poll_at = timezone.now()
            mailbox.save()
            _poll_soon(request, mailbox)
            messages.success(request, _("Mailbox saved; it is being read now."))
            return redirect("email_page")
    return _form_page(request, form, mailbox, status=422 if form.errors else 200)


@team_required
def mailbox_test_view(request: TeamRequest, pk: int) -> HttpResponse:
    mailbox = get_mailbox_rw(request, pk)
    if not mailbox.password_encrypted:
        messages.error(request, _("This mailbox is disconnected: enter its password first."))
        return redirect("email_page")
    error = mailbox_test(mailbox)
    Mailbox.objects.filter(pk=mailbox.pk).update(last_error=error)
    if error:
        messages.error(request, imap.error_text(error))
    else:
        messages.success(request, _("Connection works: logged in and the folder opened."))
    return redirect("email_page")


def _poll_soon(request: TeamRequest, mailbox: Mailbox) -> None:
    def enqueue() -> None:
        try:
            poll_mailbox.delay(mailbox.pk)
        except OperationalError:
            log.warning("Mailbox %s: the broker cannot be reached; beat will poll it", mailbox.pk)

    transaction.on_commit(enqueue)


@team_required
def mailbox_poll_view(request: TeamRequest, pk: int) -> HttpResponse:
    mailbox = get_mailbox_rw(request, pk)
    if not mailbox.is_connected:
        messages.error(request, _("This mailbox is disconnected: connect it again first."))
        return redirect("email_page")
    Mailbox.objects.filter(pk=mailbox.pk).update(next_poll_at=timezone.now())
    _poll_soon(request, mailbox)
    messages.success(request, _("Polling now; reload the page in a moment to see the counts."))
    return redirect("email_page")


@team_required
def mailbox_disconnect(request: TeamRequest, pk: int) -> HttpResponse:
    """Stop polling and erase the stored password; what was read stays known, so connecting
    it again reads only what is new."""
    mailbox = get_mailbox_rw(request, pk)
    Mailbox.objects.filter(pk=mailbox.pk).update(
        state=Mailbox.State.DISCONNECTED, password_encrypted="", next_poll_at=None
    )
    messages.success(request, _("Mailbox disconnected; its password is erased."))
    return redirect("email_page")
