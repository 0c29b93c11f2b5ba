"""The knowledge-base REST API: /api/v1/kb/articles and /api/v1/kb/categories."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sevai.accounts.models import User
from sevai.brands.models import Brand
from sevai.kb.models import Article, ArticleTranslation, Revision, Status
from sevai.kb.tests.factories import make_article, make_category, make_section, translate
from sevai.testing.api import api_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/kb/articles"


@pytest.fixture
def api(agent: User) -> Client:
    return api_client(agent)


@pytest.fixture
def light_api(light_agent: User) -> Client:
    return api_client(light_agent)


def post(client: Client, url: str, data: Any = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


def patch(client: Client, url: str, data: Any) -> Any:
    return client.patch(url, data, content_type="application/json")


def snapshot() -> dict[str, object]:
    """Everything the endpoints could write, to prove a refused request changed nothing."""
    return {
        "articles": list(Article.objects.order_by("pk").values_list("pk", "updated_at")),
        "translations": list(
            ArticleTranslation.objects.order_by("pk").values_list(
                "pk", "title", "slug", "body_markdown", "status"
            )
        ),
        "revisions": Revision.objects.count(),
    }


class TestAuthentication:
    @pytest.mark.parametrize(
        ("method", "url"),
        [("get", URL), ("get", f"{URL}/1"), ("post", URL), ("get", "/api/v1/kb/categories")],
    )
    def test_missing_token_is_a_401_json_error(self, db: None, method: str, url: str) -> None:
        response = getattr(Client(), method)(url)
        assert response.status_code == 401
        assert response.json() == {"error": "Missing, unknown or revoked API token."}


class TestListing:
    def test_articles_come_last_changed_first_with_their_translations(self, api: Client) -> None:
        old = make_article("Opening hours", tags=["Hours"])
        new = make_article("Track a parcel", category=make_category("deliveries"))
        translate(new.article, "ta", "பார்சலைக் கண்காணிப்பது", status=Status.DRAFT)
        body = api.get(URL).json()
        assert [a["id"] for a in body["items"]] == [new.article_id, old.article_id]
        assert body["next_cursor"] is None
        first = body["items"][0]
        assert first["category_id"] == new.article.category_id
        assert [(t["language"], t["status"]) for t in first["translations"]] == [
            ("en", "published"),
            ("ta", "draft"),
        ]
        assert "body_markdown" not in first["translations"][0]
        assert body["items"][1]["tags"] == ["hours"]

    def test_filters_by_language_and_status_together(self, api: Client) -> None:
        en = make_article("Track a parcel")
        translate(en.article, "ta", "பார்சல்", status=Status.DRAFT)
        make_article("Opening hours")
        ids = [a["id"] for a in api.get(f"{URL}?language=ta&status=draft").json()["items"]]
        assert ids == [en.article_id]
        assert api.get(f"{URL}?language=ta&status=published").json()["items"] == []

    def test_filters_by_category_and_brand(self, api: Client) -> None:
        deliveries = make_category("deliveries")
        brand = Brand.objects.create(name="Rice Mart", slug="rice-mart")
        in_category = make_article("Track a parcel", category=deliveries)
        branded = make_article("Rice delivery", brand=brand)
        make_article("Opening hours")
        by_category = api.get(f"{URL}?category_id={deliveries.pk}").json()["items"]
        assert [a["id"] for a in by_category] == [in_category.article_id]
        by_brand = api.get(f"{URL}?brand_id={brand.pk}").json()["items"]
        assert [(a["id"], a["brand_id"]) for a in by_brand] == [(branded.article_id, brand.pk)]

    def test_q_searches_drafts_too_best_first(self, api: Client) -> None:
        body_match = make_article("Opening hours", body="Parcels are sorted at night.")
        title_match = make_article("Parcel lockers", status=Status.DRAFT)
        make_article("Refunds")
        body = api.get(f"{URL}?q=parcel").json()
        assert [a["id"] for a in body["items"]] == [title_match.article_id, body_match.article_id]
        assert body["next_cursor"] is None
        filtered = api.get(f"{URL}?q=parcel&status=published").json()["items"]
        assert [a["id"] for a in filtered] == [body_match.article_id]

    def test_pages_follow_the_cursor(self, api: Client) -> None:
        made = [make_article(f"Question {i}").article_id for i in range(5)]
        seen: list[int] = []
        cursor = ""
        while True:
            body = api.get(f"{URL}?limit=2" + (f"&cursor={cursor}" if cursor else "")).json()
            seen += [a["id"] for a in body["items"]]
            if not (cursor := body["next_cursor"]):
                break
        assert seen == made[::-1]

    def test_a_bad_cursor_or_status_is_refused(self, api: Client) -> None:
        assert api.get(f"{URL}?cursor=nonsense").status_code == 400
        response = api.get(f"{URL}?status=deleted")
        assert response.status_code == 422
        assert response.json()["error"] == "The request is not valid."

    def test_light_agents_read(self, light_api: Client) -> None:
        en = make_article("Track a parcel")
        assert light_api.get(URL).status_code == 200
        assert light_api.get(f"{URL}/{en.article_id}").status_code == 200

    @pytest.mark.parametrize("n", [1, 20])
    def test_query_count_is_flat(self, api: Client, django_assert_num_queries: Any, n: int) -> None:
        category = make_category("deliveries")
        for i in range(n):
            en = make_article(f"Article {i}", category=category, tags=["faq"])
            translate(en.article, "ta", f"கட்டுரை {i}")
        api.get(URL)  # the token's last use is written once a minute
        with django_assert_num_queries(4):  # token; articles; translations; tags
            assert api.get(URL).status_code == 200


class TestOneArticle:
    def test_an_article_with_every_translation_and_its_text(self, api: Client) -> None:
        section = make_section(make_category("deliveries"), "tracking")
        en = make_article(
            "Track a parcel", body="# Steps\n\n**Enter** the number.", section=section
        )
        translate(en.article, "hy", "Ինչպես հետևել ծանրոցին", body="Մուտքագրեք համարը։")
        body = api.get(f"{URL}/{en.article_id}").json()
        assert (body["id"], body["default_language"]) == (en.article_id, "en")
        assert (body["category_id"], body["section_id"]) == (section.category_id, section.pk)
        english, armenian = body["translations"]
        assert english["body_markdown"] == "# Steps\n\n**Enter** the number."
        assert english["body_html"] == "<h2>Steps</h2>\n<p><strong>Enter</strong> the number.</p>\n"
        assert (armenian["language"], armenian["title"]) == ("hy", "Ինչպես հետևել ծանրոցին")

    def test_an_unknown_article_is_a_404_json_error(self, api: Client) -> None:
        response = api.get(f"{URL}/999")
        assert response.status_code == 404
        assert response.json() == {"error": "No such article."}

    def test_query_count_is_flat(self, api: Client, django_assert_num_queries: Any) -> None:
        en = make_article("Track a parcel", tags=["a", "b"])
        for code in ("ta", "tl", "hy"):
            translate(en.article, code, f"Track {code}")
        api.get(f"{URL}/{en.article_id}")
        with django_assert_num_queries(4):  # token; article; translations; tags
            api.get(f"{URL}/{en.article_id}")


class TestCreating:
    def test_an_article_is_written_with_its_first_translation(
        self, api: Client, agent: User
    ) -> None:
        section = make_section(make_category("deliveries"), "tracking")
        response = post(
            api,
            URL,
            {
                "language": "en",
                "title": "Track a parcel",
                "body_markdown": "Open the tracking page.",
                "section_id": section.pk,
                "tags": ["Tracking"],
            },
        )
        assert response.status_code == 201
        body = response.json()
        article = Article.objects.get()
        assert body["id"] == article.pk and body["category_id"] == section.category_id
        assert body["tags"] == ["tracking"]
        (translation,) = body["translations"]
        assert (translation["slug"], translation["status"]) == ("track-a-parcel", "draft")
        en = article.translations.get()
        assert en.author == agent and en.revisions.count() == 1

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"language": "en"}, "The request is not valid."),
            ({"language": "en", "title": "X", "colour": "red"}, "The request is not valid."),
            ({"language": "en", "title": "X", "status": "gone"}, "The request is not valid."),
            ({"language": "en", "title": "X", "category_id": 999}, "Unknown category: 999."),
            ({"language": "en", "title": "X", "brand_id": 999}, "Unknown brand: 999."),
            ({"language": "e n", "title": "X"}, None),
            ({"language": "en", "title": "X", "slug": "taken"}, None),
        ],
    )
    def test_invalid_articles_are_a_422_and_write_nothing(
        self, api: Client, data: dict[str, Any], message: str | None
    ) -> None:
        make_article("Taken", slug="taken")
        before = snapshot()
        response = post(api, URL, data)
        assert response.status_code == 422, response.json()
        if message:
            assert response.json()["error"] == message
        assert snapshot() == before

    def test_a_section_of_another_category_is_refused(self, api: Client) -> None:
        section = make_section(make_category("deliveries"), "tracking")
        other = make_category("payments")
        data = {"language": "en", "title": "X", "category_id": other.pk, "section_id": section.pk}
        response = post(api, URL, data)
        assert response.status_code == 422
        assert response.json() == {"error": "That section belongs to another category."}

    def test_light_agents_cannot_write(self, light_api: Client) -> None:
        response = post(light_api, URL, {"language": "en", "title": "Track a parcel"})
        assert response.status_code == 403
        assert response.json() == {
            "error": "Light agents can read the knowledge base but not change it."
        }
        assert not Article.objects.exists()

    def test_a_translation_is_added_in_another_language(self, api: Client) -> None:
        en = make_article("Track a parcel")
        url = f"{URL}/{en.article_id}/translations"
        response = post(api, url, {"language": "ta", "title": "பார்சலைக் கண்காணிப்பது"})
        assert response.status_code == 201
        assert response.json()["language"] == "ta"
        assert en.article.translations.get(language="ta").revisions.count() == 1
        again = post(api, url, {"language": "ta", "title": "மீண்டும்"})
        assert again.status_code == 422
        assert again.json() == {"error": "This article already has a Tamil version."}
        assert (
            post(api, f"{URL}/999/translations", {"language": "ta", "title": "X"}).status_code
            == 404
        )


class TestChangingATranslation:
    def test_a_change_keeps_a_revision_with_the_note(self, api: Client, agent: User) -> None:
        en = make_article("Track a parcel", body="Old text.")
        response = patch(
            api,
            f"{URL}/{en.article_id}/translations/en",
            {"body_markdown": "New.", "note": "Short"},
        )
        assert response.status_code == 200
        assert response.json()["body_markdown"] == "New."
        assert response.json()["title"] == "Track a parcel"  # not sent: unchanged
        latest = en.revisions.order_by("-number")[0]
        assert (latest.number, latest.body_markdown, latest.note) == (2, "New.", "Short")
        assert latest.author == agent

    def test_sending_the_same_text_keeps_no_revision(self, api: Client) -> None:
        en = make_article("Track a parcel", body="Same.")
        patch(api, f"{URL}/{en.article_id}/translations/en", {"body_markdown": "Same."})
        assert en.revisions.count() == 1

    @pytest.mark.parametrize(
        "data", [{"title": None}, {"title": ""}, {"status": "published"}, {"slug": "Not a slug"}]
    )
    def test_invalid_changes_are_a_422(self, api: Client, data: dict[str, Any]) -> None:
        en = make_article("Track a parcel")
        before = snapshot()
        response = patch(api, f"{URL}/{en.article_id}/translations/en", data)
        assert response.status_code == 422 and "error" in response.json()
        assert snapshot() == before

    def test_unknown_articles_and_languages_are_404(self, api: Client) -> None:
        en = make_article("Track a parcel")
        missing = patch(api, f"{URL}/{en.article_id}/translations/ta", {"title": "X"})
        assert missing.status_code == 404
        assert missing.json() == {"error": "This article has no translation in ta."}
        no_article = patch(api, f"{URL}/999/translations/en", {"title": "X"})
        assert no_article.json() == {"error": "No such article."}

    def test_publish_and_archive(self, api: Client) -> None:
        en = make_article("Track a parcel", status=Status.DRAFT)
        published = post(api, f"{URL}/{en.article_id}/translations/en/publish")
        assert published.status_code == 200
        assert published.json()["status"] == "published" and published.json()["published_at"]
        archived = post(api, f"{URL}/{en.article_id}/translations/EN/archive")
        assert archived.json()["status"] == "archived"
        en.refresh_from_db()
        assert en.status == Status.ARCHIVED
        assert [r.status for r in en.revisions.order_by("number")] == [
            "draft",
            "published",
            "archived",
        ]
        assert post(api, f"{URL}/{en.article_id}/translations/ta/publish").status_code == 404

    def test_light_agents_cannot_change_publish_or_archive(self, light_api: Client) -> None:
        en = make_article("Track a parcel", status=Status.DRAFT)
        before = snapshot()
        base = f"{URL}/{en.article_id}/translations"
        for response in (
            patch(light_api, f"{base}/en", {"title": "Changed"}),
            post(light_api, f"{base}/en/publish"),
            post(light_api, f"{base}/en/archive"),
            post(light_api, base, {"language": "ta", "title": "X"}),
        ):
            assert response.status_code == 403
        assert snapshot() == before


class TestCategories:
    def test_categories_with_their_sections_in_order(self, api: Client) -> None:
        payments = make_category("payments", position=2, names={"en": "Payments", "ta": "பணம்"})
        deliveries = make_category("deliveries", position=1)
        make_section(deliveries, "tracking")
        body = api.get("/api/v1/kb/categories").json()
        assert [c["id"] for c in body["items"]] == [deliveries.pk, payments.pk]
        assert [s["slug"] for s in body["items"][0]["sections"]] == ["tracking"]
        assert body["items"][1]["names"] == {"en": "Payments", "ta": "பணம்"}


class TestDocumentation:
    def test_the_endpoints_are_in_the_openapi_schema(self, db: None) -> None:
        paths = Client().get("/api/v1/openapi.json").json()["paths"]
        assert {"get", "post"} <= set(paths["/api/v1/kb/articles"])
        assert "get" in paths["/api/v1/kb/articles/{article_id}"]
        assert "patch" in paths["/api/v1/kb/articles/{article_id}/translations/{language}"]
        for action in ("publish", "archive"):
            assert (
                "post"
                in paths[f"/api/v1/kb/articles/{{article_id}}/translations/{{language}}/{action}"]
            )
        assert "/api/v1/kb/categories" in paths
