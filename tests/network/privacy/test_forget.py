"""Forgetting a person: every row about them goes, in every app; nothing that names them is
left in any text or JSON column of any table; an anonymous audit entry remains."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from network.models import ConnectionRequest, Contact, ErasureRecord
from network.privacy.selectors import person_held
from network.privacy.services import person_forget
from replies.models import Notification, OutgoingMessage, ReceivedReply, Reminder
from tests.network.privacy.helpers import EMAIL, NAME, NEEDLES, PHONE, PROFILE, person, traces

pytestmark = pytest.mark.django_db


def test_the_person_is_everywhere_before(team, alice, bob):
    person(team, alice, bob)
    found = traces()
    for label in (
        "network.Contact",
        "network.ContactAlias",
        "network.ContactEmail",
        "network.ContactPhone",
        "network.NetworkProfile",
        "network.ContactTag",
        "network.ContactChange",
        "network.ContactKey",
        "network.PastPosition",
        "network.ConnectionRequest",
        "network.RequestKey",
        "replies.OutgoingMessage",
        "replies.ReceivedReply",
        "network.ImportJob",
        "admin.LogEntry",
    ):
        assert any(trace.startswith(label + ".") for trace in found), label


def test_forgetting_leaves_nothing_that_identifies_them(team, alice, bob):
    made = person(team, alice, bob)
    reminders = Reminder.objects.filter(connection_request=made["first"]).count()
    assert reminders  # planned when the question went, cancelled by the reply: still rows
    record = person_forget(contact=made["contact"], actor=alice)

    assert traces() == []
    assert not Contact.objects.filter(pk=made["contact"].pk).exists()
    assert not ConnectionRequest.objects.filter(pk__in=[made["first"].pk, made["second"].pk])
    assert not OutgoingMessage.objects.exists() and not ReceivedReply.objects.exists()
    assert not Notification.objects.exists()
    # The others stay, unlinked from her.
    made["hugo"].refresh_from_db()
    assert made["hugo"].met_through is None
    made["stranger"].refresh_from_db()
    assert made["stranger"].best_match is None
    assert Contact.objects.filter(pk=made["introducer"].pk).exists()
    # The audit entry: who, when, how many of what; nothing about her.
    assert record.reason == "person" and record.actor == alice and record.team == team
    assert record.counts["network.Contact"] == 1
    assert record.counts["network.ConnectionRequest"] == 2
    assert record.counts["replies.OutgoingMessage"] == 1
    assert record.counts["replies.ReceivedReply"] == 1
    assert record.counts["replies.Notification"] == 1
    assert record.counts["replies.ReminderMute"] == 1
    assert record.counts["network.PrivacyTask"] == 2
    assert record.counts["replies.Reminder"] == reminders
    assert record.counts["network.RequestKey"] >= 2
    assert record.counts["network.ContactKey"] >= 1
    assert record.counts["network.ContactAlias"] >= 1  # the restriction and the review
    assert record.counts["network.ImportJob"] == 1
    stored = json.dumps(list(ErasureRecord.objects.values()), default=str)
    assert not any(needle.lower() in stored.lower() for needle in NEEDLES)


def test_the_export_holds_everything_about_them(team, alice, bob):
    made = person(team, alice, bob)
    held = person_held(made["contact"])
    text = json.dumps(held, default=str, ensure_ascii=False)
    for needle in (NAME, EMAIL, PHONE, PROFILE, "Zéphyrine Oldmaidenname", "Zeph Q."):
        assert needle in text
    assert held["held"]["replies.OutgoingMessage"][0]["text"].startswith("Bonjour Zéphyrine")
    assert held["held"]["replies.ReceivedReply"][0]["text"].startswith("Zéphyrine")
    assert len(held["held"]["network.ConnectionRequest"]) == 2
    (imported,) = held["held"]["network.ImportJob"]  # only her rows of its report
    assert imported["first_rows"] and "Quibbleworth" in json.dumps(imported["first_rows"])
    assert "Someone Else" not in text and "Hugo" not in text  # other people stay out


# The pages


def test_a_manager_sees_what_will_go_and_must_type_the_name(team, alice, bob, login):
    made = person(team, alice, bob)
    client = login(alice)
    url = reverse("contact_forget", args=[made["contact"].pk])
    page = client.get(url).content.decode()
    assert "This is irreversible." in page
    assert "Connection requests: 2" in page
    assert "Imports: 1" in page
    response = client.post(url, {"name": "Zéphyrine"})
    assert response.status_code == 422
    assert "That is not the name of this contact." in response.content.decode()
    assert Contact.objects.filter(pk=made["contact"].pk).exists()
    response = client.post(url, {"name": "  zephyrine   QUIBBLEWORTH "})
    assert response["Location"] == reverse("contact_list")
    assert traces() == []


def test_members_and_readers_may_not_forget(team, alice, bob, carol, login):
    made = person(team, alice, bob)
    url = reverse("contact_forget", args=[made["contact"].pk])
    for who in (bob, carol):
        client = login(who)
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": NAME}).status_code == 403
    assert Contact.objects.filter(pk=made["contact"].pk).exists()


def test_the_contact_page_offers_forget_to_managers_only(team, alice, bob, login):
    made = person(team, alice, bob)
    url = reverse("contact_detail", args=[made["contact"].pk])
    forget = reverse("contact_forget", args=[made["contact"].pk])
    assert forget in login(alice).get(url).content.decode()
    page = login(bob).get(url).content.decode()
    assert forget not in page
    assert reverse("contact_export", args=[made["contact"].pk]) in page


def test_the_export_downloads_as_json(team, alice, bob, carol, login):
    made = person(team, alice, bob)
    response = login(carol).get(reverse("contact_export", args=[made["contact"].pk]))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment;" in response["Content-Disposition"]
    assert json.loads(response.content)["name"] == NAME


def test_an_outsider_gets_404(team, alice, bob, mallory, login):
    made = person(team, alice, bob)
    client = login(mallory)
    for name in ("contact_forget", "contact_export"):
        url = reverse(name, args=[made["contact"].pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": NAME}).status_code == 404


# The commands


def test_forget_person_refuses_without_yes_then_erases(team, alice, bob, capsys):
    made = person(team, alice, bob)
    args = ["forget_person", "--team", team.slug, "--contact", str(made["contact"].pk)]
    with pytest.raises(CommandError, match="add --yes"):
        call_command(*args)
    assert Contact.objects.filter(pk=made["contact"].pk).exists()
    call_command(*args, "--yes")
    assert traces() == []
    assert ErasureRecord.objects.get().actor is None


def test_forget_person_refuses_a_contact_of_another_team(team, alice, bob, mallory):
    made = person(team, alice, bob)
    with pytest.raises(CommandError, match="No contact"):
        call_command(
            "forget_person", "--team", mallory.last_team.slug, "--contact", made["contact"].pk
        )


def test_person_export_prints_json(team, alice, bob, capsys):
    made = person(team, alice, bob)
    call_command("person_export", "--team", team.slug, "--contact", str(made["contact"].pk))
    held = json.loads(capsys.readouterr().out)
    assert held["contact_id"] == made["contact"].pk
    assert EMAIL in json.dumps(held, ensure_ascii=False)


@pytest.mark.parametrize("typed", ["Zéphyrine\x00 Quibbleworth", "x" * 10_000, ""])
def test_a_bad_confirmation_is_refused_not_a_crash(team, alice, bob, login, typed):
    made = person(team, alice, bob)
    url = reverse("contact_forget", args=[made["contact"].pk])
    assert login(alice).post(url, {"name": typed}).status_code == 422
    assert Contact.objects.filter(pk=made["contact"].pk).exists()


@pytest.mark.parametrize("days", ["²", "9" * 40, "-5", "\x00"])
def test_bad_periods_are_refused(team, alice, login, days):
    response = login(alice).post(
        reverse("privacy_settings"), {"retention_days": days, "review_months": 6}
    )
    assert response.status_code == 422
