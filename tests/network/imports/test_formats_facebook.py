"""Facebook's friends and received requests JSON: accents repaired, read one entry at a time."""

import json
from datetime import UTC, date, datetime

import pytest

from network.imports.detect import sniff
from network.imports.formats.facebook import repair
from network.imports.records import ContactRecord, FileRefused, RequestRecord, RowError
from tests.network.imports.helpers import FIXTURES, read_all, write


def test_friends_become_contacts_with_their_accents_repaired():
    found = sniff(FIXTURES / "your_friends.json")
    assert (found.format, found.kind) == ("facebook_friends", "contacts")
    zoe, jean_pierre, asa, nameless, kwame = read_all(FIXTURES / "your_friends.json")
    assert isinstance(zoe, ContactRecord)
    assert (zoe.row, zoe.display_name) == (1, "Zoë Lefèvre")
    assert (zoe.given_name, zoe.family_name) == ("Zoë", "Lefèvre")
    assert zoe.connected_on == date(2024, 6, 27)
    assert (jean_pierre.given_name, jean_pierre.family_name) == ("Jean-Pierre", "de la Tour")
    assert asa.display_name == "Åsa Lindström"
    assert isinstance(nameless, RowError) and nameless.row == 4
    assert kwame.display_name == "Kwame Mensah 😀"


def test_received_requests_become_facebook_requests():
    found = sniff(FIXTURES / "received_friend_requests.json")
    assert (found.format, found.kind) == ("facebook_requests", "requests")
    rene, mia = read_all(FIXTURES / "received_friend_requests.json")
    assert isinstance(rene, RequestRecord)
    assert (rene.network, rene.sender_name) == ("facebook", "René Gagnon")
    assert rene.received_at == datetime(2024, 12, 5, 12, 0, tzinfo=UTC)
    assert mia.row == 2


@pytest.mark.parametrize(
    ("written", "read"),
    [("Ren\u00c3\u00a9", "René"), ("René", "René"), ("Zoë", "Zoë"), ("plain", "plain")],
)
def test_repair_only_changes_mojibake(written, read):
    assert repair(written) == read


def test_a_long_list_is_read_across_chunks(tmp_path):
    friends = [
        {"name": f"Friend Number{i} \u00e9", "timestamp": 1600000000 + i} for i in range(5000)
    ]
    path = write(tmp_path, "friends.json", json.dumps({"friends_v2": friends}, indent=2))
    assert path.stat().st_size > 4 * 64 * 1024
    items = read_all(path)
    assert len(items) == 5000
    assert [item.row for item in items] == list(range(1, 5001))
    assert items[-1].family_name == "Number4999 é"


@pytest.mark.parametrize(
    "content",
    [
        '{"friends_v2": [{"name": "Ana", "timestamp": 1}, {"name": "Rui", "times',
        '{"friends_v2": [{"name": "Ana", "timestamp": 1}',
        '{"friends_v2": [{"name": "Ana", "timestamp": 1}]',
        '{"friends_v2": [{"name": "Ana", "timestamp": 1}, oops]}',
    ],
)
def test_truncated_or_broken_json_is_refused(tmp_path, content):
    path = write(tmp_path, "friends.json", content)
    with pytest.raises(FileRefused, match="damaged or cut short"):
        read_all(path)
