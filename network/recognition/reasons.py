"""A reason in words that can be said again in another language.

Recognition gives its reasons as text in the active language. The suggestions kept for a
request (``network.recognition.kept``) serve every member, whatever their language, so each
reason also keeps its message (marked with ``gettext_noop`` for the catalogue), its values and
what follows it ("same first name, same company (Acme); family name differs"): ``parts`` is
what a cache keeps, ``Reason.again`` says it in the language active then.

Recognition weighs some forty candidates and shows five at most: what it finds is kept as
``Said`` (the message, its values, what follows), and only the reasons of the suggestions it
gives are put in words (``Said.say``). Saying each of the forty candidates' three reasons took
a tenth of recognition's time, for reasons no one read. ``short_for`` says why two first
names may be one person's.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext, gettext_noop

from network.text import fold
from network.text.names import Name


class Reason(str):
    """The text of a reason (a ``str``, compared and joined as one) with what made it."""

    message: str
    values: dict
    then: Reason | None

    def __new__(cls, message: str, values: dict | None = None, then: Reason | None = None):
        text = gettext(message) % values if values else gettext(message)
        if then is not None:
            text += "; " + then
        reason = super().__new__(cls, text)
        reason.message, reason.values, reason.then = message, values or {}, then
        return reason

    def parts(self) -> tuple:
        """Plain data to keep: the message, its values, and the parts of what follows."""
        return (self.message, self.values, self.then.parts() if self.then else None)

    @classmethod
    def again(cls, parts: tuple) -> Reason:
        """The reason ``parts`` describes, in the language active now."""
        message, values, then = parts
        return cls(message, values, cls.again(then) if then else None)


class Said(NamedTuple):
    """A reason not yet put in words: its message, values and what follows it."""

    message: str
    values: dict | None = None
    then: Said | None = None

    def say(self) -> Reason:
        """The reason in the language active now (a ``Said`` has the shape of ``parts``)."""
        return Reason.again(self)


def short_for(query: Name, known: Name, asked: str, written: str) -> Said:
    """Why two first names may be one person's. Either may be the short form: "Bob" asking
    about Robert, or "Maxime" about the Max the team wrote down. One is called short for the
    other when it has four letters at most and begins the other or is a nickname the table
    gives for it ("Max", "Bob", "Liz", "JP"), or begins a name three letters longer at least
    ("Steph", "Stéphanie"). Otherwise they are forms of one name in two languages (Michel and
    Michael, Christophe and Christopher), two spellings (Elisabeth, Isabel and Isabelle), or
    two short forms of a third (Maggie and Margot, both Marguerite's): "may be one person's"."""
    one, other = fold(asked), fold(written)
    (shorter, short), (longer, full) = sorted(
        ((one, asked), (other, written)), key=lambda x: len(x[0])
    )
    begins = len(shorter) < len(longer) and longer.startswith(shorter)
    listed = one in known.given_keys or other in query.given_keys
    nickname = len(shorter.replace(" ", "")) <= 4 and len(shorter) < len(longer)
    if (nickname and (begins or listed)) or (begins and len(longer) - len(shorter) >= 3):
        return Said(
            gettext_noop("“%(short)s” is short for “%(full)s”"), {"short": short, "full": full}
        )
    return Said(
        gettext_noop("“%(one)s” and “%(other)s” may be one person's first name"),
        {"one": asked, "other": written},
    )
