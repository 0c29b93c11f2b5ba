"""Language detection on short messages, and where it is stored when messages arrive."""

from __future__ import annotations

import pytest

from sevai.customers.actions import update_customer
from sevai.mail.processing import process_message
from sevai.mail.store import store_raw
from sevai.mail.tests.test_processing import build_mail
from sevai.testing.factories import CustomerFactory, TicketFactory
from sevai.tickets import actions
from sevai.tickets.models import Channel, Message, Ticket
from sevai.triage.language import detect, detect_language, get_detector, model_languages
from sevai.triage.tests.short_texts import SHORT_TEXTS

DESK = {"en", "ta", "tl", "hy", ""}
CASES = [(code, text) for code, texts in SHORT_TEXTS.items() for text in texts]


class TestShortTexts:
    @pytest.mark.parametrize(("expected", "text"), [c for c in CASES if c[0] in DESK])
    def test_desk_language_or_unknown_is_told_exactly(self, expected: str, text: str) -> None:
        assert detect_language(text) == expected

    @pytest.mark.parametrize(("expected", "text"), [c for c in CASES if c[0] not in DESK])
    def test_other_languages_are_never_taken_for_another(self, expected: str, text: str) -> None:
        """A neighbour's short message is named, or unknown when too short to be sure."""
        assert detect_language(text) in (expected, "")

    def test_most_neighbour_messages_are_named(self) -> None:
        others = [(code, text) for code, text in CASES if code not in DESK]
        named = sum(detect_language(text) == code for code, text in others)
        assert named >= len(others) - 2

    def test_the_desk_languages_are_told_apart_on_three_words(self) -> None:
        assert detect_language("nasaan ang padala") == "tl"
        assert detect_language("where's my parcel") == "en"

    def test_tamil_and_armenian_are_known_by_their_script(self) -> None:
        assert detect("பார்சல் எங்கே?").method == "script"
        assert detect("Որտե՞ղ է ծանրոցս").method == "script"
        assert detect("padala ko?").method == "model"

    def test_mostly_tamil_with_an_english_word_is_tamil(self) -> None:
        assert detect_language("என் order இன்னும் வரவில்லை") == "ta"

    def test_links_numbers_and_addresses_do_not_count(self) -> None:
        assert detect_language("https://track.example/JT123 maral@mail.example 4521") == ""

    def test_a_confident_detection_says_how_sure_it_is(self) -> None:
        result = detect("Bakit hindi pa dumating ang order ko")
        assert result.language == "tl"
        assert 0.5 <= result.confidence <= 1.0

    def test_the_detector_is_built_once_and_kept_small(self) -> None:
        assert get_detector() is get_detector()
        codes = model_languages()
        assert {"en", "ta", "tl", "hy", "ms", "id", "hi"} <= set(codes)
        assert len(codes) < 25


@pytest.mark.django_db
class TestStoredOnArrival:
    def test_a_new_ticket_and_its_message_get_the_detected_language(self) -> None:
        customer = CustomerFactory(language="")
        ticket = TicketFactory(
            customer=customer, subject="padala", body="Nasaan na po ang padala ko? Salamat po"
        )
        assert ticket.language == "tl"
        assert ticket.messages.get().language == "tl"
        customer.refresh_from_db()
        assert customer.language == "tl"

    def test_a_language_given_by_the_caller_wins(self) -> None:
        ticket = TicketFactory(body="Nasaan na po ang padala ko?", language="en")
        assert ticket.language == "en"

    def test_unknown_language_falls_back_to_the_customers(self) -> None:
        ticket = TicketFactory(customer=CustomerFactory(language="hy"), subject="ok", body="ok")
        assert ticket.language == "hy"

    def test_each_customer_message_gets_its_own_language(self) -> None:
        ticket = TicketFactory(subject="Parcel", body="Where is my parcel? It has not arrived.")
        message = actions.add_customer_message(
            ticket, "என் பார்சல் இன்னும் வரவில்லை", channel=Channel.EMAIL
        )
        assert message.language == "ta"
        ticket.refresh_from_db()
        assert ticket.language == "en"  # set when the ticket was opened

    def test_a_ticket_without_language_gets_one_from_a_later_message(self) -> None:
        ticket = TicketFactory(customer=CustomerFactory(language=""), subject="?", body="???")
        assert ticket.language == ""
        actions.add_customer_message(ticket, "Որտե՞ղ է ծանրոցս", channel=Channel.EMAIL)
        ticket.refresh_from_db()
        assert ticket.language == "hy"


@pytest.mark.django_db
class TestCustomerLanguageIsLearned:
    def test_a_customer_switches_after_two_messages_in_another_language(self) -> None:
        customer = CustomerFactory(language="en")
        ticket = TicketFactory(customer=customer, body="Where is my parcel? It is late.")
        actions.add_customer_message(ticket, "Nasaan na po ang padala ko?", channel="email")
        customer.refresh_from_db()
        assert customer.language == "en"  # one message is not enough
        actions.add_customer_message(ticket, "Hindi pa rin po dumating", channel="email")
        customer.refresh_from_db()
        assert customer.language == "tl"

    def test_a_language_set_by_hand_is_kept(self, agent) -> None:  # type: ignore[no-untyped-def]
        customer = CustomerFactory(language="en")
        update_customer(customer, actor=agent, language="hy")
        customer.refresh_from_db()
        assert customer.language_set_by_hand
        ticket = TicketFactory(customer=customer, body="பார்சல் எங்கே?")
        actions.add_customer_message(ticket, "இன்னும் வரவில்லை", channel="email")
        customer.refresh_from_db()
        assert customer.language == "hy"
        assert ticket.language == "ta"

    def test_saving_the_profile_unchanged_does_not_pin_the_language(self, agent) -> None:  # type: ignore[no-untyped-def]
        customer = CustomerFactory(language="en")
        update_customer(customer, actor=agent, language="en", notes="Calls in the morning")
        customer.refresh_from_db()
        assert not customer.language_set_by_hand


@pytest.mark.django_db
class TestMailGetsDetection:
    def test_a_tagalog_mail_makes_a_tagalog_ticket(self) -> None:
        raw = build_mail(
            subject="Padala ko",
            body="Magandang araw po, hindi pa dumarating ang padala ko. Salamat po.",
        )
        inbound, _created = store_raw(raw, mailbox=None, source="imap")
        inbound = process_message(inbound.pk)
        ticket = Ticket.objects.get(pk=inbound.ticket_id)
        assert ticket.language == "tl"
        assert Message.objects.get(ticket=ticket).language == "tl"
        assert ticket.customer.language == "tl"
