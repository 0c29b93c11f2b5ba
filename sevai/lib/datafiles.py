"""Reading the data files that evaluation commands take (JSON Lines), with errors that say
which file and line is wrong."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _


class BadFile(ValueError):
    pass


def read_text(path: Path) -> str:
    """The file's text (UTF-8, a byte-order mark ignored), or BadFile."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadFile(
            _("%(path)s cannot be read: %(error)s") % {"path": path, "error": exc}
        ) from None


def json_lines(raw: str, path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) for each non-blank line; BadFile on one that is not JSON."""
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadFile(
                _("%(path)s line %(n)d is not JSON: %(error)s")
                % {"path": path, "n": number, "error": exc}
            ) from None
