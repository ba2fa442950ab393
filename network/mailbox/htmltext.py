"""The text a person reads in an HTML email, and its links with their words. Pure text, no
database: notifications often send HTML alone, or an HTML part richer than the plain one."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements after which a reader sees a new line.
_BLOCKS = {
    "address", "blockquote", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "p", "section", "table", "td", "th", "tr", "ul", "ol",
}  # fmt: skip
# Elements whose content is never shown.
_HIDDEN = {"head", "script", "style", "title", "template"}
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.quotes: list[str] = []
        self._hidden = 0
        self._href: str | None = None
        self._anchor: list[str] = []
        self._quote_depth = 0
        self._quote: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._anchor = []
        if tag == "blockquote":
            self._quote_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self._hidden:
            self._hidden -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._anchor).split())))
            self._href = None
        if tag == "blockquote" and self._quote_depth:
            self._quote_depth -= 1
            if not self._quote_depth:
                self.quotes.append(_tidy("".join(self._quote)))
                self._quote = []

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self.parts.append(data)
        if self._href is not None:
            self._anchor.append(data)
        if self._quote_depth:
            self._quote.append(data)


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def html_to_text(html: str) -> tuple[str, list[tuple[str, str]], list[str]]:
    """(the text, one line per block; the links as (href, words); the blockquotes' text)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return _tidy("".join(reader.parts)), reader.links, reader.quotes
