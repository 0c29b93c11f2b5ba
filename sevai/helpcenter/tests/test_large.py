"""A large knowledge base: the home page lists a few articles per topic, category pages come
in pages, and neither loads every article (query counts do not grow with the articles)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db.models.signals import post_init
from django.test import Client
from django.utils import timezone

from sevai.brands.models import Brand
from sevai.helpcenter.queries import CATEGORY_PAGE_SIZE, HOME_ARTICLES_PER_CATEGORY
from sevai.helpcenter.tests.helpers import html_of
from sevai.kb.models import Article, ArticleTranslation, Category, Status
from sevai.kb.tests.factories import make_article, make_category, make_section, translate

pytestmark = pytest.mark.django_db

HOME = "/help/parcel-help/en/"


def bulk_articles(n: int, category: Category | None, prefix: str) -> None:
    """n published English articles straight into the tables (no revisions, no search
    index). The first ones written are the most read: article i was read n - i times."""
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(category=category, default_language="en", created_at=now, updated_at=now)
        for _ in range(n)
    )
    ArticleTranslation.objects.bulk_create(
        ArticleTranslation(
            article=article,
            language="en",
            title=f"{prefix} {i:04d}",
            slug=f"{prefix.lower()}-{i}",
            status=Status.PUBLISHED,
            view_count=n - i,
            published_at=now,
            created_at=now,
            updated_at=now,
        )
        for i, article in enumerate(articles)
    )


def cards(html: str) -> dict[str, str]:
    """{heading: HTML} of the home page's topic cards."""
    found = re.findall(
        r'<section class="card hc-category"[^>]*>\s*<h3[^>]*>(.*?)</h3>(.*?)</section>', html, re.S
    )
    return {re.sub(r"<[^>]+>", "", heading): body for heading, body in found}


@contextmanager
def articles_loaded() -> Iterator[list[Article]]:
    """The Article objects made from database rows inside the block."""
    loaded: list[Article] = []

    def count(sender: type[Article], instance: Article, **kwargs: Any) -> None:
        loaded.append(instance)

    post_init.connect(count, sender=Article)
    try:
        yield loaded
    finally:
        post_init.disconnect(count, sender=Article)


@pytest.fixture
def big(brand: Brand) -> dict[str, Category]:
    deliveries = make_category("deliveries", names={"en": "Deliveries"})
    payments = make_category("payments", names={"en": "Payments"})
    bulk_articles(1200, deliveries, "Delivery")
    bulk_articles(790, payments, "Payment")
    bulk_articles(10, None, "Loose")
    return {"deliveries": deliveries, "payments": payments}


