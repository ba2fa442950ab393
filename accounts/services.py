"""Actions with side effects beyond one model: emails, sent by a Celery worker.

The web request never talks to the mail server. It queues a task once its transaction
commits, and the worker sends, retrying with back-off while the server fails
(``accounts.tasks``, which run ``accounts.mail``). Two kinds of email:

- Invitations. The clear token exists only in the worker and in the message: the task gets
  the invitation's id and the hash it had when the owner asked, issues a fresh token, and
  sends it in the same transaction. Should the mail server fail, the transaction rolls back
  and the link already out keeps working until a new one has actually left.
- allauth's messages (address confirmation, password reset), rendered in the request, where
  allauth's context lives, and queued as plain strings (``email_send_later``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation

from accounts.models import Invitation, User
from accounts.tasks import send_email, send_invitation
from accounts.text import single_line


def invitation_send(*, invitation: Invitation, sender: User) -> None:
    """Queue the invitation email; the worker issues the link and sends it.

    Raises ValidationError, before queueing anything, when the invitation can no longer be
    sent. The link starts with ``SITE_URL``: the worker has no request to build it from.
    """
    invitation.check_can_send()
    arguments = {
        "invitation_id": invitation.pk,
        "token_hash": invitation.token_hash,
        "sender_id": sender.pk,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
    }
    transaction.on_commit(lambda: send_invitation.apply_async(kwargs=arguments))


def email_send_later(message: EmailMessage) -> None:
    """Queue an already rendered message; a worker sends it once the transaction commits."""
    arguments = {
        "subject": single_line(str(message.subject)),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(address) for address in message.to],
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "headers": {
            str(name): single_line(str(value)) for name, value in message.extra_headers.items()
        },
        "content_subtype": message.content_subtype,
    }
    transaction.on_commit(lambda: send_email.apply_async(kwargs=arguments))
