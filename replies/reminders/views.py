"""The bell and the notifications page, reminder settings (the member's and the team's
default), "don't remind me about this one" in the inbox, and the stop link from the email,
which works without logging in."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django_htmx.http import trigger_client_event

from accounts.models import User
from accounts.scoping import (
    TeamRequest,
    get_in_team,
    refuse_unless_post,
    require_manager,
    team_required,
)
from config.params import parse_int
from network.inbox.selectors import get_connection_request
from network.models import ConnectionRequest
from replies.reminders.delivery import read_stop_token
from replies.reminders.forms import ReminderSettingsForm
from replies.reminders.models import DEFAULTS, Notification, ReminderMute, ReminderSettings
from replies.reminders.selectors import notifications_for, unread_count
from replies.reminders.services import (
    reminder_settings_save,
    reminders_mute,
    reminders_unmute,
)

CHANGED = "reminders-changed"  # the bell listens for it
PAGE_SIZE = 30
MAX_TOKEN_LENGTH = 300


def get_notification(request: TeamRequest, pk: int) -> Notification:
    """One of the member's own notifications in the current team (else 404)."""
    return get_in_team(
        request,
        Notification.objects.filter(user=request.user).select_related("connection_request"),
        pk=pk,
    )


def _changed(response: HttpResponse) -> HttpResponse:
    return trigger_client_event(response, CHANGED)


@team_required
def notification_bell(request: TeamRequest) -> HttpResponse:
    """The bell's unread count (htmx polls it, and refreshes it after each action)."""
    return render(
        request,
        "replies/reminders/bell.html#count",
        {"unread": unread_count(request.team, request.user)},
    )


@team_required
def notification_list(request: TeamRequest) -> HttpResponse:
    page = Paginator(notifications_for(request.team, request.user), PAGE_SIZE).get_page(
        parse_int(request.GET.get("page")) or 1
    )
    return render(
        request,
        "replies/reminders/notifications.html",
        {"page": page, "unread": unread_count(request.team, request.user)},
    )


@team_required
def notification_read(request: TeamRequest, pk: int) -> HttpResponse:
    notification = get_notification(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if request.htmx:
        return _changed(
            render(
                request,
                "replies/reminders/notifications.html#notification",
                {"notification": notification},
            )
        )
    return redirect("notification_list")


@team_required
def notifications_read_all(request: TeamRequest) -> HttpResponse:
    if refused := refuse_unless_post(request):
        return refused
    marked = Notification.objects.filter(
        team=request.team, user=request.user, read_at__isnull=True
    ).update(read_at=timezone.now())
    if marked:
        messages.success(request, _("All notifications marked as read."))
    response = redirect("notification_list")
    return _changed(response) if request.htmx else response


def _settings_context(request: TeamRequest, form, team_form) -> dict:
    return {
        "form": form,
        "team_form": team_form,
        "time_zone": request.user.timezone,
        "can_manage": request.membership.can_manage,
    }


@team_required
def reminder_settings(request: TeamRequest) -> HttpResponse:
    """The member's own settings; owners and admins also see the team's default."""
    mine = ReminderSettings.objects.filter(team=request.team, user=request.user).first()
    if mine is None:
        current = ReminderSettings.for_member(request.team, request.user)
        mine = ReminderSettings(
            team=request.team,
            user=request.user,
            **{field: getattr(current, field) for field in DEFAULTS},
        )
    form = ReminderSettingsForm(request.POST or None, instance=mine)
    team_form = None
    if request.membership.can_manage:
        team_form = ReminderSettingsForm(instance=_team_default(request), prefix="team")
    if request.method == "POST":
        if form.is_valid():
            moved = reminder_settings_save(form.save(commit=False))
            messages.success(request, _saved_message(moved))
            return redirect("reminder_settings")
        return render(
            request,
            "replies/reminders/settings.html",
            _settings_context(request, form, team_form),
            status=422,
        )
    return render(
        request, "replies/reminders/settings.html", _settings_context(request, form, team_form)
    )


def _team_default(request: TeamRequest) -> ReminderSettings:
    return ReminderSettings.objects.filter(
        team=request.team, user__isnull=True
    ).first() or ReminderSettings(team=request.team, **DEFAULTS)


def _saved_message(moved: int) -> str:
    if not moved:
        return _("Reminder settings saved.")
    return _("Reminder settings saved; %(count)d planned reminders moved.") % {"count": moved}


@team_required
def reminder_team_settings(request: TeamRequest) -> HttpResponse:
    """The team's default, for members without settings of their own (owners and admins)."""
    require_manager(request, post=True)
    team_form = ReminderSettingsForm(request.POST, instance=_team_default(request), prefix="team")
    if team_form.is_valid():
        moved = reminder_settings_save(team_form.save(commit=False))
        messages.success(request, _saved_message(moved))
        return redirect("reminder_settings")
    mine = ReminderSettings.for_member(request.team, request.user)
    form = ReminderSettingsForm(instance=mine)
    return render(
        request,
        "replies/reminders/settings.html",
        _settings_context(request, form, team_form),
        status=422,
    )


@team_required
def reminder_mute(request: TeamRequest, pk: int) -> HttpResponse:
    """ "Don't remind me about this one" (``mute=1``), or remind me again (``mute=0``)."""
    connection_request = get_connection_request(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    if request.POST.get("mute", "1") == "0":
        reminders_unmute(connection_request=connection_request, user=request.user)
        messages.success(request, _("Reminders about this request are back on."))
    else:
        reminders_mute(connection_request=connection_request, user=request.user)
        messages.success(request, _("You will not be reminded about this request."))
    if request.htmx:
        from replies.templatetags.reminders import status_context

        return _changed(
            render(
                request,
                "replies/reminders/request_status.html",
                status_context(request, connection_request),
            )
        )
    return redirect(f"{reverse('inbox')}?r={connection_request.pk}")


@csrf_exempt  # the signed token is the credential; mail clients' one-click POST has no CSRF
def reminder_stop(request: HttpRequest, token: str) -> HttpResponse:
    """The email's "stop reminding me about this request": no login needed. GET and the
    mail client's one-click POST mute; a POST with ``resume`` turns reminders back on."""
    try:
        if len(token) > MAX_TOKEN_LENGTH:
            raise signing.BadSignature("Too long.")
        user_id, request_id = read_stop_token(token)
        user = User.objects.get(pk=user_id, is_active=True)
        connection_request = ConnectionRequest.objects.get(pk=request_id)
    except signing.SignatureExpired:
        return render(request, "replies/reminders/stop.html", {"expired": True}, status=410)
    except (signing.BadSignature, User.DoesNotExist, ConnectionRequest.DoesNotExist):
        return render(request, "replies/reminders/stop.html", {"invalid": True}, status=404)
    if request.method == "POST" and request.POST.get("resume"):
        reminders_unmute(connection_request=connection_request, user=user)
    elif request.method in {"GET", "POST"}:
        reminders_mute(connection_request=connection_request, user=user)
    muted = ReminderMute.objects.filter(user=user, connection_request=connection_request).exists()
    return render(
        request,
        "replies/reminders/stop.html",
        {"connection_request": connection_request, "muted": muted, "token": token},
    )
