"""Article search with real sentences in Tamil, Armenian, Tagalog and English.

Runs on SQLite by default and on PostgreSQL under `make test-postgres`.
"""

from __future__ import annotations

import pytest

from sevai.search.articles import (
    index_article,
    remove_article,
    search_articles,
    suggest_article_titles,
)

pytestmark = pytest.mark.django_db

ARTICLES = [
    # doc_id, article_id, language, title, body
    (
        1,
        10,
        "ta",
        "பார்சல் டெலிவரி தாமதம்",
        "உங்கள் பார்சலுக்கு கண்காணிப்பு எண் அனுப்பப்படும். டெலிவரியை மாற்ற எங்களை அழைக்கவும்.",
    ),
    (
        2,
        20,
        "hy",
        "Առաքման ժամկետներ",
        "Որտե՞ղ է իմ ծանրոցը։ Ծանրոցները առաքվում են երեք օրվա ընթացքում։",
    ),
    (
        3,
        30,
        "tl",
        "Paano subaybayan ang padala",
        "Saan na ang padala ko? Makikita mo ang status kapag ipinadala na namin ang order.",
    ),
    (
        4,
        40,
        "en",
        "Delivery times",
        "Most parcels are delivered within three working days of the order.",
    ),
]


@pytest.fixture
def articles() -> None:
    for doc_id, article_id, language, title, body in ARTICLES:
        index_article(
            doc_id, article_id=article_id, language=language, title=title, body=body,
            published=True,
        )  # fmt: skip


