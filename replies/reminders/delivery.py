"""Delivering claimed reminders: the email (plain text and HTML, in the member's language and
time zone), the in-app notification, and the one ``Delivery`` per reminder.

The row lock is held while the email goes out and the delivery is recorded in the same
transaction: a second task for the same reminder (a redelivery, a reclaim) waits or skips,
then finds the delivery and does nothing. If the worker dies mid-send, the transaction rolls
back and the reminder is sent by the next attempt. Failures from the mail server roll back too
and reach the task, which retries with back-off.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from network.models import RequestState
from replies.models import Intent, OutgoingMessage, templates_for
from replies.reminders.models import (
    Delivery,
    Notification,
    Reminder,
    ReminderMute,
    ReminderSettings,
)
from replies.reminders.schedule import zone_of

# After this many tries (retries and reclaims together) a reminder is given up as failed.
MAX_ATTEMPTS = 10
STOP_SALT = "replies.reminders.stop"
STOP_LINK_DAYS = 60


def stop_token(user_id: int, connection_request_id: int) -> str:
    """The signed, timestamped token of a "stop reminding me about this request" link."""
    return signing.TimestampSigner(salt=STOP_SALT).sign_object(
        {"u": user_id, "r": connection_request_id}
    )


def read_stop_token(token: str) -> tuple[int, int]:
    """(user id, request id); raises ``signing.BadSignature`` (or ``SignatureExpired``)."""
    data = signing.TimestampSigner(salt=STOP_SALT).unsign_object(
        token, max_age=timedelta(days=STOP_LINK_DAYS)
    )
    if not isinstance(data, dict) or not {"u", "r"} <= data.keys():
        raise signing.BadSignature("Malformed stop token.")
    return int(data["u"]), int(data["r"])


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def follow_up_link(reminder: Reminder) -> str:
    """The request in the inbox, the composer open on the follow-up phrase in the language of
    the first message sent about it."""
    connection_request = reminder.connection_request
    first = (
        OutgoingMessage.objects.filter(
            connection_request=connection_request,
            intent__in=[Intent.ASK_HOW_MET, Intent.ASK_PURPOSE],
        )
        .select_related("phrase")
        .order_by("sent_at", "pk")
        .first()
    )
    language = (
        (first.phrase.language if first and first.phrase else "")
        or connection_request.language
        or reminder.user.language
        or settings.LANGUAGE_CODE
    )
    phrases = list(templates_for(reminder.team, reminder.user).filter(intent=Intent.FOLLOW_UP))
    phrases.sort(key=lambda phrase: (phrase.language != language, phrase.owner_id is None))
    query = {"r": connection_request.pk, "compose": Intent.FOLLOW_UP}
    if phrases:
        query["phrase"] = phrases[0].pk
    return absolute(f"{reverse('inbox')}?{urlencode(query)}")


def _item(reminder: Reminder) -> dict:
    connection_request = reminder.connection_request
    return {
        "reminder": reminder,
        "connection_request": connection_request,
        "days": max(0, (timezone.now() - reminder.asked_at).days),
        "follow_up_url": follow_up_link(reminder),
        "stop_url": absolute(
            reverse("reminder_stop", args=[stop_token(reminder.user_id, connection_request.pk)])
        ),
    }


def compose_email(reminders: list[Reminder]) -> EmailMultiAlternatives:
    """One email about ``reminders`` (one, or a member's digest), in the member's language."""
    user = reminders[0].user
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(zone_of(user.timezone, "UTC")):
        items = [_item(reminder) for reminder in reminders]
        context = {
            "user": user,
            "language": language,
            "items": items,
            "digest": len(items) > 1 or reminders[0].digest,
            "settings_url": absolute(reverse("reminder_settings")),
            "notifications_url": absolute(reverse("notification_list")),
        }
        if len(items) == 1:
            item = items[0]
            name = item["connection_request"].sender_name
            if item["reminder"].kind == Reminder.Kind.DECIDE:
                subject = gettext("Time to decide about %(name)s") % {"name": name}
            else:
                subject = gettext("Still no answer from %(name)s") % {"name": name}
        else:
            subject = ngettext(
                "%(count)d clarification still unanswered",
                "%(count)d clarifications still unanswered",
                len(items),
            ) % {"count": len(items)}
        text = render_to_string("replies/reminders/email/reminder.txt", context)
        html = render_to_string("replies/reminders/email/reminder.html", context)
    first = reminders[0]
    headers = {
        # The same Message-ID at every attempt: should a mail server accept a message
        # whose acknowledgement never arrived, mail clients still show it once.
        "Message-ID": f"<reminder-{first.pk}-{len(reminders)}@{_domain()}>",
        "Auto-Submitted": "auto-generated",
    }
    if len(items) == 1:
        headers["List-Unsubscribe"] = f"<{items[0]['stop_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers=headers,
        connection=get_connection(),
    )
    message.attach_alternative(html, "text/html")
    return message


def _domain() -> str:
    from urllib.parse import urlsplit

    return urlsplit(settings.SITE_URL).hostname or "netcurate.local"


def reminders_deliver(reminder_ids: list[int]) -> int:
    """Deliver the claimed reminders ``reminder_ids`` (one, or a member's digest) and record
    each delivery; returns how many were delivered now. Safe to call again and again."""
    now = timezone.now()
    # Counted outside the transaction below, so that a failed attempt still counts.
    Reminder.objects.filter(pk__in=reminder_ids, state=Reminder.State.SENDING).update(
        attempts=F("attempts") + 1, claimed_at=now
    )
    with transaction.atomic():
        rows = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=reminder_ids, state=Reminder.State.SENDING)
            .select_related("connection_request", "user", "team")
            .order_by("due_at", "pk")
        )
        if not rows:
            return 0  # delivered already, cancelled, or held by another attempt right now
        delivered = set(
            Delivery.objects.filter(reminder__in=rows).values_list("reminder_id", flat=True)
        )
        muted = set(
            ReminderMute.objects.filter(
                user_id__in={row.user_id for row in rows},
                connection_request_id__in={row.connection_request_id for row in rows},
            ).values_list("user_id", "connection_request_id")
        )
        live, cancelled, failed = [], [], []
        for row in rows:
            if row.pk in delivered:
                Reminder.objects.filter(pk=row.pk).update(state=Reminder.State.SENT)
            elif (
                row.connection_request.state != RequestState.ASKED
                or (row.user_id, row.connection_request_id) in muted
            ):
                cancelled.append(row.pk)
            elif row.attempts > MAX_ATTEMPTS:
                failed.append(row.pk)
            else:
                live.append(row)
        Reminder.objects.filter(pk__in=cancelled).update(
            state=Reminder.State.CANCELLED, cancelled_at=now, cancel_reason="stale"
        )
        Reminder.objects.filter(pk__in=failed).update(state=Reminder.State.FAILED)
        if not live:
            return 0
        prefs = ReminderSettings.for_member(live[0].team, live[0].user)
        message_id = ""
        if prefs.sends_email:
            message = compose_email(live)
            message_id = message.extra_headers["Message-ID"]
            message.send()
        if prefs.shows_in_app:
            Notification.objects.bulk_create(
                Notification(
                    team_id=row.team_id,
                    user_id=row.user_id,
                    connection_request_id=row.connection_request_id,
                    reminder=row,
                    kind=row.kind,
                    asked_at=row.asked_at,
                )
                for row in live
            )
        Delivery.objects.bulk_create(
            Delivery(reminder=row, channel=prefs.channel, message_id=message_id) for row in live
        )
        Reminder.objects.filter(pk__in=[row.pk for row in live]).update(
            state=Reminder.State.SENT, sent_at=timezone.now(), last_error=""
        )
    return len(live)


def reminders_failed(reminder_ids: list[int], error: Exception) -> None:
    """Keep the mail server's answer on the rows, for the admin."""
    Reminder.objects.filter(pk__in=reminder_ids, state=Reminder.State.SENDING).update(
        last_error=f"{type(error).__name__}: {error}"[:1000]
    )
