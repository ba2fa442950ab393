"""French ships complete: every string translated, compiled, and the catalogue up to date."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

from tests.conftest import need

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_every_french_entry_is_translated_and_not_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 10


def test_compiled_catalogue_matches_the_source():
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural
        for entry in polib.pofile(str(CATALOGUE))
    }
    compiled = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural
        for entry in polib.mofile(str(CATALOGUE.with_suffix(".mo")))
        if entry.msgid
    }
    assert compiled == source, "run `make messages` to recompile locale/fr"


def test_catalogue_holds_every_string_marked_for_translation(tmp_path):
    need(shutil.which("xgettext") is not None, "xgettext is missing (apt-get install gettext)")
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "var", "test-artifacts", "*.pyc"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location",
         "--no-obsolete", "--ignore=static/vendor"],
        cwd=copy,
        env=dict(os.environ, DEBUG="true", VAR_DIR=str(tmp_path / "var")),
        check=True,
        capture_output=True,
    )  # fmt: skip
    fresh = {entry.msgid for entry in polib.pofile(str(copy / CATALOGUE.relative_to(ROOT)))}
    kept = {entry.msgid for entry in polib.pofile(str(CATALOGUE))}
    assert sorted(fresh - kept) == [], "new strings: run `make messages` and translate them"
    assert sorted(kept - fresh) == [], "stale strings: run `make messages`"
