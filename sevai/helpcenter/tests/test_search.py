"""Searching the help center: the results page (no JavaScript needed) and the instant partial."""

from __future__ import annotations

import pytest
from django.test import Client

from sevai.brands.models import Brand
from sevai.helpcenter.tests.helpers import html_of, url_of
from sevai.kb.actions.import_export import ImportSummary
from sevai.kb.models import ArticleTranslation, Status
from sevai.kb.tests.factories import make_article, translate

pytestmark = pytest.mark.django_db

SEARCH = "/help/parcel-help/{}/search/"
INSTANT = "/help/parcel-help/{}/search/instant/"


def tamil_tracking() -> ArticleTranslation:
    return ArticleTranslation.objects.get(language="ta", title="பார்சலை எப்படிக் கண்காணிப்பது")


class TestResultsPage:
    def test_a_tamil_query_finds_the_tamil_article_with_highlights(
        self, client: Client, brand: Brand, demo: ImportSummary
    ) -> None:
        html = html_of(client, SEARCH.format("ta") + "?q=கண்காணிப்பு எண்")
        results = html.split('<ol class="list hc-results">', 1)[1]
        first = results.split("</li>", 1)[0]
        assert f'<li lang="ta"><a href="{url_of(tamil_tracking())}">' in first
        assert "<mark>கண்காணிப்பு</mark> <mark>எண்</mark>" in first
        assert html.count("<h1") == 1

    def test_each_article_appears_once_and_links_to_the_readers_language(
        self, client: Client, brand: Brand
    ) -> None:
        en = make_article("Track a parcel", body="Parcel tracking explained.")
        ta = translate(en.article, "ta", "பார்சலை கண்காணிப்பது", body="Parcel tracking, தமிழில்.")
        html = html_of(client, SEARCH.format("ta") + "?q=parcel")
        assert html.count('class="hc-snippet"') == 1
        assert f'<a href="{url_of(ta)}">' in html

    def test_an_article_not_yet_translated_links_to_its_fallback_page(
        self, client: Client, brand: Brand
    ) -> None:
        en = make_article("Customs forms", body="Sign the customs form.")
        html = html_of(client, SEARCH.format("hy") + "?q=customs")
        assert f'<a href="{url_of(en, "hy")}">' in html

    def test_html_in_a_query_or_an_article_is_escaped(self, client: Client, brand: Brand):
        make_article("Tags <b>bold</b> here", body="Use <script>alert(1)</script> never.")
        html = html_of(client, SEARCH.format("en") + "?q=<script>bold")
        assert "<script>alert" not in html and "<b>bold" not in html
        html = html_of(client, SEARCH.format("en") + "?q=bold")
        assert "&lt;b&gt;<mark>bold</mark>&lt;/b&gt;" in html

    def test_drafts_are_not_found(self, client: Client, brand: Brand):
        make_article("Secret parcel plan", status=Status.DRAFT)
        html = html_of(client, SEARCH.format("en") + "?q=secret")
        assert "0 articles found." in html and "Secret" not in html.split("</h1>", 1)[1]
        assert 'href="/contact/parcel-help/?lang=en"' in html

    def test_an_empty_query_shows_just_the_search_box(self, client: Client, brand: Brand):
        html = html_of(client, SEARCH.format("tl"))
        assert 'name="q" value=""' in html and "found." not in html


class TestInstantResults:
    def test_the_first_letters_of_a_tamil_title_find_it(
        self, client: Client, brand: Brand, demo: ImportSummary
    ) -> None:
        response = client.get(INSTANT.format("ta"), {"q": "பார்சலை"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html  # a partial for the results box
        assert f'href="{url_of(tamil_tracking())}"' in html
        assert "<mark>பார்சலை</mark>" in html
        assert f'href="{SEARCH.format("ta")}?q=' in html

    def test_words_only_in_the_text_are_found_when_no_title_matches(
        self, client: Client, brand: Brand
    ) -> None:
        make_article("Opening hours", body="Our lockers are open every day.")
        html = client.get(INSTANT.format("en"), {"q": "lockers"}).content.decode()
        assert "Opening hours" in html

    def test_nothing_typed_gives_an_empty_box(self, client: Client, brand: Brand):
        assert client.get(INSTANT.format("en"), {"q": "  "}).content.decode().strip() == ""
