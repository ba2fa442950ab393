"""``{% load reminders %}``: the reminders' part of the inbox, which lives in ``network`` and
never imports ``replies``. Each tag reads through ``replies.reminders.selectors``; the list's
tag reads once for the whole page.

- ``{% reminder_rows rows %}`` before the list: "waiting since" ages and reminder figures
  on the page's rows in "clarification asked" (one query).
- ``{% reminder_waiting connection_request %}``: "waiting for an answer since ...".
- ``{% reminder_status connection_request %}``: asked when, next reminder, how many sent,
  and "don't remind me about this one".
- ``{% reminder_proposals %}``: the requests to decide on, at the top of the inbox.
- ``{% reminder_composer connection_request %}``: opens the composer on the follow-up
  phrase when the page was opened from a reminder's link.
"""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.params import parse_int
from network.models import RequestState
from replies.models import Intent
from replies.reminders.selectors import proposals_for, waiting_status

register = template.Library()


def short_age(moment, now) -> str:
    """ "5 min", "3 h", "2 d", as the inbox list shows ages."""
    seconds = max(0, (now - moment).total_seconds())
    if seconds < 3600:
        return _("%(count)d min") % {"count": max(1, seconds // 60)}
    if seconds < 86400:
        return _("%(count)d h") % {"count": seconds // 3600}
    return _("%(count)d d") % {"count": seconds // 86400}


@register.simple_tag(takes_context=True)
def reminder_rows(context, rows) -> str:
    """Give the page's rows in "clarification asked" their waiting time (it replaces the
    time since received), reminders sent and next one due."""
    request = context.get("request")
    asked = [row for row in rows or [] if row.state == RequestState.ASKED]
    if not asked or request is None:  # only requests in "clarification asked" have any
        return ""
    status = waiting_status([row.pk for row in asked], request.user)
    now = timezone.now()
    for row in asked:
        found = status.get(row.pk)
        # The detail pane shows the same status when this row is the one open: read once.
        row._reminder_status = found or {}
        if found and found["asked_at"]:
            row.asked_at = found["asked_at"]
            row.age = short_age(found["asked_at"], now)
            row.reminders_sent = found["sent"]
            row.next_reminder_at = found["next_due"]
            row.reminder_badge = _badge(found["asked_at"], found["sent"], found["next_due"])
    return ""


def _badge(asked_at, sent: int, next_due) -> str:
    """The row's badge: reminders sent, and the next one's date. Built here rather than by
    an include in the list's loop, which cost half a millisecond per row."""
    text = ngettext("%(counter)s reminder", "%(counter)s reminders", sent) % {"counter": sent}
    if next_due:
        text += " · " + _("next %(date)s") % {
            "date": date_format(timezone.localtime(next_due), "SHORT_DATE_FORMAT")
        }
    title = _("waiting for an answer since")
    asked = date_format(timezone.localtime(asked_at), "SHORT_DATETIME_FORMAT")
    return format_html(
        '<span class="badge text-bg-warning border" title="{} {}">{}</span>', title, asked, text
    )


def _status(request, connection_request) -> dict | None:
    cached = getattr(connection_request, "_reminder_status", None)
    if cached is None and connection_request.state == RequestState.ASKED:
        found = waiting_status([connection_request.pk], request.user)
        cached = found.get(connection_request.pk) or {}
        connection_request._reminder_status = cached
    return cached or None


@register.simple_tag(takes_context=True)
def reminder_waiting(context, connection_request) -> str:
    status = _status(context["request"], connection_request)
    if not status or not status["asked_at"]:
        return ""
    asked_at = timezone.localtime(status["asked_at"])
    return format_html(
        '<span data-waiting-since="{}">{}</span>',
        asked_at.isoformat(),
        _("waiting for an answer since %(date)s (%(age)s)")
        % {
            "date": date_format(asked_at, "SHORT_DATETIME_FORMAT"),
            "age": short_age(asked_at, timezone.now()),
        },
    )


def status_context(request, connection_request) -> dict:
    return {
        "connection_request": connection_request,
        "status": _status(request, connection_request),
        "request": request,
    }


@register.inclusion_tag("replies/reminders/request_status.html", takes_context=True)
def reminder_status(context, connection_request) -> dict:
    return status_context(context["request"], connection_request)


@register.inclusion_tag("replies/reminders/proposals.html", takes_context=True)
def reminder_proposals(context) -> dict:
    request = context["request"]
    proposals = proposals_for(request.team, request.user)
    now = timezone.now()
    for proposal in proposals:
        proposal.waiting = short_age(proposal.asked_at, now) if proposal.asked_at else ""
    return {
        "proposals": proposals,
        "querystring": context.get("querystring", ""),
        "can_write": context.get("can_write", False),
        "inbox_url": context.get("inbox_url", ""),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("replies/reminders/composer_autoload.html", takes_context=True)
def reminder_composer(context, connection_request) -> dict:
    """Open the composer on the follow-up phrase when the page came from a reminder."""
    request = context["request"]
    opens = (
        connection_request is not None
        and request.GET.get("compose") == Intent.FOLLOW_UP
        and request.GET.get("r") == str(connection_request.pk)
        and connection_request.state == RequestState.ASKED
        and context.get("can_write", False)
    )
    return {
        "opens": opens,
        "connection_request": connection_request,
        "phrase": parse_int(request.GET.get("phrase")) if opens else 0,
    }
