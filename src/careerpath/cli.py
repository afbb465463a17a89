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
import unicodedata
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from careerpath.core.policy import Policy
    from careerpath.core.results import Evaluation

PURE_COMMANDS = ("evaluate", "template", "synth", "validate-policy")


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


def _workbook_errors(exc: Exception) -> str:
    errors = getattr(exc, "errors", [])
    lines = [f"工作簿有 {len(errors)} 处错误，未做任何处理 (the workbook has {len(errors)} error(s)):"]
    lines += [f"  {e}" for e in errors]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# evaluate


def cmd_evaluate(args: argparse.Namespace) -> int:
    # A one-shot run over hundreds of thousands of acyclic records: the cyclic garbage collector
    # would only rescan them again and again (about a second on 10,000 employees).
    gc.disable()
    if args.workbook or args.policy:
        policy = _load_policy(args.policy)
    else:
        policy = _active_policy()  # the database runs the active published version
    as_of = _parse_date(args.as_of, "--as-of") if args.as_of else today()
    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx 需要 --output FILE.xlsx (xlsx output needs --output)")
    if args.workbook:
        from careerpath.workbook.reader import WorkbookInvalid, read_workbook

        try:
            population = read_workbook(args.workbook, policy).population()
        except WorkbookInvalid as exc:
            raise UsageError(_workbook_errors(exc)) from None
    else:
        population = _population_from_database(policy)
    if args.employee and args.employee not in population.people:
        raise UsageError(f"--employee: 未找到工号 no employee with 工号 {args.employee!r}")

    from careerpath.core.engine import evaluate

    evaluation = evaluate(population, policy, as_of, lang=args.lang, employee_no=args.employee,
                          placements=args.placements)
    _render(evaluation, policy, args)
    return 0


def _population_from_database(policy: Policy):  # noqa: ANN202 - Population, imported lazily
    _setup_django()
    from careerpath.evaluation.selectors import population_load

    # The one evaluation path's loader, so the CLI sees exactly what the API and the pages see.
    return population_load(policy=policy)


def _render(evaluation: Evaluation, policy: Policy, args: argparse.Namespace) -> None:
    if args.format == "xlsx":
        from careerpath.workbook.writer import write_evaluation_xlsx

        write_evaluation_xlsx(args.output, evaluation, policy, lang=args.lang)
        print(f"已写入 {args.output}: {len(evaluation.results)} 行 (rows)", file=sys.stderr)
        return
    if args.format == "json":
        data = evaluation.to_dict(include_placements=args.placements)
        text = json.dumps(data, ensure_ascii=False, indent=2 if sys.stdout.isatty() and not args.output else None)
    else:
        text = render_table(evaluation, policy, lang=args.lang)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


def display_width(text: str) -> int:
    """Terminal columns taken by ``text``: CJK characters are two columns wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def render_table(evaluation: Evaluation, policy: Policy, *, lang: str = "zh") -> str:
    """A terminal table: one block per person and move, one aligned row per criterion."""
    en = lang.startswith("en")
    name = {c: (lv.name.en if en else lv.name.zh) for c, lv in policy.levels.items()}
    out = [
        f"{'as of' if en else '评定日期'} {evaluation.as_of.isoformat()}  ·  "
        f"{'policy' if en else '策略'} {evaluation.policy_name} {evaluation.policy_version}",
    ]
    for r in evaluation.results:
        verdict = ("ELIGIBLE" if en else "✓ 符合") if r.eligible else ("not eligible" if en else "✗ 不符合")
        kind = ("lateral" if en else "横向") if r.move == "lateral" else ("promotion" if en else "晋升")
        out.append("")
        out.append(f"{r.employee_no} {r.name}  {name.get(r.current_level, r.current_level)} → "
                   f"{name.get(r.target_level, r.target_level)} [{kind}]  {verdict}")
        rows = []
        for c in r.criteria:
            rows.append(("✓" if c.passed else "✗", c.label, c.actual, c.required))
        w1 = min(max((display_width(x[1]) for x in rows), default=0), 48)
        w2 = min(max((display_width(x[2]) for x in rows), default=0), 40)
        for mark, label, actual, required in rows:
            out.append(f"  {mark} {pad(_clip(label, 48), w1)}  {pad(_clip(actual, 40), w2)}  {required}")
    eligible = sum(1 for r in evaluation.results if r.eligible)
    out.append("")
    out.append(f"{len(evaluation.results)} {'moves evaluated' if en else '项评定'}, "
               f"{eligible} {'eligible' if en else '项符合'}")
    return "\n".join(out)


def _clip(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 1:
            return out + "…"
        out += ch
    return out


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
    data = synth(args.employees, seed=args.seed, as_of=as_of, policy=policy)
    write_workbook(args.out, data, policy=policy)
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


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in PURE_COMMANDS and argv[0] not in ("-h", "--help"):
        # A Django management command: migrate, import, export, demo, createsuperuser, ...
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerpath.config.settings")
        from django.core.management import execute_from_command_line

        # `apply-effective` reads better on a command line; Django's command module is apply_effective.
        execute_from_command_line(["careerpath", argv[0].replace("-", "_"), *argv[1:]])
        return 0
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
