"""In a real Chromium that obeys the Content-Security-Policy, which allows no inline event
handler and no style="" attribute (issue 11, item 22): confirmations still ask and a refusal
changes nothing, filters still apply on change, categories keep their team's colours, all
without a single violation."""

import pytest

from accounts.models import Membership
from network.contacts.services import contact_create
from network.models import Category
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.enforce_csp,
    pytest.mark.django_db(transaction=True),
]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.reportViolation(event.effectiveDirective + " blocked at " + event.sourceFile + ":"
    + event.lineNumber + " " + (event.sample || ""));
});
"""
CHIP_COLOUR = "el => getComputedStyle(el).getPropertyValue('--chip').trim()"


@pytest.fixture
def problems(page):
    found = []
    page.expose_function("reportViolation", lambda text: found.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda m: found.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    return found


def log_in(page, live_server, email: str, then: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={then}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{then}")
    page.wait_for_load_state("load")


def test_a_refused_confirmation_deletes_nothing_and_an_accepted_one_deletes(
    live_server, page, problems, alice, team
):
    category = Category.objects.filter(team=team).first()
    Category.objects.filter(pk=category.pk).update(colour="#cc3366")
    log_in(page, live_server, "alice@example.org", "/categories/")
    row = page.locator(f"#category-{category.pk}")
    assert row.locator(".category-chip").evaluate(CHIP_COLOUR) == "#cc3366"

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    row.get_by_role("button", name="Delete").click()
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    row.get_by_role("button", name="Delete").click()
    row.wait_for(state="detached")

    assert len(asked) == 2  # asked twice: the refusal did not submit the form
    assert asked[0].startswith(f"Delete “{category.label}”?")
    assert not Category.objects.filter(pk=category.pk).exists()
    assert problems == []


def test_a_confirmation_on_a_button_asks_before_handing_the_team_over(
    live_server, page, problems, alice, team, bob
):
    log_in(page, live_server, "alice@example.org", "/team/")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Make owner").click()
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Leave this team").click()
    # Reloaded, the page would have lost the dialogs' answers: it is the same page.
    page.get_by_role("button", name="Make owner").wait_for()

    assert asked == [
        "Hand ownership to Bob Member? You will become an admin.",
        "Leave Alice & Co? You will lose access to what it shares.",
    ]
    assert Membership.objects.get(team=team, user=bob).role == "member"
    assert Membership.objects.filter(team=team, user=alice).exists()
    assert problems == []


def test_phrase_filters_apply_on_change(live_server, page, problems, alice, team):
    log_in(page, live_server, "alice@example.org", "/phrases/")

    page.get_by_label("Intent").select_option("decline")
    page.wait_for_url("**/phrases/?intent=decline*")
    page.get_by_label("Archived ones").check()
    page.wait_for_url("**archived=1*")

    assert page.get_by_label("Intent").input_value() == "decline"
    assert problems == []


def test_category_colours_show_on_the_contact_page_and_after_an_htmx_swap(
    live_server, page, problems, alice, team
):
    school, kids = Category.objects.filter(team=team, key__in=["school", "kids"]).order_by("key")
    contact = contact_create(
        team=team, actor=alice, data={"given_name": "Zoé", "family_name": "Quintal"}
    )
    contact.tag(school, alice)
    log_in(page, live_server, "alice@example.org", f"/contacts/{contact.pk}/")
    assert page.locator(".category-chip", has_text=school.label).evaluate(CHIP_COLOUR) == (
        school.colour
    )

    tag_form = page.locator(f"form[action='/contacts/{contact.pk}/tags/']")
    tag_form.locator("select[name=category]").select_option(str(kids.pk))
    tag_form.get_by_role("button", name="Add").click()
    chip = page.locator(".category-chip", has_text=kids.label)
    chip.wait_for()
    # htmx paints new fragments once they settle (``htmx.onLoad``), a moment after they are
    # in the page: wait for the colour (5 s at most) rather than read it at once.
    page.wait_for_function(
        f"el => ({CHIP_COLOUR})(el) !== ''", arg=chip.element_handle(), timeout=5000
    )

    assert chip.evaluate(CHIP_COLOUR) == kids.colour
    assert problems == []
