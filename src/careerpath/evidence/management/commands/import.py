"""careerpath import FILE.xlsx — import a standard workbook, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careerpath.core.loader import PolicyError, load_policy
from careerpath.evidence.services import workbook_import
from careerpath.workbook.reader import WorkbookInvalid

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = "导入标准工作簿（全部成功或全部不写入）。Import a standard workbook, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="标准工作簿 .xlsx")
        parser.add_argument("--policy", help="策略名称或 YAML 文件（默认 CAREERPATH_POLICY）")
        parser.add_argument("--errors", metavar="FILE.xlsx",
                            help="把全部错误（工作表、行、列、说明）写入 .xlsx；屏幕上只列前 100 处 "
                                 "(write every error to this .xlsx; only the first 100 are printed)")

    def handle(self, *args: object, file: str, policy: str | None, errors: str | None = None,
               **options: object) -> None:
        from django.conf import settings

        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}", returncode=EXIT_BAD_INPUT)
        try:
            pol = load_policy(policy or settings.CAREERPATH_POLICY)
        except PolicyError as exc:
            raise CommandError(str(exc), returncode=EXIT_BAD_INPUT) from None
        try:
            result = workbook_import(path=path, policy=pol)
        except WorkbookInvalid as exc:
            for error in exc.listed():
                self.stderr.write(str(error))
            more = exc.more_line()
            if more:
                self.stderr.write(more)
            if errors:
                from careerpath.workbook.writer.errors import write_errors_xlsx

                write_errors_xlsx(errors, exc.errors)
                self.stderr.write(f"全部 {len(exc.errors)} 处错误已写入 {errors} (every error written to {errors})")
            raise CommandError(
                f"工作簿有 {len(exc.errors)} 处错误，未导入任何数据。", returncode=EXIT_BAD_INPUT
            ) from None
        for line in result.lines():
            self.stdout.write(line)
