"""`sevai mail inspect FILE`: the verdict, without storing anything."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import models

from sevai.customers.models import Customer, Identity
from sevai.mail import parsing
from sevai.mail.models import Attachment, InboundMessage, MessageReference
from sevai.mail.tests.test_processing import PDF, bounce_for, build_mail
from sevai.testing.factories import CustomerFactory, TicketFactory
from sevai.tickets.models import Event, Message, Ticket

pytestmark = pytest.mark.django_db

COUNTED: list[type[models.Model]] = [
    InboundMessage,
    MessageReference,
    Attachment,
    Customer,
    Identity,
    Ticket,
    Message,
    Event,
]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def inspect(path: Path) -> dict[str, object]:
    out = StringIO()
    call_command("mail", "inspect", str(path), stdout=out)
    return json.loads(out.getvalue())


class TestInspect:
    def test_it_explains_a_new_mail_and_stores_nothing(self, tmp_path: Path) -> None:
        path = tmp_path / "question.eml"
        body = (
            "வணக்கம், என் பார்சல் வரவில்லை.\n\n"
            "On Mon, 2 Mar 2026 at 09:00, Support <support@desk.example> wrote:\n"
            "> Your parcel is on its way.\n"
        )
        path.write_bytes(
            build_mail(
                sender="கவிதா <kavitha@customer.example>",
                subject="என் பார்சல்",
                body=body,
                attachments=[("ரசீது.pdf", "application/pdf", PDF)],
            )
        )
        before = row_counts()
        report = inspect(path)
        assert row_counts() == before
        assert report["sender"] == {
            "address": "kavitha@customer.example",
            "name": "கவிதா",
            "customer_id": None,
            "customer": "new",
        }
        assert report["visible"] == "வணக்கம், என் பார்சல் வரவில்லை."
        assert report["language"] == "ta"
        assert "Your parcel is on its way." in report["folded"]
        assert report["attachments"][0]["filename"] == "ரசீது.pdf"
        assert report["attachments"][0]["size"] == len(PDF)
        assert report["noise"]["kind"] == "normal"
        assert report["threading"]["rule"] == "new"
        assert report["action"] == "new_ticket"
        assert report["raw"]["already_stored_as"] is None

    def test_it_shows_the_matched_customer_and_ticket(self, tmp_path: Path) -> None:
        customer = CustomerFactory(email="maral@customer.example")
        ticket = TicketFactory(customer=customer)
        path = tmp_path / "reply.eml"
        path.write_bytes(build_mail(subject=f"Re: [#{ticket.number}] Parcel"))
        before = row_counts()
        first, second = inspect(path), inspect(path)
        assert row_counts() == before
        assert first == second
        assert first["sender"]["customer"] == "existing"
        assert first["sender"]["customer_id"] == customer.pk
        assert first["threading"]["ticket_number"] == ticket.number
        assert first["action"] == "added_to_ticket"

    def test_a_bounce_names_the_identity_but_does_not_mark_it(self, tmp_path: Path) -> None:
        CustomerFactory(email="nobody@customer.example")
        path = tmp_path / "bounce.eml"
        path.write_bytes(bounce_for("nobody@customer.example"))
        report = inspect(path)
        assert report["noise"]["kind"] == "bounce"
        assert report["noise"]["reason"]
        assert report["undeliverable"] == ["nobody@customer.example"]
        assert report["action"] == "ignored"
        assert not Identity.objects.filter(undeliverable=True).exists()

    def test_a_parse_failure_is_reported(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(parsing, "parse_email", lambda raw: 1 / 0)
        path = tmp_path / "broken.eml"
        path.write_bytes(build_mail(subject="Broken"))
        report = inspect(path)
        assert report["error"].startswith("parse error: ZeroDivisionError")
        assert report["readable"]["subject"] == "Broken"
        assert InboundMessage.objects.count() == 0

    def test_a_missing_file_is_an_error(self, tmp_path: Path) -> None:
        with pytest.raises(CommandError, match="is not a file"):
            inspect(tmp_path / "nothing.eml")
