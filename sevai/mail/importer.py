"""Importing old mail: an mbox file, a Maildir, or a folder of .eml files.

Each mail goes through the same door as live mail (store_raw, source "import"), then is
processed at once rather than through the queue. Imported mail keeps its own Date, and the
mail-loop limit does not apply (an archive holds many mails per sender).
"""

from __future__ import annotations

import mailbox as mailboxes
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import partial
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from sevai.mail.models import InboundMessage, Mailbox
from sevai.mail.processing import Action, process_message
from sevai.mail.store import MailRejected, header_block, raw_header, store_raw

EML_SUFFIXES = {".eml"}
Loader = Callable[[], bytes]
LATEST = datetime.max.replace(tzinfo=UTC)


@dataclass
class ImportReport:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    tickets_created: int = 0
    threaded: int = 0
    auto_replies: int = 0
    bounces: int = 0
    ignored: int = 0
    flagged: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "tickets_created": self.tickets_created,
            "threaded": self.threaded,
            "auto_replies": self.auto_replies,
            "bounces": self.bounces,
            "ignored": self.ignored,
            "flagged": self.flagged,
        }

    def count(self, inbound: InboundMessage, label: str) -> None:
        verdict = inbound.verdict if isinstance(inbound.verdict, dict) else {}
        action = verdict.get("action")
        if action in (Action.NEW_TICKET, Action.FOLLOW_UP):
            self.tickets_created += 1
        if action in (Action.ADDED, Action.FOLLOW_UP):
            self.threaded += 1
        if inbound.state == InboundMessage.State.IGNORED:
            self.ignored += 1
            kind = (verdict.get("noise") or {}).get("kind")
            self.auto_replies += kind == "auto_reply"
            self.bounces += kind == "bounce"
        if inbound.state == InboundMessage.State.FLAGGED:
            self.flagged.append({"file": label, "reasons": list(inbound.flags)})


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def is_mbox(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(5) == b"From "


def _maildir_messages(path: Path) -> Iterator[tuple[str, Loader]]:
    box = mailboxes.Maildir(path, factory=None, create=False)
    for key in sorted(box.keys()):
        yield f"{path}/{key}", partial(box.get_bytes, key)
    for name in sorted(box.list_folders()):
        yield from _maildir_messages(path / f".{name}")


def _mbox_messages(path: Path, stack: ExitStack) -> Iterator[tuple[str, Loader]]:
    box = mailboxes.mbox(path, factory=None, create=False)
    stack.callback(box.close)
    for number, key in enumerate(box.keys(), 1):
        yield f"{path}#{number}", partial(box.get_bytes, key)


def iter_messages(path: Path, stack: ExitStack) -> Iterator[tuple[str, Loader]]:
    """(label, a function reading its raw bytes) of every mail under path, in file order.
    An mbox stays open until `stack` closes."""
    if is_maildir(path):
        yield from _maildir_messages(path)
    elif path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            if file.suffix.lower() in EML_SUFFIXES:
                yield str(file), file.read_bytes
    elif is_mbox(path):
        yield from _mbox_messages(path, stack)
    else:
        yield str(path), path.read_bytes


def sent_at(raw: bytes) -> datetime | None:
    try:
        date = parsedate_to_datetime(raw_header(raw, "Date"))
    except (TypeError, ValueError, IndexError):
        return None
    return date if date.tzinfo else date.replace(tzinfo=UTC)


def in_date_order(messages: Iterator[tuple[str, Loader]]) -> list[tuple[str, Loader]]:
    """Oldest first, so that a reply finds the mail it answers (Maildir order is arbitrary).
    Mail without a readable Date comes after the dated mail, in file order. Only labels and
    dates stay in memory."""
    dated = []
    for position, (label, load) in enumerate(messages):
        try:
            date = sent_at(header_block(load()))
        except OSError:
            date = None
        dated.append((date is None, date or LATEST, position, label, load))
    dated.sort(key=lambda entry: entry[:3])
    return [(label, load) for _undated, _date, _position, label, load in dated]


def import_one(load: Loader, label: str, *, mailbox: Mailbox | None, report: ImportReport) -> None:
    report.read += 1
    try:
        inbound, created = store_raw(
            load(), mailbox=mailbox, source=InboundMessage.Source.IMPORT, enqueue=False
        )
    except (MailRejected, OSError) as exc:
        report.flagged.append({"file": label, "reasons": [str(exc)]})
        return
    if created:
        report.stored += 1
    else:
        report.duplicates += 1
    if inbound.state == InboundMessage.State.STORED:  # new, or stored earlier and not done
        report.count(process_message(inbound.pk), label)


def import_mail(path: Path, *, mailbox: Mailbox | None, progress: bool = True) -> ImportReport:
    """Store and process every mail under path. The progress bar goes to stderr."""
    if not path.exists():
        raise FileNotFoundError(_("%(path)s does not exist.") % {"path": path})
    report = ImportReport()
    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with ExitStack() as stack:
        messages = in_date_order(iter_messages(path, stack))
        with Progress(*columns, console=console, disable=not progress, transient=True) as bar:
            task = bar.add_task(_("Importing mail"), total=len(messages))
            for label, load in messages:
                import_one(load, label, mailbox=mailbox, report=report)
                bar.advance(task)
    return report
