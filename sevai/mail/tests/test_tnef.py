"""TNEF (winmail.dat) unpacking against MimeKit's streams and expected lists."""

from __future__ import annotations

import base64
from collections import Counter
from pathlib import Path

import pytest

from sevai.mail.parsing import parse_email
from sevai.mail.tnef import decompress_rtf, read_tnef
from sevai.testing.shared import SHARED_EMAILS

SHARED = SHARED_EMAILS
TNEF = SHARED / "mimekit" / "tnef"
if not TNEF.is_dir():
    pytest.skip(f"MimeKit TNEF fixtures not found at {TNEF}", allow_module_level=True)

STREAMS = sorted(TNEF.glob("*.tnef"))
DAMAGED = {"garbage-at-end", "panic"}
# MimeKit lists an embedded message twice: Outlook's placeholder text ("This attachment is a
# MAPI 1.0 embedded message...") and the message; Sevai keeps only the message.
ONE_FILE_PER_EMBEDDED_MESSAGE = {"christmas"}


def expected_names(stream: Path) -> list[str]:
    return [line for line in stream.with_suffix(".list").read_text().split("\n") if line]


def same_content(extracted: bytes, stored: bytes) -> bool:
    """MimeKit's stored copies have LF line endings and keep the 16-byte IID of OLE objects."""
    return extracted.replace(b"\r\n", b"\n") == stored.replace(b"\r\n", b"\n") or (
        len(stored) == len(extracted) + 16 and stored.endswith(extracted)
    )


class TestMimeKitStreams:
    @pytest.mark.parametrize(
        "stream",
        [
            pytest.param(
                stream,
                id=stream.stem,
                marks=[pytest.mark.xfail(strict=True, reason="placeholder texts are dropped")]
                if stream.stem in ONE_FILE_PER_EMBEDDED_MESSAGE
                else [],
            )
            for stream in STREAMS
        ],
    )
    def test_every_expected_file_is_extracted(self, stream: Path) -> None:
        content = read_tnef(stream.read_bytes())
        names = Counter(item.filename for item in content.attachments)
        assert not Counter(expected_names(stream)) - names

    @pytest.mark.parametrize("stream", STREAMS, ids=lambda p: p.stem)
    def test_extracted_bytes_equal_mimekits(self, stream: Path) -> None:
        folder = stream.with_suffix("")
        for item in read_tnef(stream.read_bytes()).attachments:
            stored_name = {"body.rtf": "message.rtf", "body.html": "message.html"}.get(
                item.filename, item.filename
            )
            stored = folder / stored_name
            if stored.is_file() and item.filename != "Untitled Attachment":
                assert same_content(item.data, stored.read_bytes()), item.filename

    @pytest.mark.parametrize("stream", STREAMS, ids=lambda p: p.stem)
    def test_damage_is_reported_not_raised(self, stream: Path) -> None:
        content = read_tnef(stream.read_bytes())
        assert bool(content.problems) == (stream.stem in DAMAGED)

    def test_truncated_stream_keeps_what_came_before(self) -> None:
        data = (TNEF / "two-files.tnef").read_bytes()
        content = read_tnef(data[:-40])
        assert content.problems
        assert [item.filename for item in content.attachments][:2] == ["AUTHORS", "README"]

    def test_not_a_tnef_stream_is_a_problem(self) -> None:
        assert read_tnef(b"hello").problems == [
            "TNEF stream damaged: not a TNEF stream (bad signature)"
        ]

    def test_stored_rtf_is_returned_as_is(self) -> None:
        header = (16).to_bytes(4, "little") + (4).to_bytes(4, "little") + b"MELA" + b"\0" * 4
        assert decompress_rtf(header + b"{\\rt") == b"{\\rt"


def winmail_message(data: bytes) -> bytes:
    encoded = base64.encodebytes(data).decode()
    return (
        "From: a@b.c\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
        "--b\nContent-Type: text/plain\n\nSee attachments\n"
        '--b\nContent-Type: application/ms-tnef; name="winmail.dat"\n'
        f"Content-Transfer-Encoding: base64\n\n{encoded}\n--b--\n"
    ).encode()


class TestWinmailInMail:
    def test_winmail_dat_is_replaced_by_its_files(self) -> None:
        parsed = parse_email(winmail_message((TNEF / "two-files.tnef").read_bytes()))
        assert [a.filename for a in parsed.attachments] == ["AUTHORS", "README"]

    def test_damaged_winmail_dat_is_kept_with_a_problem(self) -> None:
        data = (TNEF / "two-files.tnef").read_bytes()
        parsed = parse_email(winmail_message(data[:-40]))
        assert [a.filename for a in parsed.attachments][:3] == ["winmail.dat", "AUTHORS", "README"]
        assert parsed.problems[0].startswith("winmail.dat: TNEF stream damaged")

    @pytest.mark.parametrize("name", ["rich-text.eml", "ukr.eml"])
    def test_whole_message_with_tnef_is_unpacked(self, name: str) -> None:
        parsed = parse_email((TNEF / name).read_bytes())
        assert parsed.attachments
        assert "winmail.dat" not in [a.filename for a in parsed.attachments]
