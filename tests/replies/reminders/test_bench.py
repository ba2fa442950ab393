"""`manage.py bench reminders` keeps working on tiny numbers; its last line is one JSON object."""

import json
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)
def test_bench_reminders_prints_the_plan_and_ends_with_json():
    output = StringIO()
    call_command("bench", "reminders", outstanding=300, due=40, json=True, stdout=output)
    lines = output.getvalue().strip().splitlines()
    result = json.loads(lines[-1])
    assert set(result) == {"sweep_seconds", "claimed", "index_used"}
    assert result["claimed"] == 40
    assert isinstance(result["sweep_seconds"], float) and isinstance(result["index_used"], bool)
    assert "Claim query plan:" in output.getvalue()
    # A second run starts again from the same state.
    again = StringIO()
    call_command("bench", "reminders", outstanding=300, due=40, json=True, stdout=again)
    assert json.loads(again.getvalue().strip().splitlines()[-1])["claimed"] == 40
