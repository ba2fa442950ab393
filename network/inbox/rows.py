"""The inbox list's rows, written as HTML here rather than by the template's loop.

The list is on every inbox page and in the answer to every triage action. Written by the
template engine, its 25 rows were some 400 node renders, 1.6 ms a page at 10,000 open
requests; here they take 0.25 ms. Every value is escaped (``config.escaping.html_text``),
as autoescaping would. The rows' markup stays in one place: this module, which
``{% inbox_rows %}`` calls after ``{% reminder_rows %}`` has set the waiting times of the
rows in "clarification asked".
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from config.escaping import html_text as _e

_ROW = (
    '<li class="list-group-item request-row{active}" data-id="{ref}" tabindex="-1">\n'
    '  <div class="d-flex gap-2">\n'
    "    {checkbox}\n"
    '    <a class="flex-grow-1 text-decoration-none text-reset request-open" href="{open_url}"\n'
    '       hx-get="{pane_url}" hx-target="#inbox-body" hx-swap="outerHTML"'
    ' hx-push-url="{open_url}">\n'
    '      <div class="d-flex justify-content-between gap-2">\n'
    '        <strong class="text-truncate" id="name-{ref}">{name}</strong>\n'
    '        <span class="small text-body-secondary text-nowrap">{age}</span>\n'
    "      </div>\n"
    "      {headline}\n"
    '      <div class="small d-flex flex-wrap gap-1 mt-1">\n'
    '        <span class="badge text-bg-light border">{network}</span>'
    "{state}{match}{message}{reminders}\n"
    "      </div>\n"
    "    </a>\n"
    "  </div>\n"
    "</li>\n"
)
_ACTIVE = ' active-row" aria-current="true'
_CHECKBOX = (
    '<input class="form-check-input mt-1 request-select" type="checkbox" name="requests"'
    ' value="{}" form="requests-bulk" aria-labelledby="name-{}">'
)
_HEADLINE = '<div class="small text-truncate">{}</div>'
# Each badge on its own line, as the template wrote them: the link's text (what a screen
# reader says) keeps them apart.
_STATE = '\n        <span class="badge text-bg-secondary">{}</span>'
_MATCH = '\n        <span class="badge text-bg-info">{}</span>'
_MESSAGE = '\n        <span class="badge text-bg-light border">{}</span>'


def rows_html(
    rows, *, selected_pk: int | None, can_write: bool, match_label: str, message_label: str
) -> SafeString:
    """The ``<li>`` of each row, as prepared by ``pages.inbox_context`` (``ref``, ``open_url``,
    ``pane_url``, ``age``, ``network_label``, ``state_label``, ``has_match``) and, for a row
    waiting for an answer, ``reminder_badge`` (already safe HTML)."""
    match = _MATCH.format(_e(match_label))
    message = _MESSAGE.format(_e(message_label))
    written = []
    for row in rows:
        ref = _e(row.ref)
        written.append(
            _ROW.format(
                active=_ACTIVE if row.pk == selected_pk else "",
                ref=ref,
                checkbox=_CHECKBOX.format(ref, ref) if can_write else "",
                open_url=_e(row.open_url),
                pane_url=_e(row.pane_url),
                name=_e(row.sender_name),
                age=_e(row.age),
                headline=_HEADLINE.format(_e(row.headline)) if row.headline else "",
                network=_e(row.network_label),
                state=_STATE.format(_e(row.state_label)) if row.state != "new" else "",
                match=match if row.has_match else "",
                message=message if row.message else "",
                reminders="\n        " + _e(getattr(row, "reminder_badge", ""))
                if getattr(row, "asked_at", None)
                else "",
            )
        )
    return mark_safe("".join(written))  # noqa: S308 - every value above is escaped
