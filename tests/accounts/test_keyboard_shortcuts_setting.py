"""The profile's switch for single-letter shortcuts (WCAG 2.1.4): on by default, turned off
per person, and every page tells its scripts which."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROFILE = {"display_name": "Alice", "language": "", "timezone": "Europe/Paris"}


def test_shortcuts_are_on_for_a_new_account(login, alice):
    assert alice.keyboard_shortcuts is True
    html = login(alice).get(reverse("inbox")).content.decode()
    assert 'data-shortcuts="on"' in html
    assert 'name="keyboard_shortcuts"' in login(alice).get(reverse("profile")).content.decode()


def test_unticking_the_box_turns_them_off_on_every_page(login, alice):
    client = login(alice)
    assert client.post(reverse("profile"), PROFILE).status_code == 302
    alice.refresh_from_db()
    assert alice.keyboard_shortcuts is False
    for name in ("inbox", "contact_list", "profile"):
        assert 'data-shortcuts="off"' in client.get(reverse(name)).content.decode()
    client.post(reverse("profile"), {**PROFILE, "keyboard_shortcuts": "on"})
    alice.refresh_from_db()
    assert alice.keyboard_shortcuts is True


def test_it_is_each_persons_own_setting(login, alice, bob):
    login(alice).post(reverse("profile"), PROFILE)
    bob.refresh_from_db()
    assert bob.keyboard_shortcuts is True


def test_the_shortcut_help_says_how_to_turn_them_off(login, alice):
    html = login(alice).get(reverse("inbox")).content.decode()
    assert "untick “Single-letter keyboard shortcuts” in" in html
    assert f'<a href="{reverse("profile")}">your profile</a>' in html
