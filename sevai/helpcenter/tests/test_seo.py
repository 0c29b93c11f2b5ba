"""Search-engine basics: titles, descriptions, canonical and hreflang links, the sitemap,
robots.txt; and the cache headers that keep pages cheap."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from django.test import Client

from sevai.brands.models import Brand
from sevai.helpcenter.seo import first_paragraph, meta_description, shorten
from sevai.helpcenter.tests.helpers import description_in, head_links, html_of, url_of
from sevai.kb.actions.import_export import ImportSummary
from sevai.kb.models import ArticleTranslation, Status
from sevai.kb.tests.factories import make_article, make_category, translate

pytestmark = pytest.mark.django_db

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


class TestMetaDescription:
    def test_it_is_the_first_paragraph_without_markup(self) -> None:
        body = "## Where\n\nOpen the **tracking** page\nand enter `AB123`.\n\nSecond paragraph."
        assert meta_description(body) == "Open the tracking page and enter AB123."

    def test_a_long_paragraph_is_cut_at_a_word_with_an_ellipsis(self) -> None:
        text = "பார்சலை நாங்கள் பெற்றுக்கொண்ட நேரத்திலிருந்து " * 10
        cut = shorten(text)
        assert len(cut) <= 155 and cut.endswith("…")
        assert text.startswith(cut[:-1])
        assert cut[-2] != " "

    def test_a_body_without_a_paragraph_has_none(self) -> None:
        assert first_paragraph("## Only a heading\n\n- a list item") == "a list item"
        assert first_paragraph("") == ""


class TestArticleHead:
    def test_title_description_canonical_and_alternates(self, client: Client, brand: Brand) -> None:
        en = make_article(
            "Track a parcel", body="You can follow your parcel <em>live</em>.\n\n## Steps"
        )
        ta = translate(en.article, "ta", "பார்சலை எப்படிக் கண்காணிப்பது", body="கண்காணிக்கலாம்.")
        translate(en.article, "hy", "Ինչպես հետևել", status=Status.DRAFT)
        html = html_of(client, url_of(en))
        assert "<title>Track a parcel · Parcel Help</title>" in html
        assert description_in(html) == "You can follow your parcel &lt;em&gt;live&lt;/em&gt;."
        origin = "http://testserver"
        assert head_links(html, "canonical") == {"canonical": origin + url_of(en)}
        assert head_links(html, "alternate") == {
            "en": origin + url_of(en),
            "ta": origin + url_of(ta),
            "x-default": origin + url_of(en),
        }

    def test_an_article_in_one_language_has_no_alternates(self, client: Client, brand: Brand):
        en = make_article("Customs forms")
        assert head_links(html_of(client, url_of(en)), "alternate") == {
            "en": "http://testserver" + url_of(en)
        }

    def test_home_and_category_pages_link_their_translations(
        self, client: Client, brand: Brand
    ) -> None:
        make_article("Customs forms", category=make_category("customs"))
        for path in ("/help/parcel-help/{}/", "/help/parcel-help/{}/c/customs/"):
            html = html_of(client, path.format("tl"))
            alternates = head_links(html, "alternate")
            assert sorted(alternates) == ["en", "hy", "ta", "tl"]
            assert alternates["hy"] == "http://testserver" + path.format("hy")
            assert head_links(html, "canonical")["canonical"].endswith(path.format("tl"))
            assert description_in(html)

    def test_search_results_are_not_indexed(self, client: Client, brand: Brand):
        html = html_of(client, "/help/parcel-help/en/search/?q=parcel")
        assert '<meta name="robots" content="noindex, follow">' in html


class TestSitemap:
    def test_it_lists_published_translations_with_hreflang_alternates_and_lastmod(
        self, client: Client, brand: Brand, demo: ImportSummary
    ) -> None:
        make_article("Draft only", status=Status.DRAFT)
        response = client.get("/help/parcel-help/sitemap.xml")
        assert response["Content-Type"] == "application/xml; charset=utf-8"
        root = ElementTree.fromstring(response.content)  # noqa: S314 (our own sitemap)
        entries = {
            url.findtext("s:loc", namespaces=SITEMAP_NS): url
            for url in root.findall("s:url", SITEMAP_NS)
        }
        published = ArticleTranslation.objects.filter(status=Status.PUBLISHED)
        for t in published:
            assert "http://testserver" + url_of(t) in entries
        assert not any("draft-only" in loc for loc in entries)
        ta = published.get(language="ta", article__translations__slug="track-a-parcel")
        entry = entries["http://testserver" + url_of(ta)]
        assert entry.findtext("s:lastmod", namespaces=SITEMAP_NS).startswith(
            ta.updated_at.date().isoformat()
        )
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in entry.findall("xhtml:link", SITEMAP_NS)
        }
        assert sorted(alternates) == ["en", "hy", "ta", "tl", "x-default"]
        assert alternates["x-default"] == "http://testserver/help/parcel-help/en/track-a-parcel/"
        assert alternates["ta"] == "http://testserver" + url_of(ta)
        assert "http://testserver/help/parcel-help/hy/c/payments/" in entries
        assert "http://testserver/help/parcel-help/tl/" in entries

    def test_it_holds_only_the_brands_and_shared_articles(
        self, client: Client, brand: Brand, other_brand: Brand
    ) -> None:
        make_article("Rice delivery times", brand=other_brand)
        make_article("Opening hours")
        xml = client.get("/help/parcel-help/sitemap.xml").content.decode()
        assert "/help/parcel-help/en/opening-hours/" in xml
        assert "rice-delivery-times" not in xml

    def test_robots_txt_points_to_every_brands_sitemap(
        self, client: Client, brand: Brand, other_brand: Brand
    ) -> None:
        response = client.get("/robots.txt")
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        text = response.content.decode()
        assert "Sitemap: http://testserver/help/parcel-help/sitemap.xml" in text
        assert "Sitemap: http://testserver/help/rice-mart/sitemap.xml" in text
        assert re.search(r"^Disallow: /help/\*/\*/search/$", text, re.M)


class TestCacheHeaders:
    @pytest.mark.parametrize(
        "url",
        [
            "/help/parcel-help/en/",
            "/help/parcel-help/en/c/deliveries/",
            "/help/parcel-help/en/search/?q=parcel",
            "/help/parcel-help/en/search/instant/?q=par",
        ],
    )
    def test_pages_without_forms_are_public_for_a_minute_and_revalidate_by_etag(
        self, client: Client, brand: Brand, demo: ImportSummary, url: str
    ) -> None:
        response = client.get(url)
        assert response["Cache-Control"] == "public, max-age=60"
        assert "csrftoken" not in response.cookies
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
        assert again.content == b""

    def test_article_pages_carry_the_readers_csrf_token_so_only_the_browser_caches_them(
        self, client: Client, brand: Brand
    ) -> None:
        response = client.get(url_of(make_article("Customs forms")))
        assert response["Cache-Control"] == "private, max-age=60"
        assert response["Content-Language"] == "en"

    def test_signed_in_agents_get_private_copies(
        self, agent_client: Client, brand: Brand, demo: ImportSummary
    ) -> None:
        response = agent_client.get("/help/parcel-help/en/")
        assert response["Cache-Control"] == "private, max-age=60"


class TestQueryCounts:
    @pytest.mark.parametrize("n", [1, 12])
    def test_every_page_runs_a_fixed_number_of_queries(
        self, client: Client, brand: Brand, django_assert_num_queries, n: int
    ) -> None:
        category = make_category("deliveries")
        for i in range(n):
            en = make_article(f"Parcel question {i}", category=category)
            translate(en.article, "ta", f"பார்சல் கேள்வி {i}")
        pages = {
            "/help/parcel-help/ta/": 7,  # brand; categories, sections; top articles per
            # category (ranked and counted), translations; popular articles, translations
            "/help/parcel-help/ta/c/deliveries/": 6,  # brand; category, sections; count;
            # one page of articles, their translations
            url_of(en): 5,  # brand; slug; article, translations; view count
            "/help/parcel-help/ta/search/?q=பார்சல்": 3,  # brand; search index; translations
            "/help/parcel-help/ta/search/instant/?q=பார்": 3,
            "/help/parcel-help/sitemap.xml": 3,  # brand; translations; categories
        }
        for url, queries in pages.items():
            with django_assert_num_queries(queries):
                assert client.get(url).status_code == 200
