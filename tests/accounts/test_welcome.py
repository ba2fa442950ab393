"""First run: sign up, confirm, land signed in on a short welcome step, then the inbox."""

import importlib
import re

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def confirm_link(message) -> str:
    return re.search(r"https?://testserver(/accounts/confirm-email/\S+)", message.body).group(1)


def test_confirming_the_email_signs_in_and_opens_the_welcome_step(client, committed):
    with committed():
        client.post(
            reverse("account_signup"),
            {"email": "dora@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    response = client.post(confirm_link(mail.outbox[-1]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("welcome")
    assert response.wsgi_request.user.email == "dora@example.org"
    content = response.content.decode()
    assert "Welcome to Netcurate" in content
    assert reverse("inbox") in content and "Add your first request" in content
    assert reverse("contact_create") in content and "Add a contact" in content


def test_signed_in_home_goes_to_the_welcome_step_until_done_then_to_the_dashboard(login, alice):
    client = login(alice)
    assert client.get("/")["Location"] == reverse("welcome")
    response = client.post(reverse("welcome"), {"display_name": "Alice Martin", "language": "fr"})
    assert response["Location"] == reverse("inbox")
    alice.refresh_from_db()
    assert (alice.display_name, alice.language) == ("Alice Martin", "fr")
    assert alice.welcomed_at is not None
    assert response.cookies["django_language"].value == "fr"
    assert client.get("/")["Location"] == reverse("dashboard")


def test_home_never_greets_a_signed_in_user_with_their_email(login, alice):
    response = login(alice).get("/", follow=True)
    assert "Welcome back" not in response.content.decode()


def test_visitors_still_get_the_home_page(client):
    assert client.get("/").status_code == 200


def test_the_welcome_step_can_be_skipped_and_is_not_shown_again(login, alice):
    client = login(alice)
    response = client.post(reverse("welcome"), {"skip": "1", "display_name": ""})
    assert response["Location"] == reverse("inbox")
    alice.refresh_from_db()
    assert alice.welcomed_at is not None
    assert alice.display_name == "Alice Owner"
    assert client.get("/")["Location"] == reverse("dashboard")


def test_the_welcome_step_asks_for_a_name_to_sign_with(login, alice):
    response = login(alice).post(reverse("welcome"), {"display_name": "", "language": ""})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    alice.refresh_from_db()
    assert alice.welcomed_at is None


def test_the_welcome_step_offers_the_name_given_at_sign_up(login, alice):
    content = login(alice).get(reverse("welcome")).content.decode()
    assert 'value="Alice Owner"' in content


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("welcome"))
    assert response["Location"].startswith(reverse("account_login"))


def test_people_already_using_netcurate_are_not_welcomed_again(alice, bob):
    User.objects.update(welcomed_at=None)
    migration = importlib.import_module("accounts.migrations.0002_first_run_and_join_approval")
    migration.welcome_existing_users(apps, None)
    alice.refresh_from_db()
    assert alice.welcomed_at == alice.date_joined
    assert not User.objects.filter(welcomed_at__isnull=True).exists()
