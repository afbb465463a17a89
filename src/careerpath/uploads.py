"""Uploaded files: the one size check every upload endpoint makes before it reads a byte."""

from __future__ import annotations

import contextlib
import re
import secrets
import time
from collections.abc import Iterable
from pathlib import Path
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


# --- staged uploads: a file checked now and used by a later request (an import's preview, then its commit) --

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
STAGE_MAX_AGE_SECONDS = 24 * 3600


def _stage_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "staged-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_stage(chunks: Iterable[bytes], *, suffix: str = ".xlsx") -> str:
    """Keep an uploaded file on the server under a random token (not guessable, never the user's name).

    Old staged files (a preview nobody committed) are removed on the way: each is at most the upload cap.
    """
    folder = _stage_dir()
    cutoff = time.time() - STAGE_MAX_AGE_SECONDS
    for old in folder.iterdir():
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < cutoff:
                old.unlink()
    token = secrets.token_urlsafe(24)
    with (folder / f"{token}{suffix}").open("wb") as fh:
        for chunk in chunks:
            fh.write(chunk)
    return token


def upload_staged_path(token: str, *, suffix: str = ".xlsx") -> Path | None:
    """The staged file of ``token``, or None when the token is malformed or the file is gone."""
    if not _TOKEN.match(token or ""):
        return None
    path = _stage_dir() / f"{token}{suffix}"
    return path if path.is_file() else None


def upload_discard(token: str, *, suffix: str = ".xlsx") -> None:
    path = upload_staged_path(token, suffix=suffix)
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()
