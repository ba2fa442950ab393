"""The dashboard page: the figures of ``selectors`` drawn as charts, for me or for the team."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.scoping import TeamRequest, team_required
from network.models import OPEN_STATES, RequestState
from network.privacy.selectors import checklist, retention_forecast
from network.text.networks import Network
from replies.dashboard import selectors
from replies.dashboard.charts import Chart, Series


def _networks() -> list[Series]:
    return [Series(value, str(label)) for value, label in Network.choices]


def _duration(seconds: float | None) -> str:
    """A median duration in words: hours under two days, days beyond."""
    if seconds is None:
        return ""
    hours = seconds / 3600
    if hours < 48:
        count = max(1, round(hours))
        return ngettext("%(count)d hour", "%(count)d hours", count) % {"count": count}
    count = round(hours / 24)
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def _open_chart(scope) -> Chart:
    values = selectors.open_by_state_and_network(scope)
    chart = Chart(
        slug="open",
        title=_("Open requests by state and network"),
        description="",
        categories=[(state, str(RequestState(state).label)) for state in OPEN_STATES],
        series=_networks(),
        values=values,
        horizontal=True,
    )
    chart.description = ngettext(
        "%(count)d open request.", "%(count)d open requests.", chart.grand_total
    ) % {"count": chart.grand_total}
    return chart


def _weekly_chart(scope, now) -> Chart:
    weeks = selectors.week_starts(now)
    values = selectors.received_per_week(scope, weeks)
    chart = Chart(
        slug="weekly",
        title=_("Requests received per week, last six months"),
        description="",
        categories=[(week.isoformat(), formats.date_format(week, "j M")) for week in weeks],
        series=_networks(),
        values=values,
        width=760,
    )
    busiest = max(chart.categories, key=lambda category: chart.total(category[0]))
    chart.description = _(
        "%(total)s requests over %(weeks)d weeks; the busiest week began on %(week)s (%(count)s)."
    ) % {
        "total": chart.show(chart.grand_total),
        "weeks": len(weeks),
        "week": busiest[1],
        "count": chart.show(chart.total(busiest[0])),
    }
    return chart


def _decisions_chart(scope, now) -> Chart:
    months = selectors.month_starts(now)
    labels = {
        "full": _("Accepted, full access"),
        "limited": _("Accepted, limited access"),
        "declined": _("Declined"),
        "clarified": _("Clarification asked"),
    }
    values = selectors.decisions_per_month(scope, months)
    chart = Chart(
        slug="decisions",
        title=_("Decisions per month"),
        description="",
        categories=[(month.isoformat(), formats.date_format(month, "M Y")) for month in months],
        series=[Series(kind, str(labels[kind])) for kind in selectors.DECISION_KINDS],
        values=values,
    )
    totals = {
        kind: sum(chart.value(month, kind) for month, _label in chart.categories)
        for kind in selectors.DECISION_KINDS
    }
    chart.description = "; ".join(
        f"{labels[kind]}: {chart.show(totals[kind])}" for kind in selectors.DECISION_KINDS
    )
    return chart


def _clarification_chart(figures: dict) -> Chart:
    chart = Chart(
        slug="clarifications",
        title=_("Clarifications answered and unanswered"),
        description=_("%(answered)d answered, %(unanswered)d still waiting.")
        % {"answered": figures["answered"], "unanswered": figures["unanswered"]},
        categories=[("answered", _("Answered")), ("unanswered", _("Unanswered"))],
        series=[Series("count", _("Clarifications"))],
        values={
            ("answered", "count"): figures["answered"],
            ("unanswered", "count"): figures["unanswered"],
        },
        horizontal=True,
    )
    return chart


def _categories_chart(scope) -> Chart:
    counted, untagged = selectors.contacts_by_category(scope)
    categories = [(str(category.pk), category.label) for category, _n in counted]
    values = {(str(category.pk), "count"): n for category, n in counted}
    categories.append(("none", _("Not recorded")))
    values[("none", "count")] = untagged
    chart = Chart(
        slug="categories",
        title=_("Contacts by how we met"),
        description="",
        categories=categories,
        series=[Series("count", _("Contacts"))],
        values=values,
        horizontal=True,
    )
    chart.description = "; ".join(
        f"{label}: {row['total']}"
        for (_k, label), row in zip(chart.categories, chart.table, strict=True)
    )
    return chart


def _phrases_chart(scope) -> Chart:
    phrases = selectors.phrases_by_answer_rate(scope)
    chart = Chart(
        slug="phrases",
        title=_("Phrases ranked by answer rate"),
        description="",
        categories=[(str(phrase.pk), phrase.title) for phrase in phrases],
        series=[Series("rate", _("Answer rate"))],
        values={(str(phrase.pk), "rate"): phrase.rate for phrase in phrases},
        horizontal=True,
        percent=True,
    )
    chart.description = "; ".join(
        _("%(title)s: %(answered)d answered of %(used)d sent")
        % {"title": phrase.title, "answered": phrase.times_answered, "used": phrase.times_sent}
        for phrase in phrases
    )
    chart.phrases = phrases
    return chart


@team_required
def dashboard(request: TeamRequest) -> HttpResponse:
    mine = request.GET.get("scope") == "me"
    scope = selectors.Scope(team=request.team, user=request.user, mine=mine)
    now = timezone.now()
    clarifications = selectors.clarifications(scope)
    charts = {
        "open": _open_chart(scope),
        "weekly": _weekly_chart(scope, now),
        "decisions": _decisions_chart(scope, now),
        "clarifications": _clarification_chart(clarifications),
        "categories": _categories_chart(scope),
        "phrases": _phrases_chart(scope),
    }
    context = {
        "mine": mine,
        "charts": charts,
        "median_answer": _duration(clarifications["median_seconds"]),
        "median_decision": _duration(selectors.time_to_decision(scope)),
        "retention": retention_forecast(request.team),
        "checklist": checklist(request.team),
        "has_requests": any(not charts[name].is_empty for name in ("open", "weekly")),
    }
    return render(request, "replies/dashboard.html", context)
