"""``Authorization: Bearer <token>`` for the API: the token's user, in the token's team.

The team and membership are put on the request as ``TeamMiddleware`` does for a session,
so the scoped loaders (``accounts.scoping``) work the same for both.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from accounts.tokens.models import AccessToken


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword:
            return None  # another scheme (or none): the session may still answer
        if len(words) != 2:
            raise AuthenticationFailed(_("Send one token: Authorization: Bearer <token>."))
        try:
            plaintext = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("This token is not valid.")) from None
        token = AccessToken.find(plaintext)
        if token is None:
            raise AuthenticationFailed(_("This token is not valid."))
        if token.status == "revoked":
            raise AuthenticationFailed(_("This token has been revoked."))
        if token.status == "expired":
            raise AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("This token's account is disabled."))
        membership = (
            token.user.memberships.select_related("team").filter(team_id=token.team_id).first()
        )
        if membership is None:
            raise AuthenticationFailed(_("This token's member is no longer in the team."))
        token.touch()
        django_request = request._request
        django_request.team = membership.team
        django_request.membership = membership
        django_request.memberships = [membership]
        if token.user.language:
            translation.activate(token.user.language)
            django_request.LANGUAGE_CODE = token.user.language
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema (and its docs page) describe the token."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token (profile > API tokens, or manage.py "
            "create_token), sent as `Authorization: Bearer nc_…`.",
        }
