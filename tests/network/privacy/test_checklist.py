"""The privacy checklist: accepting with limited access puts the network's own setting on a
to-do, linked to the page where it is changed, on the dashboard and the contact page until
ticked; a review comes back after the team's period (six months by default); each decision
in the inbox links to the network."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from network.inbox.reversal import connection_request_undo
from network.inbox.services import connection_request_accept
from network.models import NetworkProfile, PrivacyTask
from network.privacy.selectors import checklist
from network.privacy.services import add_months
from tests.network.inbox.helpers import received

pytestmark = pytest.mark.django_db


def accepted(team, alice, name, address, access="restricted"):
    found = received(team, alice, name, minutes_ago=30, address=address)
    connection_request_accept(connection_request=found, actor=alice, access=access)
    found.refresh_from_db()
    return found


@pytest.mark.parametrize(
    ("address", "text", "link"),
    [
        (
            "https://www.facebook.com/bea.limited",
            "Add Bea Limited to your Restricted list on Facebook",
            "https://www.facebook.com/bealimited",  # her profile, as normalised
        ),
        (
            "https://www.instagram.com/bea.limited",
            "Leave Bea Limited out of Close Friends on Instagram",
            "https://www.instagram.com/accounts/close_friends/",
        ),
        (
            "https://www.linkedin.com/in/bea-limited",
            "Let Bea Limited follow you only, on LinkedIn",
            "https://www.linkedin.com/mypreferences/d/who-can-follow-you",
        ),
        (
            "https://x.com/bealimited",
            "Let Bea Limited follow you without following back",
            "https://x.com/settings/audience_and_tagging",
        ),
    ],
)
def test_limited_access_puts_the_network_setting_on_the_checklist(
    team, alice, login, address, text, link
):
    found = accepted(team, alice, "Bea Limited", address)
    (item,) = checklist(team)
    assert item.text.startswith(text) and item.url == link
    for url in (reverse("dashboard"), reverse("contact_detail", args=[found.contact_id])):
        content = login(alice).get(url).content.decode()
        assert text in content and f'href="{link}"' in content


def test_the_review_comes_back_after_the_team_period(team, alice):
    found = accepted(team, alice, "Bea Limited", "https://www.facebook.com/bea.limited")
    review = PrivacyTask.objects.get(contact=found.contact, kind="review")
    assert review.due_on == add_months(timezone.localdate(), 6)
    assert [item.task.kind for item in checklist(team)] == ["restrict"]  # not due yet


def test_full_access_plans_nothing_and_undo_withdraws_the_checklist(team, alice):
    accepted(team, alice, "Full Access", "https://www.facebook.com/full.access", access="full")
    assert not PrivacyTask.objects.exists()
    found = accepted(team, alice, "Bea Limited", "https://www.facebook.com/bea.limited")
    assert PrivacyTask.objects.filter(connection_request=found).count() == 2
    connection_request_undo(connection_request=found, actor=alice)
    assert not PrivacyTask.objects.filter(done_at__isnull=True).exists()


def test_ticking_removes_it_from_the_pages(team, alice, login):
    found = accepted(team, alice, "Bea Limited", "https://www.facebook.com/bea.limited")
    task = PrivacyTask.objects.get(contact=found.contact, kind="restrict")
    client = login(alice)
    response = client.post(reverse("privacy_task_done", args=[task.pk]), {"next": "/dashboard/"})
    assert response["Location"] == "/dashboard/"
    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == alice
    assert "Restricted list" not in client.get(reverse("dashboard")).content.decode()


def test_readers_cannot_tick_and_outsiders_get_404(team, alice, carol, mallory, login):
    found = accepted(team, alice, "Bea Limited", "https://www.facebook.com/bea.limited")
    task = PrivacyTask.objects.get(contact=found.contact, kind="restrict")
    assert login(carol).post(reverse("privacy_task_done", args=[task.pk])).status_code == 403
    assert login(mallory).post(reverse("privacy_task_done", args=[task.pk])).status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


@pytest.mark.parametrize(("decision", "access"), [("full", "full"), ("remove", "none")])
def test_a_due_review_gives_full_access_or_removes_it(team, alice, login, decision, access):
    found = accepted(team, alice, "Bea Limited", "https://www.facebook.com/bea.limited")
    PrivacyTask.objects.filter(kind="review").update(due_on=date(2000, 1, 1))
    review = PrivacyTask.objects.get(kind="review")
    client = login(alice)
    assert "Give full access" in client.get(reverse("dashboard")).content.decode()
    client.post(reverse("privacy_review", args=[review.pk]), {"decision": decision})
    assert NetworkProfile.objects.get(contact=found.contact).access == access
    review.refresh_from_db()
    assert review.done_at is not None


def test_keeping_it_limited_plans_the_next_review(team, alice, login):
    found = accepted(team, alice, "Bea Limited", "https://www.facebook.com/bea.limited")
    PrivacyTask.objects.filter(kind="review").update(due_on=date(2000, 1, 1))
    review = PrivacyTask.objects.get(kind="review")
    login(alice).post(reverse("privacy_review", args=[review.pk]), {"decision": "keep"})
    assert NetworkProfile.objects.get(contact=found.contact).access == "restricted"
    (following,) = PrivacyTask.objects.filter(kind="review", done_at__isnull=True)
    assert following.due_on == add_months(timezone.localdate(), 6)


def test_a_bad_review_decision_changes_nothing(team, alice, login):
    accepted(team, alice, "Bea Limited", "https://www.facebook.com/bea.limited")
    review = PrivacyTask.objects.get(kind="review")
    login(alice).post(reverse("privacy_review", args=[review.pk]), {"decision": "drop table"})
    review.refresh_from_db()
    assert review.done_at is None


def test_each_decision_in_the_inbox_opens_the_network(team, alice, login):
    found = received(
        team, alice, "Marie", minutes_ago=5, address="https://www.linkedin.com/in/marie"
    )
    content = login(alice).get(reverse("request_detail", args=[found.pk])).content.decode()
    assert 'href="https://www.linkedin.com/mynetwork/invitation-manager/"' in content
    assert "Open on LinkedIn" in content


def test_add_months_keeps_the_day_or_the_last_of_the_month():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)
