"""allauth hooks: a personal team for every new user, invitations that survive sign-up,
and allauth's emails sent by a Celery worker.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from accounts.models import Team, User
from accounts.services import email_send_later

PENDING_INVITATION = "pending_invitation_token"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        # The name is needed now, to name the personal team, before allauth's form hook runs.
        user.display_name = form.cleaned_data.get("display_name", "").strip()
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            name = gettext("%(name)s's team") % {"name": user.get_short_name()}
            Team.create_with_owner(name=name, owner=user, is_personal=True)
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render in the request (its language, its site, allauth's objects), send from a worker.

        allauth's context holds objects a task cannot take (the user, the request), so the
        message is rendered here and queued as plain strings; the web request never waits
        for the mail server.
        """
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        email_send_later(self.render_mail(template_prefix, email, full_context))

    def _pending_invitation_url(self, request: HttpRequest) -> str | None:
        token = request.session.get(PENDING_INVITATION)
        return reverse("invitation_accept", args=[token]) if token else None

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Back to the invitation that brought the person here, through sign-up or login."""
        return self._pending_invitation_url(request) or super().get_login_redirect_url(request)

    def get_email_verification_redirect_url(self, email_address) -> str:
        return self._pending_invitation_url(
            self.request
        ) or super().get_email_verification_redirect_url(email_address)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return self._pending_invitation_url(request) or super().get_signup_redirect_url(request)
