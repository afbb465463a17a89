"""What ``migrate`` leaves in a database, so a fresh install is complete (calendar, policy version).

Each app registers its step with :func:`after_migrate`; the step runs on the default database once the
tables it needs exist (a partial or backwards migration leaves them missing) and says what it did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import DEFAULT_DB_ALIAS, connections


def after_migrate(step: Callable[[], str | None], *, tables: Callable[[], Iterable[str]]) -> Callable[..., None]:
    """Wrap ``step`` (returning a line to print, or None) as a post_migrate receiver."""

    def receiver(*, using: str = DEFAULT_DB_ALIAS, verbosity: int = 1, **kwargs: object) -> None:
        if using != DEFAULT_DB_ALIAS:
            return
        if not set(tables()) <= set(connections[using].introspection.table_names()):
            return  # migrated backwards, or only part of the way: nothing to load into yet
        line = step()
        if line and verbosity >= 1:
            stdout = kwargs.get("stdout")
            if stdout is not None:
                stdout.write(line)  # type: ignore[attr-defined]
            else:
                print(line)

    return receiver
