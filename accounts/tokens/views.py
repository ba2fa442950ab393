"""The user's API tokens, from their settings: the list, creating one (shown once, on the
page that answers the creation, never again) and revoking one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.scoping import TeamRequest, refuse_unless_post, team_required
from accounts.tokens.forms import AccessTokenForm
from accounts.tokens.models import AccessToken


def _page(request: TeamRequest, form: AccessTokenForm, *, created=None, status: int = 200):
    tokens = request.user.access_tokens.select_related("team").order_by("-created_at", "-pk")
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": tokens, "created": created},
        status=status,
    )


@team_required
@require_http_methods(["GET", "POST"])
def token_list(request: TeamRequest) -> HttpResponse:
    form = AccessTokenForm(
        request.POST or None,
        memberships=request.memberships,
        initial={"team": request.team.pk},
    )
    if request.method != "POST":
        return _page(request, form)
    if not form.is_valid():
        return _page(request, form, status=422)
    membership = form.memberships[form.cleaned_data["team"]]
    token, plaintext = AccessToken.issue(
        user=request.user,
        team=membership.team,
        name=form.cleaned_data["name"],
        read_only=form.cleaned_data["read_only"],
        expires_at=form.expires_at(),
    )
    # Answered here, not after a redirect: the token is in this page alone, once.
    fresh = AccessTokenForm(memberships=request.memberships, initial={"team": request.team.pk})
    response = _page(request, fresh, created={"token": token, "plaintext": plaintext})
    response["Cache-Control"] = "no-store"
    return response


@team_required
def token_revoke(request: TeamRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens (anyone else's is a 404)."""
    token = get_object_or_404(AccessToken.objects.filter(user=request.user), pk=pk)
    if refused := refuse_unless_post(request):
        return refused
    token.revoke()
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("token_list")
