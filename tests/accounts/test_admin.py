"""Staff administration: every accounts model is listed, searchable and editable."""

import pytest
from django.urls import reverse

from accounts.models import Invitation, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(login, alice):
    alice.is_staff = alice.is_superuser = True
    alice.save()
    return login(alice)


@pytest.mark.parametrize("model", ["user", "team", "membership", "invitation"])
def test_changelist_and_search_answer(staff, team, bob, model):
    Invitation.create(
        team=team, email="x@example.org", role="member", invited_by=team.owners()[0].user
    )
    url = reverse(f"admin:accounts_{model}_changelist")
    assert staff.get(url).status_code == 200
    assert staff.get(url, {"q": "alice"}).status_code == 200


def test_change_pages_open(staff, alice, team, bob):
    invitation, _token = Invitation.create(
        team=team, email="x@example.org", role="member", invited_by=alice
    )
    for name, pk in [
        ("user", bob.pk),
        ("team", team.pk),
        ("membership", Membership.objects.get(user=bob).pk),
        ("invitation", invitation.pk),
    ]:
        assert staff.get(reverse(f"admin:accounts_{name}_change", args=[pk])).status_code == 200


def test_admin_add_user_form_uses_email(staff):
    response = staff.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new@example.org",
            "password1": "a long enough pass 1",
            "password2": "a long enough pass 1",
        },
    )
    assert response.status_code == 302


def test_non_staff_cannot_open_the_admin(login, bob):
    response = login(bob).get(reverse("admin:index"))
    assert response.status_code == 302
