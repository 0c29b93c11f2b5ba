"""IMAP transport: fetch new mail, store it byte for byte, and only then mark it on the server.

Order of every poll: connect (TLS by default; STARTTLS or plain only when the mailbox says so,
never as a fallback), log in, select the folder, search what Sevai has not stored yet, fetch
the bodies with BODY.PEEK[] (so fetching alone never sets \\Seen), call `store_raw`, and after
it returned (the bytes are committed) add the keyword `$SevaiStored` and \\Seen, then move the
mail to `imap_processed_folder` when one is set. Nothing is deleted before it is stored; with
COPY + EXPUNGE only the moved messages are expunged (UID EXPUNGE).

A server that does not keep custom keywords (PERMANENTFLAGS without \\* or the keyword) is
searched for UNSEEN instead, so a person reading the mailbox in another client would hide mail
from Sevai there; use a processed folder with such servers.

Certificates are checked against the system CAs plus `settings.MAIL_CA_FILE` (environment
variable SEVAI_MAIL_CA_FILE), a PEM bundle for a private CA or a test server.
"""

from __future__ import annotations

import logging
import os
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from sevai.mail.admin.actions import record_poll
from sevai.mail.models import InboundMessage, Mailbox
from sevai.mail.store import MailRejected, check_size, store_raw

logger = logging.getLogger("sevai.mail.imap")

KEYWORD = b"$SevaiStored"
SEEN = b"\\Seen"
DELETED = b"\\Deleted"
BATCH = 25
TIMEOUT_SECONDS = 30
IDLE_RENEW_SECONDS = 25 * 60  # RFC 2177: re-issue IDLE before 29 minutes
IDLE_CHECK_SECONDS = 1.0  # how often an idling loop looks at its stop event

Report = Callable[["PollResult"], object]


class MailboxError(Exception):
    """Connecting, securing or logging in failed; str(exc) is shown to admins."""


@dataclass
class PollResult:
    fetched: int = 0  # bodies downloaded
    stored: int = 0  # new InboundMessage rows
    duplicates: int = 0  # already stored before (a re-poll, or the same Message-ID)
    errors: list[str] = field(default_factory=list)  # one line per failure; mail left unmarked

    def summary(self) -> str:
        return "\n".join(self.errors)


def ssl_context() -> ssl.SSLContext:
    """The system trust store, plus MAIL_CA_FILE when set. Hostnames are always checked."""
    context = ssl.create_default_context()
    ca_file = getattr(settings, "MAIL_CA_FILE", "") or os.environ.get("SEVAI_MAIL_CA_FILE", "")
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


def connect(mailbox: Mailbox) -> IMAPClient:
    """A logged-in client, or MailboxError. Never falls back to a weaker security mode."""
    host, port, security = mailbox.imap_host, mailbox.imap_port, mailbox.imap_security
    where = {"host": host, "port": port}
    if not host:
        raise MailboxError(_("No IMAP server is configured for this mailbox."))
    try:
        password = mailbox.imap_password
    except ValueError as exc:
        raise MailboxError(str(exc)) from None
    try:
        if security == Mailbox.Security.TLS:
            client = IMAPClient(
                host, port, ssl=True, ssl_context=ssl_context(), timeout=TIMEOUT_SECONDS
            )
        else:
            client = IMAPClient(host, port, ssl=False, timeout=TIMEOUT_SECONDS)
    except ssl.SSLError as exc:
        raise MailboxError(
            _("TLS with %(host)s:%(port)s failed: %(error)s. Sevai does not fall back to an "
              "unencrypted connection.") % {**where, "error": exc}
        ) from None  # fmt: skip
    except (OSError, IMAPClientError) as exc:
        raise MailboxError(
            _("Cannot connect to %(host)s:%(port)s: %(error)s") % {**where, "error": exc}
        ) from None
    try:
        if security == Mailbox.Security.STARTTLS:
            try:
                client.starttls(ssl_context())
            except (OSError, IMAPClientError) as exc:
                raise MailboxError(
                    _("STARTTLS with %(host)s:%(port)s failed: %(error)s. Sevai does not fall "
                      "back to an unencrypted connection.") % {**where, "error": exc}
                ) from None  # fmt: skip
        try:
            client.login(mailbox.imap_username, password)
        except LoginError as exc:
            raise MailboxError(
                _("The IMAP server refused the login for %(user)s: %(error)s")
                % {"user": mailbox.imap_username, "error": exc}
            ) from None
        except (OSError, IMAPClientError) as exc:
            raise MailboxError(_("Logging in failed: %(error)s") % {"error": exc}) from None
    except BaseException:
        close(client)
        raise
    return client


