"""The IMAP transport against a real Dovecot: store first, then flag or move; never lose mail."""

from __future__ import annotations

import itertools
import threading
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from imapclient import IMAPClient

from sevai.lib.crypto import encrypt
from sevai.mail.models import InboundMessage, Mailbox
from sevai.mail.polling import poll_all_mailboxes, poll_mailbox_task
from sevai.mail.transports import imap
from sevai.mail.transports.imap import KEYWORD, PollResult, idle_loop, poll_mailbox

pytestmark = pytest.mark.django_db

SEEN = b"\\Seen"
_numbers = itertools.count(1)


def mail(message_id: str | None = None, body: bytes = b"Where is my parcel?") -> bytes:
    n = next(_numbers)
    message_id = message_id or f"imap-{n}-{id(body)}@customer.example"
    return (
        b"From: Maral Petrosyan <maral@customer.example>\r\n"
        b"To: support@desk.example\r\n"
        b"Subject: Parcel " + str(n).encode() + b"\r\n"
        b"Date: Mon, 2 Mar 2026 09:00:00 +0000\r\n"
        b"Message-ID: <" + message_id.encode() + b">\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"\r\n" + body + b"\r\n"
    )


@pytest.fixture
def mailbox(dovecot):
    folder = dovecot.new_folder()
    return Mailbox.objects.create(
        name="Support",
        address=f"{folder.lower()}@desk.example",
        imap_host=dovecot.host,
        imap_port=dovecot.port,
        imap_security=Mailbox.Security.NONE,
        imap_username=dovecot.user,
        imap_password_encrypted=encrypt(dovecot.password),
        imap_folder=folder,
    )


