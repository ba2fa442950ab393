"""What the email workers run (``accounts.tasks``): issue an invitation link and send it, or
send a message rendered in a web request. Never called from a web request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import Invitation, User
from accounts.text import single_line

# A stuck SMTP server must fail the attempt (and be retried), not hold the worker, nor the
# invitation row the sending transaction locks.
SMTP_TIMEOUT_SECONDS = 30


def invitation_deliver(
    *, invitation_id: int, token_hash: str, sender_id: int | None, language: str
) -> bool:
    """Issue a fresh link and email it, in one transaction; what the worker runs.

    ``token_hash`` is the invitation's hash when the owner asked. If it changed since, a
    link already left for that request (a redelivered task, a double click on "send again"),
    so nothing is sent and False is returned. An error from the mail server propagates after
    the rollback: the token is unchanged and the task can simply try again.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("team", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.token_hash != token_hash:
            return False
        if invitation.accepted_at or invitation.revoked_at or invitation.claimed_at:
            return False
        token = invitation.renew()
        sender = User.objects.filter(pk=sender_id).first() or invitation.invited_by
        with translation.override(language):
            message = _invitation_message(invitation, token, sender)
        message.send()
    return True


def _invitation_message(invitation: Invitation, token: str, sender: User | None) -> EmailMessage:
    # Team and sender names are data given to the templates, never template source.
    context = {
        "invitation": invitation,
        "inviter": sender or "Netcurate",
        "team": invitation.team,
        "url": settings.SITE_URL + invitation.url_for(token),
        "days": Invitation.lifetime().days,
    }
    subject = single_line(render_to_string("accounts/email/invitation_subject.txt", context))
    body = render_to_string("accounts/email/invitation_body.txt", context)
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
        connection=get_connection(timeout=SMTP_TIMEOUT_SECONDS),
    )


def email_deliver(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    alternatives: list[list[str]],
    headers: dict[str, str],
    content_subtype: str = "plain",
) -> None:
    """Send a message queued by ``email_send_later``; a mail server error propagates."""
    message = EmailMultiAlternatives(
        single_line(subject),
        body,
        from_email,
        to,
        headers=headers,
        connection=get_connection(timeout=SMTP_TIMEOUT_SECONDS),
    )
    message.content_subtype = content_subtype
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    message.send()
