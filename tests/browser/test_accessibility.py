"""In a real Chromium, axe-core on every page in English and in French (issue 18): no serious
or critical violation of WCAG 2.1 A/AA, on the pages as they are first shown and in the states
a person reaches (a request open, the composer, an empty inbox, forms with errors).

Run with ``-s`` to see the count of violating elements page by page.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from network.contacts.services import contact_create
from network.models import Category
from replies.models import Notification, Phrase
from tests.browser.axe import audit, count, describe
from tests.browser.session import anonymous, sign_in_as
from tests.network.imports.jobs import CONNECTIONS, previewed_job, uploaded_job
from tests.network.inbox.helpers import received
from tests.replies.dashboard.helpers import story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "fr"]
EXTREME_COLOURS = ["#ffffff", "#ffff00", "#00ffff", "#fd7e14"]


@pytest.fixture
def scene(alice, team, bob, mallory):
    """A team with something on every page: a contact with every kind of detail, a request
    that looks like her, one asked a week ago, a notification; mallory's team is empty."""
    marie = contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Marie", "family_name": "Dupont", "company": "Acme Distribution"},
    )
    marie.add_email("marie@acme.example", alice)
    marie.add_phone("+33612345678", alice)
    marie.add_alias("Marie Martin", "maiden", alice)
    # Chips in the colours a team may pick that are hardest to read on: white, yellow, cyan and
    # the built-in orange that failed.
    for chip, colour in zip(Category.objects.filter(team=team), EXTREME_COLOURS, strict=True):
        Category.objects.filter(pk=chip.pk).update(colour=colour)
        marie.tag(chip, alice)
    found = received(
        team,
        alice,
        "Marie Lefebvre",
        minutes_ago=30,
        address="https://www.linkedin.com/in/marie-lefebvre-42",
        headline="Purchasing manager at Acme Distribution",
        message="Bonjour, nous nous sommes croisées au salon.",
    )
    asked = received(team, alice, "Paul Asked", minutes_ago=60 * 24 * 8, state="asked")
    Notification.objects.create(
        team=team, user=alice, connection_request=asked, kind="first", asked_at=timezone.now()
    )
    return {"contact": marie, "request": found, "phrase": Phrase.objects.filter(team=team).first()}


class Scan:
    """Visits pages, runs axe on each, keeps every serious or critical violation."""

    def __init__(self, page, base_url: str, language: str) -> None:
        # Bootstrap then skips its transitions: colours are measured as they end, not half-way.
        page.emulate_media(reduced_motion="reduce")
        self.page = page
        self.base_url = base_url
        self.language = language
        self.found: dict[str, list[dict]] = {}

    def visit(self, name: str, path: str) -> None:
        self.page.goto(f"{self.base_url}{path}")
        self.page.wait_for_load_state("load")
        self.check(name)

    def check(self, name: str) -> None:
        assert self.page.evaluate("document.documentElement.lang") == self.language
        self.found[name] = audit(self.page)

    def report(self) -> str:
        lines = [f"axe-core, {self.language}: serious or critical elements per page"]
        for name, violations in self.found.items():
            lines.append(f"{count(violations):4d}  {name}")
        for name, violations in self.found.items():
            if violations:
                lines.append(f"{name}:")
                lines.append(describe(violations))
        return "\n".join(lines)

    def assert_clean(self) -> None:
        print(self.report())
        failing = [name for name, violations in self.found.items() if violations]
        assert not failing, self.report()


