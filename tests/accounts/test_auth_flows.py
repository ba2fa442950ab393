"""Sign-up with email confirmation, login, invitations through sign-up, and password reset."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, Membership, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


@pytest.fixture
def sign_up(committed):
    """``sign_up(client, email)`` posts the sign-up form; the confirmation email leaves."""

    def post(client, email: str, name: str = "Dora Newcomer"):
        with committed():
            return client.post(
                reverse("account_signup"),
                {
                    "email": email,
                    "password1": PASSWORD,
                    "password2": PASSWORD,
                    "display_name": name,
                },
            )

    return post


def confirm_last_email(client):
    confirm_url = link_in(mail.outbox[-1])
    return client.post(confirm_url, follow=True)


def test_sign_up_asks_to_confirm_the_email_before_logging_in(client, sign_up):
    response = sign_up(client, "dora@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "confirm-email" in mail.outbox[-1].body
    assert client.get(reverse("team_detail")).status_code == 302


def test_confirmed_sign_up_lands_in_a_personal_team(client, sign_up):
    sign_up(client, "dora@example.org", name="Dora Newcomer")
    confirm_last_email(client)
    user = User.objects.get(email="dora@example.org")
    assert user.display_name == "Dora Newcomer"
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.team.is_personal) == ("owner", True)
    assert membership.team.name == "Dora's team"
    content = client.get(reverse("team_detail")).content.decode()
    assert "Dora&#x27;s team" in content


def test_unconfirmed_account_cannot_log_in(client, sign_up):
    sign_up(client, "dora@example.org")
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "dora@example.org", "password": PASSWORD}
    )
    assert response["Location"] == reverse("account_email_verification_sent")


def test_login_is_case_insensitive_on_the_email(client, alice):
    response = client.post(
        reverse("account_login"), {"login": "ALICE@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("team_detail")).status_code == 200


def test_invitation_leads_through_sign_up_then_joins(client, sign_up, alice, team):
    invitation, token = Invitation.create(
        team=team, email="dora@example.org", role="member", invited_by=alice
    )
    url = reverse("invitation_accept", args=[token])
    page = client.get(url).content.decode()
    assert "Alice Owner invited dora@example.org to join Alice &amp; Co as Member." in page

    sign_up(client, "dora@example.org")
    response = confirm_last_email(client)
    assert response.redirect_chain[-1][0] == url
    response = client.post(url)
    assert response["Location"] == reverse("team_detail")

    dora = User.objects.get(email="dora@example.org")
    assert Membership.objects.get(user=dora, team=team).role == "member"
    dora.refresh_from_db()
    assert dora.last_team == team
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == ("accepted", dora)


def test_invitation_leads_through_login_then_joins(client, alice, team, mallory):
    _invitation, token = Invitation.create(
        team=team, email="mallory@example.net", role="readonly", invited_by=alice
    )
    url = reverse("invitation_accept", args=[token])
    client.get(url)
    response = client.post(
        reverse("account_login"), {"login": "mallory@example.net", "password": PASSWORD}
    )
    assert response["Location"] == url
    client.post(url)
    assert Membership.objects.get(user=mallory, team=team).role == "readonly"


def test_used_link_says_it_was_accepted(client, login, alice, team, mallory):
    invitation, token = Invitation.create(
        team=team, email="mallory@example.net", role="member", invited_by=alice
    )
    invitation.accept(mallory)
    response = client.get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 410
    assert "already been accepted" in response.content.decode()


def test_unknown_token_is_404(client):
    response = client.get(reverse("invitation_accept", args=["nope"]))
    assert response.status_code == 404
    assert "could not find this invitation" in response.content.decode()


def test_password_reset_by_email(client, committed, alice):
    with committed():
        client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    reset_url = link_in(mail.outbox[-1])
    response = client.get(reset_url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    new = "a brand new passphrase 42"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)


def test_password_change(login, alice):
    client = login(alice)
    new = "another long passphrase 7"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)
