"""Real Celery workers for the task tests: started as their own process, stopped cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def worker_database_url() -> str:
    """A DATABASE_URL for the database this test run uses (the test one, not the real one)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}{port}"
        f"/{settings['NAME']}"
    )


def start_worker(environment: dict[str, str], queue: str) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "celery", "--app", "config", "worker",
        "--pool", "solo", "--queues", queue, "--without-mingle", "--without-gossip",
        "--loglevel", "INFO", "--hostname", f"test-{queue}@%h",
    ]  # fmt: skip
    worker_environment = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings_test")
    worker_environment.update(environment)
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=worker_environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop_worker(worker: subprocess.Popen) -> str:
    worker.send_signal(signal.SIGTERM)
    try:
        output, _ = worker.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    return output


def celery_client(broker: str, backend: str | None = None) -> Celery:
    """A Celery app that only sends tasks to a test's worker and reads their answers. Never
    the current app: a shared task (``accounts.send_invitation``) sends through the current
    app, so a client made current would take over every later test's sending (its queue
    and its settings), and a worker listening on that test's queue would get nothing."""
    return Celery("test-client", broker=broker, backend=backend or broker, set_as_current=False)


def run_on_worker(
    redis_url: str, task_name: str, var_dir, args: list | None = None
) -> tuple[object, str]:
    """Send ``task_name`` (with ``args``) to a real worker started for it on Redis (this
    run's database, a queue of its own); returns the task's answer and the worker's output.
    A worker that does not answer within a minute fails the test with its output."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    environment = {
        "REDIS_URL": redis_url,
        "DATABASE_URL": worker_database_url(),
        "VAR_DIR": str(var_dir),
    }
    worker = start_worker(environment, queue)
    client = celery_client(redis_url)
    try:
        result = client.send_task(task_name, args=args or [], queue=queue)
        try:
            answer = result.get(timeout=60)
        except Exception:
            pytest.fail(f"no answer from the worker; its output:\n{stop_worker(worker)}")
    finally:
        output = stop_worker(worker)
    return answer, output
