"""split_reply against the reply-trimming corpora in ../shared/emails (each folder's own
expected results), and talon's replies from real mail clients."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sevai.mail.htmltext import html_to_text
from sevai.mail.parsing import parse_email
from sevai.mail.quoting import split_reply
from sevai.testing.shared import SHARED_EMAILS

SHARED = SHARED_EMAILS
if not SHARED.is_dir():
    pytest.skip(f"shared mail fixtures not found at {SHARED}", allow_module_level=True)

CHECKED_FOLDERS = (
    "github-email_reply_parser",
    "zapier-email-reply-parser",
    "crisp-email-reply-parser",
)
# Cases where the corpora disagree with each other or with Sevai's documented rules.
ACCEPTED = {
    "github-email_reply_parser/emails/email_1_1.txt": (
        "'-Abhishek Kona' is the customer's sign-off and stays visible (crisp's rule, email_1)"
    ),
    "crisp-email-reply-parser/fixtures/email_2.txt": (
        "crisp's 'top' is the text above the first quote; the answers written between the "
        "quotes stay visible, as github email_1_2 (the same mail) expects"
    ),
    "crisp-email-reply-parser/fixtures/email_with_regards.txt": (
        "'Regards, John Doe' is a valediction, not a signature: it stays visible, as discourse "
        "email_headers_5 ('Best regards, //Jef') expects"
    ),
    "discourse-email_reply_trimmer/emails/embedded_email_7.txt": (
        "discourse drops the 'On … wrote:' line between two answers; Sevai folds only history "
        "after the customer's last line"
    ),
    "discourse-email_reply_trimmer/emails/embedded_email_17.txt": (
        "discourse drops the 'On … wrote:' line between two answers; Sevai folds only history "
        "after the customer's last line"
    ),
}
MIN_SHARE = 0.9


def normalised(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def found(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.MULTILINE) is not None


CHECKS: dict[str, Callable[[Any, str, str, str, float], bool]] = {
    "reply_equals": lambda value, visible, folded, raw, seconds: visible == normalised(value),
    "top_equals": lambda value, visible, folded, raw, seconds: visible == normalised(value),
    "reply_starts_with": lambda value, visible, *_: visible.startswith(normalised(value)),
    "reply_contains": lambda value, visible, *_: normalised(value) in visible,
    "reply_not_contains": lambda value, visible, *_: value.strip("\n") not in visible,
    "whole_body_is_reply": lambda value, visible, folded, raw, seconds: visible == raw,
    "max_seconds": lambda value, visible, folded, raw, seconds: seconds < value,
    "top_matches": lambda value, visible, *_: found(value, visible),
    "reply_matches": lambda value, visible, *_: found(value, visible),
    "top_not_matches": lambda value, visible, *_: not found(value, visible),
    "reply_not_matches": lambda value, visible, *_: not found(value, visible),
    "quoted_matches": lambda value, visible, folded, *_: found(value, folded),
    "quoted_not_empty": lambda value, visible, folded, *_: bool(folded.strip()),
}


def failed_checks(folder: str, case: dict[str, Any]) -> list[str]:
    raw = (SHARED / folder / case["file"]).read_bytes().decode("utf-8")
    started = time.perf_counter()
    visible, folded = split_reply(raw)
    seconds = time.perf_counter() - started
    visible, folded, body = normalised(visible), normalised(folded), normalised(raw)
    failed = []
    for check in case["checks"]:
        ((kind, value),) = check.items()
        if kind != "fragments" and not CHECKS[kind](value, visible, folded, body, seconds):
            failed.append(f"{kind}: {str(value)[:80]!r}; visible: {visible[:200]!r}")
    return failed


def cases(folder: str) -> list[Any]:
    data = json.loads((SHARED / folder / "expected.json").read_text(encoding="utf-8"))
    params = []
    for number, case in enumerate(data["cases"], 1):
        key = f"{folder}/{case['file']}"
        marks = [pytest.mark.xfail(strict=True, reason=ACCEPTED[key])] if key in ACCEPTED else []
        params.append(pytest.param(folder, case, id=f"{key}#{number}", marks=marks))
    return params


@pytest.mark.parametrize(
    ("folder", "case"), [param for folder in CHECKED_FOLDERS for param in cases(folder)]
)
def test_reply_is_split_as_the_corpus_expects(folder: str, case: dict[str, Any]) -> None:
    assert failed_checks(folder, case) == []


DISCOURSE = SHARED / "discourse-email_reply_trimmer"
DISCOURSE_FILES = sorted((DISCOURSE / "emails").glob("*.txt"))


def discourse_matches(path: Path) -> bool:
    visible, _folded = split_reply(path.read_text(encoding="utf-8"))
    return visible.strip() == (DISCOURSE / "trimmed" / path.name).read_text().strip()


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(
            path,
            id=path.name,
            marks=[pytest.mark.xfail(strict=True, reason=ACCEPTED[key])] if key in ACCEPTED else [],
        )
        for path in DISCOURSE_FILES
        for key in [f"discourse-email_reply_trimmer/emails/{path.name}"]
    ],
)
def test_discourse_trimmed_reply_is_the_visible_text(path: Path) -> None:
    assert discourse_matches(path)


class TestCorpusShares:
    @pytest.mark.parametrize("folder", CHECKED_FOLDERS)
    def test_at_least_90_percent_of_a_folders_cases_pass(self, folder: str) -> None:
        data = json.loads((SHARED / folder / "expected.json").read_text(encoding="utf-8"))
        passed = sum(1 for case in data["cases"] if not failed_checks(folder, case))
        assert passed / len(data["cases"]) >= MIN_SHARE

    def test_at_least_90_percent_of_discourse_replies_match(self) -> None:
        passed = sum(1 for path in DISCOURSE_FILES if discourse_matches(path))
        assert passed / len(DISCOURSE_FILES) >= MIN_SHARE

    def test_crisp_fixtures_without_cases_split_without_error(self) -> None:
        folder = SHARED / "crisp-email-reply-parser"
        files = json.loads((folder / "expected.json").read_text())["_fixtures_without_cases"]
        for name in files:
            visible, folded = split_reply((folder / name).read_text(encoding="utf-8"))
            assert visible or folded


class TestNothingIsLost:
    @pytest.mark.parametrize("path", DISCOURSE_FILES, ids=lambda path: path.name)
    def test_every_line_is_visible_or_folded(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        visible, folded = split_reply(text)
        kept = (visible + "\n" + folded).split("\n")
        assert [line for line in text.split("\n") if line.strip() and line not in kept] == []


TALON = SHARED / "mailgun-talon"


class TestTalonReplies:
    """talon keeps sign-offs in its quotation step ("Hello\\n\\nSent from my iPhone") and cuts
    them in a separate step; Sevai folds them in one, so every standard reply is "Hello"."""

    @pytest.mark.parametrize(
        "path", sorted((TALON / "standard_replies").glob("*.eml")), ids=lambda path: path.name
    )
    def test_standard_reply_shows_only_the_new_text(self, path: Path) -> None:
        visible, folded = split_reply(parse_email(path.read_bytes()).text)
        assert visible == "Hello"
        assert folded

    @pytest.mark.parametrize(
        "path", sorted((TALON / "html_replies").glob("*.html")), ids=lambda path: path.name
    )
    def test_html_reply_shows_only_the_new_text(self, path: Path) -> None:
        text = html_to_text(path.read_text(encoding="utf-8", errors="replace"))
        visible, _folded = split_reply(text)
        assert "".join(visible.split()) == "Hi.Iamfine.Thanks,Alex"

    def test_reply_sharing_a_block_with_its_quote_keeps_only_the_reply(self) -> None:
        parsed = parse_email((TALON / "reply-quotations-share-block.eml").read_bytes())
        visible, _folded = split_reply(parsed.text)
        assert visible.startswith("Hi Katharine.")
        assert "From" not in visible
