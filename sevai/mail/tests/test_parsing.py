"""parse_email: headers, addresses, charsets, dates and never raising (hand-made messages)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta, timezone

import pytest

from sevai.mail.parse.charsets import decode_text
from sevai.mail.parsing import parse_email


def message(headers: str, body: bytes = b"Hello\n") -> bytes:
    return headers.encode("utf-8") + b"\n\n" + body


def b_word(text: str, charset: str) -> str:
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


class TestSender:
    def test_address_is_lower_cased_and_name_decoded(self) -> None:
        parsed = parse_email(message("From: =?utf-8?q?Jos=C3=A9_Mar=C3=ADa?= <Jose@Example.COM>"))
        assert (parsed.from_name, parsed.from_address) == ("José María", "jose@example.com")

    def test_encoded_word_cannot_fake_the_address(self) -> None:
        parsed = parse_email(message("From: =?utf-8?q?boss=40example.com?= <mallory@evil.test>"))
        assert parsed.from_address == "mallory@evil.test"

    def test_encoded_local_part_is_decoded_when_it_is_plain(self) -> None:
        parsed = parse_email(message("From: =?utf-8?Q?agent?=@example.com"))
        assert parsed.from_address == "agent@example.com"

    @pytest.mark.parametrize(
        "header",
        ["=?utf-8?q?boss=40example.com?=@evil.test", "=?utf-8?q?a=3Cboss?=@evil.test"],
    )
    def test_encoded_local_part_cannot_fake_the_address(self, header: str) -> None:
        parsed = parse_email(message(f"From: {header}"))
        assert parsed.from_address == header.lower()  # kept literal, the domain untouched

    def test_comma_inside_an_encoded_word_does_not_split_the_list(self) -> None:
        parsed = parse_email(message("From: =?iso-8859-1?Q?B=FCrling,=20Andreas?= <a@b.de>"))
        assert (parsed.from_name, parsed.from_address) == ("Bürling, Andreas", "a@b.de")

    def test_raw_utf8_display_name_is_read(self) -> None:
        parsed = parse_email(message("From: Zoë Ærø <zoe@example.com>"))
        assert parsed.from_name == "Zoë Ærø"

    def test_missing_from_falls_back_to_reply_to_with_a_problem(self) -> None:
        parsed = parse_email(message("From: MAILER-DAEMON <>\nReply-To: desk@example.com"))
        assert (parsed.from_name, parsed.from_address) == ("MAILER-DAEMON", "desk@example.com")
        assert parsed.problems == ["no address in From: the Reply-To is used"]

    def test_address_in_a_comment_is_read(self) -> None:
        parsed = parse_email(message("From: ana@example.com (Ana Lima)"))
        assert (parsed.from_name, parsed.from_address) == ("Ana Lima", "ana@example.com")


class TestRecipients:
    def test_to_cc_and_reply_to_are_lists_of_lower_cased_addresses(self) -> None:
        parsed = parse_email(
            message(
                'To: "Doe, John" <John@X.org>, b@y.org\nCc: Team: c@z.org, D@z.org;\n'
                "Reply-To: <Reply@X.org>"
            )
        )
        assert parsed.to == ["john@x.org", "b@y.org"]
        assert parsed.cc == ["c@z.org", "d@z.org"]
        assert parsed.reply_to == ["reply@x.org"]

    def test_unlisted_recipients_group_gives_no_address_and_no_error(self) -> None:
        parsed = parse_email(message("To: unlisted-recipients:; (no To-header on input)"))
        assert parsed.to == []
        assert parsed.problems == ["no sender address (From)"]

    def test_malformed_reply_to_gives_no_address(self) -> None:
        assert parse_email(message('Reply-To: <"">')).reply_to == []


class TestSubjectAndIds:
    def test_encoded_subject_is_decoded_and_whitespace_normalised(self) -> None:
        raw = message(
            f"Subject: Re:  {b_word('Grüße aus Köln', 'utf-8')}\n   {b_word('!', 'utf-8')}"
        )
        assert parse_email(raw).subject == "Re: Grüße aus Köln!"

    def test_multibyte_character_split_between_encoded_words_is_joined(self) -> None:
        data = "日本".encode()
        first = base64.b64encode(data[:4]).decode()
        second = base64.b64encode(data[4:]).decode()
        raw = message(f"Subject: =?utf-8?B?{first}?= =?utf-8?B?{second}?=")
        assert parse_email(raw).subject == "日本"

    def test_encoded_word_with_spaces_inside_is_decoded(self) -> None:
        raw = message("Subject: =?us-ascii?Q?ABC / 123 / West?=")
        assert parse_email(raw).subject == "ABC / 123 / West"

    def test_message_ids_lose_their_brackets_and_tolerate_junk(self) -> None:
        parsed = parse_email(
            message(
                "Message-ID: < abc@x.org >\nIn-Reply-To: <one@x.org> (message from Ana)\n"
                "References: <zero@x.org>\n <one@x.org> junk <one@x.org>"
            )
        )
        assert parsed.message_id == "abc@x.org"
        assert parsed.in_reply_to == ["one@x.org"]
        assert parsed.references == ["zero@x.org", "one@x.org"]

    def test_message_id_without_brackets_is_kept(self) -> None:
        assert parse_email(message("Message-ID: bare@x.org")).message_id == "bare@x.org"


class TestDate:
    def test_date_is_aware(self) -> None:
        parsed = parse_email(message("Date: Tue, 01 Mar 2011 18:02:00 +0530"))
        assert parsed.date == datetime(2011, 3, 1, 18, 2, tzinfo=timezone(timedelta(hours=5.5)))

    def test_date_without_zone_is_read_as_utc(self) -> None:
        parsed = parse_email(message("Date: Tue, 01 Mar 2011 18:02:00 -0000"))
        assert parsed.date == datetime(2011, 3, 1, 18, 2, tzinfo=UTC)

    def test_date_glued_to_a_received_header_is_found(self) -> None:
        parsed = parse_email(message("Date: by mx.example.org; Wed, 4 Sep 2019 10:00:00 +0200"))
        assert parsed.date is not None and parsed.date.year == 2019

    def test_unreadable_date_is_none_with_a_problem(self) -> None:
        parsed = parse_email(message("Date: yesterday"))
        assert parsed.date is None
        assert parsed.problems[-1] == "unreadable Date header: 'yesterday'"


class TestHeadersForNoiseAndThreading:
    def test_headers_that_matter_are_kept_lower_cased(self) -> None:
        parsed = parse_email(
            message(
                "Auto-Submitted: auto-replied\nPrecedence: bulk\nList-Id: <a.b.c>\n"
                "X-Sevai-Ticket: 42\nX-Unrelated: no\nContent-Type: text/plain"
            )
        )
        assert parsed.headers == {
            "auto-submitted": "auto-replied",
            "precedence": "bulk",
            "list-id": "<a.b.c>",
            "x-sevai-ticket": "42",
            "content-type": "text/plain",
        }


class TestCharsets:
    @pytest.mark.parametrize(
        ("label", "codec", "text"),
        [
            ("iso-2022-jp", "iso2022_jp", "日本語のテキスト"),
            ("shift_jis", "shift_jis", "日本語のテキスト"),
            ("gb2312", "gbk", "简体中文，繁體"),  # GBK characters under a GB2312 label
            ("big5", "big5", "繁體中文"),
            ("koi8-r", "koi8_r", "Привет, мир"),
            ("windows-1251", "cp1251", "Привет, мир"),
            ("windows-1252", "cp1252", "Grüße – „quotes“"),
            ("iso-8859-2", "iso8859_2", "Zażółć gęślą jaźń"),
            ("ks_c_5601-1987", "cp949", "안녕하세요"),
            ("unicode-1-1-utf-7", "utf-7", "Übermittlung"),
        ],
    )
    def test_text_in_a_legacy_charset_is_read(self, label: str, codec: str, text: str) -> None:
        raw = message(f"Content-Type: text/plain; charset={label}", text.encode(codec))
        parsed = parse_email(raw)
        assert parsed.text == text
        assert parsed.problems == ["no sender address (From)"]

    def test_iso_2022_jp_with_nec_special_characters_is_read(self) -> None:
        text, problem = decode_text(b"\x1b$B-!\x1b(B 1", "iso-2022-jp")
        assert text == "① 1"
        assert "cp50220" in problem

    def test_mislabelled_utf8_is_read_as_utf8_with_a_problem(self) -> None:
        parsed = parse_email(
            message("Content-Type: text/plain; charset=us-ascii", "Grüße".encode())
        )
        assert parsed.text == "Grüße"
        assert (
            "declared charset 'us-ascii' does not fit its bytes; read as utf-8"
            in parsed.problems[-1]
        )

    def test_latin1_labelled_utf8_is_read_as_utf8(self) -> None:
        assert decode_text("Ünïcödé".encode(), "iso-8859-1")[0] == "Ünïcödé"

    def test_undeclared_8bit_falls_back_to_windows_1252(self) -> None:
        parsed = parse_email(message("Subject: x", b"Caf\xe9 \x80"))
        assert parsed.text == "Café €"

    def test_unknown_charset_is_reported(self) -> None:
        parsed = parse_email(message("Content-Type: text/plain; charset=x-klingon", b"plain"))
        assert parsed.text == "plain"
        assert decode_text(b"caf\xe9", "x-klingon") == (
            "café",
            "unknown charset 'x-klingon'; read as windows-1252",
        )

    def test_mixed_utf8_and_latin1_reads_both(self) -> None:
        assert decode_text("äöü ".encode() + b"\xe4\xf6\xfc", "utf-8")[0] == "äöü äöü"

    def test_raw_8bit_headers_use_the_declared_asian_charset(self) -> None:
        raw = (
            "Subject: 转发：整体".encode("gb2312")
            + b"\nContent-Type: text/plain; charset=gb2312\n\nx"
        )
        assert parse_email(raw).subject == "转发：整体"


class TestNeverRaises:
    @pytest.mark.parametrize(
        "raw",
        [
            b"",
            b"\x00\xff" * 100,
            b"garbage without headers",
            b"Content-Type: multipart/mixed; boundary=\n\n--\n--\n",
            b'Content-Type: text/plain; charset="\n\n\xff\xfe',
            b"From: \xff\xfe <\xff@\xfe>\nSubject: =?x?B?####?=\n\nx",
            b"Content-Type: message/rfc822\n\nnot: a\n\nmessage",
            b"Content-Transfer-Encoding: base64\n\n!!!not base64!!!",
        ],
    )
    def test_odd_input_gives_a_result(self, raw: bytes) -> None:
        parsed = parse_email(raw)
        assert not [p for p in parsed.problems if p.startswith("parser error")]

    def test_outlook_msg_file_is_rejected(self) -> None:
        parsed = parse_email(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
        assert parsed.problems == ["not an RFC 822 message: an Outlook .msg (OLE2) file"]

    def test_byte_order_mark_and_leading_junk_are_skipped(self) -> None:
        raw = b"\xef\xbb\xbf---- Original email message ----\nFrom: a@b.c\nSubject: Hi\n\nBody"
        parsed = parse_email(raw)
        assert (parsed.from_address, parsed.subject, parsed.text) == ("a@b.c", "Hi", "Body")

    def test_broken_line_in_the_headers_does_not_end_them(self) -> None:
        raw = b"X-Tracker: abc\ndef-continued-without-indent\nFrom: a@b.c\nSubject: Hi\n\nBody"
        parsed = parse_email(raw)
        assert (parsed.from_address, parsed.subject, parsed.text) == ("a@b.c", "Hi", "Body")
