"""A personal access token acts for one user in one team, with that member's role.

Only a SHA-256 hash of the token is stored; the token itself is shown once, when it is
created. The token carries a short public prefix (``nc_<prefix>_<secret>``) by which it is
found, so that checking one costs one indexed lookup and one constant-time comparison.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.text import validate_single_line

PREFIX_BYTES = 5  # 10 hex characters: public, only for finding the row
SECRET_BYTES = 32
# last_used_at is written at most this often per token: not one write per API call.
LAST_USED_GRANULARITY = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def split_token(token: str) -> str | None:
    """The public prefix of a well-formed token, or None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "nc":
        return None
    prefix = parts[1]
    if len(prefix) != PREFIX_BYTES * 2 or not all(char in "0123456789abcdef" for char in prefix):
        return None
    return prefix


class AccessToken(models.Model):
    """A member's token for the API. Revoked or expired, it answers 401; so does a token
    whose member has left the team (the membership is checked on every call)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="access_tokens",
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        related_name="access_tokens",
    )
    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    prefix = models.CharField(_("prefix"), max_length=PREFIX_BYTES * 2, unique=True)
    secret_hash = models.CharField(max_length=64, editable=False)
    read_only = models.BooleanField(
        _("read only"), default=False, help_text=_("The token can read, never change anything.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} (nc_{self.prefix}_…)"

    @classmethod
    def issue(
        cls, *, user, team, name: str, read_only: bool = False, expires_at=None
    ) -> tuple[AccessToken, str]:
        """A new token for ``user`` in ``team`` (they must be a member): the row, and the
        token itself, which is never stored nor shown again."""
        if not user.memberships.filter(team=team).exists():
            raise ValueError("A token acts in a team its user belongs to.")
        while True:
            prefix = secrets.token_hex(PREFIX_BYTES)
            if not cls.objects.filter(prefix=prefix).exists():
                break
        plaintext = f"nc_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
        token = cls.objects.create(
            user=user,
            team=team,
            name=name.strip(),
            prefix=prefix,
            secret_hash=hash_token(plaintext),
            read_only=read_only,
            expires_at=expires_at,
        )
        return token, plaintext

    @classmethod
    def find(cls, plaintext: str) -> AccessToken | None:
        """The token ``plaintext`` names, whatever its state, or None (unknown or forged)."""
        prefix = split_token(plaintext)
        if prefix is None:
            return None
        token = cls.objects.select_related("user", "team").filter(prefix=prefix).first()
        if token is None or not hmac.compare_digest(token.secret_hash, hash_token(plaintext)):
            return None
        return token

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "expired"
        return "active"

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    def get_status_display(self) -> str:
        return str(
            {"active": _("Active"), "revoked": _("Revoked"), "expired": _("Expired")}[self.status]
        )

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def touch(self) -> None:
        """Note the use, at most once a minute (a conditional UPDATE, no read)."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_GRANULARITY:
            AccessToken.objects.filter(pk=self.pk).filter(
                models.Q(last_used_at__isnull=True)
                | models.Q(last_used_at__lte=now - LAST_USED_GRANULARITY)
            ).update(last_used_at=now)
            self.last_used_at = now
