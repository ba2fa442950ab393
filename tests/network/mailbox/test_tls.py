"""SSL/TLS and STARTTLS against a real server: the certificate is verified before the
password leaves, so a certificate nobody vouches for stops the login; a trusted one works."""

from __future__ import annotations

import pytest
from django.test import override_settings

from network.mailbox.models import Mailbox
from network.mailbox.services import mailbox_poll, mailbox_test
from tests.network.mailbox.conftest import email

pytestmark = pytest.mark.django_db


def tls_mailbox(server, team, user, security: str) -> Mailbox:
    mailbox = Mailbox(
        team=team,
        connected_by=user,
        host=server.host,
        port=server.tls_port if security == "ssl" else server.port,
        security=security,
        username=server.user,
    )
    mailbox.set_password(server.password)
    mailbox.save()
    return mailbox


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_an_untrusted_certificate_stops_before_the_password_is_sent(
    tls_server, team, alice, security, monkeypatch
):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    mailbox = tls_mailbox(tls_server, team, alice, security)
    assert mailbox_test(mailbox) == {"code": "certificate", "params": {}}
    assert f"user=<{tls_server.user}>" not in tls_server.log()


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_a_trusted_certificate_lets_the_poll_through(
    tls_server, team, alice, security, monkeypatch
):
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server.certificate))
    tls_server.append([email("linkedin_fr.eml")])
    mailbox = tls_mailbox(tls_server, team, alice, security)
    result = mailbox_poll(mailbox.pk)
    assert result.error == {}
    assert result.counts["new"] == 1


def test_starttls_asked_of_a_server_without_it_sends_nothing(imap_server, team, alice):
    mailbox = tls_mailbox(imap_server, team, alice, "starttls")
    assert mailbox_test(mailbox) == {"code": "no_starttls", "params": {}}
    assert f"user=<{imap_server.user}>" not in imap_server.log()


def test_a_closed_port_is_said_plainly(team, alice):
    mailbox = Mailbox(
        team=team, connected_by=alice, host="127.0.0.1", port=9, security="plain", username="a"
    )
    mailbox.set_password("x")
    mailbox.save()
    error = mailbox_test(mailbox)
    assert error == {"code": "refused", "params": {"host": "127.0.0.1", "port": 9}}


def test_a_server_on_a_private_address_is_refused_unless_allowed(imap_server, team, alice):
    """Otherwise a team member could make Netcurate probe the network it runs in."""
    mailbox = tls_mailbox(imap_server, team, alice, "plain")
    with override_settings(MAILBOX_ALLOW_PRIVATE_HOSTS=False):
        assert mailbox_test(mailbox) == {"code": "private_host", "params": {"host": "127.0.0.1"}}
    assert "Login:" not in imap_server.log()
    assert mailbox_test(mailbox) == {}
