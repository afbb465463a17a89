"""The ``careerpath`` console script.

Pure commands (evaluate --workbook, template, synth, validate-policy) run without Django, so a
stateless evaluation of a workbook never touches a database. Everything else is a Django management
command (import, export, demo, migrate, createsuperuser, ...), passed through unchanged.

Bad input exits with status 2 and a message naming what and where; never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from careerpath.core.policy import Policy
    from careerpath.core.results import Evaluation
    from careerpath.workbook.limits import ReadLimits
    from careerpath.workbook.reader import WorkbookInvalid

PURE_COMMANDS = ("evaluate", "template", "synth", "validate-policy")

# Django commands that run before (or without) a migrated database; every other one needs it.
# `demo` migrates by itself.
NO_DATABASE_COMMANDS = frozenset({
    "migrate", "help", "check", "makemigrations", "showmigrations", "sqlmigrate", "squashmigrations",
    "optimizemigration", "version", "diffsettings", "startapp", "startproject", "compilemessages",
    "makemessages", "collectstatic", "findstatic", "test", "testserver", "shell", "dbshell", "demo",
})
# Django commands that take a while: a progress line on the terminal while they run.
LONG_COMMANDS = {"import": "导入 importing …", "export": "导出 exporting …", "apply_effective": "生效 applying …",
                 "cycle_open": "开启评选 opening the cycle …", "refresh_eligibility": "刷新资格 refreshing …",
                 "propose_awards": "提出评优候选人 proposing award candidates …"}
MIGRATE_FIRST = "请先运行 careerpath migrate (run careerpath migrate first)"


class UsageError(Exception):
    """Bad input from the user: reported on stderr with exit status 2."""


def today() -> date:
    """The default as-of date: careerpath.clock (CAREERPATH_TODAY if pinned, else today in the site's zone)."""
    from careerpath import clock

    try:
        return clock.today()
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: 日期格式应为 YYYY-MM-DD (expected YYYY-MM-DD), got {text!r}") from None


def _load_policy(name: str | None) -> Policy:
    from careerpath.core.loader import DEFAULT_POLICY, PolicyError, load_policy

    try:
        return load_policy(name or os.environ.get("CAREERPATH_POLICY") or DEFAULT_POLICY)
    except PolicyError as exc:
        raise UsageError(str(exc)) from None


def _active_policy() -> Policy:
    _setup_django()
    from careerpath.core.loader import PolicyError
    from careerpath.policy_versions.selectors import active_policy

    try:
        return active_policy()
    except PolicyError as exc:
        raise UsageError(str(exc)) from None


def _workbook_errors(exc: WorkbookInvalid, errors_file: str | None) -> str:
    """The first 100 errors and the total; with ``--errors FILE.xlsx`` every error goes to that file."""
    lines = [f"工作簿有 {len(exc.errors)} 处错误，未做任何处理 (the workbook has {len(exc.errors)} error(s)):"]
    lines += [f"  {e}" for e in exc.listed()]
    more = exc.more_line()
    if more:
        lines.append(f"  {more}")
    if errors_file:
        from careerpath.workbook.writer.errors import write_errors_xlsx

        write_errors_xlsx(errors_file, exc.errors)
        lines.append(f"全部 {len(exc.errors)} 处错误已写入 {errors_file} (every error written to {errors_file})")
    return "\n".join(lines)


def _workbook_limits() -> ReadLimits:
    from django.core.exceptions import ImproperlyConfigured

    from careerpath.config.env import env_workbook_limits

    try:
        return env_workbook_limits()
    except ImproperlyConfigured as exc:
        raise UsageError(str(exc)) from None


# ---------------------------------------------------------------------------------------------------
# evaluate


def cmd_evaluate(args: argparse.Namespace) -> int:
    # A one-shot run over hundreds of thousands of acyclic records: the cyclic garbage collector
    # would only rescan them again and again (about a second on 10,000 employees). Restored after,
    # for callers that run the command in-process (tests, the demo).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _evaluate(args)
    finally:
        if enabled:
            gc.enable()


def _evaluate(args: argparse.Namespace) -> int:
    if not args.workbook:
        _require_migrated()
    if args.workbook or args.policy:
        policy = _load_policy(args.policy)
    else:
        policy = _active_policy()  # the database runs the active published version
    as_of = _parse_date(args.as_of, "--as-of") if args.as_of else today()
    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx 需要 --output FILE.xlsx (xlsx output needs --output)")
    from careerpath.terminal import progress

    with progress("读取 reading …", total=3) as step:
        if args.workbook:
            from careerpath.workbook.reader import WorkbookInvalid, read_workbook

            try:
                population = read_workbook(args.workbook, policy, limits=_workbook_limits()).population()
            except WorkbookInvalid as exc:
                raise UsageError(_workbook_errors(exc, args.errors)) from None
        else:
            population = _population_from_database(policy)
        if args.employee and args.employee not in population.people:
            raise UsageError(f"--employee: 未找到工号 no employee with 工号 {args.employee!r}")
        step(f"评定 evaluating {len(population.people)} …")

        from careerpath.core.engine import evaluate

        evaluation = evaluate(population, policy, as_of, lang=args.lang, employee_no=args.employee,
                              placements=args.placements)
        step("输出 writing …")
        text = _render(evaluation, policy, args)
        step()
    if text is not None:
        sys.stdout.write(text + "\n")
    return 0


def _population_from_database(policy: Policy):  # noqa: ANN202 - Population, imported lazily
    _setup_django()
    from careerpath.evaluation.selectors import population_load

    # The one evaluation path's loader, so the CLI sees exactly what the API and the pages see.
    return population_load(policy=policy)


def _render(evaluation: Evaluation, policy: Policy, args: argparse.Namespace) -> str | None:
    """Write the result to ``--output``, or return the text for standard output."""
    if args.format == "xlsx":
        from careerpath.workbook.writer import write_evaluation_xlsx

        write_evaluation_xlsx(args.output, evaluation, policy, lang=args.lang)
        print(f"已写入 {args.output}: {len(evaluation.results)} 行 (rows)", file=sys.stderr)
        return None
    terminal = sys.stdout.isatty() and not args.output
    if args.format == "json":
        data = evaluation.to_dict(include_placements=args.placements)
        text = json.dumps(data, ensure_ascii=False, indent=2 if terminal else None)
    else:
        text = render_table(evaluation, policy, lang=args.lang, color=terminal)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        return None
    return text


LABEL_WIDTH, ACTUAL_WIDTH = 50, 40  # terminal columns; longer texts end in "…"


def render_table(evaluation: Evaluation, policy: Policy, *, lang: str = "zh", color: bool = False,
                 width: int | None = None) -> str:
    """A terminal table: one block per person and move, one aligned row per criterion.

    rich measures CJK characters as two columns. Without ``color`` the text has no ANSI codes (a pipe,
    a file); ``width`` defaults to the terminal's when colouring, else wide enough never to clip more
    than the label and actual columns' own limits.
    """
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from careerpath.terminal import render

    parts: list = []
    en = lang.startswith("en")
    name = {c: (lv.name.en if en else lv.name.zh) for c, lv in policy.levels.items()}
    parts.append(Text(f"{'as of' if en else '评定日期'} {evaluation.as_of.isoformat()}  ·  "
                      f"{'policy' if en else '策略'} {evaluation.policy_name} {evaluation.policy_version}"))
    for r in evaluation.results:
        verdict = ("ELIGIBLE" if en else "✓ 符合") if r.eligible else ("not eligible" if en else "✗ 不符合")
        kind = ("lateral" if en else "横向") if r.move == "lateral" else ("promotion" if en else "晋升")
        parts.append(Text(""))
        parts.append(Text(f"{r.employee_no} {r.name}  {name.get(r.current_level, r.current_level)} → "
                          f"{name.get(r.target_level, r.target_level)} [{kind}]  {verdict}",
                          style="bold green" if r.eligible else "bold"))
        table = Table(show_header=False, box=None, pad_edge=False, padding=(0, 1))
        table.add_column(max_width=LABEL_WIDTH, no_wrap=True, overflow="ellipsis")
        table.add_column(max_width=ACTUAL_WIDTH, no_wrap=True, overflow="ellipsis")
        table.add_column(no_wrap=True, overflow="ellipsis")
        for c in r.criteria:
            mark = "✓" if c.passed else "✗"
            table.add_row(f"{mark} {c.label}", c.actual, c.required, style=None if c.passed else "red")
        parts.append(Padding(table, (0, 0, 0, 2)))
    eligible = sum(1 for r in evaluation.results if r.eligible)
    parts.append(Text(""))
    parts.append(Text(f"{len(evaluation.results)} {'moves evaluated' if en else '项评定'}, "
                      f"{eligible} {'eligible' if en else '项符合'}"))
    return render(Group(*parts), color=color, width=width)


# ---------------------------------------------------------------------------------------------------
# template, synth, validate-policy


def cmd_template(args: argparse.Namespace) -> int:
    from careerpath.workbook.writer import write_template

    policy = _load_policy(args.policy)
    _check_writable(args.file)
    write_template(args.file, policy)
    print(f"已写入模板 template written: {args.file}")
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from careerpath.workbook.synth import synth
    from careerpath.workbook.writer import write_workbook

    if args.employees < 1:
        raise UsageError("--employees 应为正整数 must be a positive number")
    policy = _load_policy(args.policy)
    as_of = _parse_date(args.as_of, "--as-of") if args.as_of else today()
    _check_writable(args.out)
    from careerpath.terminal import progress

    with progress(f"生成 generating {args.employees} …", total=2) as step:
        data = synth(args.employees, seed=args.seed, as_of=as_of, policy=policy)
        step(f"写入 writing {args.out} …")
        write_workbook(args.out, data, policy=policy)
        step()
    print(f"已生成 {args.employees} 名员工 generated {args.employees} employees: {args.out}")
    return 0


def cmd_validate_policy(args: argparse.Namespace) -> int:
    from careerpath.core.loader import PolicyError, load_policy

    try:
        policy = load_policy(args.file)
    except PolicyError as exc:
        raise UsageError(str(exc)) from None
    print(f"✓ {policy.name} {policy.version}: {len(policy.levels)} 个职级 levels, {len(policy.moves)} 条路径 moves, "
          f"{len(policy.placement)} 项初评标准 placement standards")
    return 0


def _check_writable(path: str) -> None:
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        raise UsageError(f"目录不存在 directory does not exist: {parent}")


# ---------------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="careerpath",
        description="客服晋升通道及管理办法 — customer-service career ladder and promotion policy.",
        epilog="Other commands (import, export, demo, migrate, createsuperuser, runserver, ...) are "
               "Django management commands: careerpath help <command>.",
    )
    sub = p.add_subparsers(dest="command")

    e = sub.add_parser("evaluate", help="evaluate eligibility (from a workbook, or the database)")
    e.add_argument("--workbook", help="standard workbook .xlsx; without it the database is evaluated")
    e.add_argument("--as-of", help="evaluation date YYYY-MM-DD (default: today)")
    e.add_argument("--policy", help="preset name or policy YAML file (default: logistics-dual-track)")
    e.add_argument("--employee", help="only this 工号")
    e.add_argument("--format", choices=("json", "table", "xlsx"), default="json")
    e.add_argument("--output", help="write to this file instead of standard output")
    e.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of labels (default zh)")
    e.add_argument("--placements", action="store_true", help="also compute initial placement (初评) proposals")
    e.add_argument("--errors", metavar="FILE.xlsx",
                   help="with --workbook: write every error (sheet, row, column, message) to this .xlsx; "
                        "only the first 100 are printed")
    e.set_defaults(func=cmd_evaluate)

    t = sub.add_parser("template", help="write an empty standard workbook with instructions")
    t.add_argument("file")
    t.add_argument("--policy")
    t.set_defaults(func=cmd_template)

    s = sub.add_parser("synth", help="generate a realistic synthetic company as a standard workbook")
    s.add_argument("--employees", type=int, required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--seed", type=int, default=7)
    s.add_argument("--as-of", help="data up to this date (default: today)")
    s.add_argument("--policy")
    s.set_defaults(func=cmd_synth)

    v = sub.add_parser("validate-policy", help="check a policy YAML file and list every problem")
    v.add_argument("file")
    v.set_defaults(func=cmd_validate_policy)
    return p


def _fail(message: str) -> NoReturn:
    print(f"careerpath: {message}", file=sys.stderr)
    raise SystemExit(2)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerpath.config.settings")
    import django

    django.setup()


def _require_migrated() -> None:
    """Stop with a clear message when the database is missing tables (before ``careerpath migrate``)."""
    _setup_django()
    from django.core import checks
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    # A broken configuration (e.g. a bad CAREERPATH_TODAY, check careerpath.E001) is the first thing to fix.
    serious = [e for e in checks.run_checks() if e.is_serious()]
    if serious:
        raise UsageError("配置有误 the configuration is invalid:\n" + "\n".join(f"  {e}" for e in serious))
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        raise UsageError(f"无法连接数据库 cannot open the database ({exc}); check DATABASE_URL") from None
    if pending:
        raise UsageError(MIGRATE_FIRST)


def _run_django(argv: list[str]) -> int:
    """A Django management command: migrate, import, export, demo, createsuperuser, ..."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerpath.config.settings")
    # `apply-effective` reads better on a command line; Django's command module is apply_effective.
    command = argv[0].replace("-", "_")
    asks_help = any(a in ("-h", "--help") for a in argv[1:])
    if command not in NO_DATABASE_COMMANDS and not asks_help:
        try:
            _require_migrated()
        except UsageError as exc:
            _fail(str(exc))
    from django.core.management import execute_from_command_line

    from careerpath.terminal import progress

    label = LONG_COMMANDS.get(command) if not asks_help else None
    if label is None:
        execute_from_command_line(["careerpath", command, *argv[1:]])
        return 0
    with progress(label):
        execute_from_command_line(["careerpath", command, *argv[1:]])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in PURE_COMMANDS and argv[0] not in ("-h", "--help"):
        return _run_django(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except UsageError as exc:
        _fail(str(exc))
    except FileNotFoundError as exc:
        _fail(f"文件不存在 file not found: {exc.filename}")
    except PermissionError as exc:
        _fail(f"无权限 permission denied: {exc.filename}")
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
