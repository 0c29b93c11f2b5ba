"""Suggested articles for a ticket's reply box."""

from __future__ import annotations

import pytest

from sevai.kb.models import Status
from sevai.kb.suggest import keywords, suggestions_for
from sevai.kb.tests.factories import make_article, translate
from sevai.testing.factories import TicketFactory

pytestmark = pytest.mark.django_db


class TestKeywords:
    def test_stop_words_numbers_and_short_words_are_left_out(self) -> None:
        words = keywords("Where is my parcel 1Z999AA10123456784?", "I need it by Friday")
        assert words == ["parcel", "friday"]

    def test_words_of_every_script_are_kept_whole(self) -> None:
        assert keywords("என் பார்சல் இன்னும் வரவில்லை") == ["பார்சல்", "வரவில்லை"]
        assert keywords("Իմ ծանրոցը դեռ չի հասել") == ["ծանրոցը", "հասել"]
        assert keywords("Hindi pa po dumarating yung padala ko") == ["dumarating", "padala"]

    def test_the_subject_comes_first_and_the_list_is_short(self) -> None:
        words = keywords("refund delivery", "alpha bravo charlie delta echo foxtrot", limit=4)
        assert words == ["refund", "delivery", "alpha", "bravo"]


class TestSuggestions:
    def test_a_rare_word_counts_more_than_a_common_one(self) -> None:
        insurance = make_article("Insurance claims", body="Claim within 7 days.")
        for topic in ("lockers", "hours", "sizes"):
            make_article(f"Parcel {topic}", body=f"About parcel {topic}.")
        ticket = TicketFactory(subject="Parcel insurance", body="How do I claim?")
        titles = [s.shown.translation.title for s in suggestions_for(ticket)]
        assert titles[0] == insurance.title
        assert len(titles) == 4

    def test_drafts_and_archived_articles_are_not_suggested(self) -> None:
        make_article("Parcel insurance", status=Status.DRAFT)
        make_article("Parcel lockers", status=Status.ARCHIVED)
        ticket = TicketFactory(subject="Parcel insurance", body="Is my parcel insured?")
        assert suggestions_for(ticket) == []

    def test_an_article_shows_in_the_customers_language_or_falls_back(self) -> None:
        en = make_article("Refund times", body="Refunds take 5 days.")
        translate(en.article, "tl", "Gaano katagal ang refund", body="5 araw ang refund.")
        only_en = make_article("Refund to a card", body="Card refunds take a week.")
        ticket = TicketFactory(subject="Refund", body="Kailan ang refund ko?", language="tl")
        shown = [s.shown for s in suggestions_for(ticket)]
        assert [(s.translation.language, s.fallback) for s in shown] == [
            ("tl", False),
            ("en", True),
        ]
        assert shown[1].translation == only_en

    def test_the_link_and_text_are_ready_to_insert(self) -> None:
        make_article("Opening hours", slug="opening-hours", body="- Monday: **9 to 5**")
        ticket = TicketFactory(subject="Opening hours?", body="When are you open?")
        (suggestion,) = suggestions_for(ticket)
        assert suggestion.url.endswith("/help/support/en/opening-hours/")
        assert suggestion.text == "Opening hours\n\n- Monday: 9 to 5"
