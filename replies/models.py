"""The phrase library and what was sent with it.

Phrases gently ask how we met or what the connection is for; a team shares them (or a member
keeps personal ones). Each message sent is kept word for word, with the phrase it came from,
which gives every phrase its usage count and answer rate.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from network.models import LANGUAGES, ConnectionRequest
from replies.phrases import problems


class Intent(models.TextChoices):
    ASK_HOW_MET = "ask_how_met", _("Ask how we met")
    ASK_PURPOSE = "ask_purpose", _("Ask the purpose of connecting")
    DECLINE = "decline", _("Polite decline")
    WELCOME = "welcome", _("Welcome after accepting")
    FOLLOW_UP = "follow_up", _("Follow-up after no reply")


class Phrase(models.Model):
    """A reusable message, with placeholders, in one language."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="phrases"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personal to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phrases",
        help_text=_("Empty: shared with the whole team."),
    )
    title = models.CharField(_("title"), max_length=120)
    intent = models.CharField(_("intent"), max_length=20, choices=Intent)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, default="fr")
    body = models.TextField(_("message"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # Kept up to date as messages and replies are recorded (``replies.services``), so the
    # list never counts the team's whole history: messages sent with the phrase, and the
    # requests it was sent about that were answered.
    used = models.PositiveIntegerField(_("times used"), default=0, editable=False)
    answered = models.PositiveIntegerField(_("times answered"), default=0, editable=False)

    class Meta:
        verbose_name = _("reply phrase")
        verbose_name_plural = _("reply phrases")
        ordering = ["intent", "language", "title", "pk"]
        indexes = [models.Index(fields=["team", "archived_at", "intent", "language"])]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def recount(cls, team) -> None:
        """Count the team's phrases' uses and answers again from the messages (after a bulk
        load, which bypasses the services that keep them up to date)."""
        counted = cls.objects.filter(team=team).annotate(
            uses=models.Count("messages", distinct=True),
            answers=models.Count(
                "messages__connection_request",
                filter=Q(messages__connection_request__replies_received__isnull=False),
                distinct=True,
            ),
        )
        for phrase in counted:
            if (phrase.used, phrase.answered) != (phrase.uses, phrase.answers):
                cls.objects.filter(pk=phrase.pk).update(used=phrase.uses, answered=phrase.answers)

    def clean(self) -> None:
        wrong = problems(self.body or "")
        if wrong:
            raise ValidationError(
                {
                    "body": gettext(
                        "Unknown or malformed placeholder: %(names)s. Use only the ones listed."
                    )
                    % {"names": ", ".join(wrong)}
                }
            )


class OutgoingMessage(models.Model):
    """A message sent about a request, exactly as sent."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    connection_request = models.ForeignKey(
        ConnectionRequest, on_delete=models.CASCADE, related_name="messages_sent"
    )
    phrase = models.ForeignKey(
        Phrase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    intent = models.CharField(max_length=20, choices=Intent)
    text = models.TextField(_("text sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message sent")
        verbose_name_plural = _("messages sent")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_intent_display()} → {self.connection_request}"


class ReceivedReply(models.Model):
    """The sender's answer to a clarification, pasted by the member."""

    connection_request = models.ForeignKey(
        ConnectionRequest, on_delete=models.CASCADE, related_name="replies_received"
    )
    text = models.TextField(_("their reply"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("reply received")
        verbose_name_plural = _("replies received")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


def templates_for(team, user):
    """The phrases a member may use: the team's shared ones and their own."""
    return Phrase.objects.filter(team=team, archived_at__isnull=True).filter(
        Q(owner__isnull=True) | Q(owner=user)
    )


# The reminders live in their own package; Django finds their models through this module.
from replies.reminders.models import (  # noqa: E402
    Delivery,
    Notification,
    Reminder,
    ReminderMute,
    ReminderSettings,
)

__all__ = [
    "Delivery",
    "Intent",
    "Notification",
    "OutgoingMessage",
    "Phrase",
    "ReceivedReply",
    "Reminder",
    "ReminderMute",
    "ReminderSettings",
    "templates_for",
]
