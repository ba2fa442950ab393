"""Snoozing a request from the inbox until 8 a.m. on the chosen day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.network.inbox.helpers import (
    HTMX,
    WRITERS,
    assert_inbox_body,
    at_8am,
    selected_in,
    toasts,
    today_for,
)

pytestmark = pytest.mark.django_db


def snooze_cases(user) -> dict:
    today = today_for(user)
    next_monday = next(
        today + timedelta(days=n) for n in range(1, 8) if (today + timedelta(days=n)).weekday() == 0
    )
    in_ten_days = today + timedelta(days=10)
    return {
        "tomorrow": ({"when": "tomorrow"}, today + timedelta(days=1)),
        "next-week": ({"when": "next_week"}, next_monday),
        "date": ({"when": "date", "date": in_ten_days.isoformat()}, in_ten_days),
    }


@pytest.mark.parametrize("who", WRITERS)
@pytest.mark.parametrize("case", ["tomorrow", "next-week", "date"])
def test_writer_snoozes_until_8am_on_the_chosen_day(request, who, case, inbox, login):
    user = request.getfixturevalue(who)
    data, day = snooze_cases(user)[case]
    response = login(user).post(
        reverse("request_snooze", args=[inbox.marie.pk]), data, headers=HTMX
    )
    assert_inbox_body(response)
    inbox.marie.refresh_from_db()
    assert inbox.marie.state == "snoozed"
    assert inbox.marie.snoozed_until == at_8am(day, user)
    assert toasts(response) == [
        {
            # Unambiguous in English (issue 11, item 12): "6 Dec 2026", not 12/06/2026.
            "message": f"Marie Lefèbvre snoozed until {day.day} {day:%b %Y}.",
            "level": "success",
        }
    ]
    assert selected_in(response) == inbox.paul.pk
