"""`manage.py seed_demo` creates the demo login it prints, and converges when run again."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Invitation, Membership, Team, User


def run_seed() -> str:
    output = StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


@pytest.mark.django_db
def test_printed_demo_login_logs_in_through_the_login_form(client):
    output = run_seed()
    email, password = re.search(r"Demo login: (\S+) / (\S+)", output).groups()
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302
    assert client.get("/team/").status_code == 200


@pytest.mark.django_db
def test_demo_team_has_an_owner_a_member_a_reader_and_a_pending_invitation():
    run_seed()
    team = Team.objects.get(slug="demo-boutique")
    roles = sorted(team.memberships.values_list("role", flat=True))
    assert roles == sorted(["owner", "member", "readonly"])
    assert team.invitations.pending().count() == 1


@pytest.mark.django_db
def test_running_twice_creates_nothing_new():
    run_seed()
    counts = (User.objects.count(), Membership.objects.count(), Invitation.objects.count())
    second = run_seed()
    assert (User.objects.count(), Membership.objects.count(), Invitation.objects.count()) == counts
    assert "Refreshed" in second


@pytest.mark.django_db
def test_the_demo_inbox_shows_its_possible_matches_before_any_worker_runs():
    from network.models import ConnectionRequest

    call_command("seed_demo", stdout=StringIO())
    marie = ConnectionRequest.objects.get(sender_name="Marie Lefebvre")
    assert marie.matched_at is not None
    assert marie.best_score >= 70
