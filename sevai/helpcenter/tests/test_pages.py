"""The help center's pages: languages, fallback, what is public and what is not, brands."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from sevai.brands.models import Brand
from sevai.helpcenter.tests.helpers import html_of, url_of
from sevai.kb.actions.articles import change_status
from sevai.kb.actions.import_export import ImportSummary
from sevai.kb.models import ArticleTranslation, Status
from sevai.kb.queries import translation_for
from sevai.kb.tests.factories import make_article, make_category, make_section, translate

pytestmark = pytest.mark.django_db

HOME = "/help/parcel-help/{}/"


def demo_translation(language: str, default_slug: str = "track-a-parcel") -> ArticleTranslation:
    article = ArticleTranslation.objects.get(slug=default_slug, language="en").article
    return article.translations.get(language=language)


class TestEntryAddresses:
    def test_help_goes_to_the_default_brand_in_the_browsers_language(
        self, client: Client, brand: Brand, other_brand: Brand
    ):
        response = client.get("/help/", HTTP_ACCEPT_LANGUAGE="hy-AM,hy;q=0.9,en;q=0.5")
        assert response.status_code == 302
        assert response["Location"] == "/help/parcel-help/hy/"

    def test_a_brand_address_goes_to_the_language_asked_for(self, client: Client, brand: Brand):
        response = client.get("/help/parcel-help/?lang=ta")
        assert response["Location"] == "/help/parcel-help/ta/"
        assert response.cookies["django_language"].value == "ta"

    def test_a_brand_address_falls_back_to_the_brands_language(
        self, client: Client, other_brand: Brand
    ):
        other_brand.default_language = "tl"
        other_brand.save()
        assert client.get("/help/rice-mart/")["Location"] == "/help/rice-mart/tl/"

    @pytest.mark.parametrize(
        "url",
        [
            "/help/no-such-brand/",
            "/help/no-such-brand/en/",
            "/help/parcel-help/fr/",
            "/help/parcel-help/xx/search/?q=parcel",
            "/help/parcel-help/de/c/deliveries/",
            "/help/parcel-help/en/c/no-such-topic/",
            "/help/parcel-help/en/no-such-article/",
            "/help/no-such-brand/sitemap.xml",
        ],
    )
    def test_unknown_brands_languages_topics_and_articles_are_not_found(
        self, client: Client, brand: Brand, demo: ImportSummary, url: str
    ):
        assert client.get(url).status_code == 404


class TestPagesInEachLanguage:
    def test_the_tamil_home_lists_topics_and_articles_in_tamil(
        self, client: Client, brand: Brand, demo: ImportSummary
    ):
        html = html_of(client, HOME.format("ta"))
        assert '<html lang="ta">' in html
        assert "டெலிவரி" in html  # the category's Tamil name
        assert "பார்சலை எப்படிக் கண்காணிப்பது" in html
        assert "Track a parcel" not in html
        assert html.count("<h1") == 1
        assert '<label for="hc-q">' in html and 'id="hc-q" type="search"' in html
        assert 'aria-live="polite"' in html

    def test_the_armenian_article_is_in_armenian(
        self, client: Client, brand: Brand, demo: ImportSummary
    ):
        hy = demo_translation("hy")
        html = html_of(client, url_of(hy))
        assert '<html lang="hy">' in html
        assert '<article class="hc-article" lang="hy"' in html
        assert "Ինչպես հետևել ծանրոցին" in html
        assert "<title>Ինչպես հետևել ծանրոցին · Parcel Help</title>" in html
        assert html.count("<h1") == 1

    @pytest.mark.parametrize("language", ["en", "ta", "tl", "hy"])
    def test_the_category_page_shows_sections_in_the_readers_language(
        self, client: Client, brand: Brand, demo: ImportSummary, language: str
    ):
        html = html_of(client, f"/help/parcel-help/{language}/c/deliveries/")
        names = {"en": "Tracking", "ta": "கண்காணிப்பு", "tl": "Pag-track", "hy": "Հետևում"}
        assert f'<html lang="{language}">' in html
        assert f">{names[language]}</h2>" in html
        assert demo_translation(language).title in html

    def test_the_language_switcher_links_to_the_same_article_in_each_language(
        self, client: Client, brand: Brand, demo: ImportSummary
    ):
        html = html_of(client, url_of(demo_translation("ta")))
        switcher = html[html.index('class="public-langs"') : html.index("</nav>")]
        for language in ("en", "ta", "tl", "hy"):
            assert f'href="{url_of(demo_translation(language))}" hreflang="{language}"' in switcher
        assert "?lang=" not in switcher

    def test_an_article_address_in_another_languages_slug_moves_to_the_readers_slug(
        self, client: Client, brand: Brand, demo: ImportSummary
    ):
        response = client.get("/help/parcel-help/ta/track-a-parcel/")
        assert response.status_code == 301
        assert response["Location"] == url_of(demo_translation("ta"))


class TestFallback:
    def test_a_missing_translation_shows_the_original_with_a_note_and_a_canonical_link(
        self, client: Client, brand: Brand
    ):
        en = make_article("Customs forms", body="Print the customs form and sign it.")
        html = html_of(client, url_of(en, "ta"))
        assert '<html lang="ta">' in html  # the page around the article
        assert '<article class="hc-article" lang="en"' in html  # the article itself
        with translation.override("ta"):
            shown = translation_for(en.article, "ta")
            assert shown is not None
            assert f'role="note">{shown.fallback_note}</p>' in html
        assert "Print the customs form and sign it." in html
        assert (
            '<link rel="canonical" href="http://testserver/help/parcel-help/en/customs-forms/">'
            in html
        )

    def test_a_draft_translation_falls_back_to_the_published_original(
        self, client: Client, brand: Brand
    ):
        en = make_article("Customs forms")
        translate(en.article, "ta", "சுங்கப் படிவங்கள்", status=Status.DRAFT)
        html = html_of(client, url_of(en, "ta"))
        assert "சுங்கப் படிவங்கள்" not in html
        assert "Customs forms" in html and 'role="note"' in html

    def test_the_language_switcher_offers_the_fallback_page_without_hreflang(
        self, client: Client, brand: Brand
    ):
        en = make_article("Customs forms")
        html = html_of(client, url_of(en))
        assert '<a href="/help/parcel-help/hy/customs-forms/" lang="hy">' in html


class TestOnlyPublishedArticlesArePublic:
    @pytest.mark.parametrize("status", [Status.DRAFT, Status.ARCHIVED])
    def test_drafts_and_archived_articles_are_nowhere(
        self, client: Client, brand: Brand, status: str
    ):
        category = make_category("deliveries")
        hidden = make_article("Secret plan", category=category, status=status)
        make_article("Public answer", category=category)
        assert client.get(url_of(hidden)).status_code == 404
        for url in (HOME.format("en"), "/help/parcel-help/en/c/deliveries/"):
            html = html_of(client, url)
            assert "Public answer" in html and "Secret plan" not in html
        assert "Secret plan" not in html_of(client, "/help/parcel-help/en/search/?q=secret")
        assert hidden.slug not in html_of(client, "/help/parcel-help/sitemap.xml")

    def test_an_archived_translation_is_gone_once_archived(self, client: Client, brand: Brand):
        en = make_article("Old prices")
        assert client.get(url_of(en)).status_code == 200
        change_status(en, Status.ARCHIVED, actor=None)
        assert client.get(url_of(en)).status_code == 404


class TestBrands:
    def test_one_brands_article_is_not_on_another_brands_help_center(
        self, client: Client, brand: Brand, other_brand: Brand
    ):
        rice = make_article("Rice delivery times", brand=other_brand)
        make_article("Parcel delivery times", brand=brand)
        assert client.get(url_of(rice, brand="parcel-help")).status_code == 404
        assert client.get(url_of(rice, brand="rice-mart")).status_code == 200
        parcel_home = html_of(client, HOME.format("en"))
        assert "Parcel delivery times" in parcel_home and "Rice delivery times" not in parcel_home
        rice_home = html_of(client, "/help/rice-mart/en/")
        assert "Rice delivery times" in rice_home and "Parcel delivery times" not in rice_home
        found = html_of(client, "/help/parcel-help/en/search/?q=delivery")
        assert "Parcel" in found and "Rice" not in found

    def test_shared_articles_are_on_every_brand(
        self, client: Client, brand: Brand, other_brand: Brand, demo: ImportSummary
    ):
        ta = demo_translation("ta")
        for slug in ("parcel-help", "rice-mart"):
            assert client.get(url_of(ta, brand=slug)).status_code == 200
            assert ta.title in html_of(client, f"/help/{slug}/ta/")

    def test_the_page_wears_the_brand(self, client: Client, other_brand: Brand):
        make_article("Rice delivery times", brand=other_brand)
        html = html_of(client, "/help/rice-mart/en/")
        assert "--brand: #b45309" in html
        assert '<a class="public-brand" href="/help/rice-mart/en/">Rice Mart</a>' in html


class TestHomeAndCategory:
    def test_articles_are_grouped_by_topic_and_section(self, client: Client, brand: Brand):
        deliveries = make_category("deliveries", names={"en": "Deliveries"})
        tracking = make_section(deliveries, "tracking")
        make_article("Where is my parcel", category=deliveries, section=tracking)
        make_article("Delivery days", category=deliveries)
        make_article("Loose article")
        html = html_of(client, "/help/parcel-help/en/c/deliveries/")
        assert re.search(r"Delivery days.*<h2[^>]*>Tracking</h2>.*Where is my parcel", html, re.S)
        assert "Loose article" not in html
        home = html_of(client, HOME.format("en"))
        assert "Deliveries" in home and "Loose article" in home

    def test_the_home_page_lists_a_few_articles_per_topic_and_links_to_the_rest(
        self, client: Client, brand: Brand
    ):
        deliveries = make_category("deliveries", names={"en": "Deliveries"})
        for i in range(7):
            make_article(f"Delivery question {i}", category=deliveries)
        html = html_of(client, HOME.format("en"))
        assert html.count("Delivery question") == 5
        assert "All 7 articles about Deliveries" in html

    def test_popular_articles_are_the_most_read(self, client: Client, brand: Brand):
        make_article("Rarely read")
        popular = make_article("Often read")
        for _ in range(3):
            client.get(url_of(popular))
        html = html_of(client, HOME.format("en"))
        section = html[html.index("hc-popular") : html.index("hc-topics-heading")]
        assert "Often read" in section and "Rarely read" not in section

    def test_reading_an_article_counts_a_view(self, client: Client, brand: Brand):
        en = make_article("Customs forms")
        client.get(url_of(en))
        client.get(url_of(en))
        client.head(url_of(en))
        en.refresh_from_db()
        assert en.view_count == 2


class TestHeadings:
    def test_an_article_whose_text_starts_with_a_heading_has_one_h1(
        self, client: Client, brand: Brand
    ):
        en = make_article("Customs forms", body="# Intro\n\nPrint the form.\n\n## Signing\n\nSign.")
        html = html_of(client, url_of(en))
        assert html.count("<h1") == 1
        assert '<h1 id="hc-title">Customs forms</h1>' in html
        assert "<h2>Intro</h2>" in html and "<h3>Signing</h3>" in html
