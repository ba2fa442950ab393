"""When reminders fall due: calendar days on the member's own clock, whatever the clocks do."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from replies.reminders.schedule import due_moment, next_digest, wall_clock, zone_of

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def test_a_week_across_the_spring_change_keeps_the_time_of_day_in_paris():
    # Asked Monday 24 March 2025 at 10:00 (UTC+1); clocks go forward on Sunday 30 March.
    asked = datetime(2025, 3, 24, 10, 0, tzinfo=PARIS)
    due = due_moment(asked, 7, PARIS)
    assert due.astimezone(PARIS).replace(tzinfo=None) == datetime(2025, 3, 31, 10, 0)
    assert due == datetime(2025, 3, 31, 8, 0, tzinfo=UTC)  # UTC+2 now: 7 days minus 1 hour


def test_a_week_across_the_autumn_change_keeps_the_time_of_day_in_paris():
    asked = datetime(2025, 10, 20, 10, 0, tzinfo=PARIS)  # UTC+2; back to UTC+1 on 26 October
    due = due_moment(asked, 7, PARIS)
    assert due.astimezone(PARIS).replace(tzinfo=None) == datetime(2025, 10, 27, 10, 0)
    assert due == datetime(2025, 10, 27, 9, 0, tzinfo=UTC)


def test_a_time_the_clocks_skip_moves_forward_by_the_gap():
    asked = datetime(2025, 3, 23, 2, 30, tzinfo=PARIS)
    due = due_moment(asked, 7, PARIS)  # 30 March 02:30 does not exist in Paris
    assert due.astimezone(PARIS).replace(tzinfo=None) == datetime(2025, 3, 30, 3, 30)


def test_a_time_the_clocks_repeat_is_its_first_occurrence():
    moment = wall_clock(datetime(2025, 10, 26).date(), datetime(2025, 1, 1, 2, 30).time(), PARIS)
    assert moment.astimezone(UTC) == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)  # still UTC+2


def test_a_member_in_new_york_is_reminded_on_their_own_clock():
    asked = datetime(2025, 3, 5, 15, 0, tzinfo=UTC)  # 10:00 in New York (UTC-5)
    due = due_moment(asked, 7, NEW_YORK)  # New York moves to UTC-4 on 9 March
    assert due.astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2025, 3, 12, 10, 0)
    assert due == datetime(2025, 3, 12, 14, 0, tzinfo=UTC)
    # The same question, for a member in Paris: 16:00 there, a week later.
    assert due_moment(asked, 7, PARIS) == datetime(2025, 3, 12, 15, 0, tzinfo=UTC)


def test_a_digest_waits_for_the_next_digest_hour():
    asked = datetime(2025, 5, 5, 10, 0, tzinfo=PARIS)
    due = due_moment(asked, 7, PARIS, digest_hour=8)  # 12 May 10:00 is after the 8:00 digest
    assert due.astimezone(PARIS).replace(tzinfo=None) == datetime(2025, 5, 13, 8, 0)
    early = due_moment(datetime(2025, 5, 5, 6, 0, tzinfo=PARIS), 7, PARIS, digest_hour=8)
    assert early.astimezone(PARIS).replace(tzinfo=None) == datetime(2025, 5, 12, 8, 0)


def test_a_digest_hour_that_does_not_exist_on_the_dst_night_still_comes_once():
    # Digest at 02:00; on 30 March 2025 Paris jumps from 02:00 to 03:00.
    before = datetime(2025, 3, 29, 23, 0, tzinfo=PARIS)
    digest = next_digest(before, PARIS, 2)
    assert digest.astimezone(PARIS).replace(tzinfo=None) == datetime(2025, 3, 30, 3, 0)
    assert digest == datetime(2025, 3, 30, 1, 0, tzinfo=UTC)
    # Not skipped, not doubled: the next one is the following night at 02:00 (UTC+2).
    following = next_digest(digest.replace(microsecond=1), PARIS, 2)
    assert following == datetime(2025, 3, 31, 0, 0, tzinfo=UTC)


def test_an_unknown_time_zone_falls_back_to_the_default():
    assert zone_of("Mars/Olympus", "Europe/Paris") == PARIS
    assert zone_of("", "Europe/Paris") == PARIS
