"""Actions with side effects beyond one model: sending an invitation by email."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string

from accounts.models import Invitation


def invitation_send(*, invitation: Invitation, token: str, request: HttpRequest) -> None:
    """Email the invitation link once the surrounding transaction commits.

    Team names and inviters' names are passed as data to the email templates, never as
    template source.
    """
    context = {
        "invitation": invitation,
        "inviter": request.user,
        "team": invitation.team,
        "url": request.build_absolute_uri(invitation.url_for(token)),
        "days": Invitation.lifetime().days,
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation_body.txt", context)
    transaction.on_commit(
        lambda: send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email], fail_silently=False
        )
    )
