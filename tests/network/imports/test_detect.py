"""Sniffing tells formats, encodings and delimiters apart by content, and refuses the rest."""

import pytest

from network.imports.detect import HEAD_BYTES, sniff
from network.imports.records import FileRefused
from tests.network.imports.helpers import FIXTURES, read_all, write

CONNECTIONS_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def test_current_connections_export_below_its_preamble():
    found = sniff(FIXTURES / "Connections.csv")
    assert found.format == "linkedin_connections"
    assert found.kind == "contacts"
    assert found.encoding == "utf-8"
    assert found.delimiter == ","
    assert found.header_row == 4
    assert found.headers == CONNECTIONS_HEADER.split(",")
    assert "LinkedIn" in found.label


def test_older_connections_export_without_url_column():
    found = sniff(FIXTURES / "Connections_old.csv")
    assert found.format == "linkedin_connections"
    assert found.header_row == 1
    assert "URL" not in found.headers


def test_excel_resave_is_cp1252_with_semicolons(tmp_path):
    path = write(
        tmp_path,
        "any name.txt",
        CONNECTIONS_HEADER.replace(",", ";") + "\r\nRenée;Faÿ;;;Café;Barista;9-Sep-22\r\n",
        "cp1252",
    )
    found = sniff(path)
    assert (found.format, found.encoding) == ("linkedin_connections", "cp1252")
    assert found.delimiter == ";"


def test_invitations_are_requests():
    found = sniff(FIXTURES / "Invitations.csv")
    assert (found.format, found.kind) == ("linkedin_invitations", "requests")


def test_utf8_with_bom(tmp_path):
    path = write(tmp_path, "c.csv", "\ufeff" + CONNECTIONS_HEADER + "\nÉva,Roy,,,,,1 Jan 2020\n")
    found = sniff(path)
    assert (found.format, found.encoding) == ("linkedin_connections", "utf-8-sig")
    assert found.headers[0] == "First Name"
    (eva,) = read_all(path)
    assert eva.given_name == "Éva"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom(tmp_path, encoding):
    path = write(tmp_path, "c.csv", CONNECTIONS_HEADER + "\nÉva,Roy,,,,,1 Jan 2020\n", encoding)
    found = sniff(path)
    assert found.format == "linkedin_connections"
    assert found.encoding.startswith("utf-16")
    (eva,) = read_all(path)
    assert (eva.given_name, eva.family_name) == ("Éva", "Roy")


def test_an_accent_past_the_head_still_decides_the_encoding(tmp_path):
    rows = "".join(f"Person,Number{i},,,,,1 Jan 2020\n" for i in range(HEAD_BYTES // 20))
    path = write(tmp_path, "c.csv", CONNECTIONS_HEADER + "\n" + rows + "Zoë,Late,,,,,1 Jan 2020\n",
                 "cp1252")  # fmt: skip
    assert path.stat().st_size > HEAD_BYTES
    assert sniff(path).encoding == "cp1252"
    assert read_all(path)[-1].given_name == "Zoë"


def test_latin1_bytes_that_cp1252_leaves_undefined(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(CONNECTIONS_HEADER.encode() + b"\nA\x81,B,,,,,1 Jan 2020\n")
    assert sniff(path).encoding == "latin-1"


def test_unknown_csv_offers_its_headers_for_a_mapping(tmp_path):
    path = write(tmp_path, "people.csv", "Nom;Prénom;Courriel\nRoy;Éva;eva@example.org\n")
    found = sniff(path)
    assert found.format == "csv"
    assert found.delimiter == ";"
    assert found.headers == ["Nom", "Prénom", "Courriel"]
    assert found.header_row == 1


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        (b"", "empty"),
        (b"\n\r\n  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "not text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\x00\x01\x02\x03>>", "not text"),
        (b"Dear Sir, this is a letter and not a table at all.\nRegards\n", "does not recognise"),
        (b'{"messages": [{"text": "hi"}]}', "neither a Facebook"),
    ],
)
def test_files_netcurate_cannot_read_are_refused_in_one_sentence(tmp_path, content, sentence):
    path = tmp_path / "upload"
    path.write_bytes(content)
    with pytest.raises(FileRefused, match=sentence) as refused:
        sniff(path)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("book.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
        ("book.numbers", b"\x00\x01binary\x00" * 50),
        ("anything", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
    ],
)
def test_spreadsheet_workbooks_are_told_to_be_saved_as_csv(tmp_path, filename, content):
    path = tmp_path / "upload"
    path.write_bytes(content)
    with pytest.raises(FileRefused, match="save it as CSV"):
        sniff(path, filename)


def test_the_uploaded_name_never_decides_the_format():
    assert sniff(FIXTURES / "Invitations.csv", "contacts.vcf").format == "linkedin_invitations"


def test_unknown_csv_below_a_title_line(tmp_path):
    path = write(
        tmp_path,
        "people.csv",
        "Exported from the club's address book\n\nName\tEmail\tCity\n"
        "Eva Roy\teva@example.org\tLyon\nLéo Blanc\t\tNantes\n",
    )
    found = sniff(path)
    assert (found.format, found.delimiter) == ("csv", "\t")
    assert (found.headers, found.header_row) == (["Name", "Email", "City"], 3)
    eva, leo = read_all(path, {"Name": "display_name", "Email": "email", "City": "city"})
    assert (eva.row, eva.display_name, eva.city) == (4, "Eva Roy", "Lyon")
    assert leo.emails == []


def test_old_mac_line_endings(tmp_path):
    path = write(tmp_path, "c.csv", CONNECTIONS_HEADER + "\rAna,Lima,,,Acme,CTO,1 Jan 2020\r")
    assert sniff(path).format == "linkedin_connections"
    (ana,) = read_all(path)
    assert (ana.row, ana.family_name) == (2, "Lima")


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path):
    text = CONNECTIONS_HEADER.replace(",", "\t") + "\r\nŁucja\tNowak\t\t\t\t\t9-Sep-22\r\n"
    path = write(tmp_path, "c.txt", "\ufeff" + text, "utf-16-le")
    found = sniff(path)
    assert (found.encoding, found.delimiter) == ("utf-16", "\t")
    (lucja,) = read_all(path)
    assert lucja.given_name == "Łucja"


def test_utf16_cut_in_the_middle_of_a_character_is_refused(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes((CONNECTIONS_HEADER + "\nÉva,Roy,,,,,1 Jan 2020\n").encode("utf-16") + b"\x00")
    with pytest.raises(FileRefused, match="characters of this file"):
        read_all(path)
