"""The main navigation bar of every page, written as HTML here rather than by templates.

Every full page carries it: the sections, "Who is this?", the reminders' bell, the language
buttons, the team switcher and the account menu. Through a template and its three includes
it was some 150 node renders, 1.2 ms a page (a tenth of a contact list's time); here it
takes a quarter of that. The markup is the templates' as they were; ``{% main_nav %}``
(``accounts.templatetags.main_nav``) calls ``nav_html``.

Escaping is the templates': every value from the database or the request is escaped
(``html_text``); our own translated sentences are inserted as ``{% translate %}`` inserts
them, and a sentence with a placeholder has the placeholder escaped, as ``blocktranslate``
does. The bell's count partial (``replies/reminders/bell.html#count``) stays a template: the
bell's own view renders it every minute.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from config.escaping import html_text as _e

# The sections: the URL names that mark each one current, and its label.
_SECTIONS = [
    ("inbox", ("inbox", "request_detail", "email_page"), gettext_noop("Inbox")),
    ("contact_list", ("contact_list", "contact_detail"), gettext_noop("Contacts")),
    ("phrase_list", ("phrase_list", "phrase_edit", "phrase_create"), gettext_noop("Phrases")),
    ("category_list", ("category_list",), gettext_noop("How we met")),
    ("team_detail", ("team_detail",), gettext_noop("Team")),
]
_CURRENT = ' active" aria-current="page'


def nav_html(context, csrf: str) -> str:
    """The ``<nav>`` for the page being rendered: ``context`` is the template's (``request``,
    ``user``, and ``unread`` where a page gives the bell's count); ``csrf`` is what
    ``{% csrf_token %}`` writes for it. Rendered without a request (or a user), it is a
    visitor's bar, as the template wrote it."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    team = getattr(request, "team", None)
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    home = reverse("home")
    items = [_item(home, _("Home"), current in ("home", "dashboard"))]
    if team:
        items += [
            _item(reverse(name), _(label), current in names) for name, names, label in _SECTIONS
        ]
    tools = []
    hint = _("A name, a profile address or an email")
    if team:
        whois = _("Who is this?")
        tools.append(
            f'<form method="get" action="{reverse("whois")}" role="search" class="d-flex"'
            f' aria-label="{whois}">\n'
            f'          <label class="visually-hidden" for="nav-whois">{whois}</label>\n'
            '          <input class="form-control form-control-sm nav-whois" type="search"'
            f' name="q" id="nav-whois" placeholder="{whois}"'
            f' title="{hint}" autocomplete="off">\n'
            "        </form>"
        )
        tools.append(_bell(context))
    path = _e(request.get_full_path()) if request is not None else ""
    tools.append(_languages(csrf, path))
    if user is not None and user.is_authenticated:
        tools.append(_teams(request, team, csrf, path))
        tools.append(_account(user, csrf))
    else:
        sign_up, sign_in = _("Sign up"), _("Sign in")
        tools.append(
            f'<a class="btn btn-sm btn-outline-primary" href="{reverse("account_signup")}">'
            f"{sign_up}</a>\n"
            f'          <a class="btn btn-sm btn-primary" href="{reverse("account_login")}">'
            f"{sign_in}</a>"
        )
    main, toggle = _("Main navigation"), _("Toggle navigation")
    return (
        '<nav class="navbar navbar-expand-md bg-body-tertiary border-bottom"'
        f' aria-label="{main}">\n'
        '  <div class="container">\n'
        f'    <a class="navbar-brand fw-semibold" href="{home}">Netcurate</a>\n'
        '    <button class="navbar-toggler" type="button" data-bs-toggle="collapse"'
        ' data-bs-target="#main-nav"\n'
        '            aria-controls="main-nav" aria-expanded="false"'
        f' aria-label="{toggle}">\n'
        '      <span class="navbar-toggler-icon"></span>\n'
        "    </button>\n"
        '    <div class="collapse navbar-collapse" id="main-nav">\n'
        '      <ul class="navbar-nav me-auto">\n' + "".join(items) + "      </ul>\n"
        '      <div class="d-flex flex-wrap align-items-center gap-2">\n        '
        + "\n        ".join(tools)
        + "\n      </div>\n    </div>\n  </div>\n</nav>\n"
    )


def _item(url: str, label: str, active: bool) -> str:
    return (
        '        <li class="nav-item">\n'
        f'          <a class="nav-link{_CURRENT if active else ""}" href="{url}">{label}</a>\n'
        "        </li>\n"
    )


def _bell(context) -> str:
    """The reminders' bell, as ``replies/reminders/bell.html`` writes it; its count is that
    template's partial, which the bell's own view renders every minute."""
    count = get_template("replies/reminders/bell.html#count").render(
        {"unread": context.get("unread")}
    )
    title = _("Notifications")
    return (
        '<a class="btn btn-sm btn-outline-secondary" id="reminder-bell"'
        f' href="{reverse("notification_list")}" title="{title}"\n'
        f'   hx-get="{reverse("notification_bell")}" hx-trigger="load, every 60s,'
        ' reminders-changed from:body, messages from:body" hx-swap="innerHTML">'
        f"{count}</a>"
    )


