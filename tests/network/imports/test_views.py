"""The import pages: upload (refused over the limit before the body is read), preview, column
names for a generic CSV, confirm, progress, report and the CSV of rows refused."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from network.imports.formats.generic_csv import FIELDS as READER_FIELDS
from network.imports.forms import FIELDS
from network.imports.models import ColumnMapping, ImportJob
from network.imports.services import import_apply, import_preview
from network.models import Contact, NetworkProfile
from tests.network.imports.jobs import CONNECTIONS, previewed_job

HOSTILE = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    '<script>alert(1)</script>,Payload,javascript:alert(1),,"=HYPERLINK(""http://x"")",'
    "@SUM(A1),27 Jun 2026\n"
    "Ana,Lima,https://www.linkedin.com/in/ana-lima,,Lima & Co,Owner,27 Jun 2026\n"
    ",,,,,,27 Jun 2026\n"
    "Broken,Date,https://www.linkedin.com/in/broken-date,,,,someday\n"
)


def upload(client, text: str | bytes, name: str = "Connections.csv", kind: str = "contacts"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(
        reverse("import_upload"), {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Tasks are queued on commit; here the test runs their work itself, without a broker."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        yield callbacks


@pytest.mark.django_db
def test_upload_keeps_the_file_out_of_reach_and_queues_the_dry_run(
    login, alice, team, on_commit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        response = upload(login(alice), CONNECTIONS)
    job = ImportJob.objects.get(team=team)
    assert response.status_code == 302
    assert response["Location"] == reverse("import_detail", args=[job.pk])
    assert job.status == "uploaded"
    assert job.format == "linkedin_connections"
    assert job.original_name == "Connections.csv"
    assert str(settings.IMPORT_DIR) in job.file.path
    assert not job.file.path.startswith(str(settings.STATIC_ROOT))
    with pytest.raises(ValueError):
        job.file.url  # noqa: B018 - no address serves it
    assert len(queued) == 1  # the dry run, queued once the upload commits
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_preview_shows_format_counts_and_first_rows_then_confirm_imports(
    login, alice, team, on_commit, django_capture_on_commit_callbacks
):
    client = login(alice)
    upload(client, CONNECTIONS)
    job = import_preview(ImportJob.objects.get(team=team))
    page = client.get(reverse("import_detail", args=[job.pk]))
    body = page.content.decode()
    assert "LinkedIn connections" in body
    assert "utf-8" in body
    assert "Inès Caradec" in body
    assert "https://www.linkedin.com/in/in%C3%A8s-caradec" in body
    assert job.counts["new"] == 2
    assert Contact.objects.count() == 0  # a preview writes nothing

    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("import_confirm", args=[job.pk]))
        assert response.status_code == 302
        job.refresh_from_db()
        assert job.status == "queued"
        assert client.post(reverse("import_confirm", args=[job.pk])).status_code == 302
    assert len(queued) == 1  # one real run: a second confirm queues none
    job = import_apply(job.pk)
    assert job.status == "done"
    assert Contact.objects.filter(team=team).count() == 2
    report = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "Report" in report
    assert "See the contacts" in report


@pytest.mark.django_db
def test_read_only_member_sees_imports_but_cannot_upload_or_confirm(login, alice, carol, team):
    job = previewed_job(team, alice)
    client = login(carol)
    listing = client.get(reverse("import_list"))
    assert listing.status_code == 200
    assert reverse("import_upload") not in listing.content.decode()
    detail = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert reverse("import_confirm", args=[job.pk]) not in detail
    assert upload(client, CONNECTIONS).status_code == 403
    assert client.post(reverse("import_confirm", args=[job.pk])).status_code == 403
    job.refresh_from_db()
    assert job.status == "previewed"
    assert ImportJob.objects.count() == 1


@pytest.mark.django_db
def test_outsider_gets_404_on_an_import(login, alice, team, mallory):
    job = previewed_job(team, alice)
    client = login(mallory)
    for name in ("import_detail", "import_progress", "import_rejected", "import_confirm"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert mallory.last_team.import_jobs.count() == 0


@pytest.mark.django_db
@override_settings(IMPORT_MAX_BYTES=1000)
def test_a_declared_length_over_the_limit_is_refused_before_reading(login, alice, team):
    client = login(alice)
    response = client.generic(
        "POST",
        reverse("import_upload"),
        b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(10 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "larger than" in response.content.decode()
    assert ImportJob.objects.count() == 0


@pytest.mark.django_db
@override_settings(IMPORT_MAX_BYTES=1000)
def test_a_body_passing_the_limit_is_cut_off_by_the_upload_handler(login, alice, team, tmp_path):
    big = CONNECTIONS + "Zed,Zulu,https://www.linkedin.com/in/zed,,,,27 Jun 2026\n" * 40
    assert 1000 < len(big) < 1000 + 64 * 1024  # under the declared-length check, over the limit
    response = upload(login(alice), big)
    assert response.status_code == 413
    assert ImportJob.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" * 20, "photo.csv"),
        (b"", "empty.csv"),
        (b'{"unrelated": true}', "data.json"),
    ],
    ids=["binary", "empty", "unknown-json"],
)
def test_a_file_of_no_known_format_is_refused_and_nothing_kept(login, alice, team, content, name):
    response = upload(login(alice), content, name)
    assert response.status_code == 422
    assert ImportJob.objects.count() == 0
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_requests_file_given_as_contacts_is_refused_with_the_reason(login, alice, team):
    invitations = (
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        'Priya Rao,Alice Owner,"6/5/24, 10:15 AM",Hello,INCOMING,'
        "https://www.linkedin.com/in/priya-rao,https://www.linkedin.com/in/alice\n"
    )
    response = upload(login(alice), invitations, "Invitations.csv")
    assert response.status_code == 422
    assert "import it as requests" in response.content.decode()


@pytest.mark.django_db
def test_hostile_text_is_stored_as_data_and_rendered_escaped(login, alice, team, on_commit):
    client = login(alice)
    upload(client, HOSTILE)
    job = import_preview(ImportJob.objects.get(team=team))
    body = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert 'href="javascript:' not in body
    assert job.counts["skipped_blank"] == 1
    assert job.counts["errors"] == 1

    client.post(reverse("import_confirm", args=[job.pk]))
    import_apply(job.pk)
    stored = Contact.objects.get(family_name="Payload")
    assert stored.given_name == "<script>alert(1)</script>"
    assert stored.company == '=HYPERLINK("http://x")'
    assert not NetworkProfile.objects.filter(contact=stored).exists()  # javascript: left out
    page = client.get(reverse("contact_detail", args=[stored.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page

    download = client.get(reverse("import_rejected", args=[job.pk]))
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == ["Row", "File in the archive", "What", "Reason"]
    reasons = " ".join(row[3] for row in rows[1:])
    assert "someday" in reasons
    assert "javascript:alert(1)" in reasons
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.django_db
def test_a_generic_csv_asks_for_its_columns_and_remembers_them(login, alice, team, on_commit):
    text = "Nom complet;Société;Courriel\nJeanne Roussel;Atelier Nord;jeanne@example.org\n"
    client = login(alice)
    upload(client, text, "export.csv")
    job = ImportJob.objects.get(team=team)
    assert job.needs_mapping  # nothing is read until the columns are named
    page = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "Which column is what?" in page

    refused = client.post(reverse("import_mapping", args=[job.pk]), {"column_1": "company"})
    assert refused.status_code == 422
    chosen = {"column_0": "display_name", "column_1": "company", "column_2": "email"}
    assert client.post(reverse("import_mapping", args=[job.pk]), chosen).status_code == 302
    job = import_preview(ImportJob.objects.get(pk=job.pk))
    assert job.status == "previewed"
    assert job.counts["new"] == 1
    assert job.report["first_rows"][0]["emails"] == ["jeanne@example.org"]
    assert ColumnMapping.objects.filter(team=team).count() == 1

    upload(client, text.replace("Jeanne", "Paule"), "other.csv")
    second = ImportJob.objects.exclude(pk=job.pk).get()
    assert second.mapping == job.mapping
    assert not second.needs_mapping


def test_the_mapping_offers_exactly_the_fields_the_reader_knows():
    assert {value for value, _label in FIELDS if value} == set(READER_FIELDS)


@pytest.mark.django_db
def test_progress_fragment_polls_while_active_and_refreshes_when_the_state_moves(
    login, alice, team
):
    job = previewed_job(team, alice)
    ImportJob.objects.filter(pk=job.pk).update(status="running", progress_total=2)
    client = login(alice)
    url = reverse("import_progress", args=[job.pk])
    fragment = client.get(f"{url}?shown=running", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<progress" in fragment.content.decode()
    assert 'hx-trigger="every 1s"' in fragment.content.decode()
    ImportJob.objects.filter(pk=job.pk).update(status="done")
    moved = client.get(f"{url}?shown=running", headers={"HX-Request": "true"})
    assert moved["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_list_shows_an_empty_state_then_the_teams_imports_only(login, alice, team, mallory):
    client = login(alice)
    assert "No import yet" in client.get(reverse("import_list")).content.decode()
    previewed_job(team, alice)
    previewed_job(mallory.last_team, mallory, name="Theirs.csv")
    page = client.get(reverse("import_list")).content.decode()
    assert "Connections.csv" in page
    assert "Theirs.csv" not in page


@pytest.mark.django_db
def test_contacts_inbox_and_welcome_lead_to_the_import(login, alice, team):
    client = login(alice)
    for name in ("contact_list", "inbox", "welcome"):
        assert reverse("import_list") in client.get(reverse(name)).content.decode()


@pytest.mark.django_db
def test_the_report_lists_a_namesake_to_review_with_a_link_to_compare_and_merge(
    login, alice, team, on_commit
):
    from network.contacts.services import contact_create

    other = contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Tomasz", "family_name": "Wrobel", "company": "Polish Tiles"},
    )
    client = login(alice)
    upload(client, CONNECTIONS)
    job = import_preview(ImportJob.objects.get(team=team))
    preview = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "To review" in preview
    assert reverse("contact_detail", args=[other.pk]) in preview
    client.post(reverse("import_confirm", args=[job.pk]))
    import_apply(job.pk)
    new = Contact.objects.get(given_name="Tomasz", company="Wrobel Freight")
    report = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert reverse("contact_merge", args=[other.pk, new.pk]) in report
    other.refresh_from_db()
    assert other.company == "Polish Tiles"


@pytest.mark.django_db
def test_an_archive_of_thousands_of_files_gives_a_short_report_naming_no_folder(
    login, alice, team, on_commit
):
    """Past MAX_LISTED the members left aside are counted, not listed; each is listed by its
    file name alone (a Facebook export's folders name the people one talked with); past
    MAX_SNIFFED_MEMBERS the members are not opened, and a known export's file is opened first."""
    from network.imports.detect import MAX_SNIFFED_MEMBERS
    from network.imports.tally import MAX_LISTED

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for number in range(MAX_SNIFFED_MEMBERS + 10):
            archive.writestr(f"messages/inbox/marie_dupont_42/message_{number}.json", b"")
        for number in range(MAX_LISTED):
            archive.writestr(f"photos/marie_dupont_42/photo_{number}.jpg", b"")
        archive.writestr("linkedin/Connections.csv", CONNECTIONS)
    client = login(alice)
    upload(client, data.getvalue(), name="export.zip")
    job = import_preview(ImportJob.objects.get(team=team))
    assert job.status == "previewed" and job.counts["new"] == 2
    report = job.report
    assert len(report["skipped_files"]) == MAX_LISTED
    assert report["skipped_files_more"] == MAX_SNIFFED_MEMBERS + 10
    assert "marie_dupont" not in json.dumps(report)
    assert report["skipped_files"][0]["name"] == "message_0.json"
    reasons = Counter(entry["reason"] for entry in report["skipped_files"])
    assert reasons["not read: the archive holds too many files"] == 11  # Connections.csv first
    page = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert f"And {MAX_SNIFFED_MEMBERS + 10} more files left aside, not listed." in page
    assert "marie_dupont" not in page


GENERIC = "Nom complet;Société;Courriel\nJeanne Roussel;Atelier Nord;jeanne@example.org\n"
NAMED = {"Nom complet": "display_name", "Société": "company", "Courriel": "email"}


@pytest.mark.django_db
def test_columns_named_once_the_import_was_confirmed_change_nothing(alice, team, on_commit):
    """The page was read while the job waited; it was confirmed before the columns came."""
    from network.imports.services import import_confirm, import_mapping_save

    job = previewed_job(team, alice, GENERIC, name="export.csv", mapping=NAMED)
    seen = ImportJob.objects.get(pk=job.pk)  # as the view checked it: previewed
    assert import_confirm(job=job, actor=alice)
    renamed = {**NAMED, "Courriel": ""}
    assert import_mapping_save(job=seen, mapping=renamed) is False
    stored = ImportJob.objects.get(pk=job.pk)
    assert (stored.status, stored.mapping) == ("queued", NAMED)
    assert not ColumnMapping.objects.filter(team=team).exists()


@pytest.mark.django_db
def test_a_late_dry_run_moves_only_a_job_still_waiting_for_it_with_its_columns(
    alice, team, on_commit
):
    from network.imports.runs import import_apply
    from network.imports.services import import_confirm, import_mapping_save
    from tests.network.imports.jobs import uploaded_job

    # Two deliveries of the same dry run: the first finished, was confirmed and run.
    job = uploaded_job(team, alice)
    late = ImportJob.objects.get(pk=job.pk)
    import_preview(job)
    assert import_confirm(job=job, actor=alice)
    import_apply(job.pk)
    assert import_preview(late).status == "done"
    assert ImportJob.objects.get(pk=job.pk).status == "done"

    # Columns named again while a dry run read the file with the old ones.
    job = uploaded_job(team, alice, GENERIC, name="export.csv", mapping=NAMED)
    old = ImportJob.objects.get(pk=job.pk)
    assert import_mapping_save(job=job, mapping={**NAMED, "Courriel": ""})
    assert import_preview(old).status == "uploaded"  # its result is not kept
    fresh = import_preview(ImportJob.objects.get(pk=job.pk))
    assert fresh.status == "previewed"
    assert fresh.report["first_rows"][0]["emails"] == []
