"""A real Celery worker, started as its own process, executes a task sent from here.

Two brokers: the filesystem transport that `make run` uses by default (no server), and
Redis as in production. Each test uses its own queue so a worker already running on the
same broker (say, `make run` next door) cannot take the task.
"""

import subprocess
import uuid

import pytest
from celery import Celery

from tests.workers import celery_client, start_worker, stop_worker


def send_ping_and_wait(client: Celery, queue: str, worker: subprocess.Popen) -> str:
    token = uuid.uuid4().hex
    result = client.send_task("netcurate.ping", args=[token], queue=queue)
    try:
        answer = result.get(timeout=60)
    except Exception:
        pytest.fail(f"no answer from the worker; its output:\n{stop_worker(worker)}")
    assert answer == f"pong:{token}"
    return token


def test_worker_on_filesystem_broker_executes_a_task(tmp_path):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = start_worker({"VAR_DIR": str(tmp_path), "REDIS_URL": ""}, queue)
    broker = tmp_path / "broker"
    for folder in (broker / "queue", broker / "control", tmp_path / "celery-results"):
        folder.mkdir(parents=True, exist_ok=True)
    client = celery_client("filesystem://localhost/", f"file://{tmp_path / 'celery-results'}")
    client.conf.broker_transport_options = {
        "data_folder_in": str(broker / "queue"),
        "data_folder_out": str(broker / "queue"),
        "control_folder": str(broker / "control"),
    }
    try:
        send_ping_and_wait(client, queue, worker)
    finally:
        output = stop_worker(worker)
    assert "netcurate.ping" in output
    assert " succeeded in " in output


def test_worker_on_redis_executes_a_task(redis_service, tmp_path):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = start_worker({"VAR_DIR": str(tmp_path), "REDIS_URL": redis_service}, queue)
    client = celery_client(redis_service)
    try:
        send_ping_and_wait(client, queue, worker)
    finally:
        output = stop_worker(worker)
    assert "redis://" in output
    assert " succeeded in " in output


def test_a_tests_client_leaves_the_apps_own_tasks_sending_through_the_app():
    """A worker test's client never becomes Celery's current app: shared tasks
    (``accounts.send_invitation``) send through the current app, and a client left current
    took over every later test's sending (an invitation test's worker, on its own queue, then
    got nothing when it ran after the retention sweep's worker test)."""
    from celery import current_app

    from accounts.tasks import send_invitation
    from config.celery import app

    celery_client("memory://")
    assert current_app._get_current_object() is app
    assert send_invitation._get_current_object().app is app
