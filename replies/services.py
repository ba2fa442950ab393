"""Sending a phrase about a request, and recording the sender's reply: message and state
change happen together, or not at all."""

from __future__ import annotations

from django.db import transaction

from network.models import AccessLevel, ConnectionRequest
from network.triage import request_accept, request_ask, request_decline, request_reply_received
from replies.models import Intent, OutgoingMessage, ReceivedReply, ReplyTemplate


def message_send(
    *,
    request: ConnectionRequest,
    actor,
    text: str,
    intent: str,
    template: ReplyTemplate | None = None,
) -> OutgoingMessage:
    """Record the exact text sent, and move the request the way the message implies:
    a question → clarification asked; a decline → declined; a welcome → accepted (if not yet).
    A follow-up leaves the state as it is."""
    text = text.strip()
    if not text:
        raise ValueError("An empty message cannot be sent.")
    with transaction.atomic():
        if intent in {Intent.ASK_HOW_MET, Intent.ASK_PURPOSE} and request.state != "asked":
            request_ask(request=request, actor=actor)
        elif intent == Intent.DECLINE:
            request_decline(request=request, actor=actor)
        elif intent == Intent.WELCOME and request.state != "accepted":
            request_accept(request=request, actor=actor, access=AccessLevel.FULL)
        return OutgoingMessage.objects.create(
            team=request.team,
            request=request,
            template=template,
            intent=intent,
            text=text,
            sent_by=actor,
        )


def reply_record(*, request: ConnectionRequest, actor, text: str) -> ReceivedReply:
    """Keep the sender's answer and move the request to "reply received"."""
    text = text.strip()
    if not text:
        raise ValueError("Paste their reply first.")
    with transaction.atomic():
        request_reply_received(request=request, actor=actor)
        return ReceivedReply.objects.create(request=request, text=text, recorded_by=actor)
