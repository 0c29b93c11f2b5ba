"""html_to_text: readable text from mail HTML."""

from __future__ import annotations

import pytest

from sevai.mail.htmltext import html_to_text


class TestBlocksAndBreaks:
    def test_paragraphs_and_line_breaks_are_kept(self) -> None:
        assert html_to_text("<p>One</p><p>Two<br>Three<br><br>Four</p>") == (
            "One\n\nTwo\nThree\n\nFour"
        )

    def test_divs_start_new_lines(self) -> None:
        assert html_to_text("<div>One</div><div>Two</div>") == "One\nTwo"

    def test_whitespace_is_collapsed_but_pre_kept(self) -> None:
        assert html_to_text("<p>a \n\t b</p><pre>  x\n    y</pre>") == "a b\n\n  x\n    y"

    def test_entities_are_decoded(self) -> None:
        assert (
            html_to_text("<p>Fish &amp; chips &lt;3&nbsp;&#8364;&euro;</p>") == "Fish & chips <3 €€"
        )


class TestListsTablesLinks:
    def test_lists_get_markers_and_nesting(self) -> None:
        html = "<ul><li>one</li><li>two<ol><li>a</li><li>b</li></ol></li></ul>"
        assert html_to_text(html) == "- one\n- two\n  1. a\n  2. b"

    def test_table_rows_become_lines(self) -> None:
        html = "<table><tr><td>A</td><td>B</td></tr><tr><th>C</th><td>D</td></tr></table>"
        assert html_to_text(html) == "A B\nC D"

    def test_link_address_follows_its_text(self) -> None:
        html = '<a href="https://example.com/x">the docs</a> and <a href="https://e.org">https://e.org</a>'
        assert html_to_text(html) == "the docs (https://example.com/x) and https://e.org"

    def test_mailto_and_anchor_links_keep_only_their_text(self) -> None:
        assert html_to_text('<a href="mailto:a@b.c">write</a> <a href="#top">up</a>') == "write up"

    def test_image_alt_text_is_shown(self) -> None:
        assert html_to_text('<p>Logo: <img src="cid:x" alt="ACME"></p>') == "Logo: [ACME]"


class TestSkippedAndQuoted:
    @pytest.mark.parametrize("tag", ["style", "script", "head", "title", "noscript"])
    def test_invisible_elements_are_skipped(self, tag: str) -> None:
        assert html_to_text(f"<{tag}>hidden</{tag}><p>shown</p>") == "shown"

    def test_blockquote_becomes_quoted_lines(self) -> None:
        html = "<p>Yes.</p><div>On Mon, Bob wrote:<blockquote>Is it?<br>Sure?</blockquote></div>"
        assert html_to_text(html) == "Yes.\n\nOn Mon, Bob wrote:\n\n> Is it?\n> Sure?"

    def test_broken_html_gives_text(self) -> None:
        assert html_to_text("<p>open <b>bold <i>both</p> tail") == "open bold both\n\ntail"

    def test_empty_input_gives_empty_text(self) -> None:
        assert html_to_text("") == ""
