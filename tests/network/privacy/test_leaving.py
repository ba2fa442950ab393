"""Leaving for good: a user deletes their account, an owner the whole team, with the same
completeness as forgetting a person (every text and JSON column searched afterwards)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts.models import Invitation, Membership, Team, User
from network.models import Contact, ErasureRecord
from replies.models import Intent, OutgoingMessage, Phrase
from replies.services import message_send
from tests.network.privacy.helpers import NEEDLES, person, traces

pytestmark = pytest.mark.django_db

ALICE = ["alice@example.org", "Alice Owner"]


def _alice_everywhere(team, alice, bob) -> dict:
    made = person(team, alice, bob)
    message_send(
        connection_request=made["second"],
        actor=alice,
        text="Bonjour, qui êtes-vous ? Alice Owner",
        intent=Intent.ASK_PURPOSE,
    )
    Phrase.objects.create(team=team, owner=alice, title="Mine", intent="ask_purpose", body="Hello")
    Invitation.create(team=team, email="ALICE@example.org", role="member", invited_by=bob)
    AccessAttempt.objects.create(
        username="alice@example.org", ip_address="127.0.0.1", failures_since_start=1
    )
    return made


def test_the_last_owner_of_a_shared_team_must_hand_it_over_first(team, alice, bob, login):
    client = login(alice)
    response = client.post(reverse("account_delete"), {"typed": "alice@example.org"})
    assert response.status_code == 409
    assert "You are the last owner of Alice &amp; Co" in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()


def test_deleting_an_account_leaves_nothing_that_names_them(team, alice, bob, login):
    made = _alice_everywhere(team, alice, bob)
    Membership.objects.filter(team=team, user=bob).update(role="owner")
    client = login(alice)
    assert client.get(reverse("account_delete")).status_code == 200
    wrong = client.post(reverse("account_delete"), {"typed": "bob@example.org"})
    assert wrong.status_code == 422 and User.objects.filter(pk=alice.pk).exists()
    response = client.post(reverse("account_delete"), {"typed": " Alice@Example.org "})
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=alice.pk).exists()
    assert traces(ALICE) == []
    # The team's own records stay, without her.
    assert Contact.objects.filter(pk=made["contact"].pk).exists()
    message = OutgoingMessage.objects.get(text__startswith="Bonjour, qui")
    assert message.sent_by is None and "Alice" not in message.text
    assert not Phrase.objects.filter(title="Mine").exists()
    assert ErasureRecord.objects.get(reason="account").team == team
    assert client.get(reverse("dashboard")).status_code == 302  # signed out


def test_an_account_alone_in_its_team_takes_the_team_with_it(alice, team, login):
    Contact.objects.create(team=team, given_name="Only", family_name="Alice's")
    login(alice).post(reverse("account_delete"), {"typed": "alice@example.org"})
    assert not Team.objects.filter(pk=team.pk).exists()
    assert not Contact.objects.exists()
    assert ErasureRecord.objects.filter(reason="team", team=None).count() == 1
    assert traces(ALICE) == []


def test_an_owner_deletes_the_team_with_everything_it_holds(team, alice, bob, mallory, login):
    made = person(team, alice, bob)
    client = login(alice)
    assert client.get(reverse("team_delete")).status_code == 200
    assert client.post(reverse("team_delete"), {"typed": "Alice"}).status_code == 422
    assert Team.objects.filter(pk=team.pk).exists()
    response = client.post(reverse("team_delete"), {"typed": "alice & co"})
    assert response["Location"] == reverse("home")
    assert not Team.objects.filter(pk=team.pk).exists()
    assert traces([*NEEDLES, "Alice & Co"]) == []
    assert not Contact.objects.filter(pk=made["introducer"].pk).exists()
    assert User.objects.filter(pk=bob.pk).exists() and mallory.last_team is not None
    record = ErasureRecord.objects.get(reason="team")
    assert record.team is None and record.counts["network.Contact"] == 3


def test_only_an_owner_may_delete_the_team(team, alice, bob, carol, login):
    Membership.objects.filter(team=team, user=bob).update(role="admin")
    for who in (bob, carol):
        client = login(who)
        assert client.get(reverse("team_delete")).status_code == 403
        assert client.post(reverse("team_delete"), {"typed": "Alice & Co"}).status_code == 403
    assert Team.objects.filter(pk=team.pk).exists()


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "Alan",
            "Also, call Alan or ALAN; Alanis and Catalan stay. Alan",
            "Also, call … or …; Alanis and Catalan stay. …",
        ),
        ("Zoé", "Zoé, Zoéline et ZOÉ ; Chloé-Zoé.", "…, Zoéline et … ; Chloé-…."),
        ("Al", "Also, call Al: Alan, Catalan.", "Also, call Al: Alan, Catalan."),
    ],
)
def test_deleting_an_account_blanks_their_name_as_whole_words_only(
    team, alice, bob, name, text, expected
):
    from network.privacy.services import account_delete

    bob.display_name = name
    bob.save(update_fields=["display_name"])
    made = person(team, alice, bob)
    sent = message_send(
        connection_request=made["second"],
        actor=bob,
        text=f"{text} (bob@example.org)",
        intent=Intent.ASK_PURPOSE,
    )
    account_delete(user=bob)
    assert OutgoingMessage.objects.get(pk=sent.pk).text == f"{expected} (…)"
