"""Build the English catalog from its part files: ``python -m careerpath.web.catalog`` (``make messages``).

Each part of the site keeps its English in ``locale/en/parts/<part>.po``, so parts never edit one file.
Where two parts translate the same msgid, the page's wording wins over the generic one of the models and
the admin (``models.po`` comes last): "公示中" is "Running" on the notice board, and the admin shows the
same word. GNU gettext (msgcat, msgfmt) builds it; Django reads the result.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LOCALE_EN = Path(__file__).resolve().parent / "locale" / "en"
GENERIC = ("models.po",)  # taken last: only for msgids no page translates


def catalog_parts(locale_dir: Path = LOCALE_EN) -> list[Path]:
    parts = sorted((locale_dir / "parts").glob("*.po"))
    return [p for p in parts if p.name not in GENERIC] + [p for p in parts if p.name in GENERIC]


def catalog_build(out_dir: Path, locale_dir: Path = LOCALE_EN) -> Path:
    """Merge the parts into ``out_dir/django.po`` and compile ``django.mo``; return the .po path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    po, mo = out_dir / "django.po", out_dir / "django.mo"
    subprocess.run(["msgcat", "--use-first", "--sort-output", "-o", str(po),
                    *map(str, catalog_parts(locale_dir))], check=True)
    subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)
    return po


if __name__ == "__main__":
    catalog_build(LOCALE_EN / "LC_MESSAGES")
    sys.exit(0)
