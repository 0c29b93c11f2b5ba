"""parse_email: bodies, HTML, attachments, forwarded messages, reports and limits."""

from __future__ import annotations

import base64

from sevai.mail.parsing import parse_email

HEAD = "From: Ana <ana@example.com>\nTo: help@example.org\nSubject: Test\nMIME-Version: 1.0\n"


def multipart(subtype: str, *parts: str, params: str = "") -> bytes:
    body = "".join(f"--b\n{part}\n" for part in parts) + "--b--\n"
    return f'{HEAD}Content-Type: multipart/{subtype}; boundary="b"{params}\n\n{body}'.encode()


PLAIN = "Content-Type: text/plain; charset=utf-8\n\nPlain text body"
HTML = "Content-Type: text/html; charset=utf-8\n\n<p>Rich <b>text</b> body</p><script>x()</script>"
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()


class TestBodies:
    def test_alternative_gives_plain_text_and_sanitized_html(self) -> None:
        parsed = parse_email(multipart("alternative", PLAIN, HTML))
        assert parsed.text == "Plain text body"
        assert parsed.html == "<p>Rich <b>text</b> body</p>"
        assert parsed.content_type == "multipart/alternative"

    def test_html_only_mail_gets_readable_text(self) -> None:
        parsed = parse_email(
            f"{HEAD}Content-Type: text/html\n\n<p>One</p><p>Two<br>Three</p>".encode()
        )
        assert parsed.text == "One\n\nTwo\nThree"

    def test_empty_plain_alternative_gives_way_to_the_html(self) -> None:
        empty = "Content-Type: text/plain\n\n   "
        assert parse_email(multipart("alternative", empty, HTML)).text == "Rich text body"

    def test_mixed_text_parts_are_joined_in_order(self) -> None:
        second = "Content-Type: text/plain\n\nSecond part"
        parsed = parse_email(multipart("mixed", PLAIN, second))
        assert parsed.text == "Plain text body\n\nSecond part"

    def test_format_flowed_lines_are_joined(self) -> None:
        raw = (
            f"{HEAD}Content-Type: text/plain; format=flowed\n\nOne long \nline.\n> quoted \n> too\n"
        )
        assert parse_email(raw.encode()).text == "One long line.\n> quoted too"

    def test_multipart_without_boundary_is_read_as_text_with_a_problem(self) -> None:
        parsed = parse_email(f"{HEAD}Content-Type: multipart/mixed\n\nJust text".encode())
        assert parsed.text == "Just text"
        assert parsed.problems == ["multipart/mixed without readable parts: read as text"]

    def test_wrong_boundary_is_replaced_by_the_one_found(self) -> None:
        raw = multipart("mixed", PLAIN).replace(b"--b", b"--real-boundary-42")
        parsed = parse_email(raw)
        assert parsed.text == "Plain text body"
        assert parsed.problems == [
            "multipart/mixed: declared boundary not found; used the one found"
        ]


