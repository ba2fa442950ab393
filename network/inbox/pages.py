"""The inbox page, rendered whole or as the fragment htmx asked for: the list on the left, the
request being decided on the right, counts out of band. The composer in ``replies`` answers
with it too, so it lives outside the views."""

from __future__ import annotations

from functools import cache

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scoping import TeamRequest
from config.params import shown_params
from config.prepared import PreparedRead, read_together
from network.categories.selectors import team_categories
from network.inbox.counts import inbox_counts
from network.inbox.forms import QuickAddForm, SnoozeForm
from network.inbox.reversal import UNDOABLE, reopen_offers
from network.inbox.selectors import (
    filtered_requests,
    match_flags,
    only_state_filter,
    with_match_flag,
)
from network.models import (
    INBOX_STATES,
    OPEN_STATES,
    ConnectionRequest,
    IllegalTransition,
    RequestState,
)
from network.recognition.selectors import possible_matches
from network.text import fold
from network.text.names import looks_like_a_new_name
from network.text.networks import Network

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


def _flag_matches(team, rows: list[ConnectionRequest]) -> None:
    """Set ``has_match`` on the page's rows, apart from the list's own query, where
    PostgreSQL would hash every profile and email of the team to answer it (70 ms at 100,000
    contacts): for a page of rows, a look in the profiles' and emails' indexes."""
    flags = match_flags(team, rows)
    for row in rows:
        row.has_match = flags[row.pk]


@cache
def _pane_reads() -> list[PreparedRead]:
    """The open request's history (its last 20 steps), messages sent and replies received
    (the last 10 of each), read with SQL compiled once (``PreparedRead``), each row knowing
    its request. The messages' models are the request's relations' (``replies`` is never
    imported here)."""
    reads = []
    for relation, related, count in (
        (ConnectionRequest.events, "actor", 20),
        (ConnectionRequest.messages_sent, "sent_by", 10),
        (ConnectionRequest.replies_received, None, 10),
    ):
        model, field = relation.rel.related_model, relation.field

        def queryset(pk, model=model, field=field, related=related, count=count):
            rows = model.objects.filter(**{field.attname: pk})
            return (rows.select_related(related) if related else rows)[:count]

        reads.append(PreparedRead(queryset, back=field.name))
    return reads


def inbox_context(
    request: TeamRequest, *, selected_pk: int | None = None, acted=None, bulk_done=None
) -> dict:
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
    # The page's rows are read in one query with what they show, then their badge
    # (``has_match``) in a second one for those rows alone (unless the list filters on it).
    # The owner and the linked contact are only shown for the open request: joining them
    # for 25 rows doubled the list's cost (1.9 ms against 1.0 at 10,000 open requests).
    listed = filtered_requests(request.team, request.GET)
    flagged = "has_match" in listed.query.annotations
    paginator = Paginator(listed, PAGE_SIZE)
    if only_state_filter(request.GET) and (state == "open" or state in OPEN_STATES):
        paginator.count = by_state.get(state, 0)  # known already: spare a COUNT(*)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    if not flagged:
        _flag_matches(request.team, rows)
    found = {row.pk: row for row in rows}
    if selected_pk and selected_pk not in found:  # opened from elsewhere, not on this page
        found.update(
            (row.pk, row)
            for row in with_match_flag(
                ConnectionRequest.objects.filter(team=request.team, pk=selected_pk)
            ).select_related("owner", "contact")
        )
    # The list is the hot spot of the page: labels are translated once, not once per row, and
    # ids are handed over as text (an int goes through number localisation at each use).
    now = timezone.now()
    network_labels = {value: str(label) for value, label in Network.choices}
    state_labels = {value: str(label) for value, label in RequestState.choices}
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("r", None)
    querystring = query.urlencode()
    row_query = f"?{querystring}&" if querystring else "?"
    inbox_url = reverse("inbox")
    for row in rows:
        row.ref = str(row.pk)
        # Its two addresses, written once here rather than from five variables in the loop.
        row.open_url = f"{inbox_url}{row_query}r={row.ref}"
        row.pane_url = f"{inbox_url}{row.ref}/?{querystring}"
        row.age = _age(row.received_at, now)
        row.network_label = network_labels.get(row.network, row.network)
        row.state_label = state_labels.get(row.state, row.state)
    selected = found.get(selected_pk) if selected_pk else None
    events = sent = replies = []
    if selected is not None:
        selected.team = request.team  # recognition reads it: spare a query
        if selected.owner_id == request.user.pk:  # "sent to": most often the reader
            selected.owner = request.user
        events, sent, replies = read_together(_pane_reads(), selected)
    return {
        "page": page,
        "rows": rows,
        "selected": selected,
        **_decision_context(selected, request.user, acted, events),
        "bulk_done": bulk_done,
        "events": events,
        "sent_messages": sent,
        "replies": replies,
        "categories": team_categories(request.team.pk) if selected else [],
        "snooze_choices": SnoozeForm.WHEN,
        "quick_add": QuickAddForm(auto_id="qa-%s"),
        "acted": acted,
        "oob": False,  # the fragment htmx asked for says otherwise
        "tabs": [
            (key, label, by_state.get(key, 0) if key == "open" or key in OPEN_STATES else None)
            for key, label in STATE_TABS
        ],
        "networks": [(value, label, by_network.get(value, 0)) for value, label in Network.choices],
        "params": shown_params(request.GET),
        "state": state,
        "querystring": querystring,
        # Translated once per page rather than once per row.
        "possible_match_label": _("possible match"),
        "message_label": _("message"),
        "inbox_url": inbox_url,
        "can_write": request.membership.can_write,
    }


