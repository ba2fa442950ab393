"""Mailboxes a team member connects so that invitation emails fill the inbox by themselves.

A ``Mailbox`` is one IMAP folder: where it is, how to log in (the password encrypted with
``MAILBOX_KEY``, never shown again), where reading stopped (UIDVALIDITY and the last UID
read) and how the last poll went. ``MailboxMessage`` remembers each message already read, by
a hash of its Message-ID, so that a folder renumbered by the server (a new UIDVALIDITY) is
read again without doubling anything.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from network.mailbox import secrets

# Plain IMAP (no TLS) only to this machine: a password never crosses a network in clear.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class Security(models.TextChoices):
    SSL = "ssl", _("SSL/TLS (port 993)")
    STARTTLS = "starttls", _("STARTTLS (port 143)")
    PLAIN = "plain", _("None (this machine only)")


class Mailbox(models.Model):
    """An IMAP folder polled for invitation emails; requests found go to ``connected_by``."""

    class State(models.TextChoices):
        CONNECTED = "connected", _("Connected")
        DISCONNECTED = "disconnected", _("Disconnected")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="mailboxes")
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("connected by"),
        on_delete=models.CASCADE,  # their password: it goes with their account
        related_name="mailboxes",
    )
    host = models.CharField(_("server"), max_length=253)
    port = models.PositiveIntegerField(_("port"), default=993)
    security = models.CharField(
        _("security"), max_length=10, choices=Security, default=Security.SSL
    )
    username = models.CharField(_("user name"), max_length=254)
    password_encrypted = models.TextField(editable=False)
    folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    state = models.CharField(max_length=12, choices=State, default=State.CONNECTED)
    # Where reading stopped: the folder's UIDVALIDITY and the highest UID read in it.
    uid_validity = models.BigIntegerField(null=True, blank=True, editable=False)
    last_uid = models.BigIntegerField(default=0, editable=False)
    next_poll_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set while a poll runs, so that two never read the same folder at once.
    polling_since = models.DateTimeField(null=True, blank=True, editable=False)
    last_poll_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Counts of the last poll and since connecting: new, duplicates, others, unreadable.
    last_counts = models.JSONField(default=dict, blank=True, editable=False)
    totals = models.JSONField(default=dict, blank=True, editable=False)
    # The last poll's failure, {"code": ..., "params": {...}}, put in words (in the reader's
    # language) by ``network.mailbox.imap.error_text``; empty after a poll that worked.
    last_error = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["pk"]
        indexes = [models.Index(fields=["state", "next_poll_at"], name="mailbox_poll_sweep")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(security="plain") | Q(host__in=sorted(LOCAL_HOSTS)),
                name="mailbox_plain_only_to_localhost",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.username} @ {self.host} ({self.folder})"

    def __repr__(self) -> str:  # the encrypted password stays out of debug output too
        return f"<Mailbox {self.pk}: {self}>"

    def set_password(self, password: str) -> None:
        self.password_encrypted = secrets.encrypt(password)

    def password(self) -> str:
        """The password in clear, for logging in; raises ``secrets.InvalidToken`` when
        MAILBOX_KEY no longer opens it, ``secrets.KeyMissing`` without a key."""
        return secrets.decrypt(self.password_encrypted)

    @property
    def is_connected(self) -> bool:
        return self.state == self.State.CONNECTED


class MailboxMessage(models.Model):
    """A message already read from a mailbox (whatever came of it), by a hash of its
    Message-ID (or of its bytes when it has none)."""

    class Outcome(models.TextChoices):
        NEW = "new", _("New request")
        DUPLICATE = "duplicate", _("Already in the inbox")
        OTHER = "other", _("Not an invitation")
        UNREADABLE = "unreadable", _("Unreadable")

    mailbox = models.ForeignKey(Mailbox, on_delete=models.CASCADE, related_name="messages")
    key = models.CharField(max_length=40)
    uid = models.BigIntegerField()
    outcome = models.CharField(max_length=10, choices=Outcome)
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "key"], name="mailbox_message_once"),
        ]

    def __str__(self) -> str:
        return f"{self.mailbox_id}:{self.uid} {self.outcome}"