class TestTheHomePage:
    def test_each_topic_lists_its_most_read_articles_and_links_to_all(
        self, client: Client, big: dict[str, Category]
    ) -> None:
        html = html_of(client, HOME)
        topics = cards(html)
        assert set(topics) == {"Deliveries", "Payments", "More articles"}
        for heading, card in topics.items():
            assert card.count("<li>") == HOME_ARTICLES_PER_CATEGORY, heading
        assert re.findall(r"Delivery \d+", topics["Deliveries"]) == [
            f"Delivery {i:04d}" for i in range(HOME_ARTICLES_PER_CATEGORY)
        ]
        assert (
            'href="/help/parcel-help/en/c/deliveries/">All 1200 articles about Deliveries'
            in (topics["Deliveries"])
        )
        assert "All 790 articles about Payments" in topics["Payments"]
        assert "Search to find 5 more articles." in topics["More articles"]

    def test_only_the_listed_articles_are_loaded(
        self, client: Client, big: dict[str, Category]
    ) -> None:
        with articles_loaded() as loaded:
            html_of(client, HOME)
        popular = 5
        assert len(loaded) <= 3 * HOME_ARTICLES_PER_CATEGORY + popular

    @pytest.mark.parametrize("n", [3, 2000])
    def test_the_query_count_does_not_grow_with_the_articles(
        self, client: Client, brand: Brand, django_assert_num_queries: Any, n: int
    ) -> None:
        bulk_articles(n, make_category("deliveries"), "Delivery")
        bulk_articles(n // 10 + 1, None, "Loose")
        # brand; categories, sections; top articles per category (ranked and counted), their
        # translations; popular articles, their translations
        with django_assert_num_queries(7):
            response = client.get(HOME)
        topics = cards(response.content.decode())
        assert topics["Deliveries"].count("<li>") == min(n, HOME_ARTICLES_PER_CATEGORY)
        assert topics["More articles"].count("<li>") == min(n // 10 + 1, HOME_ARTICLES_PER_CATEGORY)

    def test_articles_a_reader_cannot_open_are_not_counted(
        self, client: Client, brand: Brand
    ) -> None:
        deliveries = make_category("deliveries", names={"en": "Deliveries", "ta": "டெலிவரி"})
        for i in range(HOME_ARTICLES_PER_CATEGORY + 1):
            make_article(f"Delivery question {i}", category=deliveries)
        draft = make_article("Draft in English", category=deliveries, status=Status.DRAFT)
        translate(draft.article, "ta", "தமிழில் மட்டும்")  # published in Tamil only
        english = cards(html_of(client, HOME))["Deliveries"]
        assert "All 6 articles about Deliveries" in english and "Draft" not in english
        tamil = cards(html_of(client, "/help/parcel-help/ta/"))["டெலிவரி"]
        link = re.search(r'<p><a href="/help/parcel-help/ta/c/deliveries/">([^<]*)</a>', tamil)
        assert link is not None and "7" in link[1]  # the Tamil-only article counts here


class TestCategoryPages:
    def test_a_large_category_comes_in_pages(
        self, client: Client, big: dict[str, Category]
    ) -> None:
        url = "/help/parcel-help/en/c/payments/"
        first = html_of(client, url)
        assert len(re.findall(r">Payment \d+</a>", first)) == CATEGORY_PAGE_SIZE
        assert f'<a rel="next" href="{url}?page=2">' in first and 'rel="prev"' not in first
        assert "Page 1 of 27" in first
        second = html_of(client, f"{url}?page=2")
        assert len(re.findall(r">Payment \d+</a>", second)) == CATEGORY_PAGE_SIZE
        assert f'<a rel="prev" href="{url}">' in second
        assert f'<link rel="canonical" href="http://testserver{url}?page=2">' in second
        last = html_of(client, f"{url}?page=27")
        assert len(re.findall(r">Payment \d+</a>", last)) == 790 - 26 * CATEGORY_PAGE_SIZE
        assert 'rel="next"' not in last
        titles = set()
        for page in range(1, 28):
            titles |= set(re.findall(r">(Payment \d+)</a>", html_of(client, f"{url}?page={page}")))
        assert len(titles) == 790  # every article on exactly one page

    def test_only_one_page_of_articles_is_loaded(
        self, client: Client, big: dict[str, Category]
    ) -> None:
        with articles_loaded() as loaded:
            html_of(client, "/help/parcel-help/en/c/deliveries/?page=3")
        assert len(loaded) == CATEGORY_PAGE_SIZE

    @pytest.mark.parametrize("page", ["0", "x", "999"])
    def test_odd_page_numbers_show_a_page_anyway(
        self, client: Client, brand: Brand, page: str
    ) -> None:
        bulk_articles(3, make_category("payments"), "Payment")
        assert "Payment 0002" in html_of(client, f"/help/parcel-help/en/c/payments/?page={page}")

    def test_sections_stay_in_order_across_pages(self, client: Client, brand: Brand) -> None:
        deliveries = make_category("deliveries")
        late = make_section(deliveries, "z-returns", position=2)
        early = make_section(deliveries, "a-tracking", position=1)
        make_article("In returns", category=deliveries, section=late)
        make_article("In tracking", category=deliveries, section=early)
        make_article("In no section", category=deliveries)
        html = html_of(client, "/help/parcel-help/en/c/deliveries/")
        assert html.index("In no section") < html.index("In tracking") < html.index("In returns")

    @pytest.mark.parametrize("n", [3, 2000])
    def test_the_query_count_does_not_grow_with_the_articles(
        self, client: Client, brand: Brand, django_assert_num_queries: Any, n: int
    ) -> None:
        bulk_articles(n, make_category("payments"), "Payment")
        # brand; category, sections; count; one page of articles, their translations
        with django_assert_num_queries(6):
            response = client.get("/help/parcel-help/en/c/payments/?page=2")
        assert response.status_code == 200
