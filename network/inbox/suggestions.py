"""The detail pane's suggestions ("who might this be?") and the accept form's how-we-met
checkboxes, written as HTML here rather than by the template's loops.

The pane is in every triage action's answer. Written by the template engine, five
suggestions with their "it's them" forms and the team's categories were some 150 node
renders; here they are a loop of ``str.format``. Every value is escaped
(``config.escaping.html_text``), as autoescaping would; the translated sentences are
inserted as the ``translate`` and ``blocktranslate`` tags insert them (their placeholders
escaped, the sentence itself not). The markup is the template's, kept in one place: this
module, called by ``{% inbox_suggestions %}`` and ``{% accept_categories %}``
(``network.templatetags.inbox_list``).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from config.escaping import html_text as _e

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
    # Our own sentences, inserted as {% translate %} inserts them (not escaped).
    confidence, button = _("Confidence"), _("It's them")
    linkable = can_write and selected.is_open
    action = _e(f"{reverse('request_link', args=[selected.pk])}?{querystring}")
    link = reverse("contact_detail", args=[0]).removesuffix("0/")
    written = []
    for match in matches:
        contact = match.contact
        form = ""
        if linkable and selected.contact_id != contact.pk:
            new_name = ""
            if match.name_differs:
                label = _("“%(name)s” is their name now (%(old)s becomes a former name)") % {
                    "name": _e(selected.sender_name),
                    "old": _e(contact.name),
                }
                new_name = _NEW_NAME.format(
                    pk=contact.pk, checked=" checked" if match.new_name else "", label=label
                )
            form = _FORM.format(
                action=action, csrf=_e(csrf), pk=contact.pk, button=button, new_name=new_name
            )
        written.append(
            _ITEM.format(
                level=_LEVEL.get(match.level, "text-bg-light border"),
                confidence=confidence,
                score=_e(match.score),
                url=f"{link}{contact.pk}/",
                name=_e(contact.name),
                company=_COMPANY.format(_e(contact.company)) if contact.company else "",
                reasons="; ".join(_e(reason) for reason in match.reasons),
                form=form,
            )
        )
    return mark_safe("        ".join(written))  # noqa: S308 - every value above is escaped


def categories_html(categories) -> SafeString:
    """A checkbox for each of the team's categories, for "how we met" on accepting."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "          ".join(
            _CATEGORY.format(pk=category.pk, label=_e(category.label)) for category in categories
        )
    )
