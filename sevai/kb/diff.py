"""Differences between two revisions, line by line (difflib), for the revisions page.

The result is data, not HTML: the template escapes each line like any other text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sevai.kb.models import Revision

CONTEXT_LINES = 3


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add", "remove", "same" or "gap" (lines left out between hunks)
    text: str
    old_number: int | None = None
    new_number: int | None = None


@dataclass(frozen=True)
class RevisionDiff:
    old: Revision
    new: Revision
    title_changed: bool
    lines: list[DiffLine]

    @property
    def added(self) -> int:
        return sum(line.kind == "add" for line in self.lines)

    @property
    def removed(self) -> int:
        return sum(line.kind == "remove" for line in self.lines)


def diff_lines(old: str, new: str, *, context: int = CONTEXT_LINES) -> list[DiffLine]:
    a, b = old.split("\n"), new.split("\n")
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if out:
            out.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(DiffLine("same", a[i], i + 1, j1 + (i - i1) + 1) for i in range(i1, i2))
                continue
            if tag in ("replace", "delete"):
                out.extend(DiffLine("remove", a[i], old_number=i + 1) for i in range(i1, i2))
            if tag in ("replace", "insert"):
                out.extend(DiffLine("add", b[j], new_number=j + 1) for j in range(j1, j2))
    return out


def diff_revisions(old: Revision, new: Revision) -> RevisionDiff:
    return RevisionDiff(
        old=old,
        new=new,
        title_changed=old.title != new.title,
        lines=diff_lines(old.body_markdown, new.body_markdown),
    )
