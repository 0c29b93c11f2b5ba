"""split_passages: the title, then sentence-sized spans, each found verbatim in the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from sevai.assistant.passages import split_passages, split_spans
from sevai.kb.actions.import_export import DEMO_FOLDER
from sevai.kb.files import parse_article
from sevai.kb.markdown import markdown_to_text

BODY = """You can follow your parcel. It is usually 10 to 20 letters, e.g. the code on
your receipt.

## Where to find the tracking number

The number is in the SMS we send when the parcel is booked.

We refund you when:

- your parcel arrived late;
- you cancelled a booking before we picked up the parcel.

1. Open the tracking page.
2. Enter the **tracking number**.
"""


class TestSplitPassages:
    def test_the_title_comes_first_then_sentences_items_and_headings(self) -> None:
        assert split_passages("Track a parcel", BODY) == [
            "Track a parcel",
            "You can follow your parcel.",
            "It is usually 10 to 20 letters, e.g. the code on your receipt.",
            "Where to find the tracking number",
            "The number is in the SMS we send when the parcel is booked.",
            "We refund you when:",
            "your parcel arrived late;",
            "you cancelled a booking before we picked up the parcel.",
            "Open the tracking page.",
            "Enter the tracking number.",
        ]

    def test_spans_know_what_they_are(self) -> None:
        kinds = [span.kind for span in split_spans("Track a parcel", BODY)]
        assert kinds == ["title", "text", "text", "heading", "text", "text"] + ["item"] * 4

    def test_armenian_sentences_end_at_the_full_stop_not_at_the_question_mark(self) -> None:
        body = (
            "Որտե՞ղ է իմ ծանրոցը, հարցնում եք։ Հետևման համարը նշված է էլ. նամակում։ "
            "Այն 10–20 նիշ է։"
        )
        assert split_passages("Ծանրոց", body)[1:] == [
            "Որտե՞ղ է իմ ծանրոցը, հարցնում եք։",
            "Հետևման համարը նշված է էլ. նամակում։",
            "Այն 10–20 նիշ է։",
        ]

    def test_tamil_sentences_end_at_full_stops(self) -> None:
        body = "கண்காணிப்பு எண் ரசீதில் இருக்கும். அது 10 முதல் 20 எழுத்துகள் கொண்டது."
        assert split_passages("பார்சல்", body)[1:] == [
            "கண்காணிப்பு எண் ரசீதில் இருக்கும்.",
            "அது 10 முதல் 20 எழுத்துகள் கொண்டது.",
        ]

    def test_an_empty_body_leaves_the_title(self) -> None:
        assert split_passages("  Only   a title ", "") == ["Only a title"]

    def test_a_run_on_sentence_is_cut_into_pieces_that_are_still_verbatim(self) -> None:
        body = ", ".join(f"clause number {i} of a very long sentence" for i in range(40)) + "."
        spans = split_passages("Long", body)[1:]
        assert len(spans) > 1 and all(len(s) <= 600 for s in spans)
        assert all(s in markdown_to_text(body) for s in spans)


@pytest.mark.parametrize("path", sorted(DEMO_FOLDER.rglob("*.md")), ids=lambda p: Path(p).name)
def test_every_demo_span_is_verbatim_and_in_article_order(path: Path) -> None:
    article = parse_article(path.read_text(encoding="utf-8"), path.name)
    plain = markdown_to_text(article.body)
    at = 0
    spans = split_passages(article.title, article.body)
    assert len(spans) > 3
    for span in spans[1:]:
        found = plain.find(span, at)
        assert found >= 0, span
        at = found + len(span)
