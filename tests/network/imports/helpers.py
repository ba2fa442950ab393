"""Shared by the reader tests: where the fixtures are, and reading a file start to end."""

from __future__ import annotations

from pathlib import Path

from network.imports.detect import sniff
from network.imports.formats import read
from network.imports.records import Item

FIXTURES = Path(__file__).parent / "fixtures"


def read_all(path: Path, mapping: dict[str, str] | None = None) -> list[Item]:
    return list(read(path, sniff(path), mapping))


def write(directory: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = directory / name
    path.write_bytes(text.encode(encoding))
    return path