def _languages(csrf: str, path: str) -> str:
    """The language buttons, each named in the page's language."""
    shown = translation.get_language()
    buttons = []
    for code, name in settings.LANGUAGES:
        title = _e(_(name))
        pressed = code == shown
        buttons.append(
            f'      <button type="submit" name="language" value="{code}" lang="{code}"\n'
            f'              class="btn {"btn-secondary" if pressed else "btn-outline-secondary"}"'
            f'\n              aria-pressed="{"true" if pressed else "false"}"\n'
            f'              title="{title}" data-language="{code}">{code.upper()}</button>\n'
        )
    language = _("Language")
    return (
        f'<form action="{reverse("set_language")}" method="post" class="d-inline"'
        f' aria-label="{language}">\n'
        f"  {csrf}\n"
        f'  <input name="next" type="hidden" value="{path}">\n'
        f'  <div class="btn-group btn-group-sm" role="group" aria-label="{language}">\n'
        + "".join(buttons)
        + "  </div>\n</form>"
    )


def _teams(request, team, csrf: str, path: str) -> str:
    """The team switcher, or the way to a first team."""
    if not team:
        create = _("Create a team")
        return (
            f'<a class="btn btn-sm btn-outline-primary" href="{reverse("team_create")}">'
            f"{create}</a>"
        )
    label = _("Current team: %(team)s. Switch team") % {"team": _e(team.name)}
    yours, new = _("Your teams"), _("New team…")
    rows = []
    for membership in getattr(request, "memberships", []):
        mine = membership.team_id == team.pk
        current = 'aria-current="true"' if mine else ""
        rows.append(
            "      <li>\n"
            '        <form method="post"'
            f' action="{reverse("team_switch", args=[membership.team_id])}">\n'
            f"          {csrf}\n"
            f'          <input type="hidden" name="next" value="{path}">\n'
            '          <button type="submit" class="dropdown-item d-flex'
            f' justify-content-between gap-3{" active" if mine else ""}"\n'
            f"                  {current}>\n"
            f"            <span>{_e(membership.team.name)}</span>\n"
            '            <span class="small team-role">'
            f"{_e(membership.get_role_display())}</span>\n"
            "          </button>\n"
            "        </form>\n"
            "      </li>\n"
        )
    return (
        '<div class="dropdown" id="team-switcher">\n'
        '  <button class="btn btn-sm btn-outline-primary dropdown-toggle" type="button"'
        ' data-bs-toggle="dropdown" aria-expanded="false"\n'
        f'          aria-label="{label}">\n'
        f"    {_e(team.name)}\n"
        "  </button>\n"
        '  <ul class="dropdown-menu dropdown-menu-end">\n'
        f'    <li><h2 class="dropdown-header h6">{yours}</h2></li>\n'
        + "".join(rows)
        + '    <li><hr class="dropdown-divider"></li>\n'
        f'    <li><a class="dropdown-item" href="{reverse("team_create")}">'
        f"{new}</a></li>\n"
        "  </ul>\n</div>"
    )


def _account(user, csrf: str) -> str:
    """The account menu: profile, password, administration for staff, sign out."""
    admin = ""
    if getattr(user, "is_staff", False):
        administration = _("Administration")
        admin = (
            f'<li><a class="dropdown-item" href="{reverse("admin:index")}">'
            f"{administration}</a></li>"
        )
    profile, password, sign_out = _("Profile"), _("Password"), _("Sign out")
    return (
        '<div class="dropdown">\n'
        '            <button class="btn btn-sm btn-outline-secondary dropdown-toggle"'
        ' type="button" data-bs-toggle="dropdown" aria-expanded="false"'
        f' title="{_e(getattr(user, "email", ""))}">\n'
        f"              {_e(user)}\n"
        "            </button>\n"
        '            <ul class="dropdown-menu dropdown-menu-end">\n'
        f'              <li><a class="dropdown-item" href="{reverse("profile")}">'
        f"{profile}</a></li>\n"
        '              <li><a class="dropdown-item"'
        f' href="{reverse("account_change_password")}">{password}</a></li>\n'
        f"              {admin}\n"
        '              <li><hr class="dropdown-divider"></li>\n'
        "              <li>\n"
        f'                <form method="post" action="{reverse("account_logout")}">\n'
        f"                  {csrf}\n"
        '                  <button type="submit" class="dropdown-item">'
        f"{sign_out}</button>\n"
        "                </form>\n"
        "              </li>\n"
        "            </ul>\n"
        "          </div>"
    )
