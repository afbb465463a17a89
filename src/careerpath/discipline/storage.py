"""Where case documents are kept: MEDIA_ROOT when configured, else ``var/media`` beside the database.

Disciplinary documents are personal data (PIPL): they are never served as static URLs, only streamed
by the API to people whose scope covers the employee.
"""

from __future__ import annotations

import uuid
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

from careerpath import clock


@deconstructible
class DocumentStorage(FileSystemStorage):
    @cached_property
    def base_location(self) -> str:
        # Read lazily (and reset by the setting_changed signal), so tests and deployments can move it.
        configured = self._value_or_setting(self._location, settings.MEDIA_ROOT)
        return str(configured) if configured else str(Path(settings.VAR_DIR) / "media")


document_storage = DocumentStorage()


def document_upload_to(instance: object, filename: str) -> str:
    """A random stored name: the uploader's file name is kept as data, never trusted as a path."""
    suffix = PurePath(filename).suffix.lower()[:16]
    today = clock.today()
    return f"discipline/{today:%Y/%m}/{uuid.uuid4().hex}{suffix}"
