"""careerpath export FILE.xlsx — write the database back as a standard workbook."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careerpath.evidence.selectors import workbook_data_from_db
from careerpath.evidence.services import KIND_LABELS

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = "把数据库导出为标准工作簿。Export the database as a standard workbook."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="输出文件 .xlsx")

    def handle(self, *args: object, file: str, **options: object) -> None:
        from careerpath.workbook.writer import write_workbook

        path = Path(file)
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"输出文件应为 .xlsx：{file}", returncode=EXIT_BAD_INPUT)
        if not path.parent.is_dir():
            raise CommandError(f"目录不存在：{path.parent}", returncode=EXIT_BAD_INPUT)
        data = workbook_data_from_db(source=str(path))
        write_workbook(path, data)
        counts = "，".join(f"{KIND_LABELS.get(kind, kind)} {n}" for kind, n in data.counts().items())
        self.stdout.write(f"已导出 {path}：{counts}")
