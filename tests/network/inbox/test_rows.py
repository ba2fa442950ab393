"""The inbox list's rows as ``network.inbox.rows`` writes them: the open request marked for
the eye and for screen readers, the sender's words escaped, a checkbox for each row only for
members who can write, and the badges a row earns."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import RequestEvent
from replies.reminders.models import Reminder
from tests.network.inbox.helpers import HTMX, received
from tests.replies.reminders.conftest import ask

pytestmark = pytest.mark.django_db


def _rows(html: str) -> dict[int, str]:
    """Each row's ``<li>``, by request id."""
    return {
        int(pk): row
        for row, pk in re.findall(
            r'(<li class="list-group-item request-row[^"]*"[^>]*data-id="(\d+)".*?</li>)',
            html,
            re.S,
        )
    }


def test_only_the_open_request_is_marked_current(inbox, login, alice):
    html = login(alice).get(reverse("inbox"), {"r": inbox.jean.pk}).content.decode()
    rows = _rows(html)
    assert set(rows) == {inbox.luc.pk, inbox.zoe.pk, inbox.jean.pk, inbox.marie.pk, inbox.paul.pk}
    marked = [pk for pk, row in rows.items() if 'active-row" aria-current="true"' in row]
    assert marked == [inbox.jean.pk]


def test_the_answer_to_a_decision_marks_the_next_request(inbox, login, alice):
    response = login(alice).post(reverse("request_decline", args=[inbox.zoe.pk]), headers=HTMX)
    rows = _rows(response.content.decode())
    assert inbox.zoe.pk not in rows
    marked = [pk for pk, row in rows.items() if "aria-current" in row]
    assert marked == [inbox.jean.pk]  # the next one down the list


def test_the_senders_words_are_escaped(team, login, alice):
    sent = received(
        team,
        alice,
        "<b>Eve</b> & co",
        minutes_ago=1,
        headline='CEO "<script>alert(1)</script>"',
    )
    row = _rows(login(alice).get(reverse("inbox")).content.decode())[sent.pk]
    assert "&lt;b&gt;Eve&lt;/b&gt; &amp; co" in row
    assert "CEO &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;" in row
    assert "<script>" not in row and "<b>" not in row


@pytest.mark.parametrize("who, boxes", [("alice", True), ("bob", True), ("carol", False)])
def test_a_checkbox_per_row_only_for_members_who_can_write(who, boxes, inbox, login, request):
    html = login(request.getfixturevalue(who)).get(reverse("inbox")).content.decode()
    for pk, row in _rows(html).items():
        box = (
            f'<input class="form-check-input mt-1 request-select" type="checkbox" '
            f'name="requests" value="{pk}" form="requests-bulk" aria-labelledby="name-{pk}">'
        )
        assert (box in row) is boxes
        assert f'<strong class="text-truncate" id="name-{pk}">' in row


def test_each_row_opens_its_request_with_the_filters_kept(inbox, login, alice):
    html = login(alice).get(reverse("inbox"), {"network": "x"}).content.decode()
    row = _rows(html)[inbox.luc.pk]
    inbox_url = reverse("inbox")
    assert f'href="{inbox_url}?network=x&amp;r={inbox.luc.pk}"' in row
    assert f'hx-get="{inbox_url}{inbox.luc.pk}/?network=x"' in row


def test_the_badges_a_row_earns(team, login, alice):
    plain = received(team, alice, "Plain Person", minutes_ago=3)
    talkative = received(team, alice, "Talk Ative", minutes_ago=2, message="Hello from the fair")
    replied = received(team, alice, "Re Plied", minutes_ago=1, state="replied")
    rows = _rows(login(alice).get(reverse("inbox")).content.decode())
    assert '<span class="badge text-bg-light border">LinkedIn</span>' in rows[plain.pk]
    assert "text-bg-secondary" not in rows[plain.pk]  # "new" says nothing more
    assert '<span class="badge text-bg-light border">message</span>' in rows[talkative.pk]
    assert "message</span>" not in rows[plain.pk]
    assert '<span class="badge text-bg-secondary">Reply received</span>' in rows[replied.pk]


def test_a_row_waiting_for_an_answer_is_aged_from_the_question_with_its_reminders(
    team, login, alice
):
    """``{% reminder_rows %}`` sets these before the rows are written: the row says how long
    the question has waited, and the badge how many reminders went out."""
    asked = ask(team, alice)
    RequestEvent.objects.filter(connection_request=asked, action="ask").update(
        at=timezone.now() - timedelta(days=3)
    )
    Reminder.objects.filter(connection_request=asked, kind="first").update(state="sent")
    row = _rows(login(alice).get(reverse("inbox")).content.decode())[asked.pk]
    assert '<span class="small text-body-secondary text-nowrap">3 d</span>' in row
    assert '<span class="badge text-bg-warning border" title="waiting for an answer since' in row
    assert ">1 reminder · next " in row


def test_a_request_opened_from_another_page_marks_no_row(team, login, alice):
    oldest = received(team, alice, "Old Timer", minutes_ago=500)
    for index in range(26):
        received(team, alice, f"Newer {index}", minutes_ago=index + 1)
    html = login(alice).get(reverse("inbox"), {"r": oldest.pk}).content.decode()
    rows = _rows(html)
    assert len(rows) == 25 and oldest.pk not in rows
    assert "aria-current" not in "".join(rows.values())
    assert 'id="selected-name">Old Timer<' in html
