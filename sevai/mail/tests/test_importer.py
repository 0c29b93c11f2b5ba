"""`sevai import-mail`: mbox, Maildir and .eml folders through store_raw + process_message."""

from __future__ import annotations

import json
import mailbox as mailboxes
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sevai.mail.models import InboundMessage, Mailbox, OutboundEmail
from sevai.mail.tests.test_processing import T0, bounce_for, build_mail, deliver
from sevai.testing.factories import CustomerFactory
from sevai.testing.shared import SHARED_EMAILS
from sevai.tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox.objects.create(name="Support", address="support@desk.example")


def conversation() -> list[bytes]:
    """A question, the customer's follow-up in the same thread, an auto-reply, a bounce, and a
    mail from someone else: 2 tickets, 1 threaded, 1 auto-reply, 1 bounce."""
    return [
        build_mail(message_id="q1@customer.example", date=T0),
        build_mail(
            message_id="q2@customer.example",
            subject="Re: Parcel 4521 has not arrived",
            body="Any news?",
            in_reply_to="q1@customer.example",
            references=["q1@customer.example"],
            date=T0 + timedelta(days=1),
        ),
        build_mail(
            sender="Ani <ani@customer.example>",
            subject="Automatic reply: Parcel",
            body="I am away until Monday.",
            headers={"Auto-Submitted": "auto-replied"},
            date=T0 + timedelta(days=1, hours=2),
        ),
        bounce_for("nobody@customer.example"),
        build_mail(
            sender="கவிதா <kavitha@customer.example>",
            subject="என் பார்சல்",
            body="வணக்கம், என் பார்சல் வரவில்லை.",
            date=T0 + timedelta(days=2),
        ),
    ]


def run(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command("import_mail", *args, "--no-progress", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


EXPECTED = {
    "read": 5,
    "stored": 5,
    "duplicates": 0,
    "tickets_created": 2,
    "threaded": 1,
    "auto_replies": 1,
    "bounces": 1,
    "ignored": 2,
    "flagged": [],
}


class TestImportMail:
    def test_an_mbox_file(self, tmp_path: Path) -> None:
        CustomerFactory(email="nobody@customer.example")
        box = mailboxes.mbox(tmp_path / "archive.mbox")
        for raw in conversation():
            box.add(raw)
        box.close()
        assert run(str(tmp_path / "archive.mbox")) == EXPECTED
        ticket = Ticket.objects.get(customer__identities__value="maral@customer.example")
        assert [m.created_at for m in ticket.messages.all()] == [T0, T0 + timedelta(days=1)]
        assert ticket.created_at == T0
        assert set(InboundMessage.objects.values_list("source", flat=True)) == {"import"}
        assert OutboundEmail.objects.count() == 0  # old mail is never acknowledged

    def test_a_maildir(self, tmp_path: Path) -> None:
        box = mailboxes.Maildir(tmp_path / "Maildir")
        for raw in conversation():
            box.add(raw)
        report = run(str(tmp_path / "Maildir"))
        assert report["read"] == 5
        assert report["stored"] == 5
        assert report["auto_replies"] == 1 and report["bounces"] == 1
        # Maildir keys are not in date order, so the reply may come first: 2 or 3 tickets.
        assert report["tickets_created"] + report["threaded"] == 3

    def test_a_folder_of_eml_files_recursively_and_again(self, tmp_path: Path) -> None:
        for n, raw in enumerate(conversation()):
            folder = tmp_path / "export" / ("b" if n % 2 else "a") / f"{n}"
            folder.mkdir(parents=True)
            (folder / f"{n}.eml").write_bytes(raw)
        (tmp_path / "export" / "notes.txt").write_text("not a mail")
        assert run(str(tmp_path / "export")) == EXPECTED
        again = run(str(tmp_path / "export"))
        assert again["read"] == 5 and again["duplicates"] == 5 and again["stored"] == 0
        assert again["tickets_created"] == 0
        assert Message.objects.count() == 3

    def test_flagged_mail_is_listed_with_its_file(self, tmp_path: Path, settings) -> None:
        settings.MAIL_MAX_MESSAGE_BYTES = 2000
        big = build_mail(body="x " * 2000)
        (tmp_path / "big.eml").write_bytes(big)
        report = run(str(tmp_path))
        assert report["read"] == 1 and report["stored"] == 0
        flagged = report["flagged"]
        assert flagged == [
            {"file": str(tmp_path / "big.eml"), "reasons": [flagged[0]["reasons"][0]]}
        ]
        assert "limit is 2000 bytes" in flagged[0]["reasons"][0]

    def test_the_mailbox_option_sets_the_team_and_must_exist(self, tmp_path: Path) -> None:
        from sevai.accounts.models import Team

        team = Team.objects.create(name="Billing", slug="billing")
        Mailbox.objects.create(name="Billing", address="billing@desk.example", team=team)
        (tmp_path / "one.eml").write_bytes(build_mail())
        run(str(tmp_path), "--mailbox", "Billing@Desk.Example")
        assert Ticket.objects.get().team == team
        assert OutboundEmail.objects.count() == 0
        with pytest.raises(CommandError, match="No mailbox"):
            run(str(tmp_path), "--mailbox", "nobody@desk.example")

    def test_the_sevai_command_spells_it_with_a_hyphen(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        from sevai.cli import COMMANDS, main

        assert "import-mail" in dict(COMMANDS)
        (tmp_path / "one.eml").write_bytes(build_mail())
        main(["sevai", "import-mail", str(tmp_path), "--no-progress"])
        assert json.loads(capsys.readouterr().out.strip())["tickets_created"] == 1


# --- Real-world mail from ../shared/emails through the same door, one file per test ---


def shared_mail_files() -> list[Path]:
    files = [p for f in ("chatwoot", "django-helpdesk") for p in (SHARED_EMAILS / f).glob("*.eml")]
    files += (SHARED_EMAILS / "mimekit").glob("**/delivery-status*")
    files += (SHARED_EMAILS / "mailgun-flanker" / "messages").glob("**/*.eml")
    return sorted(files)


# Free-text bounces that noise.classify does not recognise yet (reported to its author).


def shared_bounce_files() -> list[object]:
    folder = SHARED_EMAILS / "sisimai-set-of-emails" / "maildir" / "bsd"
    return [pytest.param(path, id=path.name) for path in sorted(folder.glob("*.eml"))]


needs_shared = pytest.mark.skipif(
    not SHARED_EMAILS.is_dir(), reason="../shared/emails is not checked out"
)


@needs_shared
@pytest.mark.parametrize("path", shared_mail_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shared_mail_is_kept_and_decided(mailbox: Mailbox, path: Path) -> None:
    raw = path.read_bytes()
    inbound = deliver(raw, mailbox)
    assert bytes(inbound.raw) == raw
    assert inbound.state in {"processed", "ignored", "flagged"}
    if inbound.state == "processed":
        assert inbound.ticket_message is not None
    if inbound.state == "ignored":
        assert inbound.verdict["reason"]
    if inbound.state == "flagged":
        assert inbound.flags


@needs_shared
@pytest.mark.parametrize("path", shared_bounce_files())
def test_shared_bounces_and_complaints_make_no_ticket_and_no_mail(
    mailbox: Mailbox, path: Path
) -> None:
    inbound = deliver(path.read_bytes(), mailbox)
    assert inbound.state == "ignored", inbound.verdict.get("noise")
    assert Ticket.objects.count() == 0
    assert OutboundEmail.objects.count() == 0
