"""axe-core in the page under test: inject the vendored copy, run it, keep what is serious
or critical (and two checks the issue names that axe rates lower or no longer makes).

The engine lives in ``tests/browser/vendor/`` (see its README): it is never served by the app.
It is injected through Playwright's script evaluation, which the app's Content-Security-Policy
does not govern when the ``page`` fixture bypasses it (every test not marked ``enforce_csp``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")
# Moderate in axe, but named by the issue: two search landmarks nobody can tell apart.
ALSO_BLOCKING = {"landmark-unique"}

# The rules of WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices (landmarks,
# unique labels), which are how the issue measured.
RUN = """
async () => {
  const results = await window.axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => ({
      target: node.target.join(" "),
      summary: node.failureSummary,
    })),
  }));
}
"""


# axe 4.14 no longer checks that ids are unique (its duplicate-id rules were retired), yet a
# label "for" an id that two fields carry names only the first (the contact page's email and
# phone forms): checked here, reported as axe would.
DUPLICATE_IDS = """
() => {
  const seen = {};
  document.querySelectorAll("[id]").forEach((element) => {
    (seen[element.id] = seen[element.id] || []).push(element);
  });
  const twice = Object.entries(seen).filter(([, elements]) => elements.length > 1);
  if (!twice.length) { return []; }
  return [{
    id: "duplicate-id (netcurate)",
    impact: "serious",
    help: "ids must be unique on a page",
    nodes: twice.map(([id, elements]) => ({
      target: "#" + id,
      summary: elements.map((e) => e.tagName.toLowerCase()).join(", "),
    })),
  }];
}
"""


@cache
def _engine() -> str:
    return VENDOR.read_text(encoding="utf-8")


def audit(page) -> list[dict]:
    """The serious and critical violations axe finds on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_engine())
    # Transitions (a toast fading in, a modal opening) make colours half-way: wait them out.
    page.wait_for_function(
        "!document.querySelector('.showing, .collapsing, .htmx-request, .htmx-settling,"
        " .htmx-swapping')"
    )
    page.wait_for_timeout(350)  # Bootstrap's fades last 150-300 ms once .show is set
    found = [
        violation
        for violation in page.evaluate(RUN)
        if violation["impact"] in BLOCKING or violation["id"] in ALSO_BLOCKING
    ]
    return found + page.evaluate(DUPLICATE_IDS)


def describe(violations: list[dict]) -> str:
    """One line per rule broken, then each element that breaks it."""
    lines = []
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:8]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"      {node['target']}  -- {summary[:220]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"      ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def count(violations: list[dict]) -> int:
    """Elements in violation, over every rule (how the issue counted)."""
    return sum(len(violation["nodes"]) for violation in violations)
