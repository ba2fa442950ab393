"""Single-line text: names that end up in email headers must never carry a line break.

A line break in a subject or a display name is how header injection starts ("Evil\\r\\nBcc:
..."). Names are refused at validation; anything user-typed that still reaches a header is
flattened on the way out, so old rows saved before the rule cannot do harm either.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Every character str.splitlines() breaks on: CR, LF, VT, FF, FS, GS, RS, NEL, LS, PS.
LINE_BREAKS = re.compile("[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def validate_single_line(value: str) -> None:
    if LINE_BREAKS.search(value):
        raise ValidationError(
            _("Keep it on one line: line breaks are not allowed here."), code="line_break"
        )


def single_line(value: str) -> str:
    """The text on one line, runs of whitespace (line breaks included) folded to a space."""
    return " ".join(LINE_BREAKS.sub(" ", value).split())
