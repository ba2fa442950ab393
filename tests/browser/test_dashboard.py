"""In a real Chromium: the dashboard draws its charts with the expected numbers, in English
and in French, and each chart's table opens with the same figures."""

import pytest

from tests.conftest import PASSWORD
from tests.replies.dashboard.helpers import story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/dashboard/")


def _totals(page, slug: str) -> list[str]:
    return page.locator(f"#chart-{slug} [data-total]").all_text_contents()


@pytest.mark.enforce_csp
def test_the_dashboard_draws_its_charts_in_english_then_in_french(
    live_server, page, alice, team, bob
):
    alice.welcome_done()
    story(team, alice, other=bob)
    _log_in(page, live_server)

    chart = page.get_by_role("img", name="Open requests by state and network")
    chart.wait_for()
    assert chart.bounding_box()["height"] > 50  # drawn, not an empty box
    assert _totals(page, "open") == ["1", "1", "0", "0"]  # new, asked, replied, snoozed
    assert _totals(page, "clarifications") == ["1", "1"]
    assert _totals(page, "phrases") == ["50 %"]
    assert sum(int(text) for text in _totals(page, "decisions")) == 5
    assert page.locator("#median-decision").inner_text() == "4 days"
    assert page.locator("#median-answer").inner_text() == "2 days"
    table = page.locator("[data-chart-table='phrases']")
    assert not table.is_visible()
    page.locator("section", has=page.locator("#chart-phrases")).get_by_text(
        "The numbers, as a table"
    ).click()
    assert table.locator("tbody tr").inner_text().split("\t") == ["How we met?", "50 %"]

    page.get_by_role("link", name="Mine").click()
    page.wait_for_url("**/dashboard/?scope=me")
    assert _totals(page, "open") == ["0", "1", "0", "0"]  # Dora's request went to bob

    page.locator("[data-language='fr']").click()
    page.get_by_role("heading", name="Tableau de bord").wait_for()
    page.get_by_role("img", name="Décisions par mois").wait_for()
    assert page.locator("#median-decision").inner_text() == "4 jours"
    assert _totals(page, "phrases") == ["50 %"]
    legend = page.locator("section", has=page.locator("#chart-decisions")).locator(".chart-legend")
    assert "Acceptée, accès limité" in legend.inner_text()
