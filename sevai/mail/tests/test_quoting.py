"""split_reply: the customer's new text, and the history and signature folded away."""

from __future__ import annotations

import pytest

from sevai.mail import quoting
from sevai.mail.quoting import split_reply

REPLY = "Thanks, that fixed it.\nOne more question: can I export?"


def visible_of(text: str) -> str:
    return split_reply(text)[0]


class TestGmailAndAppleHeaders:
    @pytest.mark.parametrize(
        "header",
        [
            "On Mon, Jan 8, 2024 at 10:00 AM Support <help@example.org> wrote:",
            "On Mon, Jan 8, 2024 at 10:00 AM Support <\nhelp@example.org> wrote:",
            "On 8 Jan 2024, at 10:00, Support <help@example.org> wrote:",
            "On Jan 8, 2024, at 10:00 AM, Support\n<help@example.org>\nwrote:",
        ],
    )
    def test_quote_header_and_quote_fold(self, header: str) -> None:
        text = f"{REPLY}\n\n{header}\n\n> Did you try turning it off?\n> Support"
        visible, folded = split_reply(text)
        assert visible == REPLY
        assert folded.startswith(header.split("\n")[0])
        assert folded.endswith("> Support")

    @pytest.mark.parametrize(
        "header",
        [
            "Am 08.01.2024 um 10:00 schrieb Support <help@example.org>:",
            "Support <help@example.org> schrieb am Mo., 8. Jan. 2024 um 10:00:",
            "Le lun. 8 janv. 2024 à 10:00, Support <help@example.org> a écrit :",
            "El lun, 8 ene 2024 a las 10:00, Support (<help@example.org>) escribió:",
            "Il giorno lun 8 gen 2024 alle ore 10:00 Support <help@example.org> ha scritto:",
            "Em seg., 8 de jan. de 2024 às 10:00, Support <help@example.org> escreveu:",
            "Op ma 8 jan. 2024 om 10:00 schreef Support <help@example.org>:",
            "Den mån 8 jan. 2024 kl 10:00 skrev Support <help@example.org>:",
            "W dniu 8.01.2024 o 10:00, Support <help@example.org> napisał:",
            "пн, 8 янв. 2024 г. в 10:00, Support <help@example.org>:",
            "在 2024年1月8日 10:00，Support <help@example.org> 写道：",
            "2024年1月8日(月) 10:00 Support <help@example.org>:",
            "ma 8. tammik. 2024 klo 10.00 Support <help@example.org> kirjoitti:",
        ],
    )
    def test_localized_quote_header_folds_unquoted_history(self, header: str) -> None:
        text = f"{REPLY}\n\n{header}\n\nDid you try turning it off?\nSupport"
        assert visible_of(text) == REPLY

    def test_sentence_starting_with_on_is_not_a_header(self) -> None:
        text = "On your server run:\n\n    telnet 127.0.0.1 25\n\nOn Monday I will call."
        assert visible_of(text) == text


class TestOutlookBlocks:
    @pytest.mark.parametrize(
        "block",
        [
            "-----Original Message-----\nFrom: Support\nSent: Monday\nTo: Ana\nSubject: Re: x",
            "________________________________\nFrom: Support <help@example.org>\n"
            "Sent: Monday, January 8, 2024 10:00 AM\nTo: Ana\nSubject: Re: x",
            "Von: Support <help@example.org>\nGesendet: Montag, 8. Januar 2024 10:00\n"
            "An: Ana\nBetreff: AW: x",
            "De : Support <help@example.org>\nEnvoyé : lundi 8 janvier 2024 10:00\n"
            "À : Ana\nObjet : RE: x",
            "De: Support <help@example.org>\nEnviado: lunes, 8 de enero de 2024 10:00\n"
            "Para: Ana\nAsunto: RE: x",
            "Van: Support <help@example.org>\nVerzonden: maandag 8 januari 2024 10:00\n"
            "Aan: Ana\nOnderwerp: RE: x",
            "Da: Support <help@example.org>\nInviato: lunedì 8 gennaio 2024 10:00\n"
            "A: Ana\nOggetto: R: x",
            "Från: Support <help@example.org>\nSkickat: den 8 januari 2024 10:00\n"
            "Till: Ana\nÄmne: SV: x",
            "*From:* Support\n*Sent:* Monday\n*To:* Ana\n*Subject:* x",
            "Date: Mon, 8 Jan 2024 10:00:00 +0000\nSubject: x\nFrom: help@example.org\nTo: ana@x",
            "---------- Forwarded message ---------\nFrom: Support <help@example.org>",
            "-----Ursprüngliche Nachricht-----",
        ],
    )
    def test_header_block_starts_the_history(self, block: str) -> None:
        text = f"{REPLY}\n\n{block}\n\nDid you try turning it off?"
        visible, folded = split_reply(text)
        assert visible == REPLY
        assert folded.startswith(block.split("\n")[0])

    def test_from_in_a_sentence_is_not_a_header(self) -> None:
        text = "I get mail from: john@example.com\nTo: be honest, it works.\nSubject: none"
        assert visible_of(text) == text


