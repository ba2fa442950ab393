"""Uploads that never hold a file in memory and stop at the size limit.

The declared length is checked before anything is read; a body that lies about its length
(or has none) is cut off by the handler the moment it passes the limit. What arrives streams
to a temporary file, removed when the request ends.
"""

from __future__ import annotations

from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler

# A multipart body is the file plus its envelope (boundaries, the CSRF token, the kind).
ENVELOPE = 64 * 1024


def declared_too_big(request, limit: int) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limit + ENVELOPE


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Streams the file to a temporary file; stops reading once it passes ``limit`` bytes."""

    def __init__(self, request, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_big = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_big = True
            self.file.close()  # a temporary file goes when it is closed
            raise StopUpload(connection_reset=True)
        return super().receive_data_chunk(raw_data, start)
