"""The workbook package is pure Python: importing it must not pull in Django."""

from __future__ import annotations

import subprocess
import sys


def test_the_workbook_package_does_not_import_django():
    code = (
        "import sys\n"
        "import careerpath.workbook.schema, careerpath.workbook.cells, careerpath.workbook.reader\n"
        "import careerpath.workbook.writer, careerpath.workbook.synth, careerpath.workbook.synth_data\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert out.stdout.strip() == "[]"
