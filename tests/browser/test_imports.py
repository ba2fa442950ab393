"""In a real Chromium, with a real worker on Redis: upload a LinkedIn export, read the
preview, confirm, watch the progress and read the report; the policy forbids inline code."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings

from config.celery import app as celery_app
from network.models import Contact
from tests.conftest import PASSWORD
from tests.network.imports.jobs import CONNECTIONS
from tests.workers import start_worker, stop_worker, worker_database_url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.enforce_csp,
    pytest.mark.django_db(transaction=True),
]

HOSTILE_ROW = '"<img src=x onerror=alert(1)>",Payload,javascript:alert(1),,"=1+1",CEO,27 Jun 2026\n'


@pytest.fixture
def worker(redis_service):
    """A worker on its own queue, which the live server's tasks are sent to."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    process = start_worker(
        {
            "REDIS_URL": redis_service,
            "DATABASE_URL": worker_database_url(),
            "VAR_DIR": str(settings.VAR_DIR),
        },
        queue,
    )
    default = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    yield process
    celery_app.conf.task_default_queue = default
    stop_worker(process)


def test_upload_preview_confirm_progress_and_report(
    live_server, page, alice, team, worker, tmp_path
):
    export = tmp_path / "Connections.csv"
    export.write_text(CONNECTIONS + HOSTILE_ROW, encoding="utf-8")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server.url}/accounts/login/?next=/contacts/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Import contacts").click()

    page.get_by_label("Contacts").check()
    page.get_by_label("File").set_input_files(str(export))
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("heading", name="What confirming will do").wait_for(timeout=60_000)
    assert "LinkedIn connections" in page.locator("#import-format").inner_text()
    rows = page.locator("#import-rows")
    assert "Inès Caradec" in rows.inner_text()
    assert "<img src=x onerror=alert(1)>" in rows.inner_text()  # shown as text, not an image
    assert page.locator("#import-rows img").count() == 0
    assert Contact.objects.count() == 0

    page.get_by_role("button", name="Confirm the import").click()
    page.get_by_role("heading", name="Report").wait_for(timeout=60_000)
    counts = page.locator("#import-counts").inner_text()
    assert "New" in counts and "3" in counts
    assert page.get_by_role("link", name="Download the list (CSV)").count() == 1
    assert page.locator("#import-status").inner_text() == "Done"
    assert dialogs == []
    assert Contact.objects.filter(team=team).count() == 3

    page.get_by_role("link", name="See the contacts").click()
    page.get_by_role("link", name="Inès Caradec").wait_for()
