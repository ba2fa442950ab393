"""Pages' templates read the query string through ``shown_params``: an absent key is "",
found without a failed lookup (which raises, lists attributes and logs, for each filter
left unset)."""

import logging
import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from config.params import shown_params

pytestmark = pytest.mark.django_db

# The query string's keys the inbox, contact list and phrase list templates read.
FILTERS = {"q", "network", "category", "access", "owner", "sort", "state", "language", "intent"}
FILTERS |= {"scope", "archived", "match", "message", "ids"}


def test_each_keys_last_value_and_blank_for_an_absent_key():
    params = shown_params(QueryDict("q=marie&network=linkedin&network=x"))
    assert params["q"] == "marie"
    assert params["network"] == "x"  # as QueryDict gives it
    assert params["category"] == ""
    assert "category" not in params  # reading it adds nothing
    assert params.get("owner") is None  # views' own reads keep their meaning


@pytest.mark.parametrize(
    "url",
    [
        reverse("inbox"),
        reverse("inbox") + "?q=x",
        reverse("contact_list"),
        reverse("contact_list") + "?q=marie",
        reverse("phrase_list"),
    ],
)
def test_a_page_with_its_filters_unset_reads_no_absent_parameter(team, alice, login, caplog, url):
    client = login(alice)
    with caplog.at_level(logging.DEBUG, logger="django.template"):
        response = client.get(url)
    assert response.status_code == 200
    failed = {
        match.group(1)
        for record in caplog.records
        if (match := re.match(r"Exception while resolving variable '(\w+)'", record.getMessage()))
    }
    assert failed & FILTERS == set()


@pytest.mark.parametrize(
    ("url", "selected"),
    [
        (reverse("contact_list") + "?state=archived", '<option value="archived" selected'),
        (reverse("phrase_list") + "?language=fr", '<option value="fr" selected'),
        (reverse("inbox") + "?match=0", '<option value="0" selected'),
    ],
)
def test_a_filter_set_is_still_shown_selected(team, alice, login, url, selected):
    html = login(alice).get(url).content.decode()
    assert selected in html