# The keys of the decision buttons, and the action each stands for.
KEY_ACTIONS = {
    "a": "accept",
    "l": "accept",
    "d": "decline",
    "r": "reply",
    "s": "snooze",
    "e": "archive",
    "o": "reopen",
}


def _decision_context(
    selected: ConnectionRequest | None, viewer, acted, events: list | None = None
) -> dict:
    """What the detail pane needs to offer exactly the actions the request's state allows,
    and to say why for the others: suggestions (with a new-name guess for each), the last
    step if it can be undone, what reopening may remove, and the refusal of each other key."""
    if selected is None:
        return {"matches": [], "undoable": None, "reopen_offers": [], "refusals": []}
    matches = possible_matches(selected, viewer)
    for match in matches:
        contact = match.contact
        match.name_differs = fold(contact.name) != fold(selected.sender_name)
        match.new_name = match.name_differs and looks_like_a_new_name(
            selected.sender_name, contact.given_name, contact.family_name
        )
    # The history shown is newest first (the events' ordering): its first entry is the last.
    if events is None:
        events = list(selected.events.all()[:1])
    last = events[0] if events else None
    undoable = (
        last
        if last and not last.undone and last.action in UNDOABLE and not last.data.get("removed")
        else None
    )
    refusals = [
        (key, str(IllegalTransition(action, selected.state)))
        for key, action in KEY_ACTIONS.items()
        if not selected.can(action)
    ]
    if not (selected.can("ask") or selected.state == RequestState.ASKED):
        refusals.append(("c", str(IllegalTransition("ask", selected.state))))
    return {
        "matches": matches,
        "undoable": None if acted else undoable,
        "reopen_offers": reopen_offers(selected),
        "refusals": refusals,
    }


def render_inbox(
    request: TeamRequest,
    *,
    selected_pk=None,
    acted=None,
    status=200,
    bulk_done=None,
    quick_add=None,
):
    """The inbox (or the fragment htmx targets). ``acted`` is the request just decided and
    ``bulk_done`` a bulk action just applied (a dict with its batch, text and count): each
    gets an undo bar. ``quick_add`` is a quick add form refused, shown with its errors."""
    context = inbox_context(request, selected_pk=selected_pk, acted=acted, bulk_done=bulk_done)
    if quick_add is not None:
        context["quick_add"] = quick_add
    template = "network/inbox.html"
    if request.htmx and request.htmx.target in {"inbox-body", "detail"}:
        template += "#" + request.htmx.target
        # The counts live outside the body: they travel with it as out-of-band swaps.
        context["oob"] = request.htmx.target == "inbox-body"
    return render(request, template, context, status=status)
