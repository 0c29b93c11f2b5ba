""" "Was this helpful?": votes, comments, one vote per reader, CSRF, the rate limit, and the
way on to the contact form after a "No"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from sevai.brands.models import Brand
from sevai.helpcenter import limits
from sevai.helpcenter.tests.helpers import html_of, url_of
from sevai.kb.models import ArticleTranslation, ArticleVote, Status
from sevai.kb.tests.factories import make_article, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(brand: Brand) -> ArticleTranslation:
    return make_article("Track a parcel", body="Open the tracking page.")


def vote_url(translation: ArticleTranslation, language: str = "") -> str:
    return url_of(translation, language) + "vote/"


class TestVoting:
    def test_yes_is_counted_and_thanked(self, client: Client, article: ArticleTranslation):
        response = client.post(vote_url(article), {"helpful": "yes"})
        assert response.status_code == 303
        assert response["Location"] == url_of(article) + "?voted=yes#feedback"
        vote = ArticleVote.objects.get()
        assert (vote.translation, vote.helpful, vote.comment) == (article, True, "")
        article.refresh_from_db()
        assert (article.helpful_count, article.unhelpful_count) == (1, 0)
        html = html_of(client, response["Location"])
        assert "Thank you for your feedback!" in html

    def test_no_leads_to_a_comment_box_and_the_contact_form(
        self, client: Client, article: ArticleTranslation
    ):
        response = client.post(vote_url(article, "ta"), {"helpful": "no"})
        html = html_of(client, response["Location"])
        with translation.override("ta"):  # the page is in Tamil (as far as translated)
            sorry = gettext("Sorry this didn't help.")
        assert f'<h2 id="hc-feedback-heading">{sorry}</h2>' in html
        assert '<a class="btn btn-primary" href="/contact/parcel-help/?lang=ta">' in html
        assert '<input type="hidden" name="helpful" value="no">' in html
        assert '<label for="id_comment">' in html
        article.refresh_from_db()
        assert article.unhelpful_count == 1

    def test_the_comment_is_kept_with_the_vote_and_voting_again_updates_it(
        self, client: Client, article: ArticleTranslation
    ):
        client.post(vote_url(article), {"helpful": "yes"})
        response = client.post(
            vote_url(article), {"helpful": "no", "comment": "  It does not say where.  "}
        )
        assert response["Location"] == url_of(article) + "?voted=no&commented=1#feedback"
        vote = ArticleVote.objects.get()
        assert (vote.helpful, vote.comment) == (False, "It does not say where.")
        article.refresh_from_db()
        assert (article.helpful_count, article.unhelpful_count) == (0, 1)
        assert "your comment was sent" in html_of(client, response["Location"])

    def test_two_readers_have_two_votes(self, article: ArticleTranslation):
        for _ in range(2):
            Client().post(vote_url(article), {"helpful": "no"})
        assert ArticleVote.objects.count() == 2
        keys = set(ArticleVote.objects.values_list("voter_key", flat=True))
        assert len(keys) == 2 and all(len(k) == 64 for k in keys)

    def test_the_vote_goes_to_the_translation_the_reader_saw(
        self, client: Client, article: ArticleTranslation
    ):
        ta = translate(article.article, "ta", "பார்சலை கண்காணிப்பது")
        client.post(vote_url(ta), {"helpful": "yes"})
        client.post(vote_url(article, "hy"), {"helpful": "no"})  # fallback page: English shown
        assert dict(ArticleVote.objects.values_list("translation__language", "helpful")) == {
            "ta": True,
            "en": False,
        }


class TestRefusedVotes:
    def test_a_vote_without_the_csrf_token_is_refused(self, article: ArticleTranslation):
        client = Client(enforce_csrf_checks=True)
        assert client.post(vote_url(article), {"helpful": "no"}).status_code == 403
        assert not ArticleVote.objects.exists()

    def test_a_vote_with_the_pages_csrf_token_is_accepted(self, article: ArticleTranslation):
        client = Client(enforce_csrf_checks=True)
        html = html_of(client, url_of(article))
        token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        response = client.post(vote_url(article), {"helpful": "no", "csrfmiddlewaretoken": token})
        assert response.status_code == 303
        assert ArticleVote.objects.count() == 1

    def test_votes_past_the_limit_per_network_are_refused(
        self, article: ArticleTranslation, monkeypatch: pytest.MonkeyPatch
    ):
        monkeypatch.setattr(limits, "VOTES_PER_WINDOW", 2)
        statuses = [
            Client(REMOTE_ADDR="2001:db8::1")
            .post(vote_url(article), {"helpful": "yes"})
            .status_code,
            Client(REMOTE_ADDR="2001:db8::2")
            .post(vote_url(article), {"helpful": "yes"})
            .status_code,
            Client(REMOTE_ADDR="2001:db8::3")
            .post(vote_url(article), {"helpful": "yes"})
            .status_code,
        ]
        assert statuses == [303, 303, 429]
        assert ArticleVote.objects.count() == 2
        other = Client(REMOTE_ADDR="198.51.100.7").post(vote_url(article), {"helpful": "yes"})
        assert other.status_code == 303

    def test_the_refusal_says_why_and_asks_again(
        self, client: Client, article: ArticleTranslation, monkeypatch: pytest.MonkeyPatch
    ):
        monkeypatch.setattr(limits, "VOTES_PER_WINDOW", 1)
        client.post(vote_url(article), {"helpful": "yes"})
        response = client.post(vote_url(article), {"helpful": "no"})
        html = response.content.decode()
        assert response.status_code == 429
        assert 'role="alert">Many votes came from your network' in html
        assert 'value="no">' in html  # the question again

    def test_a_too_long_comment_comes_back_with_the_text_kept(
        self, client: Client, article: ArticleTranslation
    ):
        response = client.post(vote_url(article), {"helpful": "no", "comment": "x" * 2001})
        assert response.status_code == 400
        html = response.content.decode()
        assert "A comment is at most 2000 characters." in html
        assert "x" * 2001 in html
        assert not ArticleVote.objects.exists()

    @pytest.mark.parametrize("data", [{}, {"helpful": "maybe"}])
    def test_a_vote_without_an_answer_is_refused(
        self, client: Client, article: ArticleTranslation, data: dict[str, str]
    ):
        assert client.post(vote_url(article), data).status_code == 400
        assert not ArticleVote.objects.exists()

    def test_drafts_and_other_brands_articles_take_no_votes(
        self, client: Client, brand: Brand, other_brand: Brand
    ):
        draft = make_article("Draft", status=Status.DRAFT)
        rice = make_article("Rice", brand=other_brand)
        assert client.post(vote_url(draft), {"helpful": "yes"}).status_code == 404
        assert client.post(vote_url(rice), {"helpful": "yes"}).status_code == 404
        assert not ArticleVote.objects.exists()

    def test_votes_are_posted_not_fetched(self, client: Client, article: ArticleTranslation):
        assert client.get(vote_url(article), {"helpful": "yes"}).status_code == 405


class TestVotesForAgents:
    def test_the_kb_article_page_shows_views_and_votes_per_language(
        self, client: Client, agent_client: Client, article: ArticleTranslation
    ):
        client.get(url_of(article))
        client.post(vote_url(article), {"helpful": "no", "comment": "Where is the page?"})
        html = html_of(agent_client, f"/kb/articles/{article.article_id}/")
        assert "English 1 views, 0 found it helpful, 1 did not" in html
