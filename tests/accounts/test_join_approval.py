"""An invitation link admits the person it was sent to; anyone else waits for approval.

Links get forwarded. Whoever follows one under another email address only asks to join,
whatever the role offered (admin included); an owner or admin approves or refuses from the
team page.
"""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import Invitation, Membership
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def eve(db):
    """Holds a link that was sent to someone else."""
    return make_user("eve@example.com", "Eve Forwarded")


def invite(team, alice, email="dora@example.org", role="admin") -> tuple[Invitation, str]:
    return Invitation.create(team=team, email=email, role=role, invited_by=alice)


def use_link(client, token: str):
    return client.post(reverse("invitation_accept", args=[token]), follow=True)


@pytest.fixture
def awaiting(login, alice, team, eve) -> Invitation:
    invitation, token = invite(team, alice)
    use_link(login(eve), token)
    invitation.refresh_from_db()
    return invitation


# Using the link


def test_someone_else_using_an_admin_link_does_not_join_and_is_told_to_wait(
    login, alice, team, eve
):
    invitation, token = invite(team, alice, role="admin")
    response = use_link(login(eve), token)
    assert not team.memberships.filter(user=eve).exists()
    invitation.refresh_from_db()
    assert (invitation.status, invitation.claimed_by) == ("awaiting", eve)
    content = response.content.decode()
    assert "waiting for an owner or admin of the team to approve it" in content
    assert "Your request to join Alice &amp; Co is waiting for approval." in content


def test_the_page_warns_before_someone_else_asks_to_join(login, alice, team, eve):
    _invitation, token = invite(team, alice)
    content = login(eve).get(reverse("invitation_accept", args=[token])).content.decode()
    assert "not the address this invitation was sent to" in content
    assert "Ask to join" in content
    assert "Accept and join" not in content


def test_the_invited_address_joins_at_once_whatever_its_case(client, login, alice, team):
    dora = make_user("dora@example.org", "Dora")
    invitation, token = invite(team, alice, email="DORA@Example.ORG", role="admin")
    use_link(login(dora), token)
    assert Membership.objects.get(team=team, user=dora).role == "admin"
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == ("accepted", dora)


def test_a_verified_second_address_counts_an_unverified_one_does_not(login, alice, team, eve):
    EmailAddress.objects.create(user=eve, email="eve.work@example.org", verified=False)
    _invitation, token = invite(team, alice, email="eve.work@example.org")
    use_link(login(eve), token)
    assert not team.memberships.filter(user=eve).exists()

    EmailAddress.objects.create(user=eve, email="eve@elsewhere.example", verified=True)
    _invitation, token = invite(team, alice, email="Eve@Elsewhere.example")
    use_link(login(eve), token)
    assert team.memberships.filter(user=eve).exists()


def test_a_used_link_is_closed_to_a_third_person(login, alice, team, eve):
    _invitation, token = invite(team, alice)
    use_link(login(eve), token)
    third = make_user("third@example.org", "Third")
    response = login(third).get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 410
    assert "already been used, and awaits the team" in response.content.decode()
    assert use_link(login(third), token).status_code == 410
    assert not team.memberships.filter(user=third).exists()


def test_the_waiting_person_sees_where_things_stand_on_the_link(login, alice, team, eve):
    _invitation, token = invite(team, alice)
    client = login(eve)
    use_link(client, token)
    response = client.get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 200
    assert "is waiting for approval" in response.content.decode()


# Approving and refusing


def test_owner_sees_who_asks_with_approve_and_refuse(login, alice, team, awaiting):
    content = login(alice).get(reverse("team_detail")).content.decode()
    assert "Eve Forwarded (eve@example.com) used this link under another address" in content
    assert reverse("invitation_approve", args=[awaiting.pk]) in content
    assert reverse("invitation_refuse", args=[awaiting.pk]) in content
    assert reverse("invitation_resend", args=[awaiting.pk]) not in content


@pytest.mark.parametrize("who", ["alice", "bob_as_admin"])
def test_owner_or_admin_approves_and_the_person_joins_with_the_role(
    request, login, who, team, eve, awaiting, bob
):
    if who == "bob_as_admin":
        Membership.objects.filter(user=bob).update(role="admin")
        manager = bob
    else:
        manager = request.getfixturevalue("alice")
    response = login(manager).post(reverse("invitation_approve", args=[awaiting.pk]))
    assert response.status_code == 302
    assert Membership.objects.get(team=team, user=eve).role == "admin"
    awaiting.refresh_from_db()
    assert (awaiting.status, awaiting.accepted_by) == ("accepted", eve)


def test_owner_refuses_and_the_person_is_told(client, login, alice, team, eve):
    invitation, token = invite(team, alice)
    use_link(login(eve), token)
    response = login(alice).post(reverse("invitation_refuse", args=[invitation.pk]), follow=True)
    assert "Eve Forwarded will not join the team." in response.content.decode()
    assert not team.memberships.filter(user=eve).exists()
    invitation.refresh_from_db()
    assert invitation.status == "refused"
    response = login(eve).get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 410
    assert "did not approve the request to join" in response.content.decode()


@pytest.mark.parametrize("route", ["invitation_approve", "invitation_refuse"])
@pytest.mark.parametrize("who", ["bob", "carol"])
def test_members_without_management_rights_get_403(request, login, route, who, awaiting, team):
    user = request.getfixturevalue(who)
    response = login(user).post(reverse(route, args=[awaiting.pk]))
    assert response.status_code == 403
    awaiting.refresh_from_db()
    assert awaiting.status == "awaiting"


@pytest.mark.parametrize("route", ["invitation_approve", "invitation_refuse"])
def test_outsider_gets_404(login, route, awaiting, mallory):
    client = login(mallory)
    assert client.post(reverse(route, args=[awaiting.pk])).status_code == 404
    assert client.get(reverse(route, args=[awaiting.pk])).status_code == 404
    awaiting.refresh_from_db()
    assert awaiting.status == "awaiting"


@pytest.mark.parametrize("route", ["invitation_approve", "invitation_refuse"])
def test_approving_needs_post(login, route, alice, awaiting):
    assert login(alice).get(reverse(route, args=[awaiting.pk])).status_code == 405


def test_approve_form_carries_the_csrf_token(login, alice, awaiting):
    client = login(alice)
    client.handler.enforce_csrf_checks = True
    assert client.post(reverse("invitation_approve", args=[awaiting.pk])).status_code == 403
    awaiting.refresh_from_db()
    assert awaiting.status == "awaiting"
    page = client.get(reverse("team_detail")).content.decode()
    form = page.split(reverse("invitation_approve", args=[awaiting.pk]), 1)[1]
    assert 'name="csrfmiddlewaretoken"' in form.split("</form>", 1)[0]


def test_an_unused_invitation_cannot_be_approved(login, alice, team):
    invitation, _token = invite(team, alice)
    response = login(alice).post(reverse("invitation_approve", args=[invitation.pk]), follow=True)
    assert "This invitation is pending." in response.content.decode()
    assert team.memberships.count() == 1


def test_a_link_in_use_cannot_be_sent_again(login, alice, awaiting):
    response = login(alice).post(reverse("invitation_resend", args=[awaiting.pk]), follow=True)
    assert "Someone already used this link" in response.content.decode()
    awaiting.refresh_from_db()
    assert awaiting.status == "awaiting"
