"""store_raw: byte-identical storage before any parsing, deduplication, refusals, queueing,
and the requeue that finishes what a crash left behind."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from sevai.mail.actions import claim_inbound
from sevai.mail.models import InboundMessage, Mailbox
from sevai.mail.processing import process_message
from sevai.mail.store import EmptyMessage, MessageTooLarge, raw_message_id, store_raw
from sevai.mail.tasks import requeue_stuck_inbound
from sevai.mail.tests.test_processing import T0, build_mail
from sevai.tickets.models import Ticket

pytestmark = pytest.mark.django_db

RAW = (
    b"From: Maral Petrosyan <maral@customer.example>\r\n"
    b"To: support@desk.example\r\n"
    b"Subject: =?utf-8?b?1YrVodW/1b7VpdaA1b0g1aTVpdaAINW51asg1b3Vv9Wh1oHVvtWl1awg?=\r\n"
    b"Date: Mon, 2 Mar 2026 09:00:00 +0000\r\n"
    b"Message-ID:\r\n <parcel-1@customer.example>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=iso-8859-1\r\n"
    b"\r\n"
    b"Caf\xe9 order 4521 has not arrived.\r\n"
)


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox.objects.create(name="Support", address="support@desk.example")


class TestRawMessageId:
    def test_it_reads_a_folded_message_id_without_brackets(self) -> None:
        assert raw_message_id(RAW) == "parcel-1@customer.example"

    def test_it_ignores_a_message_id_in_the_body(self) -> None:
        raw = b"Subject: hi\n\nMessage-ID: <not-a-header@x>\n"
        assert raw_message_id(raw) == ""

    def test_it_takes_the_first_header_case_insensitively(self) -> None:
        raw = b"MESSAGE-ID: <a@x> (comment)\nMessage-Id: <b@x>\n\nbody"
        assert raw_message_id(raw) == "a@x"


class TestStoreRaw:
    def test_it_keeps_the_bytes_identical(self, mailbox: Mailbox) -> None:
        inbound, created = store_raw(RAW, mailbox=mailbox, source="imap")
        assert created
        inbound.refresh_from_db()
        assert bytes(inbound.raw) == RAW
        assert inbound.size == len(RAW)
        assert inbound.sha256 == hashlib.sha256(RAW).hexdigest()
        assert inbound.message_id == "parcel-1@customer.example"
        assert inbound.state == InboundMessage.State.STORED
        assert inbound.mailbox == mailbox

    def test_the_same_message_id_twice_is_stored_once(self, mailbox: Mailbox) -> None:
        first, created = store_raw(RAW, mailbox=mailbox, source="imap")
        again, created_again = store_raw(RAW, mailbox=mailbox, source="http")
        assert created and not created_again
        assert again.pk == first.pk
        assert InboundMessage.objects.count() == 1

    def test_the_same_message_id_with_other_bytes_keeps_the_first(self, mailbox: Mailbox) -> None:
        first, _created = store_raw(RAW, mailbox=mailbox, source="imap")
        resent = RAW.replace(b"Date: Mon", b"X-Relayed: yes\r\nDate: Mon")
        again, created = store_raw(resent, mailbox=None, source="http")
        assert not created
        assert again.pk == first.pk
        assert bytes(InboundMessage.objects.get().raw) == RAW

    def test_the_same_bytes_without_message_id_are_stored_once(self) -> None:
        raw = b"From: a@customer.example\r\nSubject: no id\r\n\r\nhello\r\n"
        store_raw(raw, mailbox=None, source="import")
        _again, created = store_raw(raw, mailbox=None, source="import")
        assert not created
        assert InboundMessage.objects.count() == 1

    def test_mail_over_the_limit_is_refused_and_nothing_stored(self, settings) -> None:
        settings.MAIL_MAX_MESSAGE_BYTES = 100
        with pytest.raises(MessageTooLarge, match="limit is 100 bytes"):
            store_raw(RAW, mailbox=None, source="http")
        assert InboundMessage.objects.count() == 0

    def test_empty_mail_is_refused(self) -> None:
        with pytest.raises(EmptyMessage):
            store_raw(b"\r\n \r\n", mailbox=None, source="http")
        assert InboundMessage.objects.count() == 0

    def test_processing_is_queued_on_commit(
        self, mailbox: Mailbox, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            inbound, _created = store_raw(RAW, mailbox=mailbox, source="imap")
        assert len(callbacks) == 1
        queued = DBTaskResult.objects.get()
        assert queued.task_path == "sevai.mail.tasks.process_inbound"
        assert queued.args_kwargs["args"] == [inbound.pk]

    def test_a_duplicate_queues_nothing(
        self, mailbox: Mailbox, django_capture_on_commit_callbacks
    ) -> None:
        store_raw(RAW, mailbox=mailbox, source="imap")
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            store_raw(RAW, mailbox=mailbox, source="imap")
        assert callbacks == []

    def test_the_importer_can_skip_the_queue(self, django_capture_on_commit_callbacks) -> None:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            store_raw(RAW, mailbox=None, source="import", enqueue=False)
        assert callbacks == []


class TestCrashRecovery:
    def test_a_crash_between_store_and_process_is_finished_by_requeue(
        self, mailbox: Mailbox
    ) -> None:
        with time_machine.travel(T0, tick=False) as clock:
            inbound, _created = store_raw(build_mail(), mailbox=mailbox, source="imap")
            # The worker died before the queued task ran.
            assert requeue_stuck_inbound.call() == 0  # too fresh: its task may still come
            clock.shift(timedelta(minutes=3))
            assert requeue_stuck_inbound.call() == 1
        inbound.refresh_from_db()
        assert inbound.state == InboundMessage.State.PROCESSED
        assert inbound.ticket is not None

    def test_a_claim_left_by_a_crashed_worker_is_taken_back(self, mailbox: Mailbox) -> None:
        with time_machine.travel(T0, tick=False) as clock:
            inbound, _created = store_raw(build_mail(), mailbox=mailbox, source="imap")
            assert claim_inbound(inbound.pk) == 1  # ...and the worker was killed
            assert process_message(inbound.pk).state == InboundMessage.State.PROCESSING
            clock.shift(timedelta(minutes=11))
            requeue_stuck_inbound.call()
        inbound.refresh_from_db()
        assert inbound.state == InboundMessage.State.PROCESSED
        assert inbound.attempts == 2
        assert Ticket.objects.count() == 1