def flags_by_message_id(dovecot, folder: str) -> dict[bytes, set[bytes]]:
    with dovecot.client(folder) as client:
        found = client.search(["ALL"])
        data = client.fetch(found, ["FLAGS", "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
    return {
        row[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"].split(b"<")[1].split(b">")[0]: set(row[b"FLAGS"])
        - {b"\\Recent"}
        for row in data.values()
    }


class TestPollingStoresThenFlags:
    def test_new_mail_is_stored_a_duplicate_recognised_and_all_flagged_once(self, dovecot, mailbox):
        first, second = mail("first@customer.example"), mail("second@customer.example")
        resent = mail("first@customer.example", body=b"Same Message-ID, other bytes")
        for raw in (first, second, resent):
            dovecot.append(raw, mailbox.imap_folder)

        result = poll_mailbox(mailbox)

        assert result == PollResult(fetched=3, stored=2, duplicates=1, errors=[])
        assert InboundMessage.objects.filter(mailbox=mailbox, source="imap").count() == 2
        flags = flags_by_message_id(dovecot, mailbox.imap_folder)
        assert all({KEYWORD, SEEN} <= f for f in flags.values()), flags
        assert poll_mailbox(mailbox) == PollResult()

    def test_the_stored_bytes_are_identical_to_what_was_appended(self, dovecot, mailbox):
        raw = mail(
            body="Bonjour, ma commande n\u2019est pas arriv\xe9e.  \r\n\r\n-- \r\nM.".encode()
        )
        raw += b"\xff\xfe 8-bit bytes that are not UTF-8\r\n"
        dovecot.append(raw, mailbox.imap_folder)
        poll_mailbox(mailbox)
        assert bytes(InboundMessage.objects.get(mailbox=mailbox).raw) == raw

    def test_mail_someone_already_read_is_still_fetched_thanks_to_the_keyword(
        self, dovecot, mailbox
    ):
        dovecot.append(mail(), mailbox.imap_folder, flags=(SEEN,))
        assert poll_mailbox(mailbox).stored == 1

    def test_a_clean_poll_records_its_time_and_clears_the_last_error(self, mailbox):
        Mailbox.objects.filter(pk=mailbox.pk).update(last_error="old trouble")
        poll_mailbox(mailbox)
        mailbox.refresh_from_db()
        assert mailbox.last_error == ""
        assert timezone.now() - mailbox.last_polled_at < timedelta(minutes=1)


class TestMoveToProcessedFolder:
    def test_stored_mail_moves_to_the_processed_folder_which_is_created(self, dovecot, mailbox):
        mailbox.imap_processed_folder = f"{mailbox.imap_folder}-done"
        assert not dovecot.folder_exists(mailbox.imap_processed_folder)
        dovecot.append(mail("a@customer.example"), mailbox.imap_folder)
        dovecot.append(mail("b@customer.example"), mailbox.imap_folder)

        assert poll_mailbox(mailbox).stored == 2

        assert dovecot.messages(mailbox.imap_folder) == {}
        moved = flags_by_message_id(dovecot, mailbox.imap_processed_folder)
        assert set(moved) == {b"a@customer.example", b"b@customer.example"}
        assert all({KEYWORD, SEEN} <= f for f in moved.values())

    def test_without_move_it_copies_and_expunges_only_the_mail_it_stored(
        self, dovecot, mailbox, monkeypatch
    ):
        real = IMAPClient.has_capability
        monkeypatch.setattr(
            IMAPClient, "has_capability", lambda self, cap: cap != "MOVE" and real(self, cap)
        )
        mailbox.imap_processed_folder = f"{mailbox.imap_folder}-done"
        # Somebody else's deleted (and already handled) mail must survive our expunge.
        dovecot.append(
            mail("theirs@customer.example"), mailbox.imap_folder, (b"\\Deleted", KEYWORD)
        )
        dovecot.append(mail("ours@customer.example"), mailbox.imap_folder)

        assert poll_mailbox(mailbox).stored == 1

        assert set(flags_by_message_id(dovecot, mailbox.imap_folder)) == {
            b"theirs@customer.example"
        }
        assert set(flags_by_message_id(dovecot, mailbox.imap_processed_folder)) == {
            b"ours@customer.example"
        }


class TestFailuresLeaveMailOnTheServer:
    def test_a_failing_store_leaves_that_mail_unflagged_and_the_next_poll_retries_it(
        self, dovecot, mailbox, monkeypatch
    ):
        real_store = imap.store_raw

        def store_or_fail(raw: bytes, **kwargs):
            if b"<broken@customer.example>" in raw:
                raise RuntimeError("database is locked")
            return real_store(raw, **kwargs)

        monkeypatch.setattr(imap, "store_raw", store_or_fail)
        for message_id in ("ok1@customer.example", "broken@customer.example", "ok2@x.example"):
            dovecot.append(mail(message_id), mailbox.imap_folder)

        result = poll_mailbox(mailbox)

        assert (result.fetched, result.stored, len(result.errors)) == (3, 2, 1)
        assert "database is locked" in result.errors[0]
        flags = flags_by_message_id(dovecot, mailbox.imap_folder)
        assert flags[b"broken@customer.example"] == set()
        assert {KEYWORD, SEEN} <= flags[b"ok1@customer.example"]
        assert {KEYWORD, SEEN} <= flags[b"ok2@x.example"]
        mailbox.refresh_from_db()
        assert "database is locked" in mailbox.last_error

        monkeypatch.setattr(imap, "store_raw", real_store)
        assert poll_mailbox(mailbox) == PollResult(fetched=1, stored=1)
        assert InboundMessage.objects.filter(message_id="broken@customer.example").exists()

    def test_a_wrong_password_is_recorded_on_the_mailbox(self, dovecot, mailbox):
        mailbox.imap_password_encrypted = encrypt("not-the-password")
        dovecot.append(mail(), mailbox.imap_folder)

        result = poll_mailbox(mailbox)

        assert result.stored == 0 and len(result.errors) == 1
        mailbox.refresh_from_db()
        assert "refused the login" in mailbox.last_error
        assert "not-the-password" not in mailbox.last_error
        assert not InboundMessage.objects.exists()

    def test_tls_against_a_plain_port_fails_and_does_not_fall_back(self, dovecot, mailbox):
        mailbox.imap_security = Mailbox.Security.TLS
        dovecot.append(mail(), mailbox.imap_folder)

        poll_mailbox(mailbox)

        mailbox.refresh_from_db()
        assert "does not fall back" in mailbox.last_error
        assert not InboundMessage.objects.exists()
        assert all(f == () for f in dovecot.messages(mailbox.imap_folder).values())

    def test_an_untrusted_certificate_is_refused(self, dovecot, mailbox, settings):
        settings.MAIL_CA_FILE = ""
        mailbox.imap_security, mailbox.imap_port = Mailbox.Security.TLS, dovecot.tls_port
        poll_mailbox(mailbox)
        mailbox.refresh_from_db()
        assert "certificate verify failed" in mailbox.last_error

    def test_mail_over_the_size_limit_is_left_unflagged_with_an_error(
        self, dovecot, mailbox, settings
    ):
        settings.MAIL_MAX_MESSAGE_BYTES = 100
        dovecot.append(mail(body=b"x" * 500), mailbox.imap_folder)

        result = poll_mailbox(mailbox)

        assert (result.fetched, result.stored, len(result.errors)) == (0, 0, 1)
        assert all(f == () for f in dovecot.messages(mailbox.imap_folder).values())

    def test_a_missing_folder_is_a_clear_error(self, mailbox):
        mailbox.imap_folder = "NoSuchFolder"
        poll_mailbox(mailbox)
        mailbox.refresh_from_db()
        assert mailbox.last_error.startswith("Cannot open the folder NoSuchFolder")

    def test_a_server_that_is_down_is_an_error_not_a_crash(self, mailbox):
        mailbox.imap_port = 1
        assert "Cannot connect" in poll_mailbox(mailbox).errors[0]


class TestEncryptedConnections:
    def test_implicit_tls_with_the_certificate_of_the_test_ca(self, dovecot, mailbox, settings):
        settings.MAIL_CA_FILE = str(dovecot.ca_file)
        mailbox.imap_security, mailbox.imap_port = Mailbox.Security.TLS, dovecot.tls_port
        dovecot.append(mail(), mailbox.imap_folder)
        assert poll_mailbox(mailbox) == PollResult(fetched=1, stored=1)

    def test_starttls_on_the_plain_port(self, dovecot, mailbox, settings):
        settings.MAIL_CA_FILE = str(dovecot.ca_file)
        mailbox.imap_security = Mailbox.Security.STARTTLS
        dovecot.append(mail(), mailbox.imap_folder)
        assert poll_mailbox(mailbox) == PollResult(fetched=1, stored=1)


class TestIdle:
    def test_idle_wakes_up_when_a_mail_is_appended(self, dovecot, mailbox, settings):
        settings.MAIL_POLL_SECONDS = 3600  # a wake-up can only come from IDLE
        stop = threading.Event()
        results: list[PollResult] = []
        first_poll_done = threading.Event()
        raw = mail("idle@customer.example")

        def on_poll(result: PollResult) -> None:
            results.append(result)
            first_poll_done.set()
            if result.stored:
                stop.set()

        def append_when_idling() -> None:
            if first_poll_done.wait(timeout=20):
                dovecot.append(raw, mailbox.imap_folder)

        appender = threading.Thread(target=append_when_idling)
        watchdog = threading.Timer(30, stop.set)
        appender.start()
        watchdog.start()
        try:
            idle_loop(mailbox, stop, on_poll=on_poll)
        finally:
            watchdog.cancel()
            appender.join()

        assert results[0] == PollResult()
        assert results[-1] == PollResult(fetched=1, stored=1), results
        assert bytes(InboundMessage.objects.get(message_id="idle@customer.example").raw) == raw

    def test_without_idle_it_polls_every_interval(self, dovecot, mailbox, settings, monkeypatch):
        real = IMAPClient.has_capability
        monkeypatch.setattr(
            IMAPClient, "has_capability", lambda self, cap: cap != "IDLE" and real(self, cap)
        )
        settings.MAIL_POLL_SECONDS = 0
        dovecot.append(mail(), mailbox.imap_folder)
        stop = threading.Event()
        results: list[PollResult] = []

        def on_poll(result: PollResult) -> None:
            results.append(result)
            if len(results) == 2:
                stop.set()

        idle_loop(mailbox, stop, on_poll=on_poll)

        assert results == [PollResult(fetched=1, stored=1), PollResult()]


class TestScheduledPolling:
    def test_the_scheduler_enqueues_only_active_due_imap_mailboxes(self, mailbox):
        recent = Mailbox.objects.create(
            name="Recent", address="recent@desk.example", imap_host="imap.example",
            last_polled_at=timezone.now(),
        )  # fmt: skip
        Mailbox.objects.create(name="HTTP only", address="http@desk.example")
        Mailbox.objects.create(
            name="Off", address="off@desk.example", imap_host="imap.example", is_active=False
        )
        assert poll_all_mailboxes() == 1
        task = DBTaskResult.objects.get(task_path__endswith="poll_mailbox_task")
        assert task.args_kwargs["args"] == [mailbox.pk]
        assert recent.pk != mailbox.pk

    def test_the_task_polls_once_even_when_enqueued_twice(self, dovecot, mailbox):
        dovecot.append(mail(), mailbox.imap_folder)
        assert poll_mailbox_task.call(mailbox.pk)["stored"] == 1
        assert poll_mailbox_task.call(mailbox.pk) == {"skipped": 1}
