"""What the bookmarklet reads on a page, checked without a server: the code the bookmark
carries runs in Chromium on small pages, and the batch it would post is looked at."""

from __future__ import annotations

import pytest

from network.capture.bookmarklet import bookmarklet_code

pytestmark = pytest.mark.browser

ORIGIN = "http://127.0.0.1:8311"
# The Netcurate window is replaced by a stand-in that keeps what it is sent, and "ready" is
# said to the bookmarklet's listener as the window would say it.
STAND_IN = """() => {
  const receiver = {postMessage(payload) { window.__sent = payload; }};
  window.open = () => receiver;
  const listen = window.addEventListener.bind(window);
  window.addEventListener = (type, listener) => {
    if (type === "message") { window.__answer = (origin) =>
      listener({origin, source: receiver, data: {kind: "netcurate-capture-ready"}}); }
    else { listen(type, listener); }
  };
}"""


def _read(page, body: str, origin: str = ORIGIN) -> list[dict] | None:
    page.set_content(f"<!doctype html><html><body>{body}</body></html>")
    page.evaluate(STAND_IN)
    code = bookmarklet_code(origin=ORIGIN, receiver=f"{ORIGIN}/inbox/capture/receive/")
    page.evaluate(f"() => {{ {code} }}")
    page.evaluate("(origin) => window.__answer(origin)", origin)
    sent = page.evaluate("window.__sent || null")
    return sent and sent["invitations"]


def _card(slug: str, name: str, extra: str = "", accept: str = "Accept") -> str:
    return (
        f'<li><a href="https://www.linkedin.com/in/{slug}/"><span>{name}</span></a>{extra}'
        f"<div><button>Ignore</button><button>{accept}</button></div></li>"
    )


def test_a_note_in_a_quote_is_the_message_and_the_next_line_is_not_the_headline(page):
    (read,) = _read(
        page,
        "<ul>"
        + _card(
            "ana-b", "Ana B", "<p>Baker</p><blockquote>Hi Ana here,<br>from the fair</blockquote>"
        )
        + "</ul>",
    )
    assert (read["name"], read["headline"], read["message"]) == (
        "Ana B",
        "Baker",
        "Hi Ana here,\nfrom the fair",
    )


def test_the_answer_goes_only_to_the_netcurate_origin_it_was_built_for(page):
    assert (
        _read(page, "<ul>" + _card("ana-b", "Ana B") + "</ul>", origin="https://evil.example")
        is None
    )


def test_an_accept_all_button_and_the_navigation_are_not_invitations(page):
    read = _read(
        page,
        '<nav><a href="https://www.linkedin.com/in/me-myself/">Me</a></nav>'
        "<section><h2>Invitations</h2><button>Accept all</button><ul>"
        + _card("ana-b", "Ana B", "<p>Baker</p>")
        + _card("bo-c", "Bo C", "<p>Cook</p>", accept="Accepter")
        + "</ul></section>",
    )
    assert [(item["name"], item["headline"]) for item in read] == [
        ("Ana B", "Baker"),
        ("Bo C", "Cook"),
    ]


def test_invitations_to_follow_a_page_or_attend_an_event_are_left_out(page):
    read = _read(
        page,
        "<ul>"
        + _card(
            "ana-b",
            "Ana B",
            ' invited you to follow <a href="https://www.linkedin.com/company/x/">X</a>',
        )
        + _card("bo-c", "Bo C", " vous a invité à participer à un évènement")
        + _card("cy-d", "Cy D", "<p>Carpenter</p>")
        + "</ul>",
    )
    assert [item["name"] for item in read] == ["Cy D"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Paul Martin and 11 other mutual connections", 12),
        ("Paul Martin et 11 autres relations en commun", 12),
        ("1 relation en commun", 1),
        ("1,204 mutual connections", 1204),
        ("12\u00a0amis en commun", 12),
        ("3 ami(e)s en commun", 3),
        ("Paul Martin est une relation en commun", 1),
        ("Works with Paul", None),
    ],
)
def test_mutual_connections_are_read_from_the_visible_text(page, text, count):
    (read,) = _read(
        page, "<ul>" + _card("ana-b", "Ana B", f"<p>Baker</p><span>{text}</span>") + "</ul>"
    )
    assert read["mutual_connections"] == count


def test_a_page_without_accept_buttons_sends_an_empty_list(page):
    assert (
        _read(
            page, '<a href="https://www.linkedin.com/in/ana-b/">Ana B</a><button>Connect</button>'
        )
        == []
    )


def test_links_that_are_not_profiles_are_not_people(page):
    read = _read(
        page,
        "<ul><li><a href='https://www.facebook.com/groups/123'>A group</a>"
        "<a href='https://www.facebook.com/friends'>Friends</a>"
        "<div role=button>Confirm</div></li></ul>",
    )
    assert read == []
