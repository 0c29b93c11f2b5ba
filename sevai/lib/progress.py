"""A rich progress bar for long commands, driven by (stage, done, total) callbacks."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

StageCallback = Callable[[str, int, int], None]


def stage_label(stage: str, names: Mapping[str, Any]) -> str:
    """The stage's name from `names`; "prefix:stage" shows as "Name (prefix)"."""
    prefix, _sep, name = stage.rpartition(":")
    return str(names.get(name, name)) + (f" ({prefix})" if prefix else "")


@contextmanager
def progress_bar(quiet: bool, names: Mapping[str, Any]) -> Iterator[StageCallback]:
    """One bar per stage on stderr (stdout stays clean for a JSON line); quiet: no output."""
    if quiet:
        yield lambda stage, done, total: None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    tasks: dict[str, Any] = {}
    move = bar.update  # rich's bar, not the database

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage_label(stage, names), total=total)
        move(tasks[stage], completed=done, total=total)

    with bar:
        yield update
