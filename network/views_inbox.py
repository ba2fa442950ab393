"""The triage inbox: open requests on the left, the one being decided on the right.

Every action is a POST answering the whole inbox body (list, detail of the next request,
undo bar) so that keyboard triage flows from one request to the next without a reload.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.scoping import (
    TeamRequest,
    get_in_team,
    refuse_unless_post,
    require_write,
    team_required,
)
from network.forms import AcceptForm, QuickAddForm, SnoozeForm
from network.models import (
    INBOX_STATES,
    OPEN_STATES,
    ConnectionRequest,
    Contact,
    ContactEmail,
    HowWeMet,
    IllegalTransition,
    NetworkProfile,
    RequestState,
    counts_cache_key,
)
from network.networks import Network
from network.recognition import Query, Suggestion, company_from_headline, recognise
from network.text import search_terms
from network.triage import (
    NothingToUndo,
    request_accept,
    request_archive,
    request_ask,
    request_create,
    request_decline,
    request_link,
    request_reply_received,
    request_snooze,
    request_undo,
)

PAGE_SIZE = 25
STATE_TABS = [
    ("open", gettext_lazy("To decide")),
    (RequestState.NEW, RequestState.NEW.label),
    (RequestState.ASKED, RequestState.ASKED.label),
    (RequestState.REPLIED, RequestState.REPLIED.label),
    (RequestState.SNOOZED, RequestState.SNOOZED.label),
    (RequestState.ACCEPTED, RequestState.ACCEPTED.label),
    (RequestState.DECLINED, RequestState.DECLINED.label),
    (RequestState.ARCHIVED, RequestState.ARCHIVED.label),
]


def get_request(request: TeamRequest, pk: int) -> ConnectionRequest:
    return get_in_team(request, ConnectionRequest.objects.select_related("contact", "owner"), pk=pk)


def get_request_rw(request: TeamRequest, pk: int) -> ConnectionRequest:
    found = get_request(request, pk)
    require_write(request)
    return found


def _with_match_flag(queryset):
    """Annotate ``has_match``: a contact of the team has the same profile or email, or the
    request is already linked. (Recognition by name comes with the recognition module.)"""
    same_profile = NetworkProfile.objects.filter(
        team=OuterRef("team"), network=OuterRef("network"), handle=OuterRef("handle")
    )
    same_email = ContactEmail.objects.filter(
        contact__team=OuterRef("team"), email=OuterRef("email")
    )
    return queryset.annotate(
        has_match=Q(contact__isnull=False)
        | (Exists(same_profile) & ~Q(handle=""))
        | (Exists(same_email) & ~Q(email=""))
    )


def _filtered(request: TeamRequest):
    """The requests the list shows, newest first. ``has_match`` is only computed here when the
    match filter asks for it: otherwise it is annotated on the page's rows alone."""
    params = request.GET
    requests = ConnectionRequest.objects.filter(team=request.team)
    state = params.get("state", "open")
    if state == "open":
        requests = requests.filter(state__in=INBOX_STATES)
    elif state in RequestState.values:
        requests = requests.filter(state=state)
    if network := params.get("network"):
        requests = requests.filter(network=network)
    if params.get("message") == "1":
        requests = requests.exclude(message="")
    for term in search_terms(params.get("q", "")):
        requests = requests.filter(search_text__contains=term)
    if params.get("match") in {"0", "1"}:
        requests = _with_match_flag(requests).filter(has_match=params["match"] == "1")
    return requests.order_by("-received_at", "-pk")


def _only_state_filter(request: TeamRequest) -> bool:
    return not any(request.GET.get(key) for key in ("network", "message", "q", "match"))


def _possible_matches(found: ConnectionRequest, viewer) -> list[Suggestion]:
    """Who the sender may be among the team's contacts, most likely first, reasons in words."""
    query = Query(
        name=found.sender_name,
        url=found.profile_url,
        network=found.network or None,
        email=found.email,
        headline=found.headline,
        company=company_from_headline(found.headline),
        message=found.message,
    )
    suggestions = recognise(found.team, query, viewer=viewer)
    if found.contact is not None:
        linked = next(
            (entry for entry in suggestions if entry.contact.pk == found.contact.pk), None
        )
        if linked is None:
            linked = Suggestion(found.contact, 100)
            suggestions.insert(0, linked)
        linked.score = 100
        linked.reasons.insert(0, _("linked to this request"))
    return suggestions


