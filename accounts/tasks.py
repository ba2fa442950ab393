"""Email tasks: thin wrappers around ``accounts.mail``, retried while the mail server fails.

Retries back off exponentially (30 s, 1 min, 2 min… with jitter), capped at 30 minutes, which
stays below Redis's visibility timeout (an hour) so a waiting retry is not delivered twice.
Sixteen tries span about five hours. Both tasks are safe to run twice: an invitation is
only sent for the token hash it was queued with, and a rendered message is just sent again.
"""

import smtplib

from celery import shared_task

from accounts import mail

MAIL_SERVER_ERRORS = (smtplib.SMTPException, OSError)
RETRY = {
    "autoretry_for": MAIL_SERVER_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "retry_jitter": True,
    "max_retries": 16,
}


@shared_task(name="accounts.send_invitation", **RETRY)
def send_invitation(
    *, invitation_id: int, token_hash: str, sender_id: int | None, language: str
) -> bool:
    """Issue a fresh invitation link and email it; False when there was nothing to send."""
    return mail.invitation_deliver(
        invitation_id=invitation_id,
        token_hash=token_hash,
        sender_id=sender_id,
        language=language,
    )


@shared_task(name="accounts.send_email", **RETRY)
def send_email(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    alternatives: list[list[str]],
    headers: dict[str, str],
    content_subtype: str = "plain",
) -> None:
    """Send a message rendered in the web request (allauth's confirmations and resets)."""
    mail.email_deliver(
        subject=subject,
        body=body,
        from_email=from_email,
        to=to,
        alternatives=alternatives,
        headers=headers,
        content_subtype=content_subtype,
    )
