"""Talking to an IMAP server: log in over TLS (or STARTTLS; in clear only on this machine),
open one folder read-only, list the UIDs above the last one read, fetch messages with
``BODY.PEEK[]`` so that nothing is marked as seen, moved or deleted.

Every failure becomes a ``MailboxError`` whose code and parameters are stored as they are and
put in plain words when shown, in the reader's language. Neither the password nor what the
server answered to a login ever reaches a log or an error.
"""

from __future__ import annotations

import base64
import imaplib
import ipaddress
import re
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from network.mailbox.models import LOCAL_HOSTS, Mailbox, Security

TIMEOUT_SECONDS = 20
FETCH_BATCH = 100
# A message bigger than this is not fetched (an invitation is a few kilobytes).
MESSAGE_MAX_BYTES = 5 * 1024 * 1024

_MESSAGES = {
    "not_found": _("The server “%(host)s” was not found: check its name."),
    "refused": _("The server “%(host)s” refused the connection on port %(port)s."),
    "timeout": _("The server “%(host)s” did not answer within %(seconds)s seconds."),
    "certificate": _(
        "The server's certificate could not be verified, so the password was not sent."
    ),
    "tls": _("The secure connection to the server failed: check the port and the security."),
    "no_starttls": _("This server does not offer STARTTLS: choose SSL/TLS, or another port."),
    "plain_remote": _("A connection without encryption is only allowed to this machine."),
    "private_host": _(
        "“%(host)s” is an address of a private network or of this machine, which mailboxes "
        "may not use here (MAILBOX_ALLOW_PRIVATE_HOSTS)."
    ),
    "login": _("The server refused the user name or the password."),
    "folder": _("The folder “%(folder)s” does not exist on this server."),
    "protocol": _("The server answered something unexpected; try again later."),
    "network": _("The connection to the server was lost; the next poll will try again."),
    "key_missing": _("MAILBOX_KEY is not set on the server: the password cannot be read."),
    "key_changed": _(
        "The stored password can no longer be read (MAILBOX_KEY changed): enter it again."
    ),
    "left_team": _(
        "The person who connected this mailbox is no longer a member who may add requests."
    ),
}


