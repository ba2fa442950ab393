"""GET /healthz reports the database and the broker, naming whichever fails."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


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
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["broker"]
    assert body["checks"]["database"]["ok"] is True
    assert "Error" in body["checks"]["broker"]["detail"]


@pytest.mark.django_db
def test_missing_filesystem_queue_folder_gives_503(client, tmp_path):
    options = {"data_folder_in": str(tmp_path / "gone"), "data_folder_out": str(tmp_path)}
    with override_settings(
        CELERY_BROKER_URL="filesystem://localhost/", CELERY_BROKER_TRANSPORT_OPTIONS=options
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]
    assert "gone" in response.json()["checks"]["broker"]["detail"]


def test_database_that_does_not_answer_gives_503_naming_the_database(tmp_path):
    """A separate process, since the test database connection cannot be swapped in place."""
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
    assert answer["body"]["checks"]["broker"]["ok"] is True
    assert "OperationalError" in answer["body"]["checks"]["database"]["detail"]


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
