"""A mailbox poll against a real IMAP server (dovecot on localhost): it reads only what is
new, by UID; it marks nothing as seen; a renumbered folder doubles nothing; a failed login
is said in plain words and never logs the password."""

from __future__ import annotations

import logging

import pytest
from django.test import override_settings

from network.mailbox.models import Mailbox, MailboxMessage
from network.mailbox.services import mailbox_poll, mailbox_test
from network.models import ConnectionRequest
from tests.network.mailbox.conftest import NOTIFICATIONS, OTHERS, email, mailbox_for

pytestmark = pytest.mark.django_db


def counts(result) -> dict:
    return {str(key): value for key, value in result.counts.items()}


def test_a_poll_turns_notifications_into_requests_and_leaves_the_rest(imap_server, team, alice):
    imap_server.append(
        [email(name) for name in NOTIFICATIONS]
        + [email(name) for name in OTHERS]
        + [email("broken_base64.eml")]
    )
    mailbox = mailbox_for(imap_server, team, alice)
    result = mailbox_poll(mailbox.pk)
    assert result.error == {}
    assert counts(result) == {
        "new": len(NOTIFICATIONS),
        "duplicate": 0,
        "other": len(OTHERS),
        "unreadable": 1,
    }
    marie = ConnectionRequest.objects.get(team=team, handle="marie-lefebvre-4a1b2c")
    assert marie.owner == alice
    assert marie.headline == "Purchasing manager at Acme Distribution"
    assert marie.message.startswith("Hello Camille")
    assert marie.events.first().action == "received"
    mailbox.refresh_from_db()
    assert mailbox.last_uid == len(NOTIFICATIONS) + len(OTHERS) + 1
    assert mailbox.totals["new"] == len(NOTIFICATIONS)
    assert mailbox.polling_since is None and mailbox.last_poll_at is not None


def test_a_second_poll_reads_only_what_arrived_since(imap_server, team, alice):
    imap_server.append([email("linkedin_en.eml"), email("other_personal.eml")])
    mailbox = mailbox_for(imap_server, team, alice)
    mailbox_poll(mailbox.pk)
    assert counts(mailbox_poll(mailbox.pk)) == {
        "new": 0,
        "duplicate": 0,
        "other": 0,
        "unreadable": 0,
    }
    imap_server.append([email("x_fr.eml")])
    assert counts(mailbox_poll(mailbox.pk))["new"] == 1
    assert ConnectionRequest.objects.filter(team=team).count() == 2
    assert MailboxMessage.objects.filter(mailbox=mailbox).count() == 3


def test_the_same_invitation_received_twice_is_one_request(imap_server, team, alice):
    again = email("linkedin_en.eml").replace(b"<linkedin_en.0@", b"<linkedin_en.again@")
    imap_server.append([email("linkedin_en.eml"), again])
    result = mailbox_poll(mailbox_for(imap_server, team, alice).pk)
    assert (counts(result)["new"], counts(result)["duplicate"]) == (1, 1)
    assert ConnectionRequest.objects.filter(team=team).count() == 1


def test_reading_marks_nothing_as_seen_and_moves_nothing(imap_server, team, alice):
    imap_server.append([email("facebook_fr.eml"), email("other_newsletter.eml")])
    mailbox_poll(mailbox_for(imap_server, team, alice).pk)
    client = imap_server.client()
    try:
        client.select("INBOX")
        status, data = client.uid("FETCH", "1:*", "(FLAGS)")
    finally:
        client.logout()
    assert status == "OK" and len(data) == 2
    assert all(b"\\Seen" not in line for line in data)


