"""A ZIP of a LinkedIn or Facebook export: known members read, others reported, bombs skipped."""

import zipfile

import pytest

from network.imports.detect import sniff
from network.imports.formats import read
from network.imports.records import ContactRecord, FileRefused, RequestRecord, SkippedFile
from tests.network.imports.helpers import FIXTURES, read_all


def make_zip(path, members):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def linkedin_export(tmp_path):
    return make_zip(
        tmp_path / "Basic_LinkedInDataExport_12-05-2026.zip",
        {
            "Invitations.csv": (FIXTURES / "Invitations.csv").read_bytes(),
            "Connections.csv": (FIXTURES / "Connections.csv").read_bytes(),
            "Profile.csv": b"First Name,Last Name,Headline\nAlex,Sample,Gardener\n",
            "Messages.csv": b"CONVERSATION ID,FROM,TO,CONTENT\n1,a,b,hello\n",
            "Articles/Articles/draft.html": b"<html></html>",
            "../../escape.csv": (FIXTURES / "Connections_old.csv").read_bytes(),
        },
    )


def test_linkedin_export_reads_connections_then_invitations(tmp_path):
    path = linkedin_export(tmp_path)
    found = sniff(path)
    assert (found.format, found.kind) == ("zip", "both")
    assert [member.member for member in found.members] == [
        "Connections.csv",
        "../../escape.csv",
        "Invitations.csv",
    ]
    assert [member.format for member in found.members] == [
        "linkedin_connections",
        "linkedin_connections",
        "linkedin_invitations",
    ]
    assert sorted(skipped.name for skipped in found.skipped) == [
        "Articles/Articles/draft.html",
        "Messages.csv",
        "Profile.csv",
    ]
    items = read_all(path)
    skipped = [item for item in items if isinstance(item, SkippedFile)]
    assert len(skipped) == 3 and items[:3] == skipped
    assert all(reason.reason == "not a file Netcurate reads" for reason in skipped)
    contacts = [item for item in items if isinstance(item, ContactRecord)]
    requests = [item for item in items if isinstance(item, RequestRecord)]
    assert contacts[0].source == "Connections.csv"
    assert contacts[0].given_name == "Élodie"
    assert {contact.source for contact in contacts} == {"Connections.csv", "../../escape.csv"}
    assert [request.sender_name for request in requests] == ["Priya Ranganathan", "Noé Sørensen"]
    assert requests[0].source == "Invitations.csv"
    assert items.index(contacts[-1]) < items.index(requests[0])
    # Nothing was extracted next to the archive or above it.
    assert sorted(p.name for p in tmp_path.parent.rglob("escape.csv")) == []


def test_facebook_export_members_in_folders(tmp_path):
    path = make_zip(
        tmp_path / "facebook-alex.zip",
        {
            "connections/friends/your_friends.json": (FIXTURES / "your_friends.json").read_bytes(),
            "connections/friends/received_friend_requests.json": (
                FIXTURES / "received_friend_requests.json"
            ).read_bytes(),
            "connections/friends/sent_friend_requests.json": b'{"sent_requests_v2": []}',
            "your_facebook_activity/posts/photo.jpg": b"\xff\xd8\xff\xe0" + bytes(100),
        },
    )
    found = sniff(path)
    assert [member.format for member in found.members] == [
        "facebook_friends",
        "facebook_requests",
    ]
    items = read_all(path)
    names = [item.display_name for item in items if isinstance(item, ContactRecord)]
    assert names[0] == "Zoë Lefèvre"
    assert [i.sender_name for i in items if isinstance(i, RequestRecord)] == [
        "René Gagnon",
        "Mia Tanaka",
    ]


def test_zip_bomb_member_is_skipped_not_inflated(tmp_path):
    path = make_zip(
        tmp_path / "export.zip",
        {
            "Connections.csv": (FIXTURES / "Connections_old.csv").read_bytes(),
            "Invitations.csv": b"From,To,Sent At,Message,Direction,inviterProfileUrl,"
            + b"inviteeProfileUrl\n"
            + b" " * (11 * 1024 * 1024),
        },
    )
    found = sniff(path)
    assert [member.member for member in found.members] == ["Connections.csv"]
    assert found.skipped == [SkippedFile("Invitations.csv", "too large once uncompressed")]
    assert found.kind == "contacts"


def test_damaged_archive_is_refused(tmp_path):
    whole = linkedin_export(tmp_path).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(FileRefused, match="ZIP archive is damaged"):
        sniff(cut)


def test_member_damaged_inside_is_refused_while_reading(tmp_path):
    rows = "".join(f"Ana{i},Lima{i},,,Acme,CTO,1 Jan 2020\n" for i in range(2000))
    path = make_zip(
        tmp_path / "export.zip",
        {"Connections.csv": "First Name,Last Name,URL,Email Address,Company,Position,"
                            "Connected On\n" + rows},
    )  # fmt: skip
    found = sniff(path)
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("Connections.csv")
    middle = info.header_offset + 30 + len("Connections.csv") + info.compress_size // 2
    data[middle] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(FileRefused, match="damaged"):
        list(read(path, found))


@pytest.mark.parametrize(
    ("members", "sentence"),
    [
        ({"notes.txt": b"hello", "Profile.csv": b"a,b\n1,2\n"}, "holds no file"),
        ({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}, "spreadsheet"),
        ({}, "holds no file"),
    ],
)
def test_archives_without_anything_to_read_are_refused(tmp_path, members, sentence):
    path = make_zip(tmp_path / "x.zip", members)
    with pytest.raises(FileRefused, match=sentence):
        sniff(path)
