"""Connection requests and their life: the states, the one door that changes them
(``ConnectionRequest.transition``) and the event log that makes every step undoable."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from config.prepared import PreparedRead, reload_from
from network.contacts.attached import AccessLevel
from network.contacts.models import LANGUAGES, Contact
from network.text import fold
from network.text.networks import Nature, Network, nature_of

# Sent after every event of a request (received, each transition, link, undo), with
# ``connection_request`` and ``event``. Other apps (the reminders) listen; this one never
# imports them.
request_changed = Signal()


class RequestState(models.TextChoices):
    NEW = "new", _("New")
    ASKED = "asked", _("Clarification asked")
    REPLIED = "replied", _("Reply received")
    SNOOZED = "snoozed", _("Snoozed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ARCHIVED = "archived", pgettext_lazy("request state", "Archived")


OPEN_STATES = [RequestState.NEW, RequestState.ASKED, RequestState.REPLIED, RequestState.SNOOZED]
# What the inbox shows by default: everything still waiting for a decision or a reply.
INBOX_STATES = [RequestState.NEW, RequestState.ASKED, RequestState.REPLIED]


class Richness(models.TextChoices):
    UNKNOWN = "", _("Not checked")
    NONE = "none", _("Empty profile")
    THIN = "thin", _("Thin profile")
    RICH = "rich", _("Rich content")


class IllegalTransition(Exception):
    """The action does not apply to the request's current state; nothing was changed."""

    def __init__(self, action: str, state: str) -> None:
        self.action, self.state = action, state
        super().__init__(
            gettext("“%(action)s” is not possible on a request that is %(state)s.")
            % {
                "action": ACTION_LABELS.get(action, action),
                "state": RequestState(state).label.lower(),
            }
        )


# action: (states it applies to, state it leads to)
# A decision may be taken while a clarification is pending (the sender never answered, or
# the answer came another way); a decided request can always be reopened.
DECIDED_STATES = [RequestState.ACCEPTED, RequestState.DECLINED, RequestState.ARCHIVED]
TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "accept": ({RequestState.NEW, RequestState.ASKED, RequestState.REPLIED}, RequestState.ACCEPTED),
    "decline": (
        {RequestState.NEW, RequestState.ASKED, RequestState.REPLIED},
        RequestState.DECLINED,
    ),
    "ask": ({RequestState.NEW}, RequestState.ASKED),
    "reply": ({RequestState.ASKED}, RequestState.REPLIED),
    "snooze": ({RequestState.NEW, RequestState.REPLIED}, RequestState.SNOOZED),
    "wake": ({RequestState.SNOOZED}, RequestState.NEW),
    "archive": (set(OPEN_STATES), RequestState.ARCHIVED),
    "reopen": (set(DECIDED_STATES), RequestState.NEW),
}
# The history of an "ask" says which question went out (the intents of replies' phrases).
ASKED_LABELS = {
    "ask_how_met": _("Asked how we met"),
    "ask_purpose": _("Asked the purpose of connecting"),
}
ACTION_LABELS = {
    "accept": _("Accept"),
    "decline": _("Decline"),
    "ask": _("Ask how we met"),
    "reply": _("Reply received"),
    "snooze": _("Snooze"),
    "wake": _("Back from snooze"),
    "archive": _("Archive"),
    "link": _("Link to a contact"),
    "undo": _("Undo"),
    "reopen": _("Reopen"),
    "received": _("Received"),
}


