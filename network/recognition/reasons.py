"""A reason in words that can be said again in another language.

Recognition gives its reasons as text in the active language. The suggestions kept for a
request (``network.recognition.kept``) serve every member, whatever their language, so each
reason also keeps its message (marked with ``gettext_noop`` for the catalogue), its values and
what follows it ("same first name, same company (Acme); family name differs"): ``parts`` is
what a cache keeps, ``Reason.again`` says it in the language active then.

Recognition weighs some forty candidates and shows five at most: what it finds is kept as
``Said`` (the message, its values, what follows), and only the reasons of the suggestions it
gives are put in words (``Said.say``). Saying each of the forty candidates' three reasons took
a tenth of recognition's time, for reasons no one read.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext


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
