"""The bell and the notifications page: each member sees their own, in the current team."""

import pytest
from django.urls import reverse
from django.utils import timezone

from replies.reminders.models import Notification
from tests.replies.reminders.conftest import ask

pytestmark = pytest.mark.django_db


def notify(user, connection_request, kind="first") -> Notification:
    return Notification.objects.create(
        team=connection_request.team,
        user=user,
        connection_request=connection_request,
        kind=kind,
        asked_at=timezone.now(),
    )


def test_the_bell_counts_my_unread_notifications(login, alice, bob, team, asked):
    notify(alice, asked), notify(alice, asked, "second"), notify(bob, asked)
    response = login(alice).get(reverse("notification_bell"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="bell-count">2<' in response.content.decode()


def test_the_bell_is_in_the_nav_and_polls_modestly(login, alice):
    page = login(alice).get(reverse("inbox")).content.decode()
    assert 'id="reminder-bell"' in page
    assert 'hx-trigger="load, every 60s, reminders-changed from:body' in page


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_each_member_lists_only_their_own(request, login, who, alice, bob, carol, team, asked):
    mine = notify(request.getfixturevalue(who), asked)
    notify(alice if who != "alice" else bob, asked, "decide")
    response = login(request.getfixturevalue(who)).get(reverse("notification_list"))
    assert [n.pk for n in response.context["page"].object_list] == [mine.pk]
    assert f"/inbox/?r={asked.pk}" in response.content.decode()


def test_mark_read_is_a_post_that_refreshes_the_bell(login, alice, team, asked):
    notification = notify(alice, asked)
    client = login(alice)
    url = reverse("notification_read", args=[notification.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "reminders-changed" in response.headers["HX-Trigger"]
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read(login, alice, bob, team, asked):
    notify(alice, asked), notify(alice, asked, "second")
    theirs = notify(bob, asked)
    response = login(alice).post(reverse("notifications_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=alice, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_colleagues_notification_is_404(login, alice, bob, team, asked):
    theirs = notify(bob, asked)
    response = login(alice).post(reverse("notification_read", args=[theirs.pk]))
    assert response.status_code == 404


def test_an_outsider_sees_no_notification_of_the_team(login, alice, mallory, team, asked):
    notify(alice, asked)
    response = login(mallory).get(reverse("notification_list"))
    assert list(response.context["page"].object_list) == []


def test_the_list_needs_as_many_queries_for_3_as_for_30(
    login, alice, team, django_assert_max_num_queries
):
    client = login(alice)
    requests = [ask(team, alice, f"P {index}", f"p{index}") for index in range(3)]
    for connection_request in requests:
        notify(alice, connection_request)
    with django_assert_max_num_queries(100) as few:
        client.get(reverse("notification_list"))
    for index in range(27):
        notify(alice, requests[index % 3])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("notification_list"))