def _age(moment, now) -> str:
    """A short age for the list ("5 min", "3 h", "2 d"): cheaper than timesince, and shorter."""
    seconds = max(0, (now - moment).total_seconds())
    if seconds < 3600:
        return _("%(count)d min") % {"count": max(1, seconds // 60)}
    if seconds < 86400:
        return _("%(count)d h") % {"count": seconds // 3600}
    if seconds < 86400 * 45:
        return _("%(count)d d") % {"count": seconds // 86400}
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


def inbox_counts(team_id: int) -> dict[tuple[str, str], int]:
    """Open requests per (state, network), cached until a request of the team changes.

    One grouped count serves the state tabs, the network filter and the list's total.
    Decided and archived requests pile up for years: they are listed, never counted.
    """
    key = counts_cache_key(team_id)
    counts = cache.get(key)
    if counts is None:
        counts = {
            (state, network): total
            for state, network, total in ConnectionRequest.objects.filter(
                team_id=team_id, state__in=OPEN_STATES
            )
            .values_list("state", "network")
            .annotate(total=Count("pk"))
            .order_by()
        }
        cache.set(key, counts, timeout=3600)
    return counts


def _inbox_context(request: TeamRequest, *, selected_pk: int | None = None, acted=None) -> dict:
    # One grouped count serves the state tabs, the network filter and the list's total.
    counts = inbox_counts(request.team.pk)
    by_state: dict[str, int] = {}
    by_network: dict[str, int] = {}
    for (state, network), total in counts.items():
        by_state[state] = by_state.get(state, 0) + total
        if state in INBOX_STATES:
            by_network[network] = by_network.get(network, 0) + total
    by_state["open"] = sum(by_state.get(state, 0) for state in INBOX_STATES)

    state = request.GET.get("state", "open")
    paginator = Paginator(_filtered(request).values_list("pk", flat=True), PAGE_SIZE)
    if _only_state_filter(request) and (state == "open" or state in OPEN_STATES):
        paginator.count = by_state.get(state, 0)  # known already: spare a COUNT(*)
    page = paginator.get_page(request.GET.get("page"))
    page_pks = list(page.object_list)
    if selected_pk and selected_pk not in page_pks:
        page_pks.append(selected_pk)
    found = {
        row.pk: row
        for row in _with_match_flag(
            ConnectionRequest.objects.filter(team=request.team, pk__in=page_pks)
        ).select_related("owner", "contact")
    }
    rows = [found[pk] for pk in page.object_list if pk in found]
    # The list is the hot spot of the page: labels are translated once, not once per row, and
    # ids are handed over as text (an int goes through number localisation at each use).
    now = timezone.now()
    network_labels = {value: str(label) for value, label in Network.choices}
    state_labels = {value: str(label) for value, label in RequestState.choices}
    for row in rows:
        row.ref = str(row.pk)
        row.age = _age(row.received_at, now)
        row.network_label = network_labels.get(row.network, row.network)
        row.state_label = state_labels.get(row.state, row.state)
    selected = found.get(selected_pk) if selected_pk else None
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("r", None)
    querystring = query.urlencode()
    return {
        "page": page,
        "rows": rows,
        "selected": selected,
        "matches": _possible_matches(selected, request.user) if selected else [],
        "events": selected.events.select_related("actor")[:20] if selected else [],
        "sent_messages": selected.messages_sent.select_related("sent_by")[:10] if selected else [],
        "replies": selected.replies_received.all()[:10] if selected else [],
        "categories": HowWeMet.objects.filter(team=request.team) if selected else [],
        "snooze_choices": SnoozeForm.WHEN,
        "acted": acted,
        "tabs": [
            (key, label, by_state.get(key, 0) if key == "open" or key in OPEN_STATES else None)
            for key, label in STATE_TABS
        ],
        "networks": [(value, label, by_network.get(value, 0)) for value, label in Network.choices],
        "params": request.GET,
        "state": state,
        "querystring": querystring,
        "row_query": f"?{querystring}&" if querystring else "?",
        # Translated once per page rather than once per row.
        "possible_match_label": _("possible match"),
        "message_label": _("message"),
        "inbox_url": reverse("inbox"),
        "can_write": request.membership.can_write,
    }


def _render_inbox(request: TeamRequest, *, selected_pk=None, acted=None, status=200):
    context = _inbox_context(request, selected_pk=selected_pk, acted=acted)
    template = "network/inbox.html"
    if request.htmx and request.htmx.target in {"inbox-body", "detail"}:
        template += "#" + request.htmx.target
        # The counts live outside the body: they travel with it as out-of-band swaps.
        context["oob"] = request.htmx.target == "inbox-body"
    return render(request, template, context, status=status)


@team_required
def inbox(request: TeamRequest) -> HttpResponse:
    selected = request.GET.get("r", "")
    return _render_inbox(request, selected_pk=int(selected) if selected.isdigit() else None)


@team_required
def inbox_detail(request: TeamRequest, pk: int) -> HttpResponse:
    found = get_request(request, pk)
    return _render_inbox(request, selected_pk=found.pk)


def _next_open(request: TeamRequest, after: ConnectionRequest) -> int | None:
    """The request to open after deciding on ``after``: the next one down the list."""
    remaining = list(_filtered(request).exclude(pk=after.pk).values_list("pk", "received_at"))
    older = [pk for pk, received in remaining if (received, pk) < (after.received_at, after.pk)]
    if older:
        return older[0]
    return remaining[-1][0] if remaining else None


def _acted(request: TeamRequest, found: ConnectionRequest, text: str) -> HttpResponse:
    messages.success(request, text)
    if request.htmx:
        return _render_inbox(request, selected_pk=_next_open(request, found), acted=found)
    query = request.GET.copy()
    next_pk = _next_open(request, found)
    if next_pk:
        query["r"] = next_pk
    return redirect(f"{reverse('inbox')}?{query.urlencode()}")


def _back_to(request: TeamRequest, found: ConnectionRequest) -> HttpResponse:
    """The inbox as it was (filters kept), with ``found`` open."""
    query = request.GET.copy()
    query["r"] = found.pk
    return redirect(f"{reverse('inbox')}?{query.urlencode()}")


def _refused(request: TeamRequest, found: ConnectionRequest, error: Exception) -> HttpResponse:
    messages.error(request, str(error))
    if request.htmx:
        return _render_inbox(request, selected_pk=found.pk, status=409)
    return _back_to(request, found)


def _action(handler):
    """Load the request (404 outside the team, 403 read-only), require POST, run the
    handler; an illegal transition answers 409 with the reason and changes nothing."""

    @team_required
    def view(request: TeamRequest, pk: int) -> HttpResponse:
        found = get_request_rw(request, pk)
        if refused := refuse_unless_post(request):
            return refused
        try:
            return handler(request, found)
        except (IllegalTransition, NothingToUndo, ValueError) as error:
            return _refused(request, found, error)

    view.__name__ = handler.__name__
    view.__doc__ = handler.__doc__
    return view


@_action
def request_accept_view(request: TeamRequest, found: ConnectionRequest) -> HttpResponse:
    form = AcceptForm(request.POST, team=request.team)
    if not form.is_valid():
        raise ValueError(_("Choose the access to grant: full or limited."))
    found = request_accept(
        request=found,
        actor=request.user,
        access=form.cleaned_data["access"],
        categories=list(form.cleaned_data["categories"]),
    )
    text = (
        _("%(name)s accepted with limited access.")
        if form.cleaned_data["access"] != "full"
        else _("%(name)s accepted.")
    )
    return _acted(request, found, text % {"name": found.sender_name})


@_action
def request_decline_view(request: TeamRequest, found: ConnectionRequest) -> HttpResponse:
    found = request_decline(request=found, actor=request.user)
    return _acted(request, found, _("%(name)s declined.") % {"name": found.sender_name})


@_action
def request_ask_view(request: TeamRequest, found: ConnectionRequest) -> HttpResponse:
    found = request_ask(request=found, actor=request.user)
    return _acted(
        request, found, _("Clarification asked of %(name)s.") % {"name": found.sender_name}
    )


@_action
def request_reply_view(request: TeamRequest, found: ConnectionRequest) -> HttpResponse:
    found = request_reply_received(request=found, actor=request.user)
    return _acted(request, found, _("%(name)s replied.") % {"name": found.sender_name})


@_action
def request_snooze_view(request: TeamRequest, found: ConnectionRequest) -> HttpResponse:
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        raise ValueError(" ".join(error for errors in form.errors.values() for error in errors))
    until = form.until()
    found = request_snooze(request=found, actor=request.user, until=until)
    return _acted(
        request,
        found,
        _("%(name)s snoozed until %(date)s.")
        % {"name": found.sender_name, "date": until.strftime("%d/%m/%Y")},
    )


@_action
def request_archive_view(request: TeamRequest, found: ConnectionRequest) -> HttpResponse:
    found = request_archive(request=found, actor=request.user)
    return _acted(request, found, _("%(name)s archived.") % {"name": found.sender_name})


@_action
def request_link_view(request: TeamRequest, found: ConnectionRequest) -> HttpResponse:
    pk = request.POST.get("contact", "")
    contact = get_in_team(request, Contact.objects.all(), pk=int(pk) if pk.isdigit() else 0)
    found = request_link(request=found, actor=request.user, contact=contact)
    messages.success(
        request,
        _("Linked to %(contact)s: accepting will add this name and profile to the contact.")
        % {"contact": contact},
    )
    if request.htmx:
        return _render_inbox(request, selected_pk=found.pk)
    return _back_to(request, found)


@_action
def request_undo_view(request: TeamRequest, found: ConnectionRequest) -> HttpResponse:
    request_undo(request=found, actor=request.user)
    found.refresh_from_db()
    messages.success(
        request,
        _("Undone: %(name)s is %(state)s again.")
        % {"name": found.sender_name, "state": found.get_state_display().lower()},
    )
    if request.htmx:
        return _render_inbox(request, selected_pk=found.pk)
    return _back_to(request, found)


@team_required
@require_POST
def request_quick_add(request: TeamRequest) -> HttpResponse:
    require_write(request)
    form = QuickAddForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        if request.htmx:
            return _render_inbox(request, status=422)
        return redirect("inbox")
    found = request_create(
        team=request.team,
        owner=request.user,
        sender_name=form.cleaned_data["sender_name"],
        profile=form.profile,
        message=form.cleaned_data["message"],
    )
    messages.success(request, _("Request from %(name)s added.") % {"name": found.sender_name})
    if request.htmx:
        return _render_inbox(request, selected_pk=found.pk)
    return _back_to(request, found)


BULK_ACTIONS = {"decline": request_decline, "archive": request_archive}


@team_required
@require_POST
def requests_bulk(request: TeamRequest) -> HttpResponse:
    """Decline, archive or snooze the selected requests; those the action does not apply to
    are left as they are and counted in the message."""
    require_write(request)
    action = request.POST.get("action", "")
    ids = [int(pk) for pk in request.POST.getlist("requests") if pk.isdigit()]
    found = list(ConnectionRequest.objects.filter(team=request.team, pk__in=ids))
    until = None
    if action == "snooze":
        form = SnoozeForm(
            {"when": request.POST.get("when", "tomorrow"), "date": request.POST.get("date")}
        )
        until = form.until() if form.is_valid() else None
    if not found or (action not in BULK_ACTIONS and until is None):
        messages.error(request, _("Select requests and an action."))
    else:
        done = skipped = 0
        for item in found:
            try:
                if until is not None:
                    request_snooze(request=item, actor=request.user, until=until)
                else:
                    BULK_ACTIONS[action](request=item, actor=request.user)
                done += 1
            except IllegalTransition:
                skipped += 1
        text = ngettext("%(count)d request updated.", "%(count)d requests updated.", done) % {
            "count": done
        }
        if skipped:
            text += " " + ngettext(
                "%(count)d was left as it was: the action does not apply to it.",
                "%(count)d were left as they were: the action does not apply to them.",
                skipped,
            ) % {"count": skipped}
        messages.success(request, text)
    if request.htmx:
        return _render_inbox(request)
    return redirect("inbox")
