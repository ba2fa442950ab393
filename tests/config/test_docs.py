"""The README's configuration table and .env.example name exactly what settings reads."""

import re
from pathlib import Path

from config import env

ROOT = Path(__file__).resolve().parents[2]


def test_readme_documents_every_variable_settings_reads():
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.MULTILINE))
    assert set(env.VARIABLES) - documented == set()
    assert documented - set(env.VARIABLES) <= {"CI"}


def test_env_example_names_only_variables_settings_reads():
    example = (ROOT / ".env.example").read_text()
    named = set(re.findall(r"^#? ?([A-Z_]+)=", example, flags=re.MULTILINE))
    assert named
    assert named - set(env.VARIABLES) == set()
