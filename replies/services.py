"""Sending a phrase about a request, and recording the sender's reply: message and state
change happen together, or not at all."""

from __future__ import annotations

from django.db import transaction
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
        return ReceivedReply.objects.create(
            connection_request=connection_request, text=text, recorded_by=actor
        )