class MailboxError(Exception):
    """A failure to put in plain words: ``code`` and ``params`` are what is stored."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code, self.params = code, params

    def as_json(self) -> dict:
        return {"code": self.code, "params": self.params}

    def __str__(self) -> str:
        return error_text({"code": self.code, "params": self.params})


def error_text(error: dict) -> str:
    """A stored error in words, in the active language."""
    message = _MESSAGES.get(error.get("code", ""), _MESSAGES["protocol"])
    params = error.get("params") or {}
    return str(message) % params if params else str(message)


def folder_name(folder: str) -> str:
    """The folder as IMAP names it: modified UTF-7 (RFC 3501) for what is not ASCII, quoted."""
    encoded, pending = [], []

    def flush() -> None:
        if pending:
            data = "".join(pending).encode("utf-16-be")
            encoded.append(
                "&" + base64.b64encode(data).decode().rstrip("=").replace("/", ",") + "-"
            )
            pending.clear()

    for character in folder:
        if 0x20 <= ord(character) <= 0x7E:
            flush()
            encoded.append("&-" if character == "&" else character)
        else:
            pending.append(character)
    flush()
    name = "".join(encoded)
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _plain_auth(username: str, password: str):
    def answer(_challenge: bytes) -> bytes:
        return f"\0{username}\0{password}".encode()

    return answer


def _login(client: imaplib.IMAP4, mailbox: Mailbox, password: str) -> None:
    try:
        if (mailbox.username + password).isascii():
            client.login(mailbox.username, password)
        else:  # LOGIN is ASCII only; AUTHENTICATE PLAIN carries UTF-8
            client.authenticate("PLAIN", _plain_auth(mailbox.username, password))
    except imaplib.IMAP4.error:
        # What the server said may echo what was typed: it is not kept.
        raise MailboxError("login") from None


def _check_address(host: str, port: int) -> None:
    """Refuse a server on a private, loopback or link-local address unless allowed, so that
    a mailbox cannot be used to probe the network Netcurate runs in."""
    if settings.MAILBOX_ALLOW_PRIVATE_HOSTS:
        return
    for *_rest, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        ip = ipaddress.ip_address(address[0].split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise MailboxError("private_host", host=host)


def _open(mailbox: Mailbox) -> imaplib.IMAP4:
    host, port = mailbox.host, mailbox.port
    _check_address(host, port)
    if mailbox.security == Security.SSL:
        context = ssl.create_default_context()
        return imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=TIMEOUT_SECONDS)
    if mailbox.security == Security.PLAIN and host not in LOCAL_HOSTS:
        raise MailboxError("plain_remote")
    client = imaplib.IMAP4(host, port, timeout=TIMEOUT_SECONDS)
    if mailbox.security == Security.STARTTLS:
        if "STARTTLS" not in client.capabilities:
            client.shutdown()
            raise MailboxError("no_starttls")
        client.starttls(ssl_context=ssl.create_default_context())
    return client


@contextmanager
def session(mailbox: Mailbox, password: str) -> Iterator[tuple[imaplib.IMAP4, int]]:
    """A logged-in connection with the folder open read-only (EXAMINE), and its
    UIDVALIDITY; logs out at the end. Raises ``MailboxError``."""
    where = {"host": mailbox.host, "port": mailbox.port}
    client = None
    try:
        client = _open(mailbox)
        _login(client, mailbox, password)
        status, _data = client.select(folder_name(mailbox.folder), readonly=True)
        if status != "OK":
            raise MailboxError("folder", folder=mailbox.folder)
        validity = client.response("UIDVALIDITY")[1]
        yield client, int(validity[0]) if validity and validity[0] else 0
    except socket.gaierror:
        raise MailboxError("not_found", **where) from None
    except ConnectionRefusedError:
        raise MailboxError("refused", **where) from None
    except TimeoutError:
        raise MailboxError("timeout", seconds=TIMEOUT_SECONDS, **where) from None
    except ssl.SSLCertVerificationError:
        raise MailboxError("certificate") from None
    except ssl.SSLError:
        raise MailboxError("tls") from None
    except imaplib.IMAP4.abort:
        raise MailboxError("network") from None
    except imaplib.IMAP4.error:
        raise MailboxError("protocol") from None
    except OSError:
        raise MailboxError("network") from None
    finally:
        if client is not None:
            with suppress(imaplib.IMAP4.error, OSError):
                client.logout()


def new_uids(client: imaplib.IMAP4, last_uid: int) -> list[int]:
    """UIDs above ``last_uid``, ascending (``n:*`` also answers the highest UID when none is
    above n, hence the filter)."""
    status, data = client.uid("SEARCH", None, f"UID {last_uid + 1}:*")
    if status != "OK":
        raise MailboxError("protocol")
    return sorted(uid for uid in (int(part) for part in (data[0] or b"").split()) if uid > last_uid)


_UID = re.compile(rb"UID (\d+)")
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


def fetch(client: imaplib.IMAP4, uids: list[int]) -> Iterator[list[tuple[int, bytes | None]]]:
    """Batches of (uid, bytes), ``None`` for a message over ``MESSAGE_MAX_BYTES``; read with
    BODY.PEEK so the server marks nothing as seen."""
    for start in range(0, len(uids), FETCH_BATCH):
        chunk = uids[start : start + FETCH_BATCH]
        status, data = client.uid("FETCH", ",".join(map(str, chunk)), "(UID RFC822.SIZE)")
        if status != "OK":
            raise MailboxError("protocol")
        sizes = {}
        for item in data:
            line = item[0] if isinstance(item, tuple) else item
            uid, size = _UID.search(line or b""), _SIZE.search(line or b"")
            if uid and size:
                sizes[int(uid.group(1))] = int(size.group(1))
        small = [uid for uid in chunk if sizes.get(uid, 0) <= MESSAGE_MAX_BYTES]
        bodies: dict[int, bytes] = {}
        if small:
            status, data = client.uid("FETCH", ",".join(map(str, small)), "(UID BODY.PEEK[])")
            if status != "OK":
                raise MailboxError("protocol")
            for item in data:
                if isinstance(item, tuple) and (uid := _UID.search(item[0])):
                    bodies[int(uid.group(1))] = item[1]
        yield [(uid, bodies.get(uid)) for uid in chunk if uid in sizes]
