"""Translations, language fallback, slugs and the help-center read side."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from sevai.accounts.models import User
from sevai.brands.models import Brand
from sevai.kb.actions.articles import add_translation, change_status, delete_translation
from sevai.kb.actions.votes import cast_vote, count_view, voter_key
from sevai.kb.models import ArticleTranslation, Status
from sevai.kb.queries import (
    popular_articles,
    published_articles,
    published_by_slug,
    translation_for,
)
from sevai.kb.tests.factories import make_article, translate
from sevai.search.articles import search_articles

pytestmark = pytest.mark.django_db


class TestFallback:
    def test_published_translation_in_the_asked_language_is_shown(self) -> None:
        en = make_article("Track a parcel")
        translate(en.article, "ta", "பார்சலைக் கண்காணிப்பது எப்படி")
        shown = translation_for(en.article, "ta")
        assert shown is not None
        assert shown.translation.language == "ta"
        assert not shown.fallback
        assert shown.fallback_note == ""

    def test_missing_translation_falls_back_to_the_default_language_and_says_so(self) -> None:
        en = make_article("Track a parcel")
        shown = translation_for(en.article, "ta")
        assert shown is not None
        assert shown.translation == en
        assert shown.fallback
        with translation.override("en"):
            assert shown.fallback_note == (
                "This article is not yet available in Tamil; showing English."
            )

    def test_a_draft_translation_falls_back_too(self) -> None:
        en = make_article("Change the delivery address")
        translate(en.article, "hy", "Ինչպես փոխել առաքման հասցեն", status=Status.DRAFT)
        shown = translation_for(en.article, "hy")
        assert shown is not None and shown.fallback and shown.translation == en

    def test_nothing_is_shown_when_the_default_language_is_not_published(self) -> None:
        draft = make_article("Refunds", status=Status.DRAFT)
        assert translation_for(draft.article, "en") is None
        assert translation_for(draft.article, "tl") is None

    def test_agents_see_drafts(self) -> None:
        draft = make_article("Refunds", status=Status.DRAFT)
        shown = translation_for(draft.article, "en", published_only=False)
        assert shown is not None and shown.translation == draft

    def test_a_tamil_default_falls_back_for_english_readers(self) -> None:
        ta = make_article("திறக்கும் நேரம்", language="ta")
        shown = translation_for(ta.article, "en")
        assert shown is not None and shown.fallback and shown.translation.language == "ta"

    def test_any_language_code_is_accepted_and_normalised(self) -> None:
        en = make_article("Opening hours")
        pt = translate(en.article, "pt_BR", "Horário de funcionamento")
        de = translate(en.article, "de", "Öffnungszeiten")
        assert (pt.language, de.language) == ("pt-br", "de")
        shown = translation_for(en.article, "de")
        assert shown is not None and not shown.fallback

    def test_a_made_up_language_code_is_refused(self) -> None:
        en = make_article("Opening hours")
        with pytest.raises(ValidationError):
            translate(en.article, "english!", "Opening hours")

    def test_one_translation_per_language(self) -> None:
        en = make_article("Opening hours")
        translate(en.article, "tl", "Oras ng pagbubukas")
        with pytest.raises(ValidationError):
            translate(en.article, "tl", "Oras ng opisina")

    def test_deleting_the_default_language_deletes_the_article(self) -> None:
        en = make_article("Opening hours")
        tl = translate(en.article, "tl", "Oras ng pagbubukas")
        delete_translation(tl, actor=None)
        assert ArticleTranslation.objects.filter(article=en.article).count() == 1
        delete_translation(en, actor=None)
        assert not ArticleTranslation.objects.exists()


class TestSlugs:
    def test_the_same_slug_in_two_languages_is_allowed(self) -> None:
        en = make_article("Refunds", slug="refunds")
        tl = translate(en.article, "tl", "Refund", slug="refunds")
        assert tl.slug == en.slug

    def test_the_same_slug_in_the_same_language_is_refused(self) -> None:
        make_article("Refunds", slug="refunds")
        with pytest.raises(ValidationError):
            make_article("Refund policy", slug="refunds")

    def test_another_brand_may_use_the_same_slug(self) -> None:
        brand = Brand.objects.create(name="Kadal Courier", slug="kadal")
        make_article("Refunds", slug="refunds")
        other = make_article("Refunds", slug="refunds", brand=brand)
        assert other.brand_id == brand.pk

    def test_a_slug_is_made_from_the_title_in_any_script(self) -> None:
        ta = make_article("பணத்தைத் திரும்பப் பெறுவது எப்படி?", language="ta")
        hy = make_article("Ինչպե՞ս վերադարձնել գումարը", language="hy")
        assert ta.slug == "பணத்தைத்-திரும்பப்-பெறுவது-எப்படி"
        assert hy.slug == "ինչպես-վերադարձնել-գումարը"

    def test_a_second_article_with_the_same_title_gets_a_numbered_slug(self) -> None:
        first = make_article("Opening hours")
        second = make_article("Opening hours")
        assert (first.slug, second.slug) == ("opening-hours", "opening-hours-2")

    def test_a_badly_formed_slug_is_refused(self) -> None:
        with pytest.raises(ValidationError):
            make_article("Opening hours", slug="Opening Hours!")


class TestPermissions:
    def test_a_light_agent_cannot_write_articles(self, light_agent: User) -> None:
        with pytest.raises(PermissionDenied):
            make_article("Opening hours", actor=light_agent)

    def test_a_light_agent_cannot_translate(self, light_agent: User) -> None:
        en = make_article("Opening hours")
        with pytest.raises(PermissionDenied):
            add_translation(en.article, actor=light_agent, language="ta", title="நேரம்")

    def test_an_agent_can_publish(self, agent: User) -> None:
        draft = make_article("Opening hours", status=Status.DRAFT, actor=agent)
        published = change_status(draft, Status.PUBLISHED, actor=agent)
        assert published.status == Status.PUBLISHED and published.published_at is not None


class TestHelpCenterReads:
    def test_a_slug_of_another_language_shows_the_readers_language(self) -> None:
        en = make_article("Track a parcel", slug="track-a-parcel")
        translate(en.article, "ta", "பார்சலைக் கண்காணிப்பது", slug="பார்சல்")
        shown = published_by_slug(None, "ta", "track-a-parcel")
        assert shown.translation.language == "ta" and not shown.fallback

    def test_an_unpublished_slug_is_not_found(self) -> None:
        make_article("Secret plans", slug="secret", status=Status.DRAFT)
        with pytest.raises(Http404):
            published_by_slug(None, "en", "secret")

    def test_brand_pages_show_their_articles_and_shared_ones(self) -> None:
        kadal = Brand.objects.create(name="Kadal Courier", slug="kadal")
        other = Brand.objects.create(name="Other", slug="other")
        shared = make_article("Opening hours")
        own = make_article("Kadal lockers", brand=kadal)
        make_article("Other lockers", brand=other)
        shown = published_articles(kadal, "en")
        assert {s.translation.pk for s in shown} == {shared.pk, own.pk}

    def test_popular_articles_are_the_most_viewed(self) -> None:
        quiet = make_article("Opening hours")
        busy = make_article("Track a parcel")
        for _ in range(3):
            count_view(busy.pk)
        count_view(quiet.pk)
        assert [s.translation.pk for s in popular_articles(None, "en")] == [busy.pk, quiet.pk]

    def test_a_reader_votes_once_and_may_change_the_vote(self) -> None:
        en = make_article("Track a parcel")
        reader = voter_key("session-abc")
        cast_vote(en, helpful=True, voter=reader)
        cast_vote(en, helpful=True, voter=reader)
        en.refresh_from_db()
        assert (en.helpful_count, en.unhelpful_count) == (1, 0)
        cast_vote(en, helpful=False, voter=reader, comment="The link is broken")
        en.refresh_from_db()
        assert (en.helpful_count, en.unhelpful_count) == (0, 1)
        assert en.votes.get().voter_key == reader != "session-abc"


class TestSearchIndex:
    def test_published_translations_are_found_and_drafts_only_by_agents(self) -> None:
        make_article("Track a parcel", body="Enter the **tracking** number.")
        make_article("Tracking for businesses", status=Status.DRAFT)
        public = search_articles("tracking")
        agents = search_articles("tracking", published_only=False)
        assert len(public) == 1 and len(agents) == 2

    def test_markdown_is_not_indexed(self) -> None:
        en = make_article("Refunds", body="See [the form](https://example.com/strongbox).")
        assert search_articles("strongbox") == []
        assert [h.doc_id for h in search_articles("form")] == [en.pk]

    def test_archiving_takes_an_article_out_of_public_search(self) -> None:
        en = make_article("Track a parcel")
        change_status(en, Status.ARCHIVED, actor=None)
        assert search_articles("parcel") == []

    def test_deleting_removes_it_from_the_index(self) -> None:
        en = make_article("Track a parcel")
        delete_translation(en, actor=None)
        assert search_articles("parcel", published_only=False) == []
