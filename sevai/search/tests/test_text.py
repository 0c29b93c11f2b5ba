"""The normaliser and the word-form rules, with real words."""

from __future__ import annotations

import pytest

from sevai.search.matching import highlight, index_words, parse_query
from sevai.search.stemming import armenian_stem, english_stem, tagalog_roots, tamil_stem
from sevai.search.text import words


class TestNormalisation:
    def test_tamil_vowel_signs_and_virama_stay_inside_the_word(self) -> None:
        assert words("என் பார்சலுக்கு என்ன ஆனது?") == ["என்", "பார்சலுக்கு", "என்ன", "ஆனது"]

    def test_tamil_decomposed_vowel_sign_is_composed(self) -> None:
        decomposed = "\u0b95\u0bc6\u0bbe\u0b9f\u0bc1"  # கொடு written as க + ெ + ா + ட + ு
        assert words(decomposed) == ["\u0b95\u0bca\u0b9f\u0bc1"]

    def test_armenian_marks_inside_words_are_removed_and_punctuation_splits(self) -> None:
        assert words("Որտե՞ղ է իմ ծանրոցը։ Շնորհակալ եմ՝ «Արամ»") == [
            "որտեղ", "է", "իմ", "ծանրոցը", "շնորհակալ", "եմ", "արամ",
        ]  # fmt: skip

    def test_case_and_latin_diacritics_are_folded(self) -> None:
        assert words("Café SEÑORA Straße") == ["cafe", "senora", "strasse"]

    def test_zero_width_joiners_do_not_split_words(self) -> None:
        assert words("பார்\u200cசல்") == ["பார்சல்"]


class TestTamilStem:
    @pytest.mark.parametrize("word", ["பார்சல்", "பார்சலை", "பார்சலுக்கு", "பார்சலின்", "பார்சலில்", "பார்சல்களை"])
    def test_inflections_of_parcel_share_one_stem(self, word: str) -> None:
        assert tamil_stem(word) == "பார்சல"
        assert word.startswith(tamil_stem(word))

    @pytest.mark.parametrize("word", ["டெலிவரி", "டெலிவரியை", "டெலிவரிக்கு"])
    def test_glide_after_a_vowel_is_removed(self, word: str) -> None:
        assert tamil_stem(word) == "டெலிவரி"

    def test_short_words_are_left_alone(self) -> None:
        assert tamil_stem("என்") == "என்"


class TestOtherStems:
    @pytest.mark.parametrize("word", ["ծանրոցը", "ծանրոցները", "ծանրոցից", "ծանրոցով"])
    def test_armenian_article_and_case_endings(self, word: str) -> None:
        assert armenian_stem(word) == "ծանրոց"

    @pytest.mark.parametrize(
        ("word", "root"),
        [("ipinadala", "padala"), ("nagpapadala", "padala"), ("kumain", "kain"),
         ("binili", "bili"), ("magpadala", "padala")],
    )  # fmt: skip
    def test_tagalog_affixes_are_removed(self, word: str, root: str) -> None:
        assert root in tagalog_roots(word)

    def test_tagalog_roots_are_never_shorter_than_four_letters(self) -> None:
        assert all(len(r) >= 4 for r in tagalog_roots("ipinagbili"))

    @pytest.mark.parametrize("word", ["delivered", "delivery", "deliveries", "delivering"])
    def test_english_suffixes(self, word: str) -> None:
        assert english_stem(word) == "deliver"


class TestQueryAndHighlight:
    def test_query_words_become_minimal_prefix_sets(self) -> None:
        assert parse_query("பார்சல் delivered a") == [("பார்சல",), ("deliver",)]

    def test_index_words_include_tagalog_roots(self) -> None:
        assert "padala" in index_words("Ipinadala na.")

    def test_highlight_escapes_and_marks_whole_words(self) -> None:
        html = highlight("<b>Ipinadala</b> & padala", parse_query("padala"))
        assert html == "&lt;b&gt;<mark>Ipinadala</mark>&lt;/b&gt; &amp; <mark>padala</mark>"

    def test_highlight_without_a_match_is_plain_escaped_text(self) -> None:
        assert highlight("a < b", parse_query("zzz")) == "a &lt; b"