class ConnectionRequest(models.Model):
    """Someone asked to connect on a network; the team member it was sent to decides."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="connection_requests"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="connection_requests",
    )
    network = models.CharField(_("network"), max_length=12, choices=Network)
    sender_name = models.CharField(_("name shown"), max_length=200)
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    profile_url = models.URLField(_("profile URL"), max_length=500, blank=True)
    handle = models.CharField(_("handle"), max_length=300, blank=True, db_index=True)
    email = models.EmailField(_("email shown"), blank=True)
    message = models.TextField(_("invitation message"), blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    mutual_connections = models.PositiveIntegerField(_("mutual connections"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, blank=True)
    has_photo = models.BooleanField(_("has a photo"), null=True, blank=True)
    richness = models.CharField(
        _("profile content"), max_length=5, choices=Richness, blank=True, default=Richness.UNKNOWN
    )
    note = models.TextField(_("note"), blank=True)
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="connection_requests",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=RequestState, default=RequestState.NEW
    )
    snoozed_until = models.DateTimeField(_("snoozed until"), null=True, blank=True)
    access_granted = models.CharField(
        _("access granted"), max_length=20, choices=AccessLevel, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Folded name and headline, for accent-blind search in the inbox.
    search_text = models.TextField(default="", editable=False)
    # Who the sender most likely is, as recognition last found it (a task computes it when the
    # request arrives and again when the team's contacts change): the list's "possible match"
    # badge and filter read it, so they agree with the detail without recognising each row.
    best_match = models.ForeignKey(
        Contact,
        verbose_name=_("best suggestion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    best_score = models.PositiveSmallIntegerField(
        _("best suggestion's score"), null=True, blank=True, editable=False
    )
    matched_at = models.DateTimeField(_("recognised"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("connection request")
        verbose_name_plural = _("connection requests")
        ordering = ["-received_at", "-pk"]
        indexes = [
            # The inbox list: newest first within a team, states filtered on the way.
            models.Index(fields=["team", "-received_at", "-id"], name="request_inbox_order"),
            # The counts per state and network, answered from the index alone.
            models.Index(fields=["team", "state", "network"], name="request_counts"),
            models.Index(fields=["state", "snoozed_until"], name="request_snooze_sweep"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="snoozed") | Q(snoozed_until__isnull=False),
                name="snoozed_request_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender_name} ({self.get_network_display()})"

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        self.search_text = f"{fold(self.sender_name)} {fold(self.headline)} {self.handle}".strip()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "email"}
        super().save(*args, **kwargs)

    @property
    def nature(self) -> Nature:
        return nature_of(self.network)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def can(self, action: str) -> bool:
        sources, _target = TRANSITIONS[action]
        return self.state in sources

    # For templates, which cannot pass arguments.
    can_accept = property(lambda self: self.can("accept"))
    can_decline = property(lambda self: self.can("decline"))
    can_ask = property(lambda self: self.can("ask"))
    can_reply = property(lambda self: self.can("reply"))
    can_snooze = property(lambda self: self.can("snooze"))
    can_reopen = property(lambda self: self.can("reopen"))

    def lock(self) -> None:
        """Lock the row for the surrounding transaction and reload it: what an action decides
        from is what is in the database now, not what this instance read earlier. Read with
        SQL compiled once, as ``refresh_from_db`` would reload it (0.55 ms of a decline
        through a queryset at 100,000 contacts)."""
        connection = transaction.get_connection()
        if connection.features.has_select_for_update and connection.get_autocommit():
            # What the ORM says when it builds such a query; the SQL here is built once.
            raise transaction.TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        fresh = _LOCKED.one(self.pk)
        if fresh is None:
            raise ConnectionRequest.DoesNotExist("The request no longer exists.")
        reload_from(self, fresh)

    def transition(
        self, action: str, actor, *, data: dict | None = None, locked: bool = False, **changes
    ) -> RequestEvent:
        """The state machine's one door: move along ``TRANSITIONS[action]`` on the locked row,
        apply ``changes`` to other fields, and record an event holding their old values (what
        makes undo exact). Raises ``IllegalTransition`` and changes nothing if the action does
        not apply to the current state."""
        with transaction.atomic():
            if not locked:
                self.lock()
            sources, target = TRANSITIONS[action]
            if self.state not in sources:
                raise IllegalTransition(action, self.state)
            before = {field: _serialise(getattr(self, field)) for field in RESTORABLE}
            from_state = self.state
            self.state = target
            for field, value in changes.items():
                setattr(self, field, value)
            self.save()
            return self.log(action, actor, from_state, data={"before": before, **(data or {})})

    def log(self, action: str, actor, from_state: str = "", *, data: dict | None = None):
        """Record an event (and tell the rest of the project, e.g. the reminders, once the
        transaction commits)."""
        event = RequestEvent.objects.create(
            connection_request=self,
            actor=actor,
            action=action,
            from_state=from_state,
            to_state=self.state,
            data=data or {},
        )
        request_changed.send(sender=ConnectionRequest, connection_request=self, event=event)
        return event


_LOCKED = PreparedRead(lambda pk: ConnectionRequest.objects.select_for_update().filter(pk=pk))

# Request fields an action may change besides the state; their old values go in the event.
RESTORABLE = ["snoozed_until", "access_granted", "decided_at", "contact_id"]


def _serialise(value):
    return value.isoformat() if isinstance(value, datetime) else value


class RequestEvent(models.Model):
    """One step in a request's life: who did what, when; enough to undo it."""

    connection_request = models.ForeignKey(
        ConnectionRequest, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=10)
    from_state = models.CharField(max_length=10, choices=RequestState, blank=True)
    to_state = models.CharField(max_length=10, choices=RequestState, blank=True)
    # What the action changed besides the state, so that it can be reversed exactly.
    data = models.JSONField(default=dict, blank=True)
    undone = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"

    @property
    def label(self) -> str:
        if self.action == "ask" and (self.data or {}).get("intent") in ASKED_LABELS:
            return str(ASKED_LABELS[self.data["intent"]])
        return str(ACTION_LABELS.get(self.action, self.action))