def test_a_renumbered_folder_is_read_again_without_doubling(imap_server, team, alice):
    """UIDVALIDITY changes (the server rebuilt the folder): every message is looked at
    again, and those already read are recognised by their Message-ID."""
    imap_server.append([email("linkedin_fr.eml"), email("other_job_alert.eml")])
    mailbox = mailbox_for(imap_server, team, alice)
    mailbox_poll(mailbox.pk)
    Mailbox.objects.filter(pk=mailbox.pk).update(uid_validity=1, polling_since=None)
    imap_server.append([email("instagram_en.eml")])
    result = mailbox_poll(mailbox.pk)
    assert counts(result) == {"new": 1, "duplicate": 0, "other": 0, "unreadable": 0}
    assert ConnectionRequest.objects.filter(team=team).count() == 2
    mailbox.refresh_from_db()
    assert mailbox.uid_validity != 1 and mailbox.last_uid == 3


def test_a_folder_other_than_the_inbox_is_read_alone(imap_server, team, alice):
    imap_server.append([email("x_en.eml")], folder="Réseaux sociaux")
    imap_server.append([email("linkedin_en.eml")])
    result = mailbox_poll(mailbox_for(imap_server, team, alice, folder="Réseaux sociaux").pk)
    assert counts(result)["new"] == 1
    assert ConnectionRequest.objects.get(team=team).network == "x"


def test_a_wrong_password_is_said_plainly_and_never_logged(imap_server, team, alice, caplog):
    secret = "Tr0ub4dor&3-wrong"  # noqa: S105
    mailbox = mailbox_for(imap_server, team, alice, password=secret)
    caplog.set_level(logging.DEBUG)
    result = mailbox_poll(mailbox.pk)
    assert result.error["code"] == "login"
    mailbox.refresh_from_db()
    assert mailbox.last_error == {"code": "login", "params": {}}
    assert mailbox.polling_since is None
    assert mailbox_test(mailbox)["code"] == "login"
    assert caplog.records, "the failure is logged (without the password)"
    for record in caplog.records:
        assert secret not in record.getMessage()
        assert secret not in str(record.args)
    assert secret not in repr(mailbox) and secret not in mailbox.password_encrypted


def test_a_folder_that_does_not_exist_is_named(imap_server, team, alice):
    mailbox = mailbox_for(imap_server, team, alice, folder="Nowhere")
    assert mailbox_poll(mailbox.pk).error == {"code": "folder", "params": {"folder": "Nowhere"}}


def test_a_password_the_key_no_longer_opens_asks_for_it_again(imap_server, team, alice):
    mailbox = mailbox_for(imap_server, team, alice)
    other_key = "b3RoZXItbWFpbGJveC1rZXktMzItYnl0ZXMtbG9uZyE="
    with override_settings(MAILBOX_KEYS=[other_key]):
        assert mailbox_poll(mailbox.pk).error["code"] == "key_changed"


def test_a_second_key_still_opens_passwords_stored_under_the_first(imap_server, team, alice):
    """MAILBOX_KEY=new,old: rotation without asking everyone for their password."""
    from django.conf import settings

    mailbox = mailbox_for(imap_server, team, alice)
    imap_server.append([email("facebook_en.eml")])
    new_key = "bmV3LW1haWxib3gta2V5LWFmdGVyLXJvdGF0aW9uISE="
    with override_settings(MAILBOX_KEYS=[new_key, *settings.MAILBOX_KEYS]):
        assert counts(mailbox_poll(mailbox.pk))["new"] == 1


def test_a_poll_already_running_is_not_started_twice(imap_server, team, alice):
    from django.utils import timezone

    mailbox = mailbox_for(imap_server, team, alice)
    Mailbox.objects.filter(pk=mailbox.pk).update(polling_since=timezone.now())
    assert mailbox_poll(mailbox.pk) is None


def test_a_member_who_left_the_team_no_longer_fills_it(imap_server, team, alice, bob):
    from accounts.models import Membership

    imap_server.append([email("linkedin_en.eml")])
    mailbox = mailbox_for(imap_server, team, bob)
    Membership.objects.filter(team=team, user=bob).delete()
    assert mailbox_poll(mailbox.pk).error["code"] == "left_team"
    assert not ConnectionRequest.objects.filter(team=team).exists()