def doc_ids(query: str, **kwargs: object) -> list[int]:
    return [hit.doc_id for hit in search_articles(query, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.usefixtures("articles")
class TestMultilingualArticleSearch:
    @pytest.mark.parametrize(
        "query", ["பார்சல்", "பார்சலை", "பார்சலுக்கு", "பார்சலின்", "டெலிவரி", "டெலிவரியை"]
    )
    def test_tamil_inflected_forms_find_the_tamil_article(self, query: str) -> None:
        assert doc_ids(query) == [1]

    @pytest.mark.parametrize("query", ["ծանրոց", "որտեղ", "Որտե՞ղ", "ծանրոցը։", "ԾԱՆՐՈՑ"])
    def test_armenian_words_with_attached_punctuation_are_found(self, query: str) -> None:
        assert doc_ids(query) == [2]

    @pytest.mark.parametrize("query", ["padala", "ipinadala", "Saan na ang padala"])
    def test_tagalog_root_finds_affixed_forms(self, query: str) -> None:
        assert doc_ids(query) == [3]

    def test_tagalog_root_matches_inside_ipinadala(self) -> None:
        index_article(
            9, article_id=90, language="tl", title="Order",
            body="Ipinadala na namin kahapon.", published=True,
        )  # fmt: skip
        assert 9 in doc_ids("padala")

    @pytest.mark.parametrize("query", ["delivered", "delivery", "deliveries", "DELIVER"])
    def test_english_forms_find_each_other(self, query: str) -> None:
        assert doc_ids(query) == [4]

    def test_every_query_word_must_match(self) -> None:
        assert doc_ids("delivered parcels") == [4]
        assert doc_ids("delivered padala") == []

    def test_unknown_words_find_nothing(self) -> None:
        assert doc_ids("xylophone") == []
        assert doc_ids("") == []
        assert doc_ids("?!") == []


@pytest.mark.usefixtures("articles")
class TestRankingAndSnippets:
    def test_title_match_outranks_body_match(self) -> None:
        index_article(
            5, article_id=50, language="en", title="Returns",
            body="Refunds are paid after the delivery reaches our warehouse.", published=True,
        )  # fmt: skip
        hits = search_articles("delivery")
        assert [h.doc_id for h in hits] == [4, 5]
        assert hits[0].score > hits[1].score

    def test_snippet_marks_the_inflected_tamil_word(self) -> None:
        (hit,) = search_articles("பார்சல்")
        assert "<mark>பார்சலுக்கு</mark>" in hit.snippet_html
        assert hit.title_html.startswith("<mark>பார்சல்</mark>")

    def test_snippet_marks_armenian_word_and_keeps_punctuation(self) -> None:
        (hit,) = search_articles("որտեղ")
        assert "<mark>Որտե՞ղ</mark> է իմ ծանրոցը։" in hit.snippet_html

    def test_html_in_content_is_escaped(self) -> None:
        index_article(
            6, article_id=60, language="en", title="<script>alert(1)</script> Tracking",
            body="Use <b>tracking</b> & status.", published=True,
        )  # fmt: skip
        (hit,) = search_articles("tracking")
        assert "<script>" not in hit.title_html
        assert "&lt;script&gt;" in hit.title_html
        assert hit.snippet_html == "Use &lt;b&gt;<mark>tracking</mark>&lt;/b&gt; &amp; status."

    def test_long_body_snippet_is_an_excerpt_around_the_match(self) -> None:
        body = "Filler words here. " * 40 + "The parcel was delivered to a neighbour. " * 3
        index_article(
            7, article_id=70, language="en", title="Neighbours", body=body, published=True
        )
        (hit,) = search_articles("neighbour delivered")
        assert len(hit.snippet_html) < 320
        assert hit.snippet_html.startswith("\u2026")
        assert "<mark>delivered</mark>" in hit.snippet_html


@pytest.mark.usefixtures("articles")
class TestArticleFilters:
    def test_preferred_language_comes_first_but_others_stay(self) -> None:
        index_article(
            8, article_id=10, language="en", title="Parcel delivery delays",
            body="Your parcel (பார்சல்) may be late.", published=True,
        )  # fmt: skip
        assert doc_ids("பார்சல்", language="en") == [8, 1]
        assert doc_ids("பார்சல்", language="ta") == [1, 8]

    def test_unpublished_articles_are_hidden_unless_asked(self) -> None:
        index_article(1, article_id=10, language="ta", title="பார்சல்", body="வரைவு", published=False)
        assert doc_ids("பார்சல்") == []
        assert doc_ids("பார்சல்", published_only=False) == [1]

    def test_brand_filter_keeps_that_brand_and_shared_articles(self) -> None:
        index_article(
            11, article_id=11, language="en", title="Delivery brand one", body="",
            published=True, brand_id=1,
        )  # fmt: skip
        index_article(
            12, article_id=12, language="en", title="Delivery brand two", body="",
            published=True, brand_id=2,
        )  # fmt: skip
        assert sorted(doc_ids("delivery", brand_id=1)) == [4, 11]
        assert sorted(doc_ids("delivery")) == [4, 11, 12]

    def test_reindexing_replaces_and_remove_deletes(self) -> None:
        index_article(
            4, article_id=40, language="en", title="Pickup points", body="Collect it.",
            published=True,
        )  # fmt: skip
        assert doc_ids("delivery") == []
        assert doc_ids("pickup") == [4]
        remove_article(4)
        assert doc_ids("pickup") == []
        remove_article(4)  # already gone: no error

    def test_limit(self) -> None:
        for i in range(20, 30):
            index_article(
                i, article_id=i, language="en", title=f"Delivery {i}", body="", published=True
            )
        assert len(search_articles("delivery", limit=3)) == 3


@pytest.mark.usefixtures("articles")
class TestSuggestArticleTitles:
    @pytest.mark.parametrize(
        ("prefix", "expected"),
        [("deliv", [4]), ("D", [4]), ("பார்", [1]), ("Առաք", [2]), ("paano sub", [3])],
    )
    def test_title_prefix_suggests_the_article(self, prefix: str, expected: list[int]) -> None:
        assert [h.doc_id for h in suggest_article_titles(prefix)] == expected

    def test_body_words_do_not_suggest(self) -> None:
        assert suggest_article_titles("parcels") == []

    def test_suggestion_title_is_marked(self) -> None:
        (hit,) = suggest_article_titles("deliv")
        assert hit.title_html == "<mark>Delivery</mark> times"
