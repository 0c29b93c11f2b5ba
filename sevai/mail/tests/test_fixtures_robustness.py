"""Every raw message in ../shared/emails goes through parse_email without raising or hanging,
and what comes out keeps the promises the rest of the intake relies on."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sevai.mail.noise import classify
from sevai.mail.parsing import parse_email
from sevai.mail.quoting import split_reply
from sevai.testing.shared import SHARED_EMAILS

SHARED = SHARED_EMAILS
if not SHARED.is_dir():
    pytest.skip(f"shared mail fixtures not found at {SHARED}", allow_module_level=True)

# The raw files of the README's "How to use", item 1, and the other folders of whole messages.
PATTERNS = (
    "zammad/*.box",
    "mailgun-flanker/messages/**/*",
    "spamscope-mail-parser/mails/*",
    "mimekit/**/*.eml",
    "mimekit/**/*.txt",
    "sisimai-set-of-emails/maildir/**/*",
    "mailgun-talon/standard_replies/*.eml",
    "sisimai-set-of-emails-rhost/maildir/**/*",
    "chatwoot/*.eml",
    "django-helpdesk/*.eml",
)
FILES = sorted({path for pattern in PATTERNS for path in SHARED.glob(pattern) if path.is_file()})
HANG_GUARD_SECONDS = 20.0  # not a speed target: a message that takes this long is stuck


def relative(path: Path) -> str:
    return path.relative_to(SHARED).as_posix()


@pytest.mark.parametrize("path", FILES, ids=relative)
def test_message_is_read_without_raising_or_hanging(path: Path) -> None:
    raw = path.read_bytes()
    started = time.perf_counter()
    parsed = parse_email(raw)
    verdict = classify(parsed)
    visible, folded = split_reply(parsed.text)
    elapsed = time.perf_counter() - started
    assert elapsed < HANG_GUARD_SECONDS, f"{relative(path)} took {elapsed:.1f} s"
    assert not [p for p in parsed.problems if p.startswith("parser error")]
    assert parsed.from_address == parsed.from_address.lower()
    assert all(a.filename for a in parsed.attachments)
    assert "<script" not in parsed.html.lower()
    assert verdict.kind in ("normal", "auto_reply", "bounce", "complaint")
    assert len(visible) + len(folded) <= len(parsed.text) + 2


class TestHostileInputs:
    def test_three_thousand_alternatives_stop_at_the_part_limit(self) -> None:
        parsed = parse_email(
            (SHARED / "mailgun-flanker/messages/enclosed-endless.eml").read_bytes()
        )
        assert any(problem.startswith("too many parts") for problem in parsed.problems)

    def test_outlook_msg_file_is_rejected_with_a_reason(self) -> None:
        parsed = parse_email((SHARED / "spamscope-mail-parser/mails/mail_outlook_1").read_bytes())
        assert parsed.problems == ["not an RFC 822 message: an Outlook .msg (OLE2) file"]

    def test_unlisted_recipients_group_does_not_break_the_headers(self) -> None:
        parsed = parse_email((SHARED / "mimekit/messages/delivery-status.txt").read_bytes())
        assert parsed.to == []
        assert parsed.report_type == "delivery-status"

    def test_135_kb_to_header_of_encoded_words_is_read(self) -> None:
        parsed = parse_email((SHARED / "mimekit/messages/stack-overflow.txt").read_bytes())
        assert parsed.to == ["test@test.com"]
        assert parsed.subject == "Message Subject"

    def test_torture_message_keeps_its_parts(self) -> None:
        parsed = parse_email((SHARED / "mailgun-flanker/messages/torture.eml").read_bytes())
        assert len(parsed.attachments) > 10

    def test_x_uuencoded_attachment_is_decoded(self) -> None:
        parsed = parse_email((SHARED / "spamscope-mail-parser/mails/mail_test_15").read_bytes())
        zips = [a for a in parsed.attachments if a.filename.lower().endswith(".zip")]
        assert zips and zips[0].payload.startswith(b"PK")
