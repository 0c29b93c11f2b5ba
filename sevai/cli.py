"""The `sevai` command: a friendly front to Django's management commands."""

from __future__ import annotations

import os
import sys

COMMANDS = [
    ("serve", "Run the web app, background worker and scheduler in one process."),
    ("worker", "Run a background worker (and scheduler) for scale-out set-ups."),
    ("migrate", "Create or upgrade the database tables."),
    ("createadmin", "Create an admin user (prints a generated password)."),
    ("demo", "Fill an empty database with a realistic demo support desk."),
    ("reindex", "Rebuild the search index from all messages."),
    ("check", "Check the configuration for problems."),
    ("shell", "Open a Python shell with Sevai loaded."),
    ("compilemessages", "Compile translation catalogues."),
    ("import-mail", "Import an mbox file, a Maildir or a folder of .eml files."),
    ("mail", "Mail tools: `sevai mail inspect FILE` explains how a mail is understood."),
    ("kb", "Knowledge base: `sevai kb import PATH` / `sevai kb export PATH` (Markdown files)."),
    ("triage", "Triage: `sevai triage train`, `evaluate --train F --test F`, `predict TEXT`."),
    ("assistant", "Assistant: `sevai assistant evaluate --kb DIR --queries F`, `reindex`, `ask`."),
]
# Friendlier spellings of Django command names (a module name cannot hold a hyphen).
ALIASES = {"import-mail": "import_mail"}


def print_help() -> None:
    from sevai import __version__

    print(f"sevai {__version__}: self-hostable, omnichannel customer support\n")
    print("usage: sevai COMMAND [options]   (sevai COMMAND --help for its options)\n")
    print("commands:")
    for name, text in COMMANDS:
        print(f"  {name:<16} {text}")
    print("\nAny other Django management command works too (sevai help --commands lists them).")
    print("Configuration comes from environment variables; see README.md.")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) < 2 or argv[1] in ("-h", "--help", "help") and len(argv) == 2:
        print_help()
        return
    if argv[1] == "--version":
        from sevai import __version__

        print(__version__)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sevai.settings")
    from django.core.management import execute_from_command_line

    command = ALIASES.get(argv[1], argv[1])
    execute_from_command_line(["sevai", command, *argv[2:]])


if __name__ == "__main__":
    main()
