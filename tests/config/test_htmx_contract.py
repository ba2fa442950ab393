"""The htmx error contract as base.html configures it: a refused action (409) and a form
with errors (422) are swapped like any answer; other 4xx and 5xx swap nothing and are errors.

What the page then shows (which toast, or none) is tried in a browser in
test_htmx_errors_browser.py.
"""


def test_refusals_and_form_errors_are_swapped_not_treated_as_errors(rendered_htmx_config):
    assert rendered_htmx_config["responseHandling"] == [
        {"code": "204", "swap": False},
        {"code": "[23]..", "swap": True},
        {"code": "409", "swap": True, "error": False},
        {"code": "422", "swap": True, "error": False},
        {"code": "[45]..", "swap": False, "error": True},
        {"code": "...", "swap": False},
    ]
