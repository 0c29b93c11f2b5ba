"""Building outgoing mail: subject, threading chain, bodies from templates, the MIME message."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email import policy

import pytest
from django.utils import translation

from sevai.accounts.models import User
from sevai.mail import compose, outbox
from sevai.mail.models import Mailbox, OutboundEmail
from sevai.testing.factories import CustomerFactory, TeamFactory, TicketFactory
from sevai.tickets import actions
from sevai.tickets.models import Ticket

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class TestReplySubject:
    @pytest.mark.parametrize(
        ("subject", "expected"),
        [
            ("Parcel to Yerevan", "Re: Parcel to Yerevan [#42]"),
            ("Re: Parcel to Yerevan", "Re: Parcel to Yerevan [#42]"),
            ("RE:Parcel", "RE:Parcel [#42]"),
            ("Parcel [#42]", "Re: Parcel [#42]"),
            ("Re: Parcel [#42]", "Re: Parcel [#42]"),
            ("Parcel [#421]", "Re: Parcel [#421] [#42]"),
            ("Parcel\r\nBcc: evil@example.com", "Re: Parcel Bcc: evil@example.com [#42]"),
            ("பார்சல் வரவில்லை", "Re: பார்சல் வரவில்லை [#42]"),
        ],
    )
    def test_re_and_the_token_are_added_once(self, subject: str, expected: str):
        assert compose.reply_subject(subject, 42) == expected


class TestThreadReferences:
    def test_ends_with_in_reply_to_without_duplicates_or_brackets(self):
        chain = compose.thread_references(["<a@x>", "b@x", "a@x", "c@x"], "b@x")
        assert chain == ["a@x", "c@x", "b@x"]

    def test_a_long_chain_keeps_the_root_and_the_latest(self):
        known = [f"m{i}@x" for i in range(50)]
        chain = compose.thread_references(known, "last@x")
        assert len(chain) == compose.MAX_REFERENCES
        assert chain[0] == "m0@x"
        assert chain[-2:] == ["m49@x", "last@x"]

    def test_nothing_known(self):
        assert compose.thread_references([], "") == []


class TestLanguage:
    @pytest.mark.parametrize(
        ("customer", "ticket", "expected"),
        [
            ("ta", "en", "ta"),
            ("ta-IN", "", "ta"),
            ("fil", "", "tl"),
            ("", "hy", "hy"),
            ("de", "hy", "hy"),
            ("de", "fr", "en"),
            ("", "", "en"),
        ],
    )
    def test_the_customer_then_the_ticket_then_english(
        self, customer: str, ticket: str, expected: str
    ):
        assert (
            compose.language_for(CustomerFactory.build(language=customer), Ticket(language=ticket))
            == expected
        )

    def test_templates_render_with_the_language_active_and_restore_it(self):
        with translation.override("en"):
            text, html = compose.render_bodies("solved", {"number": 7, "name": ""}, "ta")
            assert translation.get_language() == "en"
        assert 'lang="ta"' in html
        assert "டிக்கெட் எண்: #7" in text


@pytest.mark.django_db
class TestBodies:
    def test_the_reply_html_is_escaped_text_with_paragraphs_never_agent_html(self, agent: User):
        Mailbox.objects.create(name="Help", address="help@desk.example")
        ticket = TicketFactory()
        body = 'Hi <b onclick="x()">there</b>\n\nFirst line\nsecond line'
        actions.reply(ticket, body, actor=agent)
        html = OutboundEmail.objects.get().body_html
        assert "<b onclick" not in html
        assert "&lt;b onclick=&quot;x()&quot;&gt;there&lt;/b&gt;" in html
        assert "<p>First line<br>second line</p>" in html

    def test_the_agents_signature_is_appended_to_text_and_html(self, agent: User):
        agent.signature = "Asha Raman\nParcel Help <support>"
        agent.save(update_fields=["signature"])
        Mailbox.objects.create(name="Help", address="help@desk.example")
        actions.reply(TicketFactory(), "On its way.", actor=agent)
        outbound = OutboundEmail.objects.get()
        assert outbound.body_text.startswith(
            "On its way.\n\n-- \nAsha Raman\nParcel Help <support>\n"
        )
        assert "Asha Raman<br>Parcel Help &lt;support&gt;" in outbound.body_html

    def test_no_signature_no_delimiter(self, agent: User):
        Mailbox.objects.create(name="Help", address="help@desk.example")
        actions.reply(TicketFactory(), "On its way.", actor=agent)
        assert "-- " not in OutboundEmail.objects.get().body_text


@pytest.mark.django_db
class TestMimeMessage:
    def parsed(self, outbound: OutboundEmail, language: str = "en") -> email.message.EmailMessage:
        names, _customer = outbox.recipient_names(outbound)
        built = compose.build_message(outbound, now=T0, names=names, language=language)
        raw = built.as_bytes()
        assert b"\r\n" in raw and max(len(line) for line in raw.split(b"\r\n")) <= 998
        parsed = email.message_from_bytes(raw, policy=policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        return parsed

    def test_multipart_alternative_with_text_then_html(self, agent: User):
        Mailbox.objects.create(name="Help", address="help@desk.example")
        actions.reply(TicketFactory(), "Hello", actor=agent)
        message = self.parsed(OutboundEmail.objects.get())
        assert message.get_content_type() == "multipart/alternative"
        parts = list(message.iter_parts())
        assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
        assert all(p["MIME-Version"] is None for p in parts)
        assert message["Content-Language"] == "en"
        assert message["Auto-Submitted"] is None  # a person wrote it

    def test_the_team_name_and_a_non_ascii_customer_name(self, agent: User):
        Mailbox.objects.create(name="Help", address="help@desk.example")
        customer = CustomerFactory(name="Մարիամ Պետրոսյան", email="mariam@mail.example")
        ticket = TicketFactory(customer=customer, team=TeamFactory(name="Հայաստան"))
        actions.reply(ticket, "Բարև", actor=agent)
        message = self.parsed(OutboundEmail.objects.get(), "hy")
        assert message["From"] == "Հայաստան <help@desk.example>"
        assert message["To"] == "Մարիամ Պետրոսյան <mariam@mail.example>"
        assert message["Reply-To"].addresses[0].addr_spec == "help@desk.example"
        assert message.get_body(("plain",)).get_content().startswith("Բարև")

    def test_automatic_mails_say_so(self, agent: User):
        mailbox = Mailbox.objects.create(name="Help", address="help@desk.example")
        ticket = TicketFactory()
        ack = outbox.queue_acknowledgement(ticket, ticket.messages.get(), mailbox).outbound
        actions.change_status(ticket, Ticket.Status.SOLVED, actor=agent)
        solved = OutboundEmail.objects.get(kind=OutboundEmail.Kind.SOLVED)
        assert ack is not None
        assert self.parsed(ack)["Auto-Submitted"] == "auto-replied"
        assert self.parsed(solved)["Auto-Submitted"] == "auto-generated"
        assert self.parsed(solved)["X-Auto-Response-Suppress"] == "All"
        assert self.parsed(solved)["In-Reply-To"] == f"<{ack.message_id}>"

    def test_a_long_references_chain_folds_and_parses_back(self, agent: User):
        Mailbox.objects.create(name="Help", address="help@desk.example")
        ticket = TicketFactory()
        actions.reply(ticket, "Hello", actor=agent)
        outbound = OutboundEmail.objects.get()
        ids = [f"CAF{i:03d}+long.message.id.{i}@mail.gmail.example" for i in range(20)]
        outbound.references = " ".join(ids)
        outbound.in_reply_to = ids[-1]
        message = self.parsed(outbound)
        assert message["References"].split() == [f"<{i}>" for i in ids]
        assert message["In-Reply-To"] == f"<{ids[-1]}>"
        assert message["Message-ID"] == f"<{outbound.message_id}>"
