"""GET /healthz reports the database and the broker, naming whichever fails.

It is public: anyone sees which check fails; the error text (host and user names) goes to
the log and to staff only.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from tests.conftest import make_user

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


@pytest.mark.django_db
def test_healthy_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_broker_that_does_not_answer_gives_503_naming_the_broker(client):
    with override_settings(CELERY_BROKER_URL=UNREACHABLE_BROKER):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["failing"] == ["broker"]
    assert body["checks"] == {"database": {"ok": True}, "broker": {"ok": False}}
    assert isinstance(body["elapsed_ms"], float)


@pytest.mark.django_db
def test_error_text_is_logged_but_not_shown_to_the_public(client, caplog):
    with override_settings(CELERY_BROKER_URL=UNREACHABLE_BROKER):
        response = client.get("/healthz")
    assert "detail" not in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "config.views"]
    assert record.levelname == "WARNING"
    assert "broker" in record.getMessage()
    assert "Error" in record.getMessage()


@pytest.mark.django_db
def test_staff_see_the_error_text(client, alice):
    staff = make_user("staff@example.org", "Stella Staff")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(alice)
    with override_settings(CELERY_BROKER_URL=UNREACHABLE_BROKER):
        assert "detail" not in client.get("/healthz").json()["checks"]["broker"]
        client.force_login(staff)
        body = client.get("/healthz").json()
    assert "Error" in body["checks"]["broker"]["detail"]
    assert body["checks"]["database"]["detail"] == connection.vendor


@pytest.mark.django_db
def test_missing_filesystem_queue_folder_gives_503(client, tmp_path, caplog):
    options = {"data_folder_in": str(tmp_path / "gone"), "data_folder_out": str(tmp_path)}
    with override_settings(
        CELERY_BROKER_URL="filesystem://localhost/", CELERY_BROKER_TRANSPORT_OPTIONS=options
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]
    assert "gone" not in response.content.decode()
    assert "gone" in caplog.text


def test_database_that_does_not_answer_gives_503_naming_the_database(tmp_path):
    """A separate process, since the test database connection cannot be swapped in place.

    The server's address reaches the log (standard error), not the answer.
    """
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    environment = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings_test",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing",
        REDIS_URL="",
        VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"]["failing"] == ["database"]
    assert answer["body"]["checks"] == {"database": {"ok": False}, "broker": {"ok": True}}
    assert "127.0.0.1" not in result.stdout
    assert "OperationalError" in result.stderr
    assert "127.0.0.1" in result.stderr


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
