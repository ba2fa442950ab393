"""What the inbox shows of the reminders: waiting since (instead of received), the next
reminder, how many went out, the requests to decide on at the top; constant queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import RequestEvent
from replies.reminders.models import Reminder, ReminderMute
from replies.reminders.selectors import proposals_for, waiting_status
from tests.replies.reminders.conftest import ask

pytestmark = pytest.mark.django_db


def test_an_asked_request_shows_waiting_since_and_its_reminders(login, alice, team, asked):
    Reminder.objects.filter(connection_request=asked, kind="first").update(state="sent")
    page = login(alice).get(f"{reverse('inbox')}?r={asked.pk}").content.decode()
    assert "waiting for an answer since" in page
    assert "received" not in page.split('id="detail"')[1].split("What to look at")[0]
    assert 'data-reminders-sent="1"' in page and "data-next-reminder" in page
    assert "t remind me about this one" in page


def test_the_list_ages_an_asked_request_from_the_question(login, alice, team, asked):
    asked.received_at = timezone.now() - timedelta(days=20)
    asked.save()
    RequestEvent.objects.filter(connection_request=asked, action="ask").update(
        at=timezone.now() - timedelta(days=3)
    )
    response = login(alice).get(reverse("inbox"))
    (row,) = response.context["rows"]
    assert row.age == "3 d"


def test_a_request_past_k_days_is_proposed_for_a_decision(login, alice, bob, team, asked):
    Reminder.objects.filter(connection_request=asked, kind="decide").update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    page = login(alice).get(reverse("inbox")).content.decode()
    proposals = page.split('id="decision-proposals"')[1].split("</section>")[0]
    assert "Marie Lefebvre" in proposals
    assert reverse("request_archive", args=[asked.pk]) in proposals
    # bob did not ask: the proposal is alice's
    assert 'id="decision-proposals"' not in login(bob).get(reverse("inbox")).content.decode()


@pytest.mark.parametrize(
    ("due_in", "state"),
    [(timedelta(hours=1), "pending"), (timedelta(hours=-1), "cancelled")],
    ids=["not yet due", "cancelled"],
)
def test_no_proposal_before_its_time_nor_once_cancelled(login, alice, team, asked, due_in, state):
    Reminder.objects.filter(connection_request=asked, kind="decide").update(
        due_at=timezone.now() + due_in, state=state
    )
    page = login(alice).get(reverse("inbox")).content.decode()
    assert 'id="decision-proposals"' not in page
    assert proposals_for(team, alice) == []


def test_archiving_from_the_proposal_cancels_what_is_left(login, alice, team, asked):
    login(alice).post(reverse("request_archive", args=[asked.pk]))
    assert not Reminder.objects.filter(connection_request=asked, state="pending").exists()


def test_a_link_from_the_email_opens_the_composer_on_the_follow_up(login, alice, team, asked):
    url = f"{reverse('inbox')}?r={asked.pk}&compose=follow_up&phrase=12"
    page = login(alice).get(url).content.decode()
    assert f'hx-get="{reverse("composer", args=[asked.pk])}?intent=follow_up&amp;phrase=12"' in page


def test_the_inbox_needs_as_many_queries_for_2_asked_requests_as_for_20(
    login, alice, team, django_assert_max_num_queries
):
    client = login(alice)
    for index in range(2):
        ask(team, alice, f"P {index}", f"p{index}")
    with django_assert_max_num_queries(100) as two:
        client.get(reverse("inbox"))
    for index in range(2, 20):
        ask(team, alice, f"P {index}", f"p{index}")
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = client.get(reverse("inbox"))
    assert len(response.context["rows"]) == 20


def _status_reads(queries) -> int:
    """The reads of requests' waiting status among ``queries``: ``waiting_status`` reads the
    mutes of the requests it is given (``IN``); the composer's mute check reads one (``=``)."""
    return sum(
        'FROM "replies_remindermute" WHERE connection_request_id IN' in query["sql"]
        for query in queries
    )


def test_the_open_request_s_status_is_read_with_its_row(
    login, alice, team, asked, django_assert_max_num_queries
):
    with django_assert_max_num_queries(100) as page:
        response = login(alice).get(f"{reverse('inbox')}?r={asked.pk}")
    assert response.context["selected"] == asked
    assert 'id="reminder-status"' in response.content.decode()
    assert _status_reads(page.captured_queries) == 1


def test_a_page_without_asked_requests_reads_no_waiting_status(
    login, alice, team, asked, django_assert_max_num_queries
):
    asked.state = "new"
    asked.save()
    with django_assert_max_num_queries(100) as page:
        response = login(alice).get(reverse("inbox"))
    assert len(response.context["rows"]) == 1
    assert _status_reads(page.captured_queries) == 0


def test_waiting_status_reads_the_last_question_the_next_reminder_and_the_member_s_mute(
    alice, bob, team, django_assert_num_queries
):
    """The values each row shows: the last "ask" not undone, the earliest reminder still to
    go (first or second, anyone's; never a cancelled one nor the proposal to decide), the
    reminders gone out, and a mute of this member only."""
    first, second, quiet = (ask(team, alice, f"P {n}", f"p{n}") for n in range(3))
    now = timezone.now()
    RequestEvent.objects.filter(connection_request=first, action="ask").update(
        at=now - timedelta(days=5)
    )
    again = RequestEvent.objects.create(
        connection_request=first, actor=alice, action="ask", at=now - timedelta(days=2)
    )
    RequestEvent.objects.create(  # a later question, undone: not the one waiting
        connection_request=first, actor=alice, action="ask", at=now - timedelta(days=1), undone=True
    )
    Reminder.objects.filter(connection_request=first).delete()
    made = {"team": team, "connection_request": first, "asked_at": again.at}
    Reminder.objects.bulk_create(
        [
            Reminder(
                user=alice, kind="first", state="sent", due_at=now - timedelta(hours=5), **made
            ),
            Reminder(user=bob, kind="first", state="sent", due_at=now - timedelta(hours=4), **made),
            Reminder(
                user=alice, kind="second", state="pending", due_at=now + timedelta(days=4), **made
            ),
            Reminder(
                user=bob,
                kind="second",
                state="sending",
                due_at=now + timedelta(days=3),
                claimed_at=now,
                **made,
            ),
            Reminder(
                user=bob, kind="second", state="cancelled", due_at=now + timedelta(days=1), **made
            ),
            Reminder(
                user=alice, kind="decide", state="pending", due_at=now + timedelta(hours=1), **made
            ),
        ]
    )
    Reminder.objects.filter(connection_request=second).update(state="cancelled")
    ReminderMute.objects.create(team=team, user=bob, connection_request=first)
    ReminderMute.objects.create(team=team, user=alice, connection_request=quiet)

    with django_assert_num_queries(1):  # questions, reminders and mutes in one read
        status = waiting_status([first.pk, second.pk, quiet.pk], alice)

    assert status[first.pk]["asked_at"] == again.at
    assert status[first.pk]["sent"] == 2
    assert status[first.pk]["next_due"] == now + timedelta(days=3)
    assert status[first.pk]["muted"] is False  # bob's mute is his own
    assert status[second.pk]["next_due"] is None and status[second.pk]["sent"] == 0
    assert status[quiet.pk]["muted"] is True
    assert waiting_status([], alice) == {}
