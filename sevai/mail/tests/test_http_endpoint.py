"""POST /mail/inbound/<mailbox_id>/: authentication, limits and answers; stored on 202 only."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.test import Client

from sevai.mail.models import InboundMessage, Mailbox
from sevai.mail.tests.test_processing import build_mail
from sevai.mail.transports.http import secret_hash

pytestmark = pytest.mark.django_db

SECRET = "inbound-secret-4521-abcdef"
RFC822 = "message/rfc822"


@pytest.fixture
def mailbox() -> Mailbox:
    box = Mailbox.objects.create(
        name="Support", address="support@desk.example", inbound_secret_hash=secret_hash(SECRET)
    )
    # Ids are reused after rollbacks: forget rate-limit counters of earlier tests (only ours;
    # clearing the whole cache would disturb parallel workers sharing Redis).
    minute = int(time.time() // 60)
    cache.delete_many([f"mail:inbound-http:{box.pk}:{m}" for m in range(minute - 2, minute + 2)])
    return box


def post(
    mailbox_id: int, raw: bytes, *, secret: str = SECRET, content_type: str = RFC822
) -> tuple[int, dict[str, object]]:
    response = Client().post(
        f"/mail/inbound/{mailbox_id}/",
        data=raw,
        content_type=content_type,
        headers={"Authorization": f"Bearer {secret}"} if secret else {},
    )
    return response.status_code, response.json()


class TestInboundEndpoint:
    def test_a_mail_is_stored_and_accepted(self, mailbox: Mailbox) -> None:
        raw = build_mail(message_id="http-1@customer.example")
        status, body = post(mailbox.pk, raw)
        inbound = InboundMessage.objects.get()
        assert (status, body) == (202, {"stored": True, "duplicate": False, "id": inbound.pk})
        assert bytes(inbound.raw) == raw
        assert inbound.source == "http"
        assert inbound.mailbox == mailbox

    def test_a_retried_delivery_is_accepted_as_a_duplicate(self, mailbox: Mailbox) -> None:
        raw = build_mail()
        post(mailbox.pk, raw)
        status, body = post(mailbox.pk, raw, content_type="application/octet-stream")
        assert status == 202
        assert body["stored"] is False and body["duplicate"] is True
        assert InboundMessage.objects.count() == 1

    def test_a_mail_larger_than_the_upload_limit_of_forms_is_fine(self, mailbox: Mailbox) -> None:
        raw = build_mail(attachments=[("scan.bin", "application/octet-stream", b"x" * 3_000_000)])
        status, _body = post(mailbox.pk, raw)
        assert status == 202
        assert bytes(InboundMessage.objects.get().raw) == raw

    @pytest.mark.parametrize(
        "secret", ["wrong-secret", "", SECRET.upper()], ids=["wrong", "missing", "case"]
    )
    def test_a_bad_secret_is_refused(self, mailbox: Mailbox, secret: str) -> None:
        status, body = post(mailbox.pk, build_mail(), secret=secret)
        assert status == 401
        assert body["error"]
        assert InboundMessage.objects.count() == 0

    def test_a_mailbox_without_a_secret_accepts_nothing(self) -> None:
        mailbox = Mailbox.objects.create(name="IMAP only", address="imap@desk.example")
        status, _body = post(mailbox.pk, build_mail(), secret=" ")
        assert status == 401

    def test_an_unknown_mailbox_is_404(self, mailbox: Mailbox) -> None:
        status, _body = post(mailbox.pk + 1, build_mail())
        assert status == 404
        assert InboundMessage.objects.count() == 0

    def test_too_large_is_413(self, mailbox: Mailbox, settings) -> None:
        settings.MAIL_MAX_MESSAGE_BYTES = 200
        status, body = post(mailbox.pk, build_mail())
        assert status == 413
        assert "limit is 200 bytes" in str(body["error"])
        assert InboundMessage.objects.count() == 0

    def test_an_empty_body_is_400(self, mailbox: Mailbox) -> None:
        status, _body = post(mailbox.pk, b"")
        assert status == 400
        assert InboundMessage.objects.count() == 0

    def test_a_form_post_is_415(self, mailbox: Mailbox) -> None:
        status, _body = post(mailbox.pk, b"a=b", content_type="application/x-www-form-urlencoded")
        assert status == 415
        assert InboundMessage.objects.count() == 0

    def test_only_post_is_allowed(self, mailbox: Mailbox) -> None:
        assert Client().get(f"/mail/inbound/{mailbox.pk}/").status_code == 405

    def test_it_is_rate_limited_per_mailbox(self, mailbox: Mailbox, settings) -> None:
        settings.MAIL_HTTP_RATE_LIMIT_PER_MINUTE = 2
        statuses = [post(mailbox.pk, build_mail())[0] for _n in range(3)]
        assert statuses == [202, 202, 429]
        assert InboundMessage.objects.count() == 2
        other = Mailbox.objects.create(
            name="Billing", address="billing@desk.example", inbound_secret_hash=secret_hash(SECRET)
        )
        assert post(other.pk, build_mail())[0] == 202

    @pytest.mark.parametrize("stored", [1, 40])
    def test_query_count_is_flat(
        self, mailbox: Mailbox, django_assert_num_queries, stored: int
    ) -> None:
        for _n in range(stored):
            InboundMessage.objects.create(
                source="http", raw=b"x", size=1, sha256=f"{_n:064d}", message_id=f"{_n}@x"
            )
        raw = build_mail()
        # mailbox, dedupe lookup, two savepoints, insert, two releases
        with django_assert_num_queries(7):
            status, _body = post(mailbox.pk, raw)
        assert status == 202
