"""Uploaded files: the one size check every upload endpoint makes before it reads a byte."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings

from careerpath.errors import InvalidInput


class _Sized(Protocol):
    size: int | None


def upload_check_size(file: _Sized, *, field: str = "file") -> None:
    """Refuse a file larger than ``CAREERPATH_UPLOAD_MAX_MB`` (400, code ``upload_too_large``).

    Django has already spooled the body to a temporary file (above ``FILE_UPLOAD_MAX_MEMORY_SIZE``, not
    to memory); the reverse proxy's body limit keeps the disk bounded too (docs/deployment).
    """
    cap = settings.CAREERPATH_UPLOAD_MAX_BYTES
    if file.size is not None and file.size > cap:
        mb = cap // (1024 * 1024)
        raise InvalidInput(f"文件超过 {mb} MB 的上限，未读取（可通过环境变量 CAREERPATH_UPLOAD_MAX_MB 调整）"
                           f" (the file is larger than {mb} MB; set CAREERPATH_UPLOAD_MAX_MB to change it)",
                           code="upload_too_large", field=field)
