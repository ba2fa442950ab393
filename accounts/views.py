"""Team pages, invitations, the team switcher and the profile."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from accounts.adapter import PENDING_INVITATION
from accounts.forms import InvitationForm, ProfileForm, RoleForm, TeamForm
from accounts.models import Invitation, Membership, Team
from accounts.scoping import (
    TeamRequest,
    get_invitation_rw,
    get_membership_rw,
    get_own_team,
    refuse_unless_post,
    require_manager,
    team_required,
)
from accounts.services import invitation_send


def _team_page(
    request: TeamRequest,
    *,
    invite_form: InvitationForm | None = None,
    team_form: TeamForm | None = None,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The team page, or one of its fragments when htmx asked for it."""
    memberships = list(request.team.memberships.select_related("user").order_by("created_at", "pk"))
    for member in memberships:
        member.changeable = request.membership.can_change(member)
    context = {
        "memberships": memberships,
        "invitations": request.team.invitations.open().select_related("invited_by"),
        "invite_form": invite_form or InvitationForm(team=request.team),
        "team_form": team_form or TeamForm(instance=request.team),
        "roles": Membership.Role,
        "invitation_days": Invitation.lifetime().days,
    }
    template = "accounts/team.html"
    if partial and request.htmx:
        template = f"{template}#{partial}"
    return render(request, template, context, status=status)


def _after_change(request: TeamRequest, partial: str = "team-body") -> HttpResponse:
    if request.htmx:
        return _team_page(request, partial=partial)
    return redirect("team_detail")


@team_required
def team_detail(request: TeamRequest) -> HttpResponse:
    return _team_page(request)


@team_required
@require_POST
def team_rename(request: TeamRequest) -> HttpResponse:
    require_manager(request)
    form = TeamForm(request.POST, instance=request.team)
    if not form.is_valid():
        return _team_page(request, team_form=form, status=422)
    form.save()
    messages.success(request, _("Team renamed."))
    return redirect("team_detail")


@team_required
@require_POST
def invitation_create(request: TeamRequest) -> HttpResponse:
    require_manager(request)
    form = InvitationForm(request.POST, team=request.team)
    if not form.is_valid():
        response = _team_page(request, invite_form=form, partial="invite-form", status=422)
        if request.htmx:
            # The form answers in place; the rest of the page is untouched.
            response = reswap(retarget(response, "#invite-form"), "outerHTML")
        return response
    with transaction.atomic():
        invitation, token = Invitation.create(
            team=request.team,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
        )
        invitation_send(invitation=invitation, token=token, request=request)
    messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
    if request.htmx:
        return _team_page(request, partial="team-body")
    return redirect("team_detail")


@team_required
def invitation_resend(request: TeamRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_rw(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    try:
        with transaction.atomic():
            token = invitation.renew()
            invitation_send(invitation=invitation, token=token, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("Invitation sent again to %(email)s.") % {"email": invitation.email}
        )
    return _after_change(request)


@team_required
def invitation_revoke(request: TeamRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_rw(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    try:
        invitation.revoke()
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("Invitation to %(email)s revoked.") % {"email": invitation.email}
        )
    return _after_change(request)


@team_required
def membership_role(request: TeamRequest, pk: int) -> HttpResponse:
    membership = get_membership_rw(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    form = RoleForm(request.POST, allow_owner=request.membership.is_owner)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
        return _after_change(request)
    membership.change_role(form.cleaned_data["role"])
    messages.success(
        request,
        _("%(name)s is now %(role)s.")
        % {"name": membership.user, "role": membership.get_role_display().lower()},
    )
    return _after_change(request)


@team_required
def membership_remove(request: TeamRequest, pk: int) -> HttpResponse:
    membership = get_membership_rw(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    name = str(membership.user)
    try:
        membership.leave()
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(name)s was removed from the team.") % {"name": name})
    return _after_change(request)


@team_required
def membership_make_owner(request: TeamRequest, pk: int) -> HttpResponse:
    membership = get_membership_rw(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    try:
        request.membership.transfer_ownership(membership)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s is now an owner; you are an admin.") % {"name": membership.user},
        )
    return redirect("team_detail")


@team_required
@require_POST
def team_leave(request: TeamRequest) -> HttpResponse:
    team = request.team
    try:
        request.membership.leave()
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("team_detail")
    messages.success(request, _("You left %(team)s.") % {"team": team.name})
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: TeamRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = Team.create_with_owner(name=form.cleaned_data["name"], owner=request.user)
        messages.success(request, _("Team %(team)s created.") % {"team": team.name})
        return redirect("team_detail")
    return render(request, "accounts/team_create.html", {"form": form})


@login_required
def team_switch(request: TeamRequest, pk: int) -> HttpResponse:
    team = get_own_team(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    request.user.last_team = team
    request.user.save(update_fields=["last_team"])
    messages.success(request, _("Now working in %(team)s.") % {"team": team.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "home"
    return redirect(target)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Show an invitation; logged out, keep it through sign-up or login; logged in, join."""
    invitation = Invitation.objects.by_token(token).select_related("team", "invited_by").first()
    if invitation is None:
        request.session.pop(PENDING_INVITATION, None)
        return render(request, "accounts/invitation_invalid.html", status=404)
    status = invitation.status
    context = {"invitation": invitation, "token": token}
    if status != Invitation.Status.PENDING:
        request.session.pop(PENDING_INVITATION, None)
        return render(request, "accounts/invitation_closed.html", context, status=410)
    if not request.user.is_authenticated:
        request.session[PENDING_INVITATION] = token
        return render(request, "accounts/invitation.html", context)
    already = invitation.team.memberships.filter(user=request.user).exists()
    if request.method == "POST":
        request.session.pop(PENDING_INVITATION, None)
        try:
            invitation.accept(request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("home")
        messages.success(request, _("Welcome to %(team)s.") % {"team": invitation.team.name})
        return redirect("team_detail")
    return render(request, "accounts/invitation.html", {**context, "already_member": already})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: TeamRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        if user.language:
            request.session["_language"] = user.language
        messages.success(request, _("Profile saved."))
        response = redirect("profile")
        if user.language:
            response.set_cookie("django_language", user.language, samesite="Lax")
        return response
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice on a logged-in profile."""
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    code = request.POST.get("language", "")
    if request.user.is_authenticated and code in dict(settings.LANGUAGES):
        request.user.language = code
        request.user.save(update_fields=["language"])
    return response