def close(client: IMAPClient) -> None:
    with suppress(Exception):
        client.logout()
    with suppress(Exception):
        client.shutdown()


@contextmanager
def connection(mailbox: Mailbox) -> Iterator[IMAPClient]:
    client = connect(mailbox)
    try:
        yield client
    finally:
        close(client)


def keywords_allowed(select_info: dict[bytes, Any]) -> bool:
    permanent = {bytes(f).lower() for f in select_info.get(b"PERMANENTFLAGS", ())}
    return b"\\*" in permanent or KEYWORD.lower() in permanent


def chunks(items: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def poll_mailbox(mailbox: Mailbox) -> PollResult:
    """Fetch and store every new mail of the mailbox; record the outcome on the mailbox.

    Never raises for server or mail problems: they are in PollResult.errors and
    Mailbox.last_error (empty after a clean poll).
    """
    try:
        with connection(mailbox) as client:
            result = poll_connected(client, mailbox)
    except MailboxError as exc:
        result = PollResult(errors=[str(exc)])
    except (OSError, IMAPClientError) as exc:
        logger.warning("IMAP poll of mailbox %s failed: %s", mailbox.pk, exc)
        result = PollResult(errors=[_("The IMAP connection failed: %(error)s") % {"error": exc}])
    record_poll(mailbox, error=result.summary())
    return result


def poll_connected(client: IMAPClient, mailbox: Mailbox) -> PollResult:
    """One poll on a logged-in client: select, search, fetch, store, mark (batch by batch)."""
    try:
        info = client.select_folder(mailbox.imap_folder)
    except IMAPClientError as exc:
        raise MailboxError(
            _("Cannot open the folder %(folder)s: %(error)s")
            % {"folder": mailbox.imap_folder, "error": exc}
        ) from None
    use_keyword = keywords_allowed(info)
    uids = sorted(client.search(["UNKEYWORD", KEYWORD] if use_keyword else ["UNSEEN"]))
    result = PollResult()
    target = Target(mailbox.imap_processed_folder)
    for batch in chunks(uids, BATCH):
        stored = fetch_and_store(client, mailbox, batch, result)
        if stored:
            acknowledge(client, stored, result, keyword=use_keyword, target=target)
    return result


def fetch_and_store(
    client: IMAPClient, mailbox: Mailbox, uids: list[int], result: PollResult
) -> list[int]:
    """Store each mail of the batch; returns the UIDs that are now safely in the database."""
    sizes = client.fetch(uids, ["RFC822.SIZE"])
    wanted = []
    for uid in uids:
        try:
            check_size(int(sizes.get(uid, {}).get(b"RFC822.SIZE", 0)))
        except MailRejected as exc:
            result.errors.append(_("UID %(uid)s: %(error)s") % {"uid": uid, "error": exc})
        else:
            wanted.append(uid)
    if not wanted:
        return []
    bodies = client.fetch(wanted, ["BODY.PEEK[]"])  # PEEK: fetching does not set \Seen
    done = []
    for uid in wanted:
        raw = bodies.get(uid, {}).get(b"BODY[]")
        if raw is None:
            result.errors.append(_("UID %(uid)s: the server sent no body.") % {"uid": uid})
            continue
        result.fetched += 1
        try:
            _inbound, created = store_raw(
                bytes(raw), mailbox=mailbox, source=InboundMessage.Source.IMAP
            )
        except Exception as exc:
            logger.exception("storing IMAP UID %s of mailbox %s failed", uid, mailbox.pk)
            result.errors.append(_("UID %(uid)s: %(error)s") % {"uid": uid, "error": exc})
            continue
        if created:
            result.stored += 1
        else:
            result.duplicates += 1
        done.append(uid)
    return done


@dataclass
class Target:
    """Where stored mail goes; the folder is created on first use."""

    folder: str
    ready: bool = False


def acknowledge(
    client: IMAPClient, uids: list[int], result: PollResult, *, keyword: bool, target: Target
) -> None:
    """Mark stored mail (keyword + \\Seen) and move it when a processed folder is set."""
    try:
        client.add_flags(uids, [KEYWORD, SEEN] if keyword else [SEEN], silent=True)
        if target.folder:
            move_messages(client, uids, target)
    except IMAPClientError as exc:
        # Stored already: the next poll fetches them again, finds duplicates and retries this.
        result.errors.append(
            _("Stored, but marking UIDs %(uids)s failed: %(error)s")
            % {"uids": ", ".join(map(str, uids)), "error": exc}
        )


def move_messages(client: IMAPClient, uids: list[int], target: Target) -> None:
    if not target.ready:
        if not client.folder_exists(target.folder):
            client.create_folder(target.folder)
        target.ready = True
    if client.has_capability("MOVE"):
        client.move(uids, target.folder)
        return
    client.copy(uids, target.folder)
    client.add_flags(uids, [DELETED], silent=True)
    if client.has_capability("UIDPLUS"):
        client.uid_expunge(uids)  # only these; a plain EXPUNGE would take others' \Deleted too
    else:
        logger.info("no UIDPLUS: %d copied messages stay flagged \\Deleted", len(uids))


def idle_loop(
    mailbox: Mailbox, stop_event: threading.Event, *, on_poll: Report | None = None
) -> None:
    """Keep one mailbox fetched: IMAP IDLE when the server has it, else a poll per interval.

    With IDLE the loop polls once, then idles until the server announces new mail (EXISTS),
    polls on the same connection and idles again (re-issued every 25 minutes). Without IDLE
    it runs `poll_mailbox` every settings.MAIL_POLL_SECONDS. Connection failures are recorded
    on the mailbox and retried after MAIL_POLL_SECONDS. `on_poll` sees every PollResult.
    Returns soon (about IDLE_CHECK_SECONDS) after `stop_event` is set.

    `sevai serve` runs it in one daemon thread per active IMAP mailbox (SEVAI_MAIL_IDLE=true,
    the default), through sevai.workspace.background.start_idle_threads, which also retries a
    crashed loop and closes the thread's database connection when it ends.
    """
    report = on_poll or (lambda result: None)
    while not stop_event.is_set():
        try:
            client = connect(mailbox)
        except MailboxError as exc:
            record_poll(mailbox, error=str(exc))
            report(PollResult(errors=[str(exc)]))
            stop_event.wait(settings.MAIL_POLL_SECONDS)
            continue
        try:
            if not client.has_capability("IDLE"):
                close(client)
                poll_every_interval(mailbox, stop_event, report)
                return
            idle_session(client, mailbox, stop_event, report)
        except (MailboxError, OSError, IMAPClientError) as exc:
            logger.warning("IMAP IDLE of mailbox %s stopped: %s", mailbox.pk, exc)
            record_poll(mailbox, error=str(exc))
            report(PollResult(errors=[str(exc)]))
            stop_event.wait(settings.MAIL_POLL_SECONDS)
        finally:
            close(client)


def poll_every_interval(mailbox: Mailbox, stop_event: threading.Event, report: Report) -> None:
    while not stop_event.is_set():
        report(poll_mailbox(mailbox))
        stop_event.wait(settings.MAIL_POLL_SECONDS)


def idle_session(
    client: IMAPClient, mailbox: Mailbox, stop_event: threading.Event, report: Report
) -> None:
    while not stop_event.is_set():
        result = poll_connected(client, mailbox)
        record_poll(mailbox, error=result.summary())
        report(result)
        wait_for_new_mail(client, stop_event)


def wait_for_new_mail(client: IMAPClient, stop_event: threading.Event) -> bool:
    """IDLE until EXISTS (True), or until the stop event or the renewal time (False)."""
    client.idle()
    started = time.monotonic()
    try:
        while not stop_event.is_set() and time.monotonic() - started < IDLE_RENEW_SECONDS:
            for response in client.idle_check(timeout=IDLE_CHECK_SECONDS):
                if len(response) > 1 and response[1] == b"EXISTS":
                    return True
        return False
    finally:
        client.idle_done()
