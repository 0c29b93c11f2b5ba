"""Webhook deliveries against a real HTTP receiver on 127.0.0.1: signing, retries, claims."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import Message as HttpHeaders
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django_tasks_db.models import DBTaskResult

from sevai.accounts.models import User
from sevai.testing.factories import TicketFactory
from sevai.tickets import actions as tickets
from sevai.webhooks import actions
from sevai.webhooks.models import SUBSCRIBABLE_EVENTS, Delivery, Webhook, WebhookEvent
from sevai.webhooks.signing import verify
from sevai.webhooks.tasks import backoff, send_delivery

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALL_EVENTS = [e.value for e in SUBSCRIBABLE_EVENTS]


@dataclass
class Received:
    path: str
    headers: HttpHeaders
    body: bytes

    def json(self) -> dict[str, object]:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Records every POST and answers with the queued statuses, then 200."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, *statuses: int) -> None:
        with self.lock:
            self.statuses.extend(statuses)

    def record(self, request: Received) -> int:
        with self.lock:
            self.requests.append(request)
            return self.statuses.pop(0) if self.statuses else 200


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    recv = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status = recv.record(Received(self.path, self.headers, body))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    recv.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/sevai"
    yield recv
    server.shutdown()
    server.server_close()
    thread.join()


def webhook_for(url: str, admin: User, events: list[str] | None = None) -> tuple[Webhook, str]:
    return actions.create_webhook(url, events or ALL_EVENTS, actor=admin)


def created_delivery(admin: User, url: str) -> tuple[Delivery, str]:
    """A ticket.created delivery written by the real outbox; returns it with the secret."""
    _webhook, secret = webhook_for(url, admin, [WebhookEvent.TICKET_CREATED])
    TicketFactory(subject="Parcel to Yerevan")
    return Delivery.objects.get(), secret


class TestSendDelivery:
    def test_signature_header_verifies_with_the_webhook_secret(
        self, receiver: Receiver, admin_user: User
    ):
        delivery, secret = created_delivery(admin_user, receiver.url)
        assert send_delivery(delivery.pk) == "succeeded"
        [request] = receiver.requests
        assert request.path == "/hooks/sevai"
        assert request.headers["X-Sevai-Event"] == "ticket.created"
        assert request.headers["X-Sevai-Delivery"] == str(delivery.pk)
        signature = request.headers["X-Sevai-Signature"]
        assert verify(secret, request.body, signature)
        assert not verify("whsec_wrong", request.body, signature)
        assert not verify(secret, request.body + b" ", signature)
        body = request.json()
        assert body["event"] == "ticket.created"
        assert body["ticket"]["subject"] == "Parcel to Yerevan"  # type: ignore[index]

    def test_success_marks_the_delivery_succeeded_with_one_attempt(
        self, receiver: Receiver, admin_user: User
    ):
        delivery, _secret = created_delivery(admin_user, receiver.url)
        send_delivery(delivery.pk)
        delivery.refresh_from_db()
        assert delivery.state == Delivery.State.SUCCEEDED
        assert delivery.attempts == 1
        assert delivery.delivered_at is not None
        [attempt] = delivery.attempt_log.all()
        assert (attempt.status_code, attempt.error) == (200, "")

    def test_server_error_leaves_it_pending_with_a_backoff(
        self, receiver: Receiver, admin_user: User
    ):
        with time_machine.travel(T0, tick=False):
            delivery, _secret = created_delivery(admin_user, receiver.url)
            receiver.answer(500)
            assert send_delivery(delivery.pk) == "retry"
        delivery.refresh_from_db()
        assert delivery.state == Delivery.State.PENDING
        assert delivery.attempts == 1
        assert delivery.next_attempt_at == T0 + backoff(1)
        assert delivery.next_attempt_at > T0
        [attempt] = delivery.attempt_log.all()
        assert (attempt.status_code, attempt.error) == (500, "HTTP 500")
        retry_task = DBTaskResult.objects.get(task_path__endswith="deliver_webhook")
        assert retry_task.run_after == delivery.next_attempt_at

    def test_later_attempt_after_the_backoff_succeeds(self, receiver: Receiver, admin_user: User):
        with time_machine.travel(T0, tick=False) as traveller:
            delivery, secret = created_delivery(admin_user, receiver.url)
            receiver.answer(500)
            assert send_delivery(delivery.pk) == "retry"
            assert send_delivery(delivery.pk) == "skipped"  # not due yet
            traveller.shift(backoff(1) + timedelta(seconds=1))
            assert send_delivery(delivery.pk) == "succeeded"
        delivery.refresh_from_db()
        assert delivery.state == Delivery.State.SUCCEEDED
        assert delivery.attempts == 2
        assert [a.status_code for a in delivery.attempt_log.all()] == [500, 200]
        assert len(receiver.requests) == 2
        last = receiver.requests[-1]
        now = int((T0 + backoff(1) + timedelta(seconds=1)).timestamp())
        assert verify(secret, last.body, last.headers["X-Sevai-Signature"], now=now)

    def test_delivery_fails_after_the_maximum_attempts(
        self, receiver: Receiver, admin_user: User, settings
    ):
        settings.WEBHOOK_MAX_ATTEMPTS = 3
        with time_machine.travel(T0, tick=False) as traveller:
            delivery, _secret = created_delivery(admin_user, receiver.url)
            receiver.answer(500, 502, 503)
            results = []
            for attempt in range(1, 4):
                results.append(send_delivery(delivery.pk))
                traveller.shift(backoff(attempt))
            assert send_delivery(delivery.pk) == "skipped"
        assert results == ["retry", "retry", "failed"]
        delivery.refresh_from_db()
        assert delivery.state == Delivery.State.FAILED
        assert delivery.attempts == 3
        assert [a.status_code for a in delivery.attempt_log.all()] == [500, 502, 503]
        assert len(receiver.requests) == 3

    def test_running_twice_for_the_same_due_delivery_sends_once(
        self, receiver: Receiver, admin_user: User
    ):
        delivery, _secret = created_delivery(admin_user, receiver.url)
        assert [send_delivery(delivery.pk), send_delivery(delivery.pk)] == ["succeeded", "skipped"]
        assert len(receiver.requests) == 1
        assert delivery.attempt_log.count() == 1

    def test_delivery_claimed_by_another_worker_is_not_sent(
        self, receiver: Receiver, admin_user: User
    ):
        delivery, _secret = created_delivery(admin_user, receiver.url)
        Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SENDING)
        assert send_delivery(delivery.pk) == "skipped"
        assert receiver.requests == []

    def test_unreachable_receiver_records_the_connection_error(self, admin_user: User):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        delivery, _secret = created_delivery(admin_user, f"http://127.0.0.1:{port}/")
        assert send_delivery(delivery.pk) == "retry"
        [attempt] = Delivery.objects.get(pk=delivery.pk).attempt_log.all()
        assert attempt.status_code is None
        assert "ConnectError" in attempt.error

    def test_secret_never_reaches_the_logs(
        self, receiver: Receiver, admin_user: User, caplog: pytest.LogCaptureFixture
    ):
        caplog.set_level(logging.DEBUG)
        delivery, secret = created_delivery(admin_user, receiver.url)
        receiver.answer(500)
        send_delivery(delivery.pk)
        assert secret not in caplog.text


class TestWhichChangesAreSent:
    def test_internal_note_never_produces_a_delivery(self, admin_user: User, agent: User):
        webhook_for("https://hooks.example.com/sevai", admin_user)
        ticket = TicketFactory()
        before = Delivery.objects.count()
        tickets.add_note(ticket, "Customer sounds upset; @admin please call back", actor=agent)
        assert Delivery.objects.count() == before
        assert not any("please call back" in json.dumps(d.payload) for d in Delivery.objects.all())

    def test_open_reply_and_solve_reach_only_subscribed_webhooks(
        self, admin_user: User, agent: User
    ):
        lifecycle, _ = webhook_for(
            "https://a.example.com/", admin_user, ["ticket.created", "ticket.solved"]
        )
        messages, _ = webhook_for("https://b.example.com/", admin_user, ["message.added"])
        paused, _ = webhook_for("https://c.example.com/", admin_user)
        actions.set_webhook_active(paused, False, actor=admin_user)

        ticket = TicketFactory()
        reply = tickets.reply(ticket, "We found your parcel.", actor=agent)
        tickets.change_status(ticket, "solved", actor=agent)

        def events(webhook: Webhook) -> list[str]:
            return list(webhook.deliveries.order_by("pk").values_list("event", flat=True))

        assert events(lifecycle) == ["ticket.created", "ticket.solved"]
        assert events(messages) == ["message.added"]
        assert events(paused) == []
        sent = messages.deliveries.get()
        assert sent.payload["message"]["id"] == reply.pk
        assert sent.payload["ticket"]["id"] == ticket.pk

    def test_deliveries_are_queued_as_tasks_after_commit(
        self, admin_user: User, django_capture_on_commit_callbacks
    ):
        webhook_for("https://hooks.example.com/sevai", admin_user, ["ticket.created"])
        with django_capture_on_commit_callbacks(execute=True):
            TicketFactory()
        delivery = Delivery.objects.get()
        task = DBTaskResult.objects.get(task_path__endswith="deliver_webhook")
        assert task.args_kwargs["args"] == [delivery.pk]


class TestWebhookActions:
    def test_each_webhook_gets_its_own_random_secret(self, admin_user: User):
        first, first_secret = webhook_for("https://a.example.com/", admin_user)
        second, second_secret = webhook_for("https://b.example.com/", admin_user)
        assert first_secret != second_secret
        assert first_secret.startswith("whsec_") and len(first_secret) > 40
        assert first.secret == first_secret and second.secret == second_secret
        assert first_secret not in repr(first)

    def test_test_delivery_reaches_the_receiver_as_a_signed_ping(
        self, receiver: Receiver, admin_user: User, django_capture_on_commit_callbacks
    ):
        webhook, secret = webhook_for(receiver.url, admin_user, ["ticket.solved"])
        with django_capture_on_commit_callbacks(execute=True):
            delivery = actions.send_test_delivery(webhook, actor=admin_user)
        assert DBTaskResult.objects.get(task_path__endswith="deliver_webhook").args_kwargs[
            "args"
        ] == [delivery.pk]
        assert send_delivery(delivery.pk) == "succeeded"
        [request] = receiver.requests
        assert request.headers["X-Sevai-Event"] == "ping"
        assert verify(secret, request.body, request.headers["X-Sevai-Signature"])
        assert request.json()["webhook"] == {  # type: ignore[comparison-overlap]
            "id": webhook.pk,
            "url": receiver.url,
            "events": ["ticket.solved"],
        }

    def test_retry_sends_a_failed_delivery_again_now(
        self, receiver: Receiver, admin_user: User, settings, django_capture_on_commit_callbacks
    ):
        settings.WEBHOOK_MAX_ATTEMPTS = 1
        delivery, _secret = created_delivery(admin_user, receiver.url)
        receiver.answer(500)
        assert send_delivery(delivery.pk) == "failed"
        with django_capture_on_commit_callbacks(execute=True):
            retried = actions.retry_delivery(delivery, actor=admin_user)
        assert retried.state == Delivery.State.PENDING
        assert DBTaskResult.objects.filter(task_path__endswith="deliver_webhook").exists()
        assert send_delivery(delivery.pk) == "succeeded"
        delivery.refresh_from_db()
        assert delivery.attempts == 2
        assert len(receiver.requests) == 2

    def test_only_failed_deliveries_can_be_retried(self, admin_user: User):
        delivery, _secret = created_delivery(admin_user, "https://hooks.example.com/")
        with pytest.raises(ValidationError):
            actions.retry_delivery(delivery, actor=admin_user)

    def test_agents_cannot_manage_webhooks(self, agent: User, admin_user: User):
        with pytest.raises(PermissionDenied):
            actions.create_webhook("https://a.example.com/", ALL_EVENTS, actor=agent)
        webhook, _ = webhook_for("https://a.example.com/", admin_user)
        with pytest.raises(PermissionDenied):
            actions.send_test_delivery(webhook, actor=agent)

    @pytest.mark.parametrize(
        "url", ["ftp://files.example.com/", "https://user:pw@hooks.example.com/", "not a url"]
    )
    def test_bad_urls_are_refused(self, admin_user: User, url: str):
        with pytest.raises(ValidationError):
            actions.create_webhook(url, ALL_EVENTS, actor=admin_user)

    def test_unknown_or_missing_events_are_refused(self, admin_user: User):
        with pytest.raises(ValidationError):
            actions.create_webhook("https://a.example.com/", ["ticket.deleted"], actor=admin_user)
        with pytest.raises(ValidationError):
            actions.create_webhook("https://a.example.com/", [], actor=admin_user)

    @pytest.mark.parametrize("url", ["http://127.0.0.1:9/", "http://10.1.2.3/", "http://[::1]/"])
    def test_private_addresses_are_refused_when_the_setting_forbids_them(
        self, admin_user: User, settings, url: str
    ):
        settings.WEBHOOK_ALLOW_PRIVATE = False
        with pytest.raises(ValidationError):
            actions.create_webhook(url, ALL_EVENTS, actor=admin_user)
        webhook, _ = actions.create_webhook("https://93.184.215.14/", ALL_EVENTS, actor=admin_user)
        assert webhook.pk
