"""Team scoping: the typed request, the decorators and the loaders every view goes through.

The rule: a view never loads an object by id alone. It asks a loader for the object *in the
current team*; anything else is a 404, so an outsider cannot even learn that the id exists.
Writes go through the ``_rw`` twin, which answers 403 to a read-only member.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect

if TYPE_CHECKING:
    from accounts.models import Membership, Team, User

M = TypeVar("M", bound=models.Model)


class TeamRequest(HttpRequest):
    """What a view decorated with ``team_required`` receives."""

    user: User
    team: Team
    membership: Membership
    memberships: list[Membership]


View = Callable[..., HttpResponse]


class NotPost(Exception):
    """A write was asked for with another method than POST; ``team_required`` answers 405."""


def team_required(view: View) -> View:
    """Logged in and in a team; someone who left every team is sent to create one."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if getattr(request, "team", None) is None:
            return redirect("team_create")
        try:
            return view(request, *args, **kwargs)
        except NotPost:
            return HttpResponseNotAllowed(["POST"])

    return wrapper


def refuse_unless_post(request: HttpRequest) -> HttpResponse | None:
    """405 for anything but POST, checked *after* the scoped load.

    Views that take an object id load it first, so an outsider gets the same 404 whatever
    the method, and learns nothing from a 405.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def require_write(request: TeamRequest, *, post: bool = False) -> None:
    """403 for a read-only member; then, with ``post``, 405 for anything but POST.

    Write loaders call it *after* the scoped load, so an outsider gets the same 404 whatever
    the method, and learns nothing from a 403 or a 405.
    """
    if not request.membership.can_write:
        raise PermissionDenied("Read-only members cannot change anything.")
    if post and request.method != "POST":
        raise NotPost


def require_manager(request: TeamRequest, *, post: bool = False) -> None:
    """403 unless an owner or admin; then, with ``post``, 405 for anything but POST."""
    if not request.membership.can_manage:
        raise PermissionDenied("Only owners and admins manage the team.")
    if post and request.method != "POST":
        raise NotPost


def get_in_team(request: TeamRequest, queryset: models.QuerySet[M], **lookup) -> M:
    """The object matching ``lookup`` within the request's team, or 404."""
    return get_object_or_404(queryset.filter(team=request.team), **lookup)


def get_membership(request: TeamRequest, pk: int) -> Membership:
    from accounts.models import Membership

    return get_in_team(request, Membership.objects.select_related("user", "team"), pk=pk)


def get_membership_rw(request: TeamRequest, pk: int) -> Membership:
    """A membership of the current team that the current user may change (else 404 / 403)."""
    membership = get_membership(request, pk)
    require_manager(request)
    if not request.membership.can_change(membership):
        raise PermissionDenied("You cannot change this member.")
    if request.method != "POST":
        raise NotPost
    return membership


def get_invitation(request: TeamRequest, pk: int):
    from accounts.models import Invitation

    return get_in_team(request, Invitation.objects.select_related("team"), pk=pk)


def get_invitation_rw(request: TeamRequest, pk: int):
    """An invitation of the current team, for a change: 404 / 403, then 405 unless POST."""
    invitation = get_invitation(request, pk)
    require_manager(request, post=True)
    return invitation


def get_own_team(request: TeamRequest, pk: int) -> Team:
    """One of the user's teams (for switching): 404 for a team they do not belong to."""
    for membership in request.memberships:
        if membership.team_id == pk:
            return membership.team
    raise Http404("No such team.")
