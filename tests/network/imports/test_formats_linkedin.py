"""LinkedIn's Connections.csv and Invitations.csv become contacts and requests, quirks and all."""

from datetime import UTC, date, datetime

import pytest

from network.imports.formats.linkedin import OUTGOING, split_credentials
from network.imports.records import BlankRow, ContactRecord, FileRefused, RequestRecord, RowError
from tests.network.imports.helpers import FIXTURES, read_all, write


def test_current_export_reads_below_the_notes_preamble():
    items = read_all(FIXTURES / "Connections.csv")
    first = items[0]
    assert isinstance(first, ContactRecord)
    # Row numbers as a spreadsheet shows them: Notes, paragraph, blank, header, then row 5.
    assert first.row == 5
    assert (first.given_name, first.family_name) == ("Élodie", "Marchetti")
    assert first.company == "Fromagerie Lune"
    assert first.position == "Head of Sales"
    assert first.connected_on == date(2026, 6, 27)
    assert first.emails == []
    assert first.profiles == ["https://www.linkedin.com/in/elodie-marchetti-1a2b3c"]


def test_credentials_leave_the_family_name_for_the_notes():
    items = read_all(FIXTURES / "Connections.csv")
    hugo = items[1]
    assert (hugo.given_name, hugo.family_name) == ("Hugo", "Lalka")
    assert hugo.notes == "Credentials: PMP"
    assert hugo.emails == [("hugo.lalka@example.com", "other")]
    assert hugo.position == "Project Manager, Infrastructure"
    bjorn = items[4]
    assert bjorn.family_name == "O'Hara"
    assert bjorn.notes == "Credentials: MBA, PhD"
    assert bjorn.company == 'Fjord "North" Ltd'


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Lalka, PMP", ("Lalka", ["PMP"])),
        ("Roux, P.Eng.", ("Roux", ["P.Eng."])),
        ("Smith, Jr.", ("Smith, Jr.", [])),
        ("de la Tour, Esq.", ("de la Tour", ["Esq."])),
        ("Martin", ("Martin", [])),
        (", PMP", (", PMP", [])),
    ],
)
def test_split_credentials(written, expected):
    assert split_credentials(written) == expected


def test_percent_encoded_profile_is_kept_as_written():
    zoe = read_all(FIXTURES / "Connections.csv")[2]
    assert zoe.profiles == ["https://www.linkedin.com/in/zo%C3%A9-ngata-84b1a2"]
    assert zoe.company == ""


def test_row_blank_but_for_the_date_is_a_blank_row():
    items = read_all(FIXTURES / "Connections.csv")
    assert items[3] == BlankRow(row=8)


def test_unreadable_date_is_a_row_error_and_reading_goes_on(tmp_path):
    items = read_all(FIXTURES / "Connections.csv")
    assert isinstance(items[5], RowError)
    assert items[5].row == 10
    assert "sometime last year" in items[5].reason
    assert len(items) == 6


def test_older_export_without_url_and_with_us_dates():
    marta, teodor = read_all(FIXTURES / "Connections_old.csv")
    assert marta.row == 2
    assert marta.profiles == []
    assert marta.emails == [("marta.quill@example.org", "other")]
    assert marta.connected_on == date(2018, 1, 8)
    assert teodor.connected_on == date(2017, 12, 24)


def test_excel_resave_semicolons_cp1252_and_short_dates(tmp_path):
    path = write(
        tmp_path,
        "Connections.csv",
        "First Name;Last Name;URL;Email Address;Company;Position;Connected On\r\n"
        "Renée;Faÿ;https://www.linkedin.com/in/renee-fay;;Café Œuvre;Barista;9-Sep-22\r\n",
        "cp1252",
    )
    (renee,) = read_all(path)
    assert (renee.given_name, renee.family_name, renee.company) == ("Renée", "Faÿ", "Café Œuvre")
    assert renee.connected_on == date(2022, 9, 9)


def test_shifted_row_with_extra_cells_is_an_error(tmp_path):
    path = write(
        tmp_path,
        "c.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Lima,,,Acme,CTO,1 Jan 2020,surprise\n"
        "Ana,Lima,,,Acme,CTO,1 Jan 2020,\n",
    )
    error, ana = read_all(path)
    assert isinstance(error, RowError) and error.row == 2
    assert ana.given_name == "Ana"


def test_bad_quotes_are_a_row_error(tmp_path):
    path = write(
        tmp_path,
        "c.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        'Ana,"Lima"x,,,Acme,CTO,1 Jan 2020\n'
        "Rui,Costa,,,Acme,CEO,2 Jan 2020\n",
    )
    error, rui = read_all(path)
    assert isinstance(error, RowError) and error.row == 2
    assert "quotes" in error.reason
    assert rui.family_name == "Costa"


def test_quote_never_closed_at_the_end_refuses_the_file(tmp_path):
    path = write(
        tmp_path,
        "c.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        'Ana,Lima,,,"Acme,CTO,1 Jan 2020\n',
    )
    with pytest.raises(FileRefused, match="cut short"):
        read_all(path)


def test_incoming_invitations_become_linkedin_requests():
    items = read_all(FIXTURES / "Invitations.csv")
    priya = items[0]
    assert isinstance(priya, RequestRecord)
    assert priya.row == 2
    assert priya.network == "linkedin"
    assert priya.sender_name == "Priya Ranganathan"
    assert priya.message.startswith("Hello Alex, we met")
    assert priya.profile_url == "https://www.linkedin.com/in/priya-ranganathan-9f8e7d"
    assert priya.received_at == datetime(2024, 6, 5, 10, 15, tzinfo=UTC)
    noe = items[2]
    assert noe.sender_name == "Noé Sørensen"
    assert noe.message == ""
    assert noe.profile_url == "https://www.linkedin.com/in/no%C3%A9-s%C3%B8rensen"
    assert noe.received_at == datetime(2024, 7, 1, 21, 3, tzinfo=UTC)


def test_outgoing_invitations_are_skipped_and_said_so():
    items = read_all(FIXTURES / "Invitations.csv")
    assert items[1] == BlankRow(row=3, reason=OUTGOING)


def test_incoming_invitation_without_sender_is_an_error():
    items = read_all(FIXTURES / "Invitations.csv")
    assert isinstance(items[3], RowError)
    assert items[3].row == 5
    assert len(items) == 4


def test_unreadable_rows_say_why_and_reading_goes_on(tmp_path):
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    path = write(
        tmp_path,
        "c.csv",
        header
        + "Ana,Lima,,,Acme,CTO," + "x" * 200_000 + "\n"
        + "Rui,Costa,,,Acme,CEO,2 Jan 2020\n",
    )  # fmt: skip
    error, rui = read_all(path)
    assert isinstance(error, RowError) and error.row == 2
    assert "too long" in error.reason
    assert rui.row == 3


@pytest.mark.parametrize(
    ("written", "moment"),
    [
        ("2024-06-05 10:15:00 UTC", datetime(2024, 6, 5, 10, 15, tzinfo=UTC)),
        ("6/5/2024, 12:05 AM", datetime(2024, 6, 5, 0, 5, tzinfo=UTC)),
        ("6/5/24, 12:05 PM", datetime(2024, 6, 5, 12, 5, tzinfo=UTC)),
    ],
)
def test_invitation_dates_as_exports_write_them(tmp_path, written, moment):
    path = write(
        tmp_path,
        "Invitations.csv",
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        f'Ana Lima,Alex Sample,"{written}",,INCOMING,,\n',
    )
    (ana,) = read_all(path)
    assert ana.received_at == moment
