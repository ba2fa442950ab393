"""The WSGI entry point (what gunicorn loads) freezes what start-up made, so that the garbage
collector's full collections in a worker walk only what requests made since."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_loading_the_entry_point_freezes_what_start_up_made():
    script = (
        "import gc; before = gc.get_freeze_count(); import config.wsgi; "
        "print(before, gc.get_freeze_count(), callable(config.wsgi.application))"
    )
    env = {**os.environ, "DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    before, after, callable_app = result.stdout.split()
    assert (int(before), callable_app) == (0, "True")
    assert int(after) > 10_000  # Django and the apps, not a handful of objects
