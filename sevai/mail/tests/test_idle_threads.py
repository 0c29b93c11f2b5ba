"""IMAP IDLE threads of the embedded worker (sevai.workspace.background) against Dovecot."""

from __future__ import annotations

import threading

import pytest

from sevai.lib.crypto import encrypt
from sevai.mail.models import InboundMessage, Mailbox
from sevai.mail.tests.test_imap import mail
from sevai.mail.transports import imap
from sevai.workspace import background

pytestmark = pytest.mark.django_db(transaction=True)


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


class TestIdleThreads:
    def test_an_appended_mail_is_stored_by_the_idle_thread(
        self, dovecot, mailbox, settings, monkeypatch
    ):
        settings.MAIL_IDLE = True
        settings.MAIL_POLL_SECONDS = 3600  # only IDLE can wake the thread up
        Mailbox.objects.create(name="HTTP only", address="http@desk.example")
        # The test database is SQLite in memory with a shared cache: a read from this thread
        # while the IDLE thread writes fails with "table is locked". So this thread waits for
        # the IDLE thread's polls (each ends with record_poll) and reads the database after.
        errors: list[str] = []
        first_poll, second_poll = threading.Event(), threading.Event()
        real_record_poll = imap.record_poll

        def record_poll(box: Mailbox, *, error: str) -> None:
            real_record_poll(box, error=error)
            errors.append(error)
            (second_poll if first_poll.is_set() else first_poll).set()

        monkeypatch.setattr(imap, "record_poll", record_poll)
        stop = threading.Event()
        threads = background.start_idle_threads(stop)
        try:
            assert [t.name for t in threads] == [f"sevai-idle-{mailbox.pk}"]
            assert first_poll.wait(timeout=10), "the IDLE thread did not poll"
            dovecot.append(mail("idle-thread@customer.example"), mailbox.imap_folder)
            assert second_poll.wait(timeout=10), "IDLE did not wake up for the new mail"
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=10)
        assert not any(thread.is_alive() for thread in threads)
        assert errors[:2] == ["", ""]
        assert InboundMessage.objects.filter(message_id="idle-thread@customer.example").exists()

    def test_nothing_starts_when_idle_is_off(self, mailbox, settings):
        settings.MAIL_IDLE = False
        assert background.start_idle_threads(threading.Event()) == []

    def test_a_crashing_idle_loop_is_logged_and_retried(self, mailbox, monkeypatch, caplog):
        stop = threading.Event()
        calls: list[int] = []

        def flaky_idle_loop(box: Mailbox, stop_event: threading.Event) -> None:
            calls.append(box.pk)
            if len(calls) == 1:
                raise RuntimeError("boom")
            stop_event.set()

        monkeypatch.setattr(imap, "idle_loop", flaky_idle_loop)
        background.run_idle(mailbox, stop, retry_seconds=0)

        assert calls == [mailbox.pk, mailbox.pk]
        assert "IMAP IDLE of mailbox" in caplog.text