QUICK_ADD = {"en": "Add a request", "fr": "Ajouter une demande"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_a_team_member_passes_axe(live_server, page, scene, alice, language):
    contact, found, phrase = scene["contact"], scene["request"], scene["phrase"]
    sign_in_as(page, live_server.url, alice, language)
    scan = Scan(page, live_server.url, language)
    scan.visit("inbox, a request open", f"/inbox/?r={found.pk}")
    page.locator("#detail [data-key='c']").click()
    page.locator("#composer-text").wait_for()
    scan.check("inbox, the composer open")
    page.keyboard.press("Escape")  # out of the composer's text, back to the list
    page.keyboard.press("?")
    page.wait_for_function("document.activeElement.closest('#shortcuts') !== null")
    scan.check("inbox, the shortcut help open")
    page.keyboard.press("Escape")
    page.get_by_role("button", name=QUICK_ADD[language]).click()
    page.locator("#qa-address").fill("https://example.com/nobody")
    page.locator("#qa-address").press("Enter")
    page.wait_for_function("document.activeElement.id === 'qa-address'")
    scan.check("inbox, a quick add refused")
    scan.visit("inbox, asked a week ago", "/inbox/?state=asked")
    scan.visit("contacts", "/contacts/")
    scan.visit("a contact", f"/contacts/{contact.pk}/")
    page.evaluate("document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
    scan.check("a contact, every section open")
    page.locator("#email_email").fill("not an address")
    page.locator("#email_email").press("Enter")
    page.wait_for_function("document.activeElement.getAttribute('aria-invalid') === 'true'")
    scan.check("a contact, an email refused")
    scan.visit("new contact", "/contacts/new/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    scan.check("new contact, with errors")
    scan.visit("edit a contact", f"/contacts/{contact.pk}/edit/")
    scan.visit("how we met", "/categories/")
    first = page.locator("main table form input[name=name]").first
    first.fill("")
    with page.expect_navigation():
        first.press("Enter")
    scan.check("how we met, a rename refused")
    scan.visit("phrases", "/phrases/")
    scan.visit("new phrase", "/phrases/new/")
    scan.visit("edit a phrase", f"/phrases/{phrase.pk}/")
    scan.visit("who is this", "/whois/?q=Marie+Lefebvre")
    scan.visit("reminder settings", "/reminders/settings/")
    scan.visit("notifications", "/notifications/")
    scan.visit("team", "/team/")
    scan.visit("new team", "/teams/new/")
    scan.visit("profile", "/account/profile/")
    scan.visit("password", "/accounts/password/change/")
    scan.visit("first-run welcome", "/welcome/")
    scan.visit("home", "/")
    page.locator("#team-switcher > button").click()
    page.locator("#team-switcher .dropdown-menu.show").wait_for()
    scan.check("home, the team menu open")
    page.keyboard.press("Escape")
    page.locator(f"nav button[title='{alice.email}']").click()
    page.locator(".dropdown-menu.show").wait_for()
    scan.check("home, the user menu open")
    # Last, as it changes the data: a request decided, with its reopen form and undo bar.
    scan.visit("inbox, a request open (again)", f"/inbox/?r={found.pk}")
    page.keyboard.press("a")
    page.locator("#undo-bar").wait_for()
    scan.visit("inbox, a decided request", f"/inbox/?state=accepted&r={found.pk}")
    scan.assert_clean()


# A row with no name: refused, so the preview and the report list a rejected row.
WITH_A_REFUSED_ROW = CONNECTIONS + ",,https://www.linkedin.com/in/no-name,,Acme,,27 Jun 2026\n"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_imports_export_dashboard_and_privacy_pages_pass_axe(
    live_server, page, alice, team, bob, language
):
    from network.imports.models import ImportJob
    from network.imports.runs import import_apply

    alice.welcome_done()
    story(team, alice, other=bob)  # the dashboard's charts, and a privacy to-do
    preview = previewed_job(team, alice, WITH_A_REFUSED_ROW)
    done = previewed_job(team, alice, WITH_A_REFUSED_ROW, name="Connections (2).csv")
    ImportJob.objects.filter(pk=done.pk).update(status=ImportJob.Status.QUEUED)
    assert import_apply(done.pk).status == ImportJob.Status.DONE
    assert preview.errors and ImportJob.objects.get(pk=done.pk).errors
    columns = uploaded_job(team, alice, "Nom;Prénom;Ville\nKerbrat;Noémie;Brest\n", "liste.csv")
    assert columns.needs_mapping
    contact = contact_create(
        team=team, actor=alice, data={"given_name": "Noémie", "family_name": "Kerbrat"}
    )
    sign_in_as(page, live_server.url, alice, language)
    scan = Scan(page, live_server.url, language)
    scan.visit("imports", "/imports/")
    with page.expect_navigation():  # sent with no file: the upload form with its error
        page.locator("main form button[type=submit]").first.click()
    scan.check("imports, an upload refused")
    scan.visit("an import's preview", f"/imports/{preview.pk}/")
    scan.visit("an import's report", f"/imports/{done.pk}/")
    scan.visit("an import's columns to name", f"/imports/{columns.pk}/")
    scan.visit("export", "/export/")
    scan.visit("dashboard, the team", "/dashboard/")
    scan.visit("dashboard, mine", "/dashboard/?scope=me")
    scan.visit("forget a person", f"/contacts/{contact.pk}/forget/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    scan.check("forget a person, the name mistyped")
    scan.visit("dashboard, the team (again)", "/dashboard/")  # where privacy settings live
    retention = page.locator("input[name=retention_days]")
    page.evaluate("document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
    scan.check("dashboard, every section open")
    retention.evaluate("(box) => { box.form.noValidate = true; }")
    retention.fill("0")
    with page.expect_navigation():
        retention.press("Enter")
    scan.check("privacy settings, a period refused")
    scan.visit("delete my account", "/account/delete/")
    scan.visit("delete the team", "/team/delete/")
    scan.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_inbox_and_the_public_pages_pass_axe(live_server, page, mallory, language):
    sign_in_as(page, live_server.url, mallory, language)
    scan = Scan(page, live_server.url, language)
    scan.visit("inbox, empty", "/inbox/")
    scan.visit("contacts, empty", "/contacts/")
    scan.visit("dashboard, empty", "/dashboard/")
    scan.visit("imports, empty", "/imports/")
    anonymous(page, live_server.url, language)
    scan.visit("home, signed out", "/")
    scan.visit("sign in", "/accounts/login/")
    page.locator("input[name=login]").fill("nobody@example.org")
    page.locator("input[name=password]").fill("not the password")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    scan.check("sign in, wrong password")
    scan.visit("sign up", "/accounts/signup/")
    scan.visit("password reset", "/accounts/password/reset/")
    scan.assert_clean()
