"""What customers see of a turn: the article link (absolute, in the right brand, with a note
when the article is in another language than the question) and whether to ask for feedback."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone

from sevai.assistant.models import Turn
from sevai.assistant.presentation import article_link, asks_feedback, turn_of, turn_state
from sevai.assistant.tests.kb import parcel_kb
from sevai.brands.queries import default_brand
from sevai.contact.tests.factories import BrandFactory
from sevai.kb.models import ArticleTranslation
from sevai.testing.factories import TicketFactory
from sevai.tickets.actions.messages import reply
from sevai.tickets.models import Channel, Ticket

pytestmark = pytest.mark.django_db


def turn_with(
    ticket: Ticket, translation: ArticleTranslation | None, language: str, **kw: object
) -> Turn:
    return Turn.objects.create(
        ticket=ticket,
        channel=Channel.WEB_FORM,
        language=language,
        question_text="?",
        outcome=kw.pop("outcome", Turn.Outcome.ANSWERED),
        translation=translation,
        created_at=timezone.now(),
        **kw,
    )


class TestArticleLink:
    def test_an_answer_in_the_customers_language_links_that_translation(self):
        kb = parcel_kb()
        turn = turn_with(TicketFactory(), kb["tracking_tl"], "tl")
        brand = BrandFactory(slug="parcel-help")
        link = article_link(turn, brand)
        assert link is not None
        assert link.title == "Paano i-track ang padala"
        assert link.url == f"{settings.BASE_URL}/help/parcel-help/tl/paano-i-track-ang-padala/"
        assert link.fallback_language is False

    def test_an_article_in_another_language_says_so(self):
        kb = parcel_kb()
        for asked in ("hy", "ta-IN"):
            link = article_link(turn_with(TicketFactory(), kb["refunds"], asked))
            assert link is not None and link.fallback_language is True
        english = article_link(turn_with(TicketFactory(), kb["refunds"], "en-GB"))
        assert english is not None and english.fallback_language is False
        unknown = article_link(turn_with(TicketFactory(), kb["refunds"], ""))
        assert unknown is not None and unknown.fallback_language is False

    def test_without_a_brand_the_default_brands_help_center_is_linked(self):
        kb = parcel_kb()
        link = article_link(turn_with(TicketFactory(), kb["tracking"], "en"))
        assert link is not None
        assert f"/help/{default_brand().slug}/en/track-a-parcel/" in link.url

    def test_a_hand_off_or_a_deleted_article_has_no_link(self):
        handed_off = turn_with(
            TicketFactory(), None, "en", outcome=Turn.Outcome.HANDED_OFF, reason="low_confidence"
        )
        assert article_link(handed_off) is None
        gone = turn_with(TicketFactory(), None, "en")  # its translation was deleted since
        assert article_link(gone) is None


class TestFeedbackState:
    def test_only_an_answer_without_feedback_asks(self):
        kb = parcel_kb()
        turn = turn_with(TicketFactory(), kb["tracking"], "en")
        assert asks_feedback(turn) is True
        turn.feedback = Turn.Feedback.YES
        assert asks_feedback(turn) is False
        assert turn_state(turn)["feedback"] == "yes"
        handed_off = turn_with(
            TicketFactory(), None, "en", outcome=Turn.Outcome.HANDED_OFF, reason="low_confidence"
        )
        assert asks_feedback(handed_off) is False

    def test_an_agents_reply_is_no_turns_answer(self, agent):
        ticket = TicketFactory()
        assert turn_of(reply(ticket, "On its way.", actor=agent)) is None
        assert turn_of(ticket.messages.first()) is None  # the customer's message
