"""Reads of the reminders that pages share: the bell's count, the notifications list, the
state of a request's reminders, the rows of an inbox page (one query for the whole page), and
the requests proposed for a decision."""

from __future__ import annotations

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from network.models import ConnectionRequest, RequestEvent, RequestState
from replies.reminders.models import Notification, Reminder, ReminderMute, ReminderSettings

SENT_KINDS = [Reminder.Kind.FIRST, Reminder.Kind.SECOND]


def unread_count(team, user) -> int:
    return Notification.objects.filter(team=team, user=user, read_at__isnull=True).count()


def notifications_for(team, user) -> QuerySet[Notification]:
    return Notification.objects.filter(team=team, user=user).select_related("connection_request")


def _asked_at():
    """The moment of the question still waiting: the last "ask" not undone."""
    return Subquery(
        RequestEvent.objects.filter(connection_request=OuterRef("pk"), action="ask", undone=False)
        .order_by("-at", "-pk")
        .values("at")[:1]
    )


def waiting_status(connection_requests: QuerySet[ConnectionRequest], user) -> dict[int, dict]:
    """For each request in "clarification asked": when it was asked, the next reminder due
    (anyone's), how many reminders went out, and whether ``user`` muted it. One query."""
    rows = (
        connection_requests.filter(state=RequestState.ASKED)
        .annotate(
            asked_at=_asked_at(),
            next_due=Min(
                "reminders__due_at",
                filter=Q(
                    reminders__state__in=[Reminder.State.PENDING, Reminder.State.SENDING],
                    reminders__kind__in=SENT_KINDS,
                ),
            ),
            sent=Count(
                "reminders",
                filter=Q(reminders__state=Reminder.State.SENT, reminders__kind__in=SENT_KINDS),
            ),
            muted=Exists(ReminderMute.objects.filter(connection_request=OuterRef("pk"), user=user)),
        )
        .values("pk", "asked_at", "next_due", "sent", "muted")
    )
    return {row["pk"]: row for row in rows}


def proposals_for(team, user, limit: int = 10) -> list[ConnectionRequest]:
    """The requests ``user`` asked about whose proposal to decide has come (K days without an
    answer), oldest question first."""
    now = timezone.now()
    due = Reminder.objects.filter(
        user=user,
        kind=Reminder.Kind.DECIDE,
        due_at__lte=now,
        state__in=[Reminder.State.PENDING, Reminder.State.SENDING, Reminder.State.SENT],
    )
    # Every inbox page asks, and most find none: a plain indexed look first, then the
    # grouped query only when there is something to show (it costs 3 ms to build).
    if not due.filter(
        connection_request__team=team, connection_request__state=RequestState.ASKED
    ).exists():
        return []
    decide = due.filter(connection_request=OuterRef("pk"))
    return list(
        ConnectionRequest.objects.filter(team=team, state=RequestState.ASKED)
        .filter(Exists(decide))
        .annotate(asked_at=Max("reminders__asked_at", filter=Q(reminders__user=user)))
        .order_by("asked_at", "pk")[:limit]
    )


def settings_for(team, user) -> ReminderSettings:
    return ReminderSettings.for_member(team, user)
