"""The knowledge-base pages: permissions, wiring and query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sevai.accounts.models import User
from sevai.kb.actions.articles import save_translation
from sevai.kb.models import Article, ArticleTranslation, Status
from sevai.kb.tests.factories import make_article, make_category, make_section, translate
from sevai.testing.factories import TicketFactory
from sevai.tickets import actions as ticket_actions
from sevai.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def article_in_four_languages() -> ArticleTranslation:
    en = make_article("Track a parcel", body="Enter the number **from your receipt**.")
    translate(en.article, "ta", "பார்சலைக் கண்காணிப்பது")
    translate(en.article, "tl", "Paano i-track ang padala", status=Status.DRAFT)
    translate(en.article, "hy", "Ինչպես հետևել ծանրոցին")
    return en


class TestPermissions:
    def test_anonymous_visitors_are_sent_to_log_in(self, client: Client) -> None:
        response = client.get("/kb/")
        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_light_agents_read_everything(self, light_client: Client) -> None:
        en = make_article("Track a parcel")
        save_translation(en, actor=None, body_markdown="Changed.")
        for url in (
            "/kb/",
            f"/kb/articles/{en.article_id}/",
            f"/kb/translations/{en.pk}/revisions/",
        ):
            assert light_client.get(url).status_code == 200, url
        assert light_client.get("/kb/categories/").status_code == 200

    def test_light_agents_cannot_change_anything(self, light_client: Client) -> None:
        en = make_article("Track a parcel")
        category = make_category("deliveries")
        revision = en.revisions.get()
        posts: list[tuple[str, dict[str, Any]]] = [
            ("/kb/new/", {"language": "en", "title": "X", "status": "draft"}),
            (f"/kb/translations/{en.pk}/edit/", {"title": "X", "status": "draft"}),
            (f"/kb/translations/{en.pk}/status/", {"status": "archived"}),
            (f"/kb/translations/{en.pk}/delete/", {}),
            (f"/kb/articles/{en.article_id}/translate/", {"language": "ta", "title": "X"}),
            (f"/kb/articles/{en.article_id}/settings/", {"default_language": "en"}),
            (f"/kb/articles/{en.article_id}/delete/", {}),
            (f"/kb/revisions/{revision.pk}/restore/", {}),
            ("/kb/categories/new/", {"new-slug": "x", "new-position": 0, "new-name_en": "X"}),
            (f"/kb/categories/{category.pk}/delete/", {}),
        ]
        for url, data in posts:
            assert light_client.post(url, data).status_code == 403, url
        assert light_client.get(f"/kb/translations/{en.pk}/edit/").status_code == 403
        en.refresh_from_db()
        assert en.status == Status.PUBLISHED and en.revisions.count() == 1


class TestArticlePages:
    def test_an_agent_writes_and_publishes_an_article(self, agent_client: Client) -> None:
        section = make_section(make_category("deliveries"), "tracking")
        response = agent_client.post(
            "/kb/new/",
            {
                "language": "en",
                "title": "Track a parcel",
                "body_markdown": "Open the **tracking** page.",
                "status": "draft",
                "section": section.pk,
                "tags": "tracking, Parcels",
            },
        )
        article = Article.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/kb/articles/{article.pk}/"
        assert article.category == section.category and article.section == section
        en = article.translations.get()
        agent_client.post(f"/kb/translations/{en.pk}/status/", {"status": "published"})
        en.refresh_from_db()
        assert en.status == Status.PUBLISHED and en.revisions.count() == 2

    def test_an_invalid_article_shows_the_form_again(self, agent_client: Client) -> None:
        make_article("Track a parcel", slug="track")
        response = agent_client.post(
            "/kb/new/", {"language": "en", "title": "Again", "slug": "track", "status": "draft"}
        )
        assert response.status_code == 422
        assert "already uses the address name" in response.content.decode()

    def test_editing_keeps_a_revision_with_the_note(self, agent_client: Client) -> None:
        en = make_article("Track a parcel")
        response = agent_client.post(
            f"/kb/translations/{en.pk}/edit/",
            {
                "title": "Track your parcel",
                "slug": en.slug,
                "body_markdown": "New text.",
                "status": "published",
                "note": "Clearer title",
            },
        )
        assert response.status_code == 302
        latest = en.revisions.order_by("-number")[0]
        assert (latest.title, latest.note) == ("Track your parcel", "Clearer title")

    def test_adding_a_translation_in_any_language(self, agent_client: Client) -> None:
        en = make_article("Track a parcel")
        response = agent_client.post(
            f"/kb/articles/{en.article_id}/translate/",
            {"language": "pt-BR", "title": "Rastrear um pacote", "status": "published"},
        )
        assert response.status_code == 302
        assert en.article.translations.get(language="pt-br").slug == "rastrear-um-pacote"

    def test_the_article_page_says_when_readers_get_the_fallback(
        self, agent_client: Client
    ) -> None:
        en = article_in_four_languages()
        page = agent_client.get(f"/kb/articles/{en.article_id}/?lang=tl").content.decode()
        assert "This article is not yet available in Tagalog; showing English." in page
        assert "<strong>from your receipt</strong>" in page
        page = agent_client.get(f"/kb/articles/{en.article_id}/?lang=hy").content.decode()
        assert "not yet available" not in page and "Ինչպես հետևել ծանրոցին" in page

    def test_the_preview_renders_markdown_and_escapes_html(self, agent_client: Client) -> None:
        response = agent_client.post(
            "/kb/preview/",
            {"body_markdown": "**Hi** <script>alert(1)</script> [x](javascript:alert(1))"},
        )
        html = response.content.decode()
        assert "<strong>Hi</strong>" in html
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert 'href="javascript' not in html

    def test_the_revisions_page_shows_a_diff_and_restores(self, agent_client: Client) -> None:
        en = make_article("Track a parcel", body="Call <b>us</b> at the counter.")
        save_translation(en, actor=None, body_markdown="Use the locker.")
        page = agent_client.get(f"/kb/translations/{en.pk}/revisions/").content.decode()
        assert "Changes from revision 1 to 2" in page
        assert "Call &lt;b&gt;us&lt;/b&gt; at the counter." in page
        first = en.revisions.get(number=1)
        agent_client.post(f"/kb/revisions/{first.pk}/restore/")
        en.refresh_from_db()
        assert en.body_markdown == "Call <b>us</b> at the counter."

    def test_the_list_searches_drafts_too(self, agent_client: Client) -> None:
        make_article("Track a parcel", status=Status.DRAFT)
        make_article("Opening hours")
        page = agent_client.get("/kb/?q=parcel").content.decode()
        assert "Track a parcel" in page and "Opening hours" not in page

    def test_the_list_filters_by_status_and_language_together(self, agent_client: Client) -> None:
        article_in_four_languages()
        make_article("Opening hours")
        page = agent_client.get("/kb/?status=draft&language=tl").content.decode()
        assert "Track a parcel" in page and "Opening hours" not in page
        page = agent_client.get("/kb/?status=draft&language=hy").content.decode()
        assert "No articles match" in page

    def test_categories_and_sections_are_managed_on_one_page(self, agent_client: Client) -> None:
        agent_client.post(
            "/kb/categories/new/",
            {"new-slug": "payments", "new-position": 1, "new-name_en": "Payments"},
        )
        page = agent_client.get("/kb/categories/").content.decode()
        assert "Payments" in page and "payments" in page

    def test_the_sidebar_links_to_the_knowledge_base(self, agent_client: Client) -> None:
        assert 'href="/kb/"' in agent_client.get("/inbox/").content.decode()


class TestQueryCounts:
    @pytest.mark.parametrize("n", [1, 20])
    def test_the_list_is_flat(
        self, agent_client: Client, django_assert_num_queries: Any, n: int
    ) -> None:
        category = make_category("deliveries")
        for i in range(n):
            en = make_article(f"Article {i}", category=category, tags=["faq"])
            translate(en.article, "ta", f"கட்டுரை {i}")
        agent_client.get("/kb/")  # warm the sidebar counts cache
        with django_assert_num_queries(10):
            assert agent_client.get("/kb/").status_code == 200

    @pytest.mark.parametrize("languages", [0, 3])
    def test_the_article_page_is_flat(
        self, agent_client: Client, django_assert_num_queries: Any, languages: int
    ) -> None:
        en = make_article("Track a parcel", category=make_category("deliveries"))
        for code in ["ta", "tl", "hy"][:languages]:
            translate(en.article, code, f"Track {code}")
        agent_client.get(f"/kb/articles/{en.article_id}/")
        with django_assert_num_queries(10):  # + readers' comments
            agent_client.get(f"/kb/articles/{en.article_id}/")


class TestOnTheTicketPage:
    def solved(self, agent: User, *, language: str = "en", subject: str = "") -> Ticket:
        ticket = TicketFactory(
            subject=subject or "Parcel stuck", body="My parcel is stuck.", language=language
        )
        ticket_actions.reply(ticket, "It moves tomorrow.", actor=agent, status="solved")
        return Ticket.objects.get(pk=ticket.pk)

    def test_a_solved_ticket_offers_create_article(self, agent: User, agent_client: Client) -> None:
        solved = self.solved(agent)
        page = agent_client.get(f"/tickets/{solved.number}/").content.decode()
        assert f"/kb/from-ticket/{solved.number}/" in page
        open_ticket = TicketFactory()
        page = agent_client.get(f"/tickets/{open_ticket.number}/").content.decode()
        assert "/kb/from-ticket/" not in page

    def test_create_article_opens_the_draft_in_the_editor(
        self, agent: User, agent_client: Client
    ) -> None:
        solved = self.solved(agent)
        response = agent_client.post(f"/kb/from-ticket/{solved.number}/")
        draft = ArticleTranslation.objects.get()
        assert response["Location"] == f"/kb/translations/{draft.pk}/edit/"
        assert draft.status == Status.DRAFT and draft.article.source_ticket == solved

    def test_light_agents_cannot_create_articles_from_tickets(
        self, agent: User, light_client: Client
    ) -> None:
        solved = self.solved(agent)
        assert light_client.post(f"/kb/from-ticket/{solved.number}/").status_code == 403

    def test_suggestions_prefer_the_customers_language(
        self, agent: User, agent_client: Client
    ) -> None:
        en = make_article("Parcel stuck at the hub", body="Wait one day, then call us.")
        translate(en.article, "ta", "பார்சல் கிடங்கில் சிக்கியது", body="ஒரு நாள் காத்திருங்கள்.")
        make_article("Parcel lockers", body="Lockers open all day.")
        make_article("Parcel insurance", status=Status.DRAFT)
        ticket = TicketFactory(
            subject="Parcel கிடங்கில் சிக்கியது", body="என் பார்சல் வரவில்லை", language="ta"
        )
        page = agent_client.get(f"/kb/suggest/{ticket.number}/").content.decode()
        assert page.index("பார்சல் கிடங்கில் சிக்கியது") < page.index("Parcel lockers")
        assert "Parcel insurance" not in page
        assert "/help/" in page and "data-kb-insert" in page
        assert "ஒரு நாள் காத்திருங்கள்." in page  # the text to insert

    def test_no_suggestions_give_an_empty_partial(self, agent_client: Client) -> None:
        ticket = TicketFactory(subject="Hello", body="Anything?")
        response = agent_client.get(f"/kb/suggest/{ticket.number}/")
        assert response.status_code == 200 and "data-kb-insert" not in response.content.decode()
