"""``{% load main_nav %}``: ``{% main_nav %}`` writes the navigation bar of every page
(``accounts.nav``)."""

from __future__ import annotations

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe

from accounts.nav import nav_html

register = template.Library()


@register.simple_tag(takes_context=True)
def main_nav(context) -> SafeString:
    # What {% csrf_token %} writes, once for the bar's forms (language, team, sign out).
    csrf = CsrfTokenNode().render(context)
    return mark_safe(nav_html(context, csrf))  # noqa: S308 - every value escaped in nav_html
