"""Team pages, invitations, the team switcher, the profile and the first-run welcome."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from accounts.adapter import PENDING_INVITATION
from accounts.forms import InvitationForm, ProfileForm, RoleForm, TeamForm, WelcomeForm
from accounts.models import Invitation, Membership, Team, User
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
        "invitations": request.team.invitations.open().select_related("invited_by", "claimed_by"),
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
        invitation, _token = Invitation.create(
            team=request.team,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
        )
        invitation_send(invitation=invitation, sender=request.user)
    messages.success(
        request, _("Invitation to %(email)s is on its way.") % {"email": invitation.email}
    )
    if request.htmx:
        return _team_page(request, partial="team-body")
    return redirect("team_detail")


@team_required
def invitation_resend(request: TeamRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_rw(request, pk)
    try:
        invitation_send(invitation=invitation, sender=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if invitation.status == Invitation.Status.PENDING:
            text = _("A fresh link to %(email)s is on its way; the current one works until then.")
        else:
            text = _("A fresh link to %(email)s is on its way.")
        messages.success(request, text % {"email": invitation.email})
    return _after_change(request)


@team_required
def invitation_approve(request: TeamRequest, pk: int) -> HttpResponse:
    """Let in someone who used an invitation link under another email address."""
    invitation = get_invitation_rw(request, pk)
    try:
        membership = invitation.approve()
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s joined the team as %(role)s.")
            % {"name": membership.user, "role": membership.get_role_display().lower()},
        )
    return _after_change(request)


@team_required
def invitation_refuse(request: TeamRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_rw(request, pk)
    name = str(invitation.claimed_by or invitation.email)
    try:
        invitation.refuse()
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(name)s will not join the team.") % {"name": name})
    return _after_change(request)


@team_required
def invitation_revoke(request: TeamRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_rw(request, pk)
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
    # Only a path of this site: redirect() would take any other word for a view's name.
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    if not (safe and target.startswith("/")):
        target = reverse("home")
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
    waiting = (
        status == Invitation.Status.AWAITING_APPROVAL
        and request.user.is_authenticated
        and invitation.claimed_by_id == request.user.pk
    )
    if waiting:
        request.session.pop(PENDING_INVITATION, None)
        return render(request, "accounts/invitation.html", {**context, "waiting": True})
    if status != Invitation.Status.PENDING:
        request.session.pop(PENDING_INVITATION, None)
        return render(request, "accounts/invitation_closed.html", context, status=410)
    if not request.user.is_authenticated:
        request.session[PENDING_INVITATION] = token
        return render(request, "accounts/invitation.html", context)
    if request.method == "POST":
        request.session.pop(PENDING_INVITATION, None)
        try:
            membership = invitation.accept(request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("home")
        if membership is None:
            messages.info(request, _waiting_message(invitation))
            return redirect(request.path)
        messages.success(request, _("Welcome to %(team)s.") % {"team": invitation.team.name})
        return redirect("team_detail")
    context |= {
        "already_member": invitation.team.memberships.filter(user=request.user).exists(),
        "email_matches": request.user.owns_email(invitation.email),
    }
    return render(request, "accounts/invitation.html", context)


def _waiting_message(invitation: Invitation) -> str:
    return _(
        "Your request to join %(team)s is waiting for an owner or admin of the team to "
        "approve it, because the invitation was sent to another email address."
    ) % {"team": invitation.team.name}


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: TeamRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Profile saved."))
        return _remember_language(request, user, redirect("profile"))
    return render(request, "accounts/profile.html", {"form": form})


def _remember_language(request: HttpRequest, user: User, response: HttpResponse) -> HttpResponse:
    """Keep the profile's language for this session and this browser, once logged out too."""
    if user.language:
        request.session["_language"] = user.language
        response.set_cookie("django_language", user.language, samesite="Lax")
    return response


@login_required
@require_http_methods(["GET", "POST"])
def welcome(request: TeamRequest) -> HttpResponse:
    """The first-run step: a name to sign replies with, and a language. Shown once, skippable.

    The home page sends a signed-in user here until it is saved or skipped
    (``accounts.middleware.TeamMiddleware.process_view``), then to the inbox.
    """
    if request.method == "POST" and "skip" in request.POST:
        request.user.welcome_done()
        return redirect("inbox")
    form = WelcomeForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = form.save(commit=False)
            user.welcomed_at = user.welcomed_at or timezone.now()
            user.save(update_fields=["display_name", "language", "welcomed_at"])
            messages.success(request, _("Welcome, %(name)s.") % {"name": user.get_short_name()})
            return _remember_language(request, user, redirect("inbox"))
        return render(request, "accounts/welcome.html", {"form": form}, status=422)
    return render(request, "accounts/welcome.html", {"form": form})


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
