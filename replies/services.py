"""Sending a phrase about a request, and recording the sender's reply: message and state
change happen together, or not at all."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext

from network.inbox.services import connection_request_accept, connection_request_decide
from network.models import AccessLevel, ConnectionRequest
from replies.models import Intent, OutgoingMessage, Phrase, ReceivedReply


def message_send(
    *,
    connection_request: ConnectionRequest,
    actor,
    text: str,
    intent: str,
    phrase: Phrase | None = None,
) -> OutgoingMessage:
    """Record the exact text sent, and move the request the way the message implies:
    a question → clarification asked; a decline → declined; a welcome → accepted (if not yet).
    A follow-up leaves the state as it is."""
    text = text.strip()
    if not text:
        raise ValueError(gettext("An empty message cannot be sent."))
    with transaction.atomic():
        state = connection_request.state
        if intent in {Intent.ASK_HOW_MET, Intent.ASK_PURPOSE} and state != "asked":
            connection_request_decide(
                connection_request=connection_request,
                action="ask",
                actor=actor,
                data={"intent": intent},  # the history says which question was asked
            )
        elif intent == Intent.DECLINE:
            connection_request_decide(
                connection_request=connection_request, action="decline", actor=actor
            )
        elif intent == Intent.WELCOME and state != "accepted":
            connection_request_accept(
                connection_request=connection_request, actor=actor, access=AccessLevel.FULL
            )
        if phrase is not None:
            # The phrase's counters: one more use; one more answered request if the sender had
            # answered already and this is the first time the phrase goes to them.
            answered = (
                connection_request.replies_received.exists()
                and not connection_request.messages_sent.filter(phrase=phrase).exists()
            )
            Phrase.objects.filter(pk=phrase.pk).update(
                used=F("used") + 1, answered=F("answered") + int(answered)
            )
        return OutgoingMessage.objects.create(
            team=connection_request.team,
            connection_request=connection_request,
            phrase=phrase,
            intent=intent,
            text=text,
            sent_by=actor,
        )


def reply_record(*, connection_request: ConnectionRequest, actor, text: str) -> ReceivedReply:
    """Keep the sender's answer and move the request to "reply received"."""
    text = text.strip()
    if not text:
        raise ValueError(gettext("Paste their reply first."))
    with transaction.atomic():
        connection_request_decide(
            connection_request=connection_request, action="reply", actor=actor
        )
        if not connection_request.replies_received.exists():
            # Their first answer: every phrase sent to them counts one more answered request.
            phrases = connection_request.messages_sent.exclude(phrase=None).values("phrase")
            Phrase.objects.filter(pk__in=phrases).update(answered=F("answered") + 1)
        return ReceivedReply.objects.create(
            connection_request=connection_request, text=text, recorded_by=actor
        )
