"""In a real Chromium, under the app's Content-Security-Policy: the API docs page
(Swagger UI from vendored files) loads, lists the operations, and meets no violation."""

import pytest

from tests.config.test_csp_browser import REPORT_VIOLATIONS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.enforce_csp,
    pytest.mark.django_db(transaction=True),
]


def test_the_docs_page_lists_the_operations_without_a_csp_violation(live_server, page):
    problems: list[str] = []
    hosts: set[str] = set()
    page.expose_function("reportViolation", lambda text: problems.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))

    page.goto(f"{live_server.url}/api/v1/docs/")
    page.locator(".opblock-summary-path", has_text="/api/v1/requests/").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/requests/{id}/accept-limited/" in [path.replace("\u200b", "") for path in paths]
    assert any("/api/v1/phrases/" in path for path in paths)
    assert page.get_by_role("button", name="Authorize").is_visible()
    page.wait_for_load_state("networkidle")
    assert problems == []
    assert hosts == {live_server.url.split("/")[2]}  # nothing from another host (no CDN)