class TestSignatures:
    @pytest.mark.parametrize(
        "signature",
        [
            "-- \nAna Lima\nACME Corp",
            "--\nAna Lima",
            "Sent from my iPhone",
            "Sent from my Samsung Galaxy S21",
            "Get Outlook for Android",
            "Von meinem iPhone gesendet",
            "Envoyé de mon iPhone",
            "Enviado desde mi iPhone",
            "Verstuurd vanaf mijn iPhone",
            "Inviato da iPhone",
            "Skickat från min iPhone",
            "Отправлено с iPhone",
        ],
    )
    def test_signature_folds(self, signature: str) -> None:
        visible, folded = split_reply(f"{REPLY}\n\n{signature}")
        assert (visible, folded) == (REPLY, signature)

    def test_sign_off_with_the_customers_name_stays_visible(self) -> None:
        text = f"{REPLY}\n\nBest regards,\nAna\n\n-Ana Lima"
        assert visible_of(text) == text

    def test_sent_from_in_a_sentence_stays_visible(self) -> None:
        text = f"{REPLY}\n\nSent from my desk, which is easier than my phone."
        assert visible_of(text) == text

    def test_dashes_in_a_sentence_are_not_a_delimiter(self) -> None:
        text = "Use the -- flag.\n-- first point\n-- second point\n\nThanks!"
        assert visible_of(text) == text

    def test_code_blocks_are_never_signatures(self) -> None:
        text = "Here:\n\n```\n####\n--\n```\n\nDone."
        assert visible_of(text) == text


class TestQuotedBlocks:
    def test_answers_between_quotes_stay_visible_and_the_tail_folds(self) -> None:
        text = "Hi,\n> question one\n\nanswer one\n\n> question two\n\nanswer two\n\n> old\n> stuff"
        visible, folded = split_reply(text)
        assert visible == "Hi,\n> question one\n\nanswer one\n\n> question two\n\nanswer two"
        assert folded == "> old\n> stuff"

    def test_reply_below_a_headed_quote_folds_the_quote(self) -> None:
        text = "On Mon, Jan 8, 2024 at 10:00 Support <h@x.org> wrote:\n> question\n\nmy answer"
        assert split_reply(text) == (
            "my answer",
            "On Mon, Jan 8, 2024 at 10:00 Support <h@x.org> wrote:\n> question",
        )

    def test_quote_without_a_header_and_no_answer_stays_visible(self) -> None:
        assert split_reply("> only a quote") == ("> only a quote", "")

    def test_headed_quote_without_an_answer_is_all_history(self) -> None:
        text = "> On Mon, Jan 8, 2024, Bob <b@x.org> wrote:\n>> old"
        assert split_reply(text) == ("", text)

    def test_forward_with_nothing_written_shows_the_forwarded_text(self) -> None:
        text = "---------- Forwarded message ---------\nFrom: Bob <b@x.org>\n\nPlease help Bob."
        assert split_reply(text) == (
            "Please help Bob.",
            "---------- Forwarded message ---------\nFrom: Bob <b@x.org>",
        )


class TestEdgeCases:
    @pytest.mark.parametrize("text", ["", "   \n\n "])
    def test_empty_text_gives_nothing_visible(self, text: str) -> None:
        assert split_reply(text)[0] == ""

    def test_crlf_line_endings_are_handled(self) -> None:
        text = f"{REPLY}\r\n\r\nOn Mon, Jan 8, 2024 at 10:00 Bob <b@x.org> wrote:\r\n> old\r\n"
        assert visible_of(text) == REPLY

    def test_nothing_is_lost(self) -> None:
        text = f"> q\n\n{REPLY}\n\n-- \nAna\n\nOn Mon, 8 Jan 2024 10:00 Bob <b@x.org> wrote:\n> old"
        visible, folded = split_reply(text)
        assert sorted((visible + "\n" + folded).split()) == sorted(text.split())

    @pytest.mark.parametrize("copies", [12_000, 48_000])
    def test_hostile_text_is_examined_a_bounded_number_of_times(
        self, copies: int, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Header-like lines cost a bounded number of header checks, however many there are
        (the time it takes is measured by bench/, not asserted here)."""
        calls = []
        checked = quoting.opens_history
        monkeypatch.setattr(
            quoting, "opens_history", lambda *args: calls.append(1) or checked(*args)
        )
        line = "On Monday 12:00 Bob <a@b.c> said something on 2019-01-01 and more:\n"
        visible, folded = split_reply(line * copies)
        assert len(calls) <= quoting.MAX_HEADER_CHECKS + 1  # and one for the first line
        assert len(visible) + len(folded) >= len(line) * copies - 2
