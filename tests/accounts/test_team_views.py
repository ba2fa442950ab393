"""Team pages for the whole cast: owner, member, read-only member and outsider."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, Membership, Team

pytestmark = pytest.mark.django_db


def role_of(user, team):
    return Membership.objects.get(user=user, team=team).role


# The team page


def test_owner_sees_members_invite_form_and_actions(login, alice, team, bob, carol):
    content = login(alice).get(reverse("team_detail")).content.decode()
    for name in ("Alice Owner", "Bob Member", "Carol Reader"):
        assert name in content
    assert 'id="invite-form"' in content
    assert reverse("membership_remove", args=[Membership.objects.get(user=bob).pk]) in content


@pytest.mark.parametrize("who", ["bob", "carol"])
def test_members_see_the_team_but_no_management(request, login, who, team, alice):
    user = request.getfixturevalue(who)
    content = login(user).get(reverse("team_detail")).content.decode()
    assert "Alice Owner" in content
    assert 'id="invite-form"' not in content
    assert "/remove/" not in content


def test_read_only_member_is_told_so(login, carol):
    content = login(carol).get(reverse("team_detail")).content.decode()
    assert "change nothing" in content


def test_outsider_only_ever_sees_their_own_team(login, mallory, team):
    content = login(mallory).get(reverse("team_detail")).content.decode()
    assert "Mallory Ltd" in content
    assert "Alice" not in content


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("team_detail"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_team_page_runs_a_constant_number_of_queries(
    login, alice, team, django_assert_max_num_queries
):
    from tests.conftest import make_user

    client = login(alice)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("team_detail"))
    for index in range(25):
        Membership.objects.create(team=team, user=make_user(f"m{index}@example.org", f"M {index}"))
        Invitation.create(team=team, email=f"i{index}@example.org", role="member", invited_by=alice)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("team_detail"))


# Invitations


def test_owner_invites_by_email_and_the_link_is_in_the_message(
    login, alice, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(alice).post(
            reverse("invitation_create"), {"email": "dora@example.org", "role": "admin"}
        )
    assert response.status_code == 302
    invitation = team.invitations.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "dora@example.org",
        "admin",
        alice,
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dora@example.org"]
    assert "Alice & Co" in message.subject
    assert "/invitations/" in message.body


def test_invitation_form_refuses_a_member_and_a_duplicate(login, alice, team, bob):
    client = login(alice)
    response = client.post(
        reverse("invitation_create"), {"email": "BOB@example.org", "role": "member"}
    )
    assert response.status_code == 422
    assert "already in this team" in response.content.decode()
    client.post(reverse("invitation_create"), {"email": "x@example.org", "role": "member"})
    response = client.post(
        reverse("invitation_create"), {"email": "x@example.org", "role": "member"}
    )
    assert response.status_code == 422
    assert "already has an open invitation" in response.content.decode()
    assert team.invitations.count() == 1


def test_invalid_invitation_over_htmx_answers_the_form_in_place(login, alice, team):
    response = login(alice).post(
        reverse("invitation_create"),
        {"email": "not-an-email", "role": "member"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#invite-form"
    assert response.content.decode().lstrip().startswith('<form id="invite-form"')


def test_invitation_cannot_grant_ownership_through_the_form(login, alice, team):
    response = login(alice).post(
        reverse("invitation_create"), {"email": "boss@example.org", "role": "owner"}
    )
    assert response.status_code == 422
    assert not team.invitations.exists()


@pytest.mark.parametrize("who", ["bob", "carol"])
def test_members_without_management_rights_get_403_on_invite(request, login, who, team):
    user = request.getfixturevalue(who)
    response = login(user).post(
        reverse("invitation_create"), {"email": "z@example.org", "role": "member"}
    )
    assert response.status_code == 403
    assert not team.invitations.exists()


def test_htmx_invite_answers_the_team_body_with_a_toast(login, alice, team):
    response = login(alice).post(
        reverse("invitation_create"),
        {"email": "toast@example.org", "role": "member"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="team-body">')
    toast = json.loads(response["HX-Trigger"])["messages"][0]
    assert toast == {
        "message": "Invitation to toast@example.org is on its way.",
        "level": "success",
    }


def test_resend_mails_a_fresh_link_and_revoke_closes_it(
    login, alice, team, django_capture_on_commit_callbacks
):
    invitation, old_token = Invitation.create(
        team=team, email="eve@example.org", role="member", invited_by=alice
    )
    client = login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("invitation_resend", args=[invitation.pk]))
    assert len(mail.outbox) == 1
    assert old_token not in mail.outbox[0].body
    assert not Invitation.objects.by_token(old_token).exists()
    client.post(reverse("invitation_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invitation_resend", args=[invitation.pk]), follow=True)
    assert "closed and cannot be sent again" in response.content.decode()
    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.status == "revoked"


# Roles and members


def test_owner_changes_a_role(login, alice, team, bob):
    pk = Membership.objects.get(user=bob).pk
    response = login(alice).post(reverse("membership_role", args=[pk]), {"role": "readonly"})
    assert response.status_code == 302
    assert role_of(bob, team) == "readonly"


def test_admin_cannot_touch_an_owner_or_make_one(login, alice, team, bob, carol):
    Membership.objects.filter(user=bob).update(role="admin")
    client = login(bob)
    owner_pk = Membership.objects.get(user=alice).pk
    assert (
        client.post(reverse("membership_role", args=[owner_pk]), {"role": "member"}).status_code
        == 403
    )
    assert client.post(reverse("membership_remove", args=[owner_pk])).status_code == 403
    carol_pk = Membership.objects.get(user=carol).pk
    client.post(reverse("membership_role", args=[carol_pk]), {"role": "owner"})
    assert role_of(carol, team) == "readonly"
    assert role_of(alice, team) == "owner"


@pytest.mark.parametrize("who", ["bob", "carol"])
def test_members_get_403_on_role_changes_and_removals(request, login, who, alice, team, bob, carol):
    user = request.getfixturevalue(who)
    other = carol if user == bob else bob
    pk = Membership.objects.get(user=other).pk
    client = login(user)
    assert client.post(reverse("membership_role", args=[pk]), {"role": "admin"}).status_code == 403
    assert client.post(reverse("membership_remove", args=[pk])).status_code == 403
    assert client.post(reverse("membership_make_owner", args=[pk])).status_code == 403
    assert Membership.objects.filter(pk=pk, role=other.memberships.get().role).exists()


def test_owner_removes_a_member(login, alice, team, bob):
    pk = Membership.objects.get(user=bob).pk
    login(alice).post(reverse("membership_remove", args=[pk]))
    assert not team.memberships.filter(user=bob).exists()


def test_owner_hands_over_ownership(login, alice, team, bob):
    pk = Membership.objects.get(user=bob).pk
    login(alice).post(reverse("membership_make_owner", args=[pk]))
    assert (role_of(alice, team), role_of(bob, team)) == ("admin", "owner")


def test_nobody_changes_their_own_membership_from_the_list(login, alice, team):
    pk = Membership.objects.get(user=alice).pk
    assert login(alice).post(reverse("membership_remove", args=[pk])).status_code == 403


# Leaving, creating, switching, renaming


def test_member_leaves(login, bob, team):
    response = login(bob).post(reverse("team_leave"))
    assert response.status_code == 302
    assert not team.memberships.filter(user=bob).exists()


def test_last_owner_cannot_leave(login, alice, team):
    client = login(alice)
    client.post(reverse("team_leave"))
    assert role_of(alice, team) == "owner"
    assert "last owner" in client.get(reverse("team_detail")).content.decode()


def test_someone_in_no_team_is_asked_to_create_one(login, bob, team):
    client = login(bob)
    client.post(reverse("team_leave"))
    response = client.get(reverse("team_detail"))
    assert response.status_code == 302
    assert response["Location"] == reverse("team_create")
    response = client.post(reverse("team_create"), {"name": "Bob's own"})
    assert response.status_code == 302
    assert role_of(bob, Team.objects.get(name="Bob's own")) == "owner"


def test_switching_team_is_remembered(login, alice, team, mallory):
    other = Team.create_with_owner(name="Side project", owner=alice)
    client = login(alice)
    client.post(reverse("team_switch", args=[team.pk]), {"next": "/team/"})
    alice.refresh_from_db()
    assert alice.last_team == team
    assert "Alice &amp; Co" in client.get(reverse("team_detail")).content.decode()
    client.post(reverse("team_switch", args=[other.pk]))
    assert "Side project" in client.get(reverse("team_detail")).content.decode()


def test_switching_refuses_a_foreign_redirect(login, alice, team):
    response = login(alice).post(
        reverse("team_switch", args=[team.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_owner_renames_the_team_and_a_reader_cannot(login, alice, carol, team):
    assert login(carol).post(reverse("team_rename"), {"name": "Hacked"}).status_code == 403
    login(alice).post(reverse("team_rename"), {"name": "Alice & Partners"})
    team.refresh_from_db()
    assert team.name == "Alice & Partners"


def test_every_write_needs_post(login, alice, team):
    client = login(alice)
    for name in ("team_rename", "team_leave", "invitation_create"):
        assert client.get(reverse(name)).status_code == 405


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "mallory"])
@pytest.mark.parametrize("page", ["team_detail", "profile", "team_create", "welcome"])
def test_every_page_opens_for_each_of_the_cast(request, login, who, page, team):
    user = request.getfixturevalue(who)
    assert login(user).get(reverse(page)).status_code == 200


def test_invitation_email_follows_the_inviters_language(
    login, alice, team, django_capture_on_commit_callbacks
):
    alice.language = "fr"
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        login(alice).post(
            reverse("invitation_create"), {"email": "dora@example.org", "role": "member"}
        )
    message = mail.outbox[0]
    assert message.subject == "Rejoignez Alice & Co sur Netcurate"
    assert "avec le rôle Membre" in message.body
