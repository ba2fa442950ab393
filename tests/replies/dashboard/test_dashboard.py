"""The dashboard: the home page once signed in, its figures for the team or for me, its
empty state, its charts drawn as accessible SVG with their tables, and a query count that
does not grow with the data."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.models import ConnectionRequest, Contact
from replies.dashboard import selectors
from tests.replies.dashboard.helpers import story

pytestmark = pytest.mark.django_db


def _scope(team, user, mine=False):
    return selectors.Scope(team=team, user=user, mine=mine)


def test_signed_in_home_leads_to_the_dashboard(login, alice):
    alice.welcome_done()
    response = login(alice).get("/")
    assert response["Location"] == reverse("dashboard")


def test_a_new_team_gets_a_friendly_empty_state_and_no_chart(login, alice):
    response = login(alice).get(reverse("dashboard"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="dashboard-empty"' in content
    assert "Nothing to chart yet." in content
    assert '<svg class="chart-svg"' not in content
    assert 'data-empty="open"' in content and 'data-empty="phrases"' in content
    assert "no decision yet" in content


def test_figures_for_the_team(team, alice, bob):
    story(team, alice, other=bob)
    scope = _scope(team, alice)
    assert selectors.open_by_state_and_network(scope) == {
        ("asked", "linkedin"): 1,
        ("new", "instagram"): 1,
    }
    clarifications = selectors.clarifications(scope)
    assert (clarifications["asked"], clarifications["answered"]) == (2, 1)
    assert clarifications["unanswered"] == 1
    assert clarifications["median_seconds"] == pytest.approx(2 * 86400, abs=5)
    # 4 days (full), 1 day (limited), 10 days (declined): the median is 4 days.
    assert selectors.time_to_decision(scope) == pytest.approx(4 * 86400, abs=5)
    months = selectors.month_starts(timezone.now())
    decisions = selectors.decisions_per_month(scope, months)
    totals = dict.fromkeys(selectors.DECISION_KINDS, 0)
    for (_month, kind), count in decisions.items():
        totals[kind] += count
    assert totals == {"full": 1, "limited": 1, "declined": 1, "clarified": 2}
    (ranked,) = selectors.phrases_by_answer_rate(scope)
    assert (ranked.title, ranked.used, ranked.answered, ranked.rate) == ("How we met?", 2, 1, 0.5)


def test_the_median_of_an_even_count_is_the_mean_of_the_two_middle_ones(team, alice):
    story(team, alice, tag="a")
    story(team, alice, tag="b")
    # Six decisions: 4, 1, 10 days twice; the two middle ones are 4 and 4.
    last = ConnectionRequest.objects.get(sender_name="Ed Declinedb")
    ConnectionRequest.objects.filter(pk=last.pk).update(decided_at=last.received_at)
    # Now 0, 1, 1, 4, 4, 10: the median is (1 + 4) / 2 days.
    assert selectors.time_to_decision(_scope(team, alice)) == pytest.approx(2.5 * 86400, abs=5)


def test_mine_keeps_only_what_i_received_and_did(team, alice, bob):
    story(team, alice, other=bob)
    assert selectors.open_by_state_and_network(_scope(team, alice, mine=True)) == {
        ("asked", "linkedin"): 1
    }
    assert selectors.open_by_state_and_network(_scope(team, bob, mine=True)) == {
        ("new", "instagram"): 1
    }
    assert selectors.phrases_by_answer_rate(_scope(team, bob, mine=True)) == []


def test_contacts_by_category_counts_active_contacts_once(team, alice):
    story(team, alice)
    school = team.categories.get(key="school")
    anne = Contact.objects.get(given_name="Anne")
    anne.tag(school)
    counted, untagged = selectors.contacts_by_category(_scope(team, alice))
    assert {category.key: n for category, n in counted}["school"] == 1
    assert untagged == 1  # Bea
    anne.archive()
    counted, untagged = selectors.contacts_by_category(_scope(team, alice))
    assert {category.key: n for category, n in counted}["school"] == 0


def _svg(content: str, slug: str) -> str:
    match = re.search(rf'<svg class="chart-svg" id="chart-{slug}".*?</svg>', content, re.S)
    assert match, f"no chart {slug}"
    return match.group(0)


def test_charts_are_accessible_svg_with_their_numbers_as_tables(login, team, alice, bob):
    story(team, alice, other=bob)
    content = login(alice).get(reverse("dashboard") + "?scope=team").content.decode()
    for slug in ("open", "weekly", "decisions", "clarifications", "categories", "phrases"):
        svg = _svg(content, slug)
        assert 'role="img"' in svg
        assert f'aria-labelledby="chart-{slug}-title chart-{slug}-desc"' in svg
        assert f'<title id="chart-{slug}-title">' in svg and f'<desc id="chart-{slug}-desc">' in svg
        assert "style=" not in svg
        assert f'data-chart-table="{slug}"' in content
    assert "2 open requests." in _svg(content, "open")
    assert re.search(r"data-total[^>]*>50 %</text>", _svg(content, "phrases"))
    assert "1 answered, 1 still waiting." in _svg(content, "clarifications")
    assert '<p class="fs-4 mb-0" id="median-decision">4 days</p>' in content
    assert '<p class="fs-4 mb-0" id="median-answer">2 days</p>' in content
    # Each series has its own pattern, not only its colour.
    assert 'id="pattern-weekly-1"' in content and "<path" in _svg(content, "weekly")


def test_the_dashboard_speaks_french(login, team, alice):
    story(team, alice)
    alice.language = "fr"
    alice.save(update_fields=["language"])
    content = (
        login(alice).get(reverse("dashboard"), headers={"accept-language": "fr"}).content.decode()
    )
    assert "Tableau de bord" in content
    assert "Décisions par mois" in _svg(content, "decisions")


def test_toggle_mine_and_team(login, team, alice, bob):
    story(team, alice, other=bob)
    client = login(bob)
    mine = client.get(reverse("dashboard") + "?scope=me").content.decode()
    assert "1 open request." in _svg(mine, "open")
    team_page = client.get(reverse("dashboard")).content.decode()
    assert "2 open requests." in _svg(team_page, "open")


def test_queries_do_not_grow_with_the_data(login, team, alice, bob, django_assert_num_queries):
    client = login(alice)
    story(team, alice, other=bob, tag="0")
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("dashboard")).status_code == 200
    for tag in range(1, 6):
        story(team, alice, other=bob, tag=str(tag))
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.parametrize("scope", ["\x00", "me" * 5000, "²"])
def test_a_strange_scope_shows_the_team(login, alice, scope):
    response = login(alice).get(reverse("dashboard"), {"scope": scope})
    assert response.status_code == 200
    assert 'aria-current="page" href="?scope=team"' in response.content.decode()
