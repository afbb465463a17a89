"""Terminal output for the command line: progress while a long command runs, and tables (rich).

Progress is shown only when the stream is a terminal, so piped or redirected output stays exactly the
command's result (no spinner frames, no ANSI codes).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)


class Steps(Protocol):
    def __call__(self, description: str | None = None, *, advance: int = 1) -> None: ...


def is_terminal(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@contextmanager
def progress(description: str, total: int | None = None, *, stream: IO[str] | None = None) -> Iterator[Steps]:
    """Show a progress line on ``stream`` (stderr) while the block runs; yield ``step(description)``.

    ``total`` None shows a running bar for work whose size is unknown in advance. Nothing at all is
    written when ``stream`` is not a terminal.
    """
    out = stream if stream is not None else sys.stderr
    if not is_terminal(out):
        def quiet(description: str | None = None, *, advance: int = 1) -> None:
            return None

        yield quiet
        return
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn()]
    if total is not None:
        columns.append(MofNCompleteColumn())
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=Console(file=out), transient=True) as bar:
        task = bar.add_task(description, total=total)

        def step(description: str | None = None, *, advance: int = 1) -> None:
            bar.update(task, advance=advance, **({"description": description} if description else {}))

        yield step


def table_console(stream: IO[str] | None = None, *, width: int | None = None) -> Console:
    """A console for tables: colours only on a terminal, never ANSI codes in a pipe or a file."""
    out = stream if stream is not None else sys.stdout
    terminal = is_terminal(out)
    return Console(file=out, width=width or (None if terminal else 160), force_terminal=terminal,
                   no_color=not terminal, color_system="auto" if terminal else None, highlight=False,
                   soft_wrap=False)
