"""What a run found or did, row by row: the counts, the rows refused, the details left out,
the matches to review and the first rows as they will be stored. The dry run and the real
run fill the same tally, so the preview says exactly what confirming will do."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from network.imports.records import BlankRow, RowError, SkippedFile
from network.text.formulas import neutralise

COUNTS = ["new", "updated", "unchanged", "duplicates_in_file", "skipped_blank", "errors"]
REQUEST_COUNTS = [*COUNTS, "already_connected"]
FIRST_ROWS = 10
# Beyond this many, rows refused (or details left out, or matches to review) are counted
# but not listed: a broken 50 MB file must not make a 50 MB report.
MAX_LISTED = 5000


@dataclass
class Tally:
    kind: str = "contacts"
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    review: list[dict] = field(default_factory=list)
    already_connected: list[dict] = field(default_factory=list)
    skipped_files: list[dict] = field(default_factory=list)
    skipped_files_more: int = 0  # archive members left aside past MAX_LISTED: counted only
    first_rows: list[dict] = field(default_factory=list)
    ignored: int = 0  # records of the other kind in an archive (invitations in a contacts run)
    rows: int = 0  # every row read, whatever became of it
    history_recorded: int = 0  # invitations from contacts kept on their history
    review_count: int = 0  # uncertain matches found (listed in ``review`` up to MAX_LISTED)

    def __post_init__(self) -> None:
        for name in REQUEST_COUNTS if self.kind == "requests" else COUNTS:
            self.counts.setdefault(name, 0)

    def count(self, name: str) -> None:
        self.counts[name] = self.counts.get(name, 0) + 1

    def error(self, row: int, reason: str, source: str = "") -> None:
        self.count("errors")
        if len(self.errors) < MAX_LISTED:
            self.errors.append({"row": row, "reason": str(reason), "source": source})

    def warn(self, row: int, reason: str, source: str = "") -> None:
        if len(self.warnings) < MAX_LISTED:
            self.warnings.append({"row": row, "reason": str(reason), "source": source})

    def to_review(self, entry: dict) -> None:
        self.review_count += 1
        if len(self.review) < MAX_LISTED:
            self.review.append(entry)

    def connected(self, entry: dict) -> None:
        self.count("already_connected")
        if len(self.already_connected) < MAX_LISTED:
            self.already_connected.append(entry)

    def take(self, item) -> bool:
        """Account for an item that is not a record (a row in error, a blank row, an archive
        member left aside); False for a record, which the run handles."""
        if isinstance(item, RowError):
            self.rows += 1
            self.error(item.row, item.reason, item.source)
        elif isinstance(item, BlankRow):
            self.rows += 1
            self.count("skipped_blank")
        elif isinstance(item, SkippedFile):
            self.skip_file(item.name, item.reason)
        else:
            return False
        return True

    def skip_file(self, name: str, reason: str) -> None:
        """An archive member left aside, listed by its file name alone: its folders may name
        people (a Facebook export has a folder per conversation)."""
        if len(self.skipped_files) < MAX_LISTED:
            base = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
            self.skipped_files.append({"name": base[:255], "reason": str(reason)})
        else:
            self.skipped_files_more += 1

    def first(self, row: dict) -> None:
        if len(self.first_rows) < FIRST_ROWS:
            self.first_rows.append(row)

    def report(self) -> dict:
        """What the import keeps beside its counts and errors."""
        return {
            "warnings": self.warnings,
            "review": self.review,
            "already_connected": self.already_connected,
            "skipped_files": self.skipped_files,
            "skipped_files_more": self.skipped_files_more,
            "first_rows": self.first_rows,
            "ignored": self.ignored,
            "rows": self.rows,
            "history_recorded": self.history_recorded,
            "review_count": self.review_count,
        }

    def summary(self, *, fmt: str, encoding: str) -> dict:
        """The one JSON object the commands print last."""
        names = REQUEST_COUNTS if self.kind == "requests" else COUNTS
        summary = {"format": fmt, "encoding": encoding}
        summary.update({name: self.counts.get(name, 0) for name in names if name != "errors"})
        summary["errors"] = [{"row": e["row"], "reason": e["reason"]} for e in self.errors]
        return summary


def rejected_csv(
    errors: list[dict], warnings: list[dict], headings: list[str], labels: tuple[str, str]
) -> str:
    """The rows refused and the details left out, with the reason, as CSV text; ``labels``
    say which is which, in the reader's language."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    for what, entries in zip(labels, (errors, warnings), strict=True):
        for entry in entries:
            writer.writerow(
                [neutralise(entry.get("row")), neutralise(entry.get("source", "")), what]
                + [neutralise(entry.get("reason"))]
            )
    return out.getvalue()
