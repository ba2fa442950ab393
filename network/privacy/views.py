"""Data protection pages: forget a person (managers, confirmed by typing the name), export
everything held about them, and the team's retention and review periods (managers)."""

from __future__ import annotations

import json

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.scoping import (
    TeamRequest,
    get_in_team,
    require_manager,
    require_write,
    team_required,
)
from network.models import Contact, PrivacyTask
from network.privacy.forms import ForgetForm, PrivacySettingsForm, TypedConfirmationForm
from network.privacy.selectors import person_counts, person_held
from network.privacy.services import (
    REVIEW_DECISIONS,
    CannotDelete,
    person_forget,
    privacy_review,
    privacy_settings_save,
    privacy_task_done,
)
from network.privacy.services import account_delete as account_delete_service
from network.privacy.services import team_delete as team_delete_service


def get_contact(request: TeamRequest, pk: int) -> Contact:
    return get_in_team(request, Contact.objects.select_related("team"), pk=pk)


def _kinds(counts: dict[str, int]) -> list[tuple[str, int]]:
    """Counts by kind in words ("connection requests", "messages sent"), largest first."""
    named = [
        (str(apps.get_model(label)._meta.verbose_name_plural), n) for label, n in counts.items()
    ]
    return sorted(named, key=lambda item: (-item[1], item[0]))


@team_required
def contact_forget(request: TeamRequest, pk: int) -> HttpResponse:
    """Forgetting erases across the whole team and cannot be undone: owners and admins only,
    as for the other team-wide decisions (members and read-only members get 403)."""
    contact = get_contact(request, pk)
    require_manager(request)
    form = ForgetForm(request.POST or None, contact=contact)
    if request.method == "POST" and form.is_valid():
        record = person_forget(contact=contact, actor=request.user)
        messages.success(
            request,
            _("%(name)s was forgotten: %(count)d records erased. This cannot be undone.")
            % {"name": form.cleaned_data["name"], "count": record.total},
        )
        return redirect("contact_list")
    return render(
        request,
        "network/contact_forget.html",
        {"contact": contact, "form": form, "kinds": _kinds(person_counts(contact))},
        status=422 if form.is_bound else 200,
    )


@team_required
def contact_export(request: TeamRequest, pk: int) -> HttpResponse:
    """Everything the team holds about the person, as one JSON file. Any member may read
    it: it is what the contact page and the inbox already show them, gathered."""
    contact = get_contact(request, pk)
    if request.method not in {"GET", "HEAD"}:  # after the scoped load: an outsider sees 404
        return HttpResponseNotAllowed(["GET"])
    body = json.dumps(person_held(contact), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"{slugify(contact.name) or 'contact'}-{contact.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@team_required
def privacy_settings(request: TeamRequest) -> HttpResponse:
    """The team's retention and review periods, posted from the dashboard by a manager."""
    require_manager(request, post=True)
    form = PrivacySettingsForm(request.POST)
    if not form.is_valid():
        return render(request, "network/privacy_settings.html", {"form": form}, status=422)
    privacy_settings_save(
        team=request.team,
        retention_days=form.cleaned_data["retention_days"],
        review_months=form.cleaned_data["review_months"],
    )
    messages.success(request, _("Privacy settings saved."))
    return redirect("dashboard")


def get_task_rw(request: TeamRequest, pk: int) -> PrivacyTask:
    """A to-do of the current team, for ticking: 404 / 403, then 405 unless POST."""
    task = get_in_team(request, PrivacyTask.objects.select_related("contact", "team"), pk=pk)
    require_write(request, post=True)
    return task


def _back(request: TeamRequest) -> HttpResponse:
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, {request.get_host()}, request.is_secure()
    ):
        return redirect(back)
    return redirect("dashboard")


@team_required
def privacy_task_done_view(request: TeamRequest, pk: int) -> HttpResponse:
    privacy_task_done(task=get_task_rw(request, pk), actor=request.user)
    messages.success(request, _("Ticked off the privacy checklist."))
    return _back(request)


@team_required
def privacy_review_view(request: TeamRequest, pk: int) -> HttpResponse:
    task = get_task_rw(request, pk)
    decision = request.POST.get("decision", "")
    if task.kind != PrivacyTask.Kind.REVIEW or decision not in REVIEW_DECISIONS:
        messages.error(request, _("Choose full access, keep, or remove."))
        return _back(request)
    privacy_review(task=task, actor=request.user, decision=decision)
    messages.success(request, _("Review recorded for %(name)s.") % {"name": task.contact.name})
    return _back(request)


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete one's own account, after typing one's email address."""
    form = TypedConfirmationForm(request.POST or None, expected=request.user.email)
    blocked = ""
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            account_delete_service(user=user)
        except CannotDelete as error:
            blocked = str(error)
        else:
            logout(request)
            messages.success(request, _("Your account was deleted. Goodbye."))
            return redirect("home")
    return render(
        request,
        "network/account_delete.html",
        {"form": form, "blocked": blocked},
        status=409 if blocked else 422 if form.is_bound else 200,
    )


@team_required
def team_delete(request: TeamRequest) -> HttpResponse:
    """Delete the current team with everything it holds: its owners only, after typing its
    name (an admin manages members, but only an owner may end the team)."""
    require_manager(request)
    if not request.membership.is_owner:
        raise PermissionDenied("Only an owner may delete the team.")
    form = TypedConfirmationForm(request.POST or None, expected=request.team.name)
    if request.method == "POST" and form.is_valid():
        name = request.team.name
        team_delete_service(team=request.team, actor=request.user)
        messages.success(request, _("The team %(name)s was deleted.") % {"name": name})
        return redirect("home")
    return render(
        request,
        "network/team_delete.html",
        {"form": form, "team": request.team},
        status=422 if form.is_bound else 200,
    )
