"""Roles, ownership and invitations: the rules the team pages rely on."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import Invitation, Membership, Team
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def membership(user, team):
    return Membership.objects.get(user=user, team=team)


def test_creating_a_team_makes_its_creator_owner_and_switches_to_it(alice):
    team = Team.create_with_owner(name="Second", owner=alice)
    assert membership(alice, team).role == "owner"
    alice.refresh_from_db()
    assert alice.last_team == team


def test_slugs_stay_unique_for_equal_names(alice):
    first = Team.create_with_owner(name="Same name", owner=alice)
    second = Team.create_with_owner(name="Same name", owner=alice)
    assert first.slug != second.slug
    assert second.slug.startswith("same-name-")


def test_a_user_joins_a_team_once(team, bob):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(team=team, user=bob, role="member")


def test_last_owner_can_neither_leave_nor_step_down(alice, team):
    owner = membership(alice, team)
    with pytest.raises(ValidationError):
        owner.leave()
    with pytest.raises(ValidationError):
        owner.change_role("admin")
    assert Membership.objects.get(pk=owner.pk).role == "owner"


def test_an_owner_may_leave_once_another_owner_exists(alice, team, bob):
    membership(bob, team).change_role("owner")
    membership(alice, team).leave()
    assert not team.memberships.filter(user=alice).exists()
    alice.refresh_from_db()
    assert alice.last_team is None


def test_transfer_makes_the_other_owner_and_self_admin(alice, team, bob):
    membership(alice, team).transfer_ownership(membership(bob, team))
    assert membership(bob, team).role == "owner"
    assert membership(alice, team).role == "admin"


def test_only_an_owner_can_transfer(team, bob, carol):
    with pytest.raises(ValidationError):
        membership(bob, team).transfer_ownership(membership(carol, team))


def test_who_may_change_whom(alice, team, bob, carol):
    owner, member, reader = (membership(u, team) for u in (alice, bob, carol))
    admin = member
    admin.change_role("admin")
    assert owner.can_change(admin) and owner.can_change(reader)
    assert admin.can_change(reader)
    assert not admin.can_change(owner)
    assert not owner.can_change(owner)
    assert not reader.can_change(admin)
    assert not reader.can_write and admin.can_write and admin.can_manage


def test_invitation_is_single_use(alice, team, mallory):
    invitation, _token = Invitation.create(
        team=team, email="mallory@example.net", role="member", invited_by=alice
    )
    invitation.accept(mallory)
    assert membership(mallory, team).role == "member"
    with pytest.raises(ValidationError, match="accepted"):
        invitation.accept(make_user("other@example.org", "Other"))


def test_expired_invitation_is_refused(alice, team, mallory):
    invitation, _token = Invitation.create(
        team=team, email="late@example.org", role="member", invited_by=alice
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    invitation.refresh_from_db()
    assert invitation.status == "expired"
    with pytest.raises(ValidationError, match="expired"):
        invitation.accept(mallory)
    assert not team.memberships.filter(user=mallory).exists()


def test_revoked_invitation_is_refused(alice, team, mallory):
    invitation, _token = Invitation.create(
        team=team, email="gone@example.org", role="member", invited_by=alice
    )
    invitation.revoke()
    with pytest.raises(ValidationError, match="revoked"):
        invitation.accept(mallory)


@override_settings(INVITATION_DAYS=3)
def test_invitation_expires_after_the_configured_days(alice, team):
    invitation, _token = Invitation.create(
        team=team, email="soon@example.org", role="member", invited_by=alice
    )
    lifetime = invitation.expires_at - invitation.created_at
    assert timedelta(days=3) - timedelta(seconds=5) < lifetime <= timedelta(days=3)


def test_renewing_rotates_the_token_and_the_expiry(alice, team):
    invitation, old_token = Invitation.create(
        team=team, email="again@example.org", role="member", invited_by=alice
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    invitation.refresh_from_db()
    new_token = invitation.renew()
    assert new_token != old_token
    assert not Invitation.objects.by_token(old_token).exists()
    assert Invitation.objects.by_token(new_token).get().status == "pending"


def test_only_a_hash_of_the_token_is_stored(alice, team):
    invitation, token = Invitation.create(
        team=team, email="hash@example.org", role="member", invited_by=alice
    )
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64


def test_one_open_invitation_per_email_and_team(alice, team):
    Invitation.create(team=team, email="twice@example.org", role="member", invited_by=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.create(team=team, email="TWICE@example.org", role="member", invited_by=alice)


def test_an_invitation_never_grants_ownership(alice, team):
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.create(team=team, email="boss@example.org", role="owner", invited_by=alice)


def test_passwords_are_hashed_with_argon2id_tuned_for_a_small_server():
    with override_settings(PASSWORD_HASHERS=["accounts.hashers.TunedArgon2PasswordHasher"]):
        encoded = make_password("s3cret-enough")
        assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
        assert check_password("s3cret-enough", encoded)
