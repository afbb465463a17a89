"""Attached files (a praise letter's scan, a certificate, an objection's proof): checked, stored, served.

One path for every attachment a page accepts:

- ``attachment_check(upload, field=...)`` refuses a file over ``CAREERPATH_ATTACHMENT_MAX_MB`` or of a
  type other than PDF, PNG, JPEG or WebP — decided by the file's first bytes, never by its name or the
  browser's claim — and returns the bytes with the real type and a safe display name;
- a model keeps the file in a ``FileField(storage=attachment_storage, upload_to=attachment_upload_to)``
  with ``content_type``, ``size`` and ``sha256`` beside it (stored names are random; the uploader's name
  is data);
- ``attachment_response(...)`` streams it to a person the *calling view* has found allowed to see the
  record it belongs to. Attachments are personal data (PIPL): there is no public URL for them.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

from careerpath import clock
from careerpath.errors import InvalidInput

# The signatures of the accepted types: (content type, suffix, test on the first bytes).
_TYPES: tuple[tuple[str, str, Any], ...] = (
    ("application/pdf", ".pdf", lambda b: b.startswith(b"%PDF-")),
    ("image/png", ".png", lambda b: b.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/jpeg", ".jpg", lambda b: b.startswith(b"\xff\xd8\xff")),
    ("image/webp", ".webp", lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP"),
)
ACCEPT = ",".join(t for t, _, _ in _TYPES) + ",.pdf,.png,.jpg,.jpeg,.webp"  # for <input accept=...>


def sniff_type(head: bytes) -> str | None:
    """The accepted content type a file's first bytes (16 suffice) show, or None for any other file."""
    return next((t for t, _sfx, test in _TYPES if test(head)), None)


def max_bytes() -> int:
    return int(getattr(settings, "CAREERPATH_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


@dataclass(frozen=True, slots=True)
class CheckedFile:
    name: str  # the uploader's file name, cleaned (display only)
    content: bytes
    content_type: str
    suffix: str

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def attachment_check(upload: Any, *, field: str = "attachment") -> CheckedFile:
    """Read an uploaded file within the limits, or raise :class:`InvalidInput` naming ``field``."""
    cap = max_bytes()
    mb = cap // (1024 * 1024)
    size = getattr(upload, "size", None)
    if size is not None and size > cap:
        raise InvalidInput(f"附件超过 {mb} MB 的上限 (the attachment is larger than {mb} MB)",
                           code="attachment_too_large", field=field)
    content = upload.read(cap + 1)
    if len(content) > cap:
        raise InvalidInput(f"附件超过 {mb} MB 的上限 (the attachment is larger than {mb} MB)",
                           code="attachment_too_large", field=field)
    if not content:
        raise InvalidInput("附件是空文件 (the attachment is empty)", code="attachment_empty", field=field)
    found = next(((t, sfx) for t, sfx, test in _TYPES if test(content)), None)
    if found is None:
        raise InvalidInput("附件须为 PDF、PNG、JPEG 或 WebP 文件 (the attachment must be a PDF, PNG, JPEG or "
                           "WebP file)", code="attachment_type", field=field)
    content_type, suffix = found
    raw = str(getattr(upload, "name", "") or "")
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or f"attachment{suffix}"
    return CheckedFile(name=name, content=content, content_type=content_type, suffix=suffix)


@deconstructible
class AttachmentStorage(FileSystemStorage):
    """MEDIA_ROOT when configured, else ``var/media`` beside the database (where discipline keeps its documents).

    Its own class rather than ``discipline.storage``'s: evidence and promotions models keep attachments too,
    and the layer contracts keep promotions from importing discipline.
    """

    @cached_property
    def base_location(self) -> str:
        # Read lazily (and reset by the setting_changed signal), so tests and deployments can move it.
        configured = self._value_or_setting(self._location, settings.MEDIA_ROOT)
        return str(configured) if configured else str(Path(settings.VAR_DIR) / "media")


attachment_storage = AttachmentStorage()


def attachment_upload_to(instance: object, filename: str) -> str:
    """A random stored name under the owning app's folder; the uploader's name is never a path."""
    folder = getattr(getattr(instance, "_meta", None), "app_label", "attachments")
    suffix = PurePath(filename).suffix.lower()[:8]
    today = clock.today()
    return f"{folder}/{today:%Y/%m}/{uuid.uuid4().hex}{suffix}"


def attachment_response(file: FieldFile, *, file_name: str, content_type: str) -> FileResponse:
    """Stream a stored attachment; the caller has checked who may see it."""
    # Shown inline (a photo, a PDF) but never run: the type is the one sniffed at upload, the browser
    # may not guess another, and a sandbox keeps a crafted PDF from scripting the site.
    response = FileResponse(file.open("rb"), content_type=content_type, filename=file_name, as_attachment=False)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; object-src 'self'"
    response["Cache-Control"] = "private, no-store"
    return response
