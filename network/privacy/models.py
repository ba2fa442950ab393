"""Data protection for the people in the address book, who never agreed to be in it.

What is kept about erasures (``ErasureRecord``: kinds and counts, never who), each team's
privacy settings (how long declined and archived requests stay; when contacts accepted with
limited access come back for review), and the privacy checklist (``PrivacyTask``): the
settings to change on each network after accepting with limited access, and the reviews.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from network.text.networks import Network

RETENTION_DAYS = 90
REVIEW_MONTHS = 6


class ErasureRecord(models.Model):
    """An anonymous trace of an erasure: which team, who did it, when, why, and how many rows
    of each kind went. Nothing here names or describes the person erased."""

    class Reason(models.TextChoices):
        PERSON = "person", _("A person was forgotten")
        RETENTION = "retention", _("Retention period elapsed")
        ACCOUNT = "account", _("An account was deleted")
        TEAM = "team", _("A team was deleted")

    # Kept when the team goes: a deleted team leaves its own trace, with no team.
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = models.CharField(_("why"), max_length=10, choices=Reason)
    # {"network.ConnectionRequest": 2, "replies.OutgoingMessage": 3, ...}
    counts = models.JSONField(_("rows erased, by kind"), default=dict)

    class Meta:
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class PrivacySettings(models.Model):
    """A team's retention period and review period (one row per team, created on demand)."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="privacy")
    retention_days = models.PositiveSmallIntegerField(
        _("erase declined and archived requests after (days)"),
        default=RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    review_months = models.PositiveSmallIntegerField(
        _("review limited access after (months)"),
        default=REVIEW_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("privacy settings")
        verbose_name_plural = _("privacy settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(retention_days__gte=1) & Q(review_months__gte=1),
                name="privacy_periods_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self.team)

    @classmethod
    def for_team(cls, team: Team) -> PrivacySettings:
        """The team's row, or the defaults (unsaved) when it never changed them."""
        return cls.objects.filter(team=team).first() or cls(team=team)


class PrivacyTask(models.Model):
    """One item of the privacy checklist, shown until ticked.

    ``restrict``: after accepting with limited access, the setting to change on that network.
    ``review``: a contact accepted with limited access comes back to be given full access,
    kept as is, or removed."""

    class Kind(models.TextChoices):
        RESTRICT = "restrict", _("Limit what they see")
        REVIEW = "review", _("Review limited access")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(
        "network.Contact", on_delete=models.CASCADE, related_name="privacy_tasks"
    )
    connection_request = models.ForeignKey(
        "network.ConnectionRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="privacy_tasks",
    )
    kind = models.CharField(max_length=8, choices=Kind)
    network = models.CharField(max_length=12, choices=Network)
    due_on = models.DateField(default=date.today)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("privacy to-do")
        verbose_name_plural = _("privacy to-dos")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["team", "due_on"], condition=Q(done_at__isnull=True), name="privacy_open"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "kind", "network"],
                condition=Q(done_at__isnull=True),
                name="one_open_privacy_task",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_network_display()}"
