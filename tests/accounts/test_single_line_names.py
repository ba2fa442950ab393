"""Team and display names are single-line: they reach email subjects and headers."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Team
from accounts.text import single_line
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

INJECTION = "Evil\r\nBcc: victim@example.net"


def test_renaming_a_team_with_a_line_break_is_refused_with_a_clear_error(login, alice, team):
    response = login(alice).post(reverse("team_rename"), {"name": INJECTION})
    assert response.status_code == 422
    assert "line breaks are not allowed" in response.content.decode()
    team.refresh_from_db()
    assert team.name == "Alice & Co"


@pytest.mark.parametrize("name", ["Evil\nBcc", "Evil\rBcc", "Evil\u2028Bcc", "Evil\x85Bcc"])
def test_creating_a_team_with_a_line_break_is_refused(login, alice, name):
    response = login(alice).post(reverse("team_create"), {"name": name})
    assert response.status_code == 200
    assert "line breaks are not allowed" in response.content.decode()
    assert not Team.objects.filter(name__startswith="Evil").exists()


def test_the_model_refuses_a_line_break_in_a_team_name(team):
    team.name = INJECTION
    with pytest.raises(ValidationError, match="line breaks"):
        team.full_clean()


def test_a_display_name_with_a_line_break_is_refused_at_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "dora@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": INJECTION,
        },
    )
    assert response.status_code == 200
    assert "line breaks are not allowed" in response.content.decode()
    assert not Team.objects.exists()


def test_a_display_name_with_a_line_break_is_refused_in_the_profile(login, alice):
    response = login(alice).post(
        reverse("profile"), {"display_name": INJECTION, "language": "", "timezone": "UTC"}
    )
    assert "line breaks are not allowed" in response.content.decode()
    alice.refresh_from_db()
    assert alice.display_name == "Alice Owner"


def test_single_line_folds_every_line_break():
    assert single_line(" Evil\r\nBcc:\u2028x \v y\n") == "Evil Bcc: x y"
