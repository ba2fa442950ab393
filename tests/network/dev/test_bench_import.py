"""The bench's Connections.csv looks like LinkedIn's and reads as one, row for row."""

from __future__ import annotations

from collections import Counter

import pytest

from network.dev.bench_import import write_connections
from network.imports.detect import sniff
from network.imports.formats import read
from network.imports.records import BlankRow, ContactRecord


@pytest.mark.django_db
def test_the_generated_export_reads_as_linkedin_connections(tmp_path):
    path = tmp_path / "Connections.csv"
    write_connections(path, 2000)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("Notes:\n")
    assert "%C3%" in text  # accented names give percent-encoded addresses
    sniffed = sniff(path, "Connections.csv")
    assert sniffed.format == "linkedin_connections"
    items = list(read(path, sniffed))
    records = [item for item in items if isinstance(item, ContactRecord)]
    assert len(items) == 2000
    assert any(isinstance(item, BlankRow) for item in items)
    with_email = sum(bool(record.emails) for record in records)
    assert 0 < with_email < len(records) * 0.15  # mostly empty, as in real exports
    names = [(record.given_name, record.family_name) for record in records]
    families = Counter(family for _given, family in names)
    assert families.most_common(1)[0][1] >= 5  # Martin and the other common names repeat
    assert len(set(names)) > len(names) * 0.9  # but most people bear a name of their own
    assert all(record.profiles for record in records)
