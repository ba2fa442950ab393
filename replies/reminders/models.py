"""Reminders as rows: what is due when, for whom, and what was delivered.

A reminder is planned when a clarification is asked, cancelled when the request leaves the
"clarification asked" state, moved when the member changes their settings, and claimed by
the sweep when due. Its ``Delivery`` is unique: whatever the retries, the effect is once.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from network.models import ConnectionRequest


class Channel(models.TextChoices):
    EMAIL = "email", _("By email")
    APP = "app", _("In the app")
    BOTH = "both", _("By email and in the app")


class Cadence(models.TextChoices):
    EACH = "each", _("One at a time, as each falls due")
    DIGEST = "digest", _("One daily digest")


DEFAULTS = {
    "first_after_days": 7,
    "second_after_days": 14,
    "decide_after_days": 30,
    "channel": Channel.BOTH,
    "cadence": Cadence.EACH,
    "digest_hour": 8,
}
DAYS = [MinValueValidator(1), MaxValueValidator(365)]


class ReminderSettings(models.Model):
    """When and how a member is reminded; the row without a user is the team's default."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    first_after_days = models.PositiveSmallIntegerField(
        _("first reminder after (days)"), default=7, validators=DAYS
    )
    second_after_days = models.PositiveSmallIntegerField(
        _("second reminder after (days)"), default=14, validators=DAYS
    )
    decide_after_days = models.PositiveSmallIntegerField(
        _("propose a decision after (days)"), default=30, validators=DAYS
    )
    channel = models.CharField(_("remind me"), max_length=5, choices=Channel, default="both")
    cadence = models.CharField(_("how often"), max_length=6, choices=Cadence, default="each")
    digest_hour = models.PositiveSmallIntegerField(
        _("digest hour"),
        default=8,
        validators=[MaxValueValidator(23)],
        help_text=_("In your time zone, 0 to 23."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="one_reminder_settings_each"),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(user__isnull=True),
                name="one_reminder_default_per_team",
            ),
            models.CheckConstraint(
                condition=Q(first_after_days__gte=1)
                & Q(second_after_days__gt=F("first_after_days"))
                & Q(decide_after_days__gt=F("second_after_days")),
                name="reminder_delays_in_order",
            ),
            models.CheckConstraint(condition=Q(digest_hour__lte=23), name="digest_hour_in_day"),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.user or '-'}"

    def clean(self) -> None:
        first, second, decide = (
            self.first_after_days,
            self.second_after_days,
            self.decide_after_days,
        )
        if None in (first, second, decide):
            return
        if second <= first:
            raise ValidationError(
                {"second_after_days": gettext("The second reminder comes after the first.")}
            )
        if decide <= second:
            raise ValidationError(
                {"decide_after_days": gettext("The proposal to decide comes after the reminders.")}
            )

    @property
    def sends_email(self) -> bool:
        return self.channel in {Channel.EMAIL, Channel.BOTH}

    @property
    def shows_in_app(self) -> bool:
        return self.channel in {Channel.APP, Channel.BOTH}

    @property
    def is_digest(self) -> bool:
        return self.cadence == Cadence.DIGEST

    def after_days(self, kind: str) -> int:
        return {
            Reminder.Kind.FIRST: self.first_after_days,
            Reminder.Kind.SECOND: self.second_after_days,
            Reminder.Kind.DECIDE: self.decide_after_days,
        }[kind]

    @classmethod
    def for_member(cls, team, user) -> ReminderSettings:
        """The member's own settings, else the team's default, else the built-in one
        (unsaved)."""
        rows = {
            row.user_id: row
            for row in cls.objects.filter(team=team).filter(Q(user=user) | Q(user__isnull=True))
        }
        return rows.get(user.pk) or rows.get(None) or cls(team=team, **DEFAULTS)


class Reminder(models.Model):
    """One reminder to one member about one unanswered clarification."""

    class Kind(models.TextChoices):
        FIRST = "first", _("First reminder")
        SECOND = "second", _("Second reminder")
        DECIDE = "decide", _("Time to decide")

    class State(models.TextChoices):
        PENDING = "pending", _("Planned")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    connection_request = models.ForeignKey(
        ConnectionRequest, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=6, choices=Kind)
    state = models.CharField(max_length=9, choices=State, default=State.PENDING)
    # When the clarification was asked: due dates are computed from it (again, when the
    # settings change).
    asked_at = models.DateTimeField()
    due_at = models.DateTimeField()
    digest = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=10, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_at", "pk"]
        indexes = [
            # The sweep: due rows only, oldest first; a partial index stays small however
            # many reminders were ever sent.
            models.Index(fields=["due_at"], condition=Q(state="pending"), name="reminder_due"),
            models.Index(
                fields=["claimed_at"], condition=Q(state="sending"), name="reminder_claimed"
            ),
            models.Index(fields=["connection_request", "state"], name="reminder_by_request"),
            models.Index(fields=["user", "team", "kind", "due_at"], name="reminder_by_member"),
            # Every inbox page asks whether a proposal to decide is due: only live proposals
            # are in it, not the cancelled ones that pile up as requests are decided.
            models.Index(
                fields=["user", "team", "due_at"],
                condition=Q(kind="decide", state__in=["pending", "sending", "sent"]),
                name="reminder_proposals",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["connection_request", "user", "kind"],
                condition=Q(state__in=["pending", "sending"]),
                name="one_live_reminder_per_kind",
            ),
            models.CheckConstraint(
                condition=~Q(state="sending") | Q(claimed_at__isnull=False),
                name="sending_reminder_is_claimed",
            ),
        ]

    def __str__(self) -> str:
        due = f"{self.due_at:%Y-%m-%d %H:%M}"
        return f"{self.get_kind_display()} · {self.connection_request} · {due}"


class Delivery(models.Model):
    """The effect of a reminder, recorded once: the one-to-one makes a second one impossible."""

    reminder = models.OneToOneField(Reminder, on_delete=models.CASCADE, related_name="delivery")
    channel = models.CharField(max_length=5, choices=Channel)
    message_id = models.CharField(max_length=200, blank=True)
    delivered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")

    def __str__(self) -> str:
        return f"{self.reminder_id} · {self.channel} · {self.delivered_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """A reminder shown in the app, under the bell, until read."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    connection_request = models.ForeignKey(
        ConnectionRequest, on_delete=models.CASCADE, related_name="notifications"
    )
    reminder = models.OneToOneField(
        Reminder, on_delete=models.CASCADE, null=True, blank=True, related_name="notification"
    )
    kind = models.CharField(max_length=6, choices=Reminder.Kind)
    asked_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "team", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.connection_request}"


class ReminderMute(models.Model):
    """Muted ("don't remind me about this one"): no reminder about this request for this member."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    connection_request = models.ForeignKey(
        ConnectionRequest, on_delete=models.CASCADE, related_name="reminder_mutes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("muted request")
        verbose_name_plural = _("muted requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "connection_request"], name="one_mute_per_member_and_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.connection_request}"
