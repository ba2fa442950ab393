"""The detail pane's suggestions ("who might this be?") and the accept form's how-we-met
checkboxes, written as HTML here rather than by the template's loops.

The pane is in every triage action's answer. Written by the template engine, five
suggestions with their "it's them" forms and the team's categories were some 150 node
renders; here they are a loop of ``format_html``. Every value is escaped, as autoescaping
would; the translated sentences are inserted as the ``translate`` and ``blocktranslate``
tags insert them (their placeholders escaped, the sentence itself not). The markup is the
template's, kept in one place: this module, called by ``{% inbox_suggestions %}`` and
``{% accept_categories %}`` (``network.templatetags.inbox_list``).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_LEVEL = {"certain": "text-bg-success", "likely": "text-bg-primary"}
_ITEM = (
    '<li class="list-group-item d-flex justify-content-between align-items-center gap-2">\n'
    "          <div>\n"
    '            <span class="badge {level}" title="{confidence}">{score}%</span>\n'
    '            <a href="{url}">{name}</a>\n'
    "            {company}\n"
    '            <div class="small text-body-secondary">{reasons}</div>\n'
    "          </div>\n"
    "          {form}\n"
    "        </li>\n"
)
_COMPANY = '<span class="small text-body-secondary">· {}</span>'
_FORM = (
    '<form method="post" action="{action}" hx-boost="true" class="text-end">\n'
    '            {csrf}<input type="hidden" name="contact" value="{pk}">\n'
    '            <button type="submit" class="btn btn-sm btn-outline-primary">{button}</button>\n'
    "            {new_name}\n"
    "          </form>"
)
_NEW_NAME = (
    '<div class="form-check small text-start mt-1">\n'
    '              <input class="form-check-input" type="checkbox" name="new_name" value="1"'
    ' id="new-name-{pk}"{checked}>\n'
    '              <label class="form-check-label" for="new-name-{pk}">{label}</label>\n'
    "            </div>"
)
_CATEGORY = (
    '<div class="form-check form-check-inline">\n'
    '            <input class="form-check-input" type="checkbox" name="categories"'
    ' value="{pk}" id="cat-{pk}">\n'
    '            <label class="form-check-label" for="cat-{pk}">{label}</label>\n'
    "          </div>\n"
)


def suggestions_html(
    matches, selected, *, can_write: bool, querystring: str, csrf: SafeString
) -> SafeString:
    """The ``<li>`` of each suggestion (``matches`` as ``pages._decision_context`` prepared
    them: ``name_differs`` and ``new_name`` set), with its "it's them" form for a member who
    can write, unless the request is decided or already linked to that contact."""
    confidence = mark_safe(_("Confidence"))  # noqa: S308 - our own sentence, as {% translate %}
    button = mark_safe(_("It's them"))  # noqa: S308 - likewise
    linkable = can_write and selected.is_open
    action = f"{reverse('request_link', args=[selected.pk])}?{querystring}"
    written = []
    for match in matches:
        contact = match.contact
        form = ""
        if linkable and selected.contact_id != contact.pk:
            new_name = ""
            if match.name_differs:
                label = _("“%(name)s” is their name now (%(old)s becomes a former name)") % {
                    "name": conditional_escape(selected.sender_name),
                    "old": conditional_escape(contact.name),
                }
                new_name = format_html(
                    _NEW_NAME,
                    pk=contact.pk,
                    checked=mark_safe(" checked") if match.new_name else "",
                    label=mark_safe(label),  # noqa: S308 - its placeholders escaped above
                )
            form = format_html(
                _FORM, action=action, csrf=csrf, pk=contact.pk, button=button, new_name=new_name
            )
        written.append(
            format_html(
                _ITEM,
                level=_LEVEL.get(match.level, "text-bg-light border"),
                confidence=confidence,
                score=match.score,
                url=reverse("contact_detail", args=[contact.pk]),
                name=contact.name,
                company=format_html(_COMPANY, contact.company) if contact.company else "",
                reasons=format_html_join("; ", "{}", ((reason,) for reason in match.reasons)),
                form=form,
            )
        )
    return mark_safe("        ".join(written))  # noqa: S308 - each part built by format_html


def categories_html(categories) -> SafeString:
    """A checkbox for each of the team's categories, for "how we met" on accepting."""
    return mark_safe(  # noqa: S308 - each part built by format_html
        "          ".join(
            format_html(_CATEGORY, pk=category.pk, label=category.label) for category in categories
        )
    )
