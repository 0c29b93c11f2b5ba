"""House rules that ruff cannot check. Each rule has a good and a bad example in its text.

- No Python module over 400 lines (split it into a package, as Zulip split actions.py).
- Writes (.save( .create( .update( .delete( bulk_create() only where state changes belong:
  actions, tasks, the outbox and event writers, migrations, tests, factories, demo and bench.
  Good: sevai/tickets/actions/lifecycle.py calls ticket.save(). Bad: a view calling .save().
- mark_safe / |safe only in the allowlist below.
- No Django app named `channels` (it would shadow Django Channels).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400
WRITE = re.compile(r"\.(save|create|update|delete|bulk_create|get_or_create|update_or_create)\(")
WRITE_OK = re.compile(
    r"(/actions\.py$|/actions/|/tasks\.py$|/events\.py$|/outbox\.py$|/migrations/|/tests/|"
    r"/testing/|/demo/|/management/commands/createadmin\.py$|/search/index\.py$|"
    # the search indexes' own writers: messages (index.py) and kb articles (articles.py)
    r"/search/articles\.py$|"
    # the assistant's passage index, written with the kb's changes (sevai.kb.indexing)
    r"/assistant/index\.py$)"
)
NOT_ORM = re.compile(
    r"(hashlib|hmac|\.update\(\{|dict\(|headers\.update|cache\.|h\.update|mac\.update)"
)
SAFE_ALLOWED: set[str] = {
    "sevai/workspace/templatetags/workspace.py",
    "sevai/kb/templatetags/kb.py",
}


def main() -> int:
    problems: list[str] = []
    for path in sorted((ROOT / "sevai").rglob("*")):
        rel = path.relative_to(ROOT).as_posix()
        if path.is_dir() and path.name == "channels" and (path / "apps.py").exists():
            problems.append(f"{rel}: do not name an app `channels`")
        if path.suffix == ".py":
            lines = path.read_text().splitlines()
            if len(lines) > MAX_LINES and "/migrations/" not in rel:
                problems.append(f"{rel}: {len(lines)} lines (max {MAX_LINES}); split it")
            if not WRITE_OK.search("/" + rel):
                for no, line in enumerate(lines, 1):
                    code = line.split("#", 1)[0]
                    if WRITE.search(code) and not NOT_ORM.search(code):
                        problems.append(f"{rel}:{no}: database write outside actions/tasks")
        if path.suffix in (".py", ".html") and rel not in SAFE_ALLOWED:
            text = path.read_text()
            if "mark_safe" in text or "|safe" in text:
                problems.append(f"{rel}: mark_safe/|safe outside the allowlist")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