class TestAttachments:
    def test_inline_image_keeps_its_content_id(self) -> None:
        image = (
            "Content-Type: image/png\nContent-ID: <logo@x>\n"
            f"Content-Transfer-Encoding: base64\n\n{PNG}"
        )
        html = 'Content-Type: text/html\n\n<p>Hi <img src="cid:logo@x"></p>'
        parsed = parse_email(multipart("related", html, image))
        (attachment,) = parsed.attachments
        assert (attachment.content_id, attachment.inline) == ("logo@x", True)
        assert attachment.filename == "attachment-1.png"
        assert 'src="cid:logo@x"' in parsed.html

    def test_outlook_image_is_named_after_its_content_id(self) -> None:
        image = f"Content-Type: image/jpeg\nContent-ID: <image001.jpg@01CDB132.D8A510F0>\n\n{PNG}"
        parsed = parse_email(multipart("related", HTML, image))
        assert parsed.attachments[0].filename == "image001.jpg"

    def test_rfc2231_filename_is_decoded(self) -> None:
        part = (
            "Content-Type: application/pdf\nContent-Disposition: attachment;\n"
            " filename*=utf-8''R%C3%A9sum%C3%A9%20final.pdf\n\n%PDF"
        )
        assert parse_email(multipart("mixed", PLAIN, part)).attachments[0].filename == (
            "Résumé final.pdf"
        )

    def test_encoded_word_filename_is_decoded_and_path_removed(self) -> None:
        part = (
            'Content-Type: application/pdf; name="=?utf-8?B?QzpcdGVtcFzDvGJlci5wZGY=?="\n'
            "Content-Disposition: attachment\n\n%PDF"
        )
        assert parse_email(multipart("mixed", PLAIN, part)).attachments[0].filename == "über.pdf"

    def test_attachment_without_a_name_gets_one_from_its_type(self) -> None:
        part = "Content-Type: application/pdf\nContent-Disposition: attachment\n\n%PDF"
        assert parse_email(multipart("mixed", PLAIN, part)).attachments[0].filename == (
            "attachment-1.pdf"
        )

    def test_named_text_part_is_an_attachment(self) -> None:
        part = 'Content-Type: text/plain; name="notes.txt"\n\nnotes'
        parsed = parse_email(multipart("mixed", PLAIN, part))
        assert parsed.text == "Plain text body"
        assert [(a.filename, a.payload) for a in parsed.attachments] == [("notes.txt", b"notes")]

    def test_sloppy_base64_is_decoded(self) -> None:
        part = "Content-Type: video/quicktime\nContent-Transfer-Encoding: base64\n\n/9j/4AAQSkZJ1"
        payload = parse_email(multipart("mixed", PLAIN, part)).attachments[0].payload
        assert payload.startswith(b"\xff\xd8\xff\xe0")

    def test_uuencoded_file_in_a_plain_body_becomes_an_attachment(self) -> None:
        raw = f"{HEAD}\nSee attached.\n\nbegin 644 hi.txt\n#:&D*\n`\nend\n\nBye\n"
        parsed = parse_email(raw.encode())
        assert parsed.text == "See attached.\n\n\nBye"
        assert [(a.filename, a.payload) for a in parsed.attachments] == [("hi.txt", b"hi\n")]

    def test_x_uuencode_transfer_encoding_is_decoded(self) -> None:
        part = "Content-Type: text/plain; name=a.txt\nContent-Transfer-Encoding: x-uuencode\n\n"
        part += "begin 644 a.txt\n#:&D*\n`\nend"
        assert parse_email(multipart("mixed", PLAIN, part)).attachments[0].payload == b"hi\n"

    def test_pgp_encrypted_mail_is_kept_as_attachments_with_a_problem(self) -> None:
        version = "Content-Type: application/pgp-encrypted\n\nVersion: 1"
        data = 'Content-Type: application/octet-stream; name="encrypted.asc"\n\n-----BEGIN PGP'
        parsed = parse_email(multipart("encrypted", version, data))
        assert [a.filename for a in parsed.attachments] == ["attachment-1.asc", "encrypted.asc"]
        assert parsed.problems == ["encrypted message (multipart/encrypted): content not readable"]


INNER = (
    "From: Bob <bob@example.com>\nSubject: Original question\n"
    "Date: Mon, 1 Jan 2024 10:00:00 +0000\n\nThe forwarded text\n"
)


class TestEnclosedMessages:
    def test_inline_forward_is_attached_and_its_text_shown(self) -> None:
        parsed = parse_email(multipart("mixed", PLAIN, f"Content-Type: message/rfc822\n\n{INNER}"))
        (attachment,) = parsed.attachments
        assert (attachment.filename, attachment.content_type) == (
            "Original question.eml",
            "message/rfc822",
        )
        assert attachment.payload.startswith(b"From: Bob <bob@example.com>\n")
        assert parsed.text.endswith(
            "---------- Forwarded message ----------\nFrom: Bob <bob@example.com>\n"
            "Date: Mon, 1 Jan 2024 10:00:00 +0000\nSubject: Original question\n\n"
            "The forwarded text"
        )

    def test_message_attached_as_a_file_is_not_shown(self) -> None:
        part = f"Content-Type: message/rfc822\nContent-Disposition: attachment\n\n{INNER}"
        parsed = parse_email(multipart("mixed", PLAIN, part))
        assert parsed.text == "Plain text body"
        assert len(parsed.attachments) == 1


class TestReports:
    def test_delivery_status_report_is_read(self) -> None:
        status = (
            "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
            "Final-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\n"
        )
        returned = f"Content-Type: message/rfc822\n\n{INNER}"
        raw = multipart("report", PLAIN, status, returned, params="; report-type=delivery-status")
        parsed = parse_email(raw)
        assert (parsed.report_type, parsed.text) == ("delivery-status", "Plain text body")
        assert parsed.delivery_status == (
            "Reporting-MTA: dns; mx.example.org\n\n"
            "Final-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1"
        )
        assert [a.filename for a in parsed.attachments] == [
            "delivery-status.txt",
            "Original question.eml",
        ]


class TestLimits:
    def test_part_limit_stops_the_walk_with_a_problem(self) -> None:
        parts = [f"Content-Type: text/plain\n\npart {n}" for n in range(20)]
        parsed = parse_email(multipart("mixed", *parts), max_parts=5)
        assert parsed.text.count("part") == 4
        assert "too many parts: stopped after 5 MIME parts" in parsed.problems

    def test_deep_nesting_is_cut_with_a_problem(self) -> None:
        raw = b"Content-Type: text/plain\n\ninnermost"
        for level in range(60):
            raw = (
                f'Content-Type: multipart/mixed; boundary="b{level}"\n\n--b{level}\n'.encode()
                + raw
                + f"\n--b{level}--\n".encode()
            )
        parsed = parse_email(HEAD.encode() + raw)
        assert any(p.startswith("MIME parts nested deeper") for p in parsed.problems)
