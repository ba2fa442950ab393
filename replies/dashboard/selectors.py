"""The dashboard's figures, each one aggregate query in the database (GROUP BY, counts with
filters, medians), so the page costs the same number of queries for a new team as for one
with years of requests. ``mine`` narrows everything to what the member handles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FloatField,
    Min,
    Q,
    When,
)
from django.db.models import Value as V
from django.db.models.functions import Cast, TruncMonth, TruncWeek
from django.utils import timezone

from network.models import (
    OPEN_STATES,
    AccessLevel,
    Category,
    ConnectionRequest,
    Contact,
    RequestEvent,
)
from replies.dashboard.medians import median_seconds
from replies.models import Phrase

WEEKS = 26
MONTHS = 6
DECISION_KINDS = ["full", "limited", "declined", "clarified"]


@dataclass
class Scope:
    team: object
    user: object
    mine: bool

    def requests(self):
        rows = ConnectionRequest.objects.filter(team=self.team)
        return rows.filter(owner=self.user) if self.mine else rows

    def contacts(self):
        rows = Contact.objects.filter(team=self.team, archived_at__isnull=True)
        return rows.filter(owner=self.user) if self.mine else rows


def week_starts(now: datetime) -> list[datetime]:
    """The Mondays (local midnight) of the last ``WEEKS`` weeks, this one included."""
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=back) for back in range(WEEKS - 1, -1, -1)]


def month_starts(now: datetime) -> list:
    today = timezone.localtime(now).date().replace(day=1)
    months = [today]
    while len(months) < MONTHS:
        previous = months[0] - timedelta(days=1)
        months.insert(0, previous.replace(day=1))
    return months


def _aware(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def open_by_state_and_network(scope: Scope) -> dict[tuple[str, str], int]:
    rows = (
        scope.requests()
        .filter(state__in=OPEN_STATES)
        .values("state", "network")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["state"], row["network"]): row["n"] for row in rows}


def received_per_week(scope: Scope, weeks: list) -> dict[tuple[str, str], int]:
    rows = (
        scope.requests()
        .filter(received_at__gte=_aware(weeks[0]))
        .annotate(week=TruncWeek("received_at"))
        .values("week", "network")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(_day(row["week"]).isoformat(), row["network"]): row["n"] for row in rows}


def decisions_per_month(scope: Scope, months: list) -> dict[tuple[str, str], int]:
    """Accepted with full or limited access, declined, or a clarification asked, by the month
    the step was taken (steps undone are not counted)."""
    events = RequestEvent.objects.filter(
        connection_request__in=scope.requests(),
        undone=False,
        action__in=["accept", "decline", "ask"],
        at__gte=_aware(months[0]),
    )
    if scope.mine:
        events = events.filter(actor=scope.user)
    rows = (
        events.annotate(
            month=TruncMonth("at"),
            kind=Case(
                _when_accepted(AccessLevel.FULL, "full"),
                _when_accepted(None, "limited"),
                When(action="decline", then=V("declined")),
                default=V("clarified"),
                output_field=CharField(),
            ),
        )
        .values("month", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(_day(row["month"]).replace(day=1).isoformat(), row["kind"]): row["n"] for row in rows}


def _when_accepted(access, kind: str):
    lookup = {"action": "accept"}
    if access:
        lookup["connection_request__access_granted"] = access
    return When(**lookup, then=V(kind))


def _questions(scope: Scope):
    """One row per request asked about: when the question went, and when (if ever) the
    answer came; steps undone are left out. Read from the events alone, by request."""
    asked = Q(action="ask")
    replied = Q(action="reply")
    return (
        RequestEvent.objects.filter(
            connection_request__in=scope.requests(), action__in=["ask", "reply"], undone=False
        )
        .values("connection_request")
        .annotate(asked_at=Min("at", filter=asked), replied_at=Min("at", filter=replied))
        .filter(asked_at__isnull=False)
        .order_by()
    )


def clarifications(scope: Scope) -> dict:
    """How many questions were answered, how many wait, and the median time to an answer."""
    counts = _questions(scope).aggregate(
        asked=Count("connection_request"),
        answered=Count("connection_request", filter=Q(replied_at__isnull=False)),
    )
    counts["unanswered"] = counts["asked"] - counts["answered"]
    counts["median_seconds"] = median_seconds(_questions(scope), "asked_at", "replied_at")
    return counts


def time_to_decision(scope: Scope) -> float | None:
    decided = scope.requests().filter(state__in=["accepted", "declined"], decided_at__isnull=False)
    return median_seconds(decided, "received_at", "decided_at")


def contacts_by_category(scope: Scope) -> tuple[list[tuple[Category, int]], int]:
    """Each how-we-met category with its number of (active) contacts, and the contacts with
    none recorded."""
    in_scope = Q(tags__contact__archived_at__isnull=True)
    if scope.mine:
        in_scope &= Q(tags__contact__owner=scope.user)
    categories = Category.objects.filter(team=scope.team).annotate(
        n=Count("tags__contact", filter=in_scope, distinct=True)
    )
    untagged = scope.contacts().filter(tags__isnull=True).count()
    return [(category, category.n) for category in categories], untagged


def phrases_by_answer_rate(scope: Scope, limit: int = 10) -> list[Phrase]:
    """The phrases used at least once, the best answered first (then the most used)."""
    sent = Q(messages__team=scope.team)
    if scope.mine:
        sent &= Q(messages__sent_by=scope.user)
    answered = sent & Q(messages__connection_request__replies_received__isnull=False)
    phrases = (
        Phrase.objects.filter(team=scope.team)
        .filter(Q(owner__isnull=True) | Q(owner=scope.user))
        .annotate(
            # Counted in the scope (mine or the team's), so not the phrase's own counters.
            times_sent=Count("messages", filter=sent, distinct=True),
            times_answered=Count("messages__connection_request", filter=answered, distinct=True),
        )
        .filter(times_sent__gt=0)
        .annotate(rate=Cast("times_answered", FloatField()) / Cast("times_sent", FloatField()))
        .order_by(F("rate").desc(), F("times_sent").desc(), "title", "pk")
    )
    return list(phrases[:limit])


def _day(value):
    """A truncated date or datetime, as a local date."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value
