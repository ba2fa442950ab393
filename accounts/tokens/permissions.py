"""Who may do what through the API: a member of the team reads; writing needs a member who
can write (not read-only) and, with a token, a token that is not read-only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.tokens.models import AccessToken


class TeamMember(BasePermission):
    message = _("Read-only members and read-only tokens cannot change anything.")

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if getattr(request, "team", None) is None or request.membership is None:
            return False
        if request.method in SAFE_METHODS:
            return True
        if isinstance(request.auth, AccessToken) and request.auth.read_only:
            return False
        return request.membership.can_write
