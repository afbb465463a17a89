"""Terminal output for the command line: progress while a long command runs, and tables (rich).

Progress is shown only when the stream is a terminal, so piped or redirected output stays exactly the
command's result (no spinner frames, no ANSI codes).
"""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Protocol

from rich.console import Console, RenderableType
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
    # What the command prints meanwhile goes above the progress line on the same terminal; a piped
    # standard output is left alone.
    with Progress(*columns, console=Console(file=out), transient=True,
                  redirect_stdout=is_terminal(sys.stdout), redirect_stderr=out is sys.stderr) as bar:
        task = bar.add_task(description, total=total)

        def step(description: str | None = None, *, advance: int = 1) -> None:
            bar.update(task, advance=advance, **({"description": description} if description else {}))

        yield step


def render(renderable: RenderableType, *, color: bool = False, width: int | None = None) -> str:
    """Render a rich table (or any renderable) to text: colours only when asked (a terminal), never
    ANSI codes for a pipe or a file; trailing blanks trimmed so the text diffs and greps cleanly."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or (shutil.get_terminal_size().columns if color else 240),
                      force_terminal=color, no_color=not color, color_system="standard" if color else None,
                      highlight=False, emoji=False, markup=False)
    console.print(renderable)
    return "\n".join(line.rstrip() for line in buffer.getvalue().rstrip("\n").split("\n"))
