"""Profile settings: display name, language and time zone, applied on every page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_profile_saves_name_language_and_time_zone(login, alice):
    client = login(alice)
    response = client.post(
        reverse("profile"),
        {"display_name": "Alice O.", "language": "fr", "timezone": "America/Montreal"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.display_name, alice.language, alice.timezone) == (
        "Alice O.",
        "fr",
        "America/Montreal",
    )
    page = client.get(reverse("team_detail"), headers={"Accept-Language": "en"})
    assert '<html lang="fr">' in page.content.decode()


def test_unknown_time_zone_is_a_field_error(login, alice):
    response = login(alice).post(
        reverse("profile"), {"display_name": "A", "language": "", "timezone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    assert "Mars/Olympus" in response.content.decode()
    alice.refresh_from_db()
    assert alice.timezone == "Europe/Paris"


def test_language_switch_is_remembered_on_the_profile(login, alice):
    client = login(alice)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "fr"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "en"


def test_empty_language_follows_the_browser(login, alice):
    client = login(alice)
    page = client.get(reverse("team_detail"), headers={"Accept-Language": "fr"})
    assert '<html lang="fr">' in page.content.decode()


def test_profile_needs_login(client):
    assert client.get(reverse("profile")).status_code == 302
