"""Import jobs for the view, task and access tests: a real file in private storage, read."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.core.files.base import ContentFile

from network.imports.models import ImportJob
from network.imports.services import import_preview

CONNECTIONS = (
    "Notes:\n"
    '"Exported from LinkedIn; some emails may be missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Inès,Caradec,https://www.linkedin.com/in/in%C3%A8s-caradec,,Atelier Caradec,Owner,"
    "27 Jun 2026\n"
    "Tomasz,Wrobel,https://www.linkedin.com/in/tomasz-wrobel,tw@example.org,Wrobel Freight,"
    "CEO,03 Jan 2025\n"
)


def uploaded_job(team, user, text: str = CONNECTIONS, name: str = "Connections.csv", **fields):
    """A job as the upload leaves it (sniffed, file stored), its dry run not run yet."""
    from network.imports.runs import describe, sniff

    job = ImportJob(
        team=team,
        created_by=user,
        kind=fields.pop("kind", "contacts"),
        token=uuid.uuid4().hex,
        original_name=name,
        size=len(text.encode()),
        **fields,
    )
    job.file.save(job.token, ContentFile(text.encode()), save=False)
    describe(job, sniff(Path(job.file.path), name, job.kind))
    job.save()
    return job


def previewed_job(team, user, text: str = CONNECTIONS, **fields) -> ImportJob:
    return import_preview(uploaded_job(team, user, text, **fields))
