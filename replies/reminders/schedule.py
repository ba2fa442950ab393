"""When a reminder falls due, in the member's own time zone. No database here.

Days are calendar days on the member's clock: asked at 10:00 on the Monday before the clocks
change, reminded at 10:00 the Monday after, not at 9:00 or 11:00. A wall-clock time the
clocks skip (02:30 on the spring night in Paris) moves forward by the gap, to 03:30; one they
repeat (02:30 on the autumn night) is its first occurrence. Either way, once a day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_of(name: str | None, fallback: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or fallback)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(fallback)


def wall_clock(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The moment the clocks of ``zone`` show ``at`` on ``day`` (see the module's rules)."""
    chosen = datetime.combine(day, at.replace(tzinfo=None, fold=0)).replace(tzinfo=zone)
    # Through UTC and back: a skipped time becomes the real one after the gap.
    return chosen.astimezone(UTC).astimezone(zone)


def next_digest(moment: datetime, zone: ZoneInfo, hour: int) -> datetime:
    """The first digest (at ``hour`` on the member's clock) at or after ``moment``."""
    local = moment.astimezone(zone)
    candidate = wall_clock(local.date(), time(hour), zone)
    if candidate < moment:
        candidate = wall_clock(local.date() + timedelta(days=1), time(hour), zone)
    return candidate


def due_moment(
    asked_at: datetime, days: int, zone: ZoneInfo, digest_hour: int | None = None
) -> datetime:
    """When a reminder ``days`` after ``asked_at`` is due: the same time of day ``days``
    calendar days later, or the next digest after that when the member takes a digest.
    Returned in UTC, as stored."""
    local = asked_at.astimezone(zone)
    moment = wall_clock(local.date() + timedelta(days=days), local.time(), zone)
    if digest_hour is not None:
        moment = next_digest(moment, zone, digest_hour)
    return moment.astimezone(UTC)
