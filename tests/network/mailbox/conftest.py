"""A real IMAP server for the mailbox tests: Debian's dovecot in a temporary folder, started
per test (a second or less); skipped with the reason when dovecot is not installed (a
failure in CI, which installs it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from network.dev import dovecot
from network.mailbox.models import Mailbox
from tests.conftest import need

EMAILS = Path(__file__).resolve().parent / "emails"
NOTIFICATIONS = sorted(
    path.name
    for path in EMAILS.glob("*.eml")
    if path.name.split("_")[0] in {"linkedin", "facebook", "instagram", "x"}
)
OTHERS = sorted(path.name for path in EMAILS.glob("other_*.eml"))


def email(name: str) -> bytes:
    return (EMAILS / name).read_bytes()


@pytest.fixture
def imap_server():
    need(dovecot.available(), f"{dovecot.DOVECOT} is missing (apt-get install dovecot-imapd)")
    server = dovecot.start()
    yield server
    server.stop()


def mailbox_for(server, team, user, *, folder: str = "INBOX", password: str | None = None):
    mailbox = Mailbox(
        team=team,
        connected_by=user,
        host=server.host,
        port=server.port,
        security="plain",
        username=server.user,
        folder=folder,
    )
    mailbox.set_password(server.password if password is None else password)
    mailbox.save()
    return mailbox


@pytest.fixture
def tls_server():
    """dovecot with a self-signed certificate: IMAP over TLS on ``tls_port``, STARTTLS on
    ``port``."""
    need(dovecot.available(), f"{dovecot.DOVECOT} is missing (apt-get install dovecot-imapd)")
    server = dovecot.start(tls=True)
    yield server
    server.stop()
