"""The benchmark commands keep working (on tiny data sets; their figures are not judged here)."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_bench_inbox_prints_median_and_p95_beside_the_bare_view():
    output = StringIO()
    call_command("bench", "inbox", contacts=300, requests=60, runs=10, stdout=output)
    text = output.getvalue()
    assert "bare view (ok)" in text
    assert "inbox, one open" in text
    assert "Target: inbox within 5x of the bare view at the median:" in text


@pytest.mark.django_db
def test_bench_recognition_prints_recall_false_positives_and_timings():
    output = StringIO()
    call_command("bench", "recognition", contacts=400, cases=4, stdout=output)
    text = output.getvalue()
    for line in (
        "rec@1",
        "name change: company as written",
        "typo: first letter of the family name",
        "nickname: truncated (not in any table)",
        "stranger: hard (first name + company)",
        "stranger: complete",
        "easy (former bench, mixed)",
        "Naive scan",
        "Target",
    ):
        assert line in text
