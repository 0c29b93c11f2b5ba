"""Readers' "Was this helpful?" comments on the agent's article page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from sevai.kb.actions.votes import cast_vote, voter_key
from sevai.kb.models import ArticleTranslation, ArticleVote
from sevai.kb.queries import COMMENTS_PER_PAGE, vote_comments
from sevai.kb.tests.factories import make_article, translate

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def comment(
    translation: ArticleTranslation, text: str, *, minutes: int, helpful: bool = False
) -> ArticleVote:
    return cast_vote(
        translation,
        helpful=helpful,
        voter=voter_key("test", text, str(minutes)),
        comment=text,
        at=START + timedelta(minutes=minutes),
    )


@pytest.fixture
def en() -> ArticleTranslation:
    en = make_article("Track a parcel")
    translate(en.article, "ta", "பார்சலைக் கண்காணிப்பது")
    return en


class TestCommentsOnTheArticlePage:
    def test_comments_of_every_language_are_listed_newest_first(
        self, agent_client: Client, en: ArticleTranslation
    ) -> None:
        ta = en.article.translations.get(language="ta")
        comment(en, "Where is the receipt number?", minutes=1)
        comment(ta, "மிகவும் உதவியாக இருந்தது", minutes=2, helpful=True)
        cast_vote(en, helpful=True, voter=voter_key("test", "silent"))  # no comment: not listed
        html = agent_client.get(f"/kb/articles/{en.article_id}/").content.decode()
        feedback = html[html.index('id="feedback"') :]
        assert feedback.index("மிகவும் உதவியாக இருந்தது") < feedback.index("receipt number")
        assert "Found it helpful" in feedback and "Did not find it helpful" in feedback
        assert "Tamil" in feedback and "English" in feedback
        assert 'datetime="2026-03-02T09:01:00+00:00"' in feedback
        assert feedback.count('class="kb-comment"') == 2

    def test_comments_are_escaped(self, agent_client: Client, en: ArticleTranslation) -> None:
        comment(en, '<script>alert("x")</script> <b>bold</b>', minutes=1)
        html = agent_client.get(f"/kb/articles/{en.article_id}/").content.decode()
        assert "<script>alert" not in html and "<b>bold</b>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in html

    def test_an_article_without_comments_says_so(
        self, agent_client: Client, en: ArticleTranslation
    ) -> None:
        html = agent_client.get(f"/kb/articles/{en.article_id}/").content.decode()
        assert "No comments yet." in html

    def test_light_agents_see_the_comments(
        self, light_client: Client, en: ArticleTranslation
    ) -> None:
        comment(en, "Where is the receipt number?", minutes=1)
        html = light_client.get(f"/kb/articles/{en.article_id}/").content.decode()
        assert "Where is the receipt number?" in html


class TestShowMore:
    def test_the_page_shows_the_newest_and_show_more_loads_the_rest(
        self, agent_client: Client, en: ArticleTranslation
    ) -> None:
        total = COMMENTS_PER_PAGE + 3
        for i in range(total):
            comment(en, f"Comment number {i:02d}.", minutes=i)
        html = agent_client.get(f"/kb/articles/{en.article_id}/").content.decode()
        assert html.count('class="kb-comment"') == COMMENTS_PER_PAGE
        assert f"Comment number {total - 1:02d}." in html and "Comment number 00." not in html
        first = vote_comments(en.article_id)
        more = f"/kb/articles/{en.article_id}/comments/?cursor={first.next_cursor}"
        assert f'hx-get="{more}"' in html
        partial = agent_client.get(more, headers={"HX-Request": "true"}).content.decode()
        assert "<html" not in partial
        assert [f"Comment number {i:02d}." in partial for i in (2, 1, 0)] == [True] * 3
        assert partial.count('class="kb-comment"') == 3 and "Show more" not in partial

    def test_without_javascript_show_more_is_a_page_of_its_own(
        self, agent_client: Client, en: ArticleTranslation
    ) -> None:
        for i in range(COMMENTS_PER_PAGE + 1):
            comment(en, f"Comment number {i:02d}.", minutes=i)
        cursor = vote_comments(en.article_id).next_cursor
        html = agent_client.get(f"/kb/articles/{en.article_id}/comments/?cursor={cursor}")
        page = html.content.decode()
        assert "<h1>" in page and "Track a parcel" in page and "Comment number 00." in page

    def test_an_edited_cursor_starts_from_the_newest(
        self, agent_client: Client, en: ArticleTranslation
    ) -> None:
        comment(en, "The only comment.", minutes=1)
        response = agent_client.get(f"/kb/articles/{en.article_id}/comments/?cursor=nonsense")
        assert response.status_code == 200 and "The only comment." in response.content.decode()

    def test_unknown_articles_are_not_found(self, agent_client: Client, db: None) -> None:
        assert agent_client.get("/kb/articles/999/comments/").status_code == 404
        htmx = agent_client.get("/kb/articles/999/comments/", headers={"HX-Request": "true"})
        assert htmx.status_code == 404

    def test_anonymous_visitors_are_sent_to_log_in(
        self, client: Client, en: ArticleTranslation
    ) -> None:
        response = client.get(f"/kb/articles/{en.article_id}/comments/")
        assert response.status_code == 302 and "/login/" in response["Location"]


class TestQueryCounts:
    @pytest.mark.parametrize("n", [1, 40])
    def test_the_article_page_with_comments_is_flat(
        self, agent_client: Client, django_assert_num_queries: Any, en: ArticleTranslation, n: int
    ) -> None:
        ta = en.article.translations.get(language="ta")
        for i in range(n):
            comment(en if i % 2 else ta, f"Comment {i}", minutes=i, helpful=bool(i % 3))
        agent_client.get(f"/kb/articles/{en.article_id}/")  # warm the sidebar counts cache
        with django_assert_num_queries(10):
            agent_client.get(f"/kb/articles/{en.article_id}/")

    @pytest.mark.parametrize("n", [COMMENTS_PER_PAGE + 1, 60])
    def test_show_more_is_flat(
        self, agent_client: Client, django_assert_num_queries: Any, en: ArticleTranslation, n: int
    ) -> None:
        for i in range(n):
            comment(en, f"Comment {i}", minutes=i)
        cursor = vote_comments(en.article_id).next_cursor
        more = f"/kb/articles/{en.article_id}/comments/?cursor={cursor}"
        agent_client.get(more, headers={"HX-Request": "true"})  # warm the sidebar counts cache
        with django_assert_num_queries(6):
            agent_client.get(more, headers={"HX-Request": "true"})
