"""Reads of the reminders that pages share: the bell's count, the notifications list, the
state of a request's reminders, the rows of an inbox page (one read for the whole page),
and the requests proposed for a decision."""

from __future__ import annotations

from django.db import connection
from django.db.models import DateTimeField, Exists, Max, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from network.models import ConnectionRequest, RequestEvent, RequestState
from replies.reminders.models import Notification, Reminder, ReminderMute, ReminderSettings

SENT_KINDS = [Reminder.Kind.FIRST, Reminder.Kind.SECOND]
# A reminder still to go (its due date is the next one) or gone (counted as sent).
COUNTED_STATES = [Reminder.State.PENDING, Reminder.State.SENDING, Reminder.State.SENT]


def unread_count(team, user) -> int:
    return Notification.objects.filter(team=team, user=user, read_at__isnull=True).count()


def notifications_for(team, user) -> QuerySet[Notification]:
    return Notification.objects.filter(team=team, user=user).select_related("connection_request")


def waiting_status(asked: list[int], user) -> dict[int, dict]:
    """For each request of ``asked`` (ids of requests in "clarification asked"): when it was
    asked (the last "ask" not undone), the next reminder due (anyone's), how many reminders
    went out, and whether ``user`` muted it. One read, whatever the number of requests: the
    questions, the reminders and the member's mutes, three indexed selects joined by UNION ALL
    and written here, because building them through the ORM cost more than running them
    (three querysets: 1.1 ms a page at 100,000 contacts, of which 0.2 ms in the database)."""
    if not asked:
        return {}
    status = {
        pk: {"pk": pk, "asked_at": None, "next_due": None, "sent": 0, "muted": False}
        for pk in asked
    }
    for what, pk, moment, state in _status_rows(asked, user.pk):
        row = status[pk]
        if what == _QUESTION:
            row["asked_at"] = moment if row["asked_at"] is None else max(row["asked_at"], moment)
        elif what == _MUTE:
            row["muted"] = True
        elif state == Reminder.State.SENT:
            row["sent"] += 1
        elif row["next_due"] is None or moment < row["next_due"]:
            row["next_due"] = moment
    return status


_QUESTION, _REMINDER, _MUTE = 0, 1, 2


def _status_rows(asked: list[int], user_pk: int) -> list[tuple]:
    """``(what, request id, moment, state)`` for each question not undone, reminder counted
    and mute by the member, of the requests ``asked``. The tables' names are the models',
    quoted by the backend; the columns are written here ("at" quoted, a keyword in SQL); every
    value is bound. The moment comes back as the ORM would give it (aware)."""
    event, reminder, mute = (
        connection.ops.quote_name(model._meta.db_table)
        for model in (RequestEvent, Reminder, ReminderMute)
    )
    ids = ", ".join(["%s"] * len(asked))
    kinds = ", ".join(["%s"] * len(SENT_KINDS))
    states = ", ".join(["%s"] * len(COUNTED_STATES))
    # Table names from the models, every value bound.
    sql = (
        f'SELECT {_QUESTION}, connection_request_id, "at", NULL FROM {event} '  # noqa: S608
        f"WHERE connection_request_id IN ({ids}) AND action = %s AND NOT undone "
        f"UNION ALL SELECT {_REMINDER}, connection_request_id, due_at, state FROM {reminder} "
        f"WHERE connection_request_id IN ({ids}) AND kind IN ({kinds}) AND state IN ({states}) "
        f"UNION ALL SELECT {_MUTE}, connection_request_id, NULL, NULL FROM {mute} "
        f"WHERE connection_request_id IN ({ids}) AND user_id = %s"
    )
    params = [*asked, "ask", *asked, *SENT_KINDS, *COUNTED_STATES, *asked, user_pk]
    moment = Value(None, output_field=DateTimeField())
    converters = connection.ops.get_db_converters(moment)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not converters:
        return rows
    converted = []
    for what, pk, at, state in rows:
        for convert in converters:
            at = convert(at, moment, connection)
        converted.append((what, pk, at, state))
    return converted


def proposals_for(team, user, limit: int = 10) -> list[ConnectionRequest]:
    """The requests ``user`` asked about whose proposal to decide has come (K days without an
    answer), oldest question first."""
    now = timezone.now()
    # Every inbox page asks, and most find none: the proposals due are read alone first,
    # through the partial index of live ones (``reminder_proposals``), then the grouped query
    # only when one is for a request still asked about. Joined with the requests under
    # LIMIT 1, PostgreSQL walked every reminder of the team hoping for an early match (7 ms
    # at 26,000 reminders, most of them cancelled). That first read is written in SQL: the
    # queryset cost 0.48 ms to build and run, the SQL 0.1 ms.
    waiting = _due_proposals(team.pk, user.pk, now)
    if not waiting or not (
        ConnectionRequest.objects.filter(pk__in=waiting, team=team, state=RequestState.ASKED)
        .order_by()
        .exists()
    ):
        return []
    due = Reminder.objects.filter(
        user=user, team=team, kind=Reminder.Kind.DECIDE, due_at__lte=now, state__in=COUNTED_STATES
    )
    decide = due.filter(connection_request=OuterRef("pk"))
    return list(
        ConnectionRequest.objects.filter(team=team, state=RequestState.ASKED)
        .filter(Exists(decide))
        .annotate(asked_at=Max("reminders__asked_at", filter=Q(reminders__user=user)))
        .order_by("asked_at", "pk")[:limit]
    )


def _due_proposals(team_pk: int, user_pk: int, now) -> list[int]:
    """The requests of the member's proposals to decide whose time has come, still to go or
    gone (``COUNTED_STATES``). The kind and states are written as the partial index's
    condition is, so that it serves the read."""
    table = connection.ops.quote_name(Reminder._meta.db_table)
    marks = ", ".join(["%s"] * len(COUNTED_STATES))
    sql = (
        f"SELECT connection_request_id FROM {table} "  # noqa: S608 - the model's table
        f"WHERE user_id = %s AND team_id = %s AND kind = %s AND due_at <= %s "
        f"AND state IN ({marks})"
    )
    moment = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_pk, team_pk, Reminder.Kind.DECIDE, moment, *COUNTED_STATES])
        return [pk for (pk,) in cursor.fetchall()]


def settings_for(team, user) -> ReminderSettings:
    return ReminderSettings.for_member(team, user)
