"""The assistant's conversations in the workspace: the list with filters and the deflection
summary, a turn's page, corrections (admins only), and the card on the ticket page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from sevai.accounts.models import User
from sevai.assistant.admin.actions import delete_correction
from sevai.assistant.models import Correction, Turn
from sevai.assistant.retrieval import search
from sevai.assistant.tests.turns import make_turn
from sevai.kb.models import ArticleTranslation, Status
from sevai.kb.tests.factories import make_article
from sevai.testing.factories import TicketFactory
from sevai.tickets.models import Channel

pytestmark = pytest.mark.django_db

LIST = "/assistant/"


@pytest.fixture
def delivery() -> ArticleTranslation:
    return make_article(
        "How long delivery takes",
        body="Parcels within the city arrive in 1 to 2 working days.",
    )


@pytest.fixture
def returns() -> ArticleTranslation:
    return make_article("Return a purchase", body="Returns are free within 30 days.")


def shown_ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [t.pk for t in response.context["turns"]]


class TestWhoMaySeeThem:
    def test_anonymous_visitors_go_to_the_login_page(self, client: Client) -> None:
        turn = make_turn()
        for url in (LIST, f"/assistant/turns/{turn.pk}/"):
            response = client.get(url)
            assert response.status_code == 302
            assert "/login/" in response["Location"]
        response = client.post(f"/assistant/turns/{turn.pk}/correct/", {"to_person": "on"})
        assert response.status_code == 302
        assert not Correction.objects.exists()

    def test_light_agents_may_not_open_them(self, light_client: Client) -> None:
        turn = make_turn()
        assert light_client.get(LIST).status_code == 403
        assert light_client.get(f"/assistant/turns/{turn.pk}/").status_code == 403

    @pytest.mark.parametrize("who", ["agent_client", "admin_client_"])
    def test_agents_and_admins_see_them_from_the_sidebar(
        self, request: pytest.FixtureRequest, who: str
    ) -> None:
        user_client: Client = request.getfixturevalue(who)
        turn = make_turn()
        response = user_client.get(LIST)
        assert response.status_code == 200
        assert 'href="/assistant/" aria-current="page"' in response.content.decode()
        assert user_client.get(f"/assistant/turns/{turn.pk}/").status_code == 200

    @pytest.mark.parametrize("who", ["light_client", "agent_client"])
    def test_only_admins_correct(self, request: pytest.FixtureRequest, who: str) -> None:
        user_client: Client = request.getfixturevalue(who)
        turn = make_turn()
        response = user_client.post(f"/assistant/turns/{turn.pk}/correct/", {"to_person": "on"})
        assert response.status_code == 403
        assert not Correction.objects.exists()

    def test_agents_see_no_correction_form(self, agent_client: Client) -> None:
        turn = make_turn()
        html = agent_client.get(f"/assistant/turns/{turn.pk}/").content.decode()
        assert "/correct/" not in html

    def test_corrections_need_the_csrf_token(self, admin_user: User) -> None:
        turn = make_turn()
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(admin_user)
        response = browser.post(f"/assistant/turns/{turn.pk}/correct/", {"to_person": "on"})
        assert response.status_code == 403
        assert not Correction.objects.exists()

    def test_a_missing_turn_is_not_found(self, agent_client: Client) -> None:
        assert agent_client.get("/assistant/turns/999999/").status_code == 404


class TestTheList:
    def test_turns_are_listed_newest_first_with_their_details(
        self, agent_client: Client, delivery: ArticleTranslation
    ) -> None:
        now = timezone.now()
        old = make_turn(translation=delivery, at=now - timedelta(hours=2))
        new = make_turn(
            outcome=Turn.Outcome.HANDED_OFF,
            reason=Turn.Reason.ASKED_FOR_PERSON,
            question_text="I want to talk to a human " + "please " * 30,
            at=now,
        )
        response = agent_client.get(LIST)
        assert shown_ids(response) == [new.pk, old.pk]
        html = response.content.decode()
        assert f'href="/tickets/{old.ticket.number}/"' in html
        assert f'href="/assistant/turns/{new.pk}/"' in html
        assert "Customer asked for a person" in html
        assert "How long delivery takes" in html
        assert "82%" in html
        assert "please " * 30 not in html  # the question is shortened

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("outcome=handed_off", {"handed_low", "handed_person"}),
            ("reason=asked_for_person", {"handed_person"}),
            ("feedback=yes", {"helped"}),
            ("feedback=no", {"not_helped"}),
            ("feedback=none", {"handed_low", "handed_person", "tamil_portal"}),
            ("channel=portal", {"tamil_portal"}),
            ("language=ta", {"tamil_portal"}),
            ("period=all&outcome=answered&feedback=yes", {"helped", "last_year"}),
        ],
    )
    def test_filters(
        self,
        agent_client: Client,
        delivery: ArticleTranslation,
        query: str,
        expected: set[str],
    ) -> None:
        now = timezone.now()
        turns = {
            "helped": make_turn(translation=delivery, feedback=Turn.Feedback.YES),
            "not_helped": make_turn(translation=delivery, feedback=Turn.Feedback.NO),
            "handed_low": make_turn(outcome=Turn.Outcome.HANDED_OFF),
            "handed_person": make_turn(
                outcome=Turn.Outcome.HANDED_OFF, reason=Turn.Reason.ASKED_FOR_PERSON
            ),
            "tamil_portal": make_turn(translation=delivery, channel=Channel.PORTAL, language="ta"),
            "last_year": make_turn(
                translation=delivery,
                feedback=Turn.Feedback.YES,
                at=now - timedelta(days=300),
            ),
        }
        names = {turn.pk: name for name, turn in turns.items()}
        response = agent_client.get(f"{LIST}?{query}")
        assert {names[pk] for pk in shown_ids(response)} == expected

    def test_the_deflection_summary_counts_the_filtered_period(
        self, agent_client: Client, delivery: ArticleTranslation
    ) -> None:
        make_turn(translation=delivery, feedback=Turn.Feedback.YES)
        make_turn(translation=delivery, feedback=Turn.Feedback.YES)
        make_turn(translation=delivery, feedback=Turn.Feedback.NO)
        make_turn(translation=delivery)
        make_turn(outcome=Turn.Outcome.HANDED_OFF)
        make_turn(
            translation=delivery,
            feedback=Turn.Feedback.YES,
            at=timezone.now() - timedelta(days=40),
        )
        response = agent_client.get(LIST)
        summary = response.context["summary"]
        assert (summary.answered, summary.solved, summary.handed_off) == (4, 2, 1)
        assert "40%" in response.content.decode()  # 2 of 5 questions
        summary = agent_client.get(f"{LIST}?period=all").context["summary"]
        assert (summary.answered, summary.solved, summary.handed_off) == (5, 3, 1)

    def test_an_empty_period_says_so(self, agent_client: Client) -> None:
        html = agent_client.get(LIST).content.decode()
        assert "No conversations match these filters." in html

    def test_pages(self, agent_client: Client) -> None:
        ticket = TicketFactory(channel=Channel.CHAT)
        now = timezone.now()
        for i in range(51):
            make_turn(ticket=ticket, at=now - timedelta(minutes=i))
        first = agent_client.get(LIST)
        assert len(first.context["turns"]) == 50
        assert first.context["has_next"]
        second = agent_client.get(f"{LIST}?page=2")
        assert len(second.context["turns"]) == 1
        assert not second.context["has_next"]

    @pytest.mark.parametrize("n", [1, 40])
    def test_the_list_uses_the_same_number_of_queries_for_any_size(
        self,
        agent_client: Client,
        django_assert_num_queries,  # type: ignore[no-untyped-def]
        delivery: ArticleTranslation,
        n: int,
    ) -> None:
        for i in range(n):
            make_turn(
                translation=delivery if i % 2 else None,
                outcome=Turn.Outcome.ANSWERED if i % 2 else Turn.Outcome.HANDED_OFF,
            )
        agent_client.get(LIST)  # warm the sidebar counts cache
        with django_assert_num_queries(6):
            response = agent_client.get(f"{LIST}?period=all")
        assert len(response.context["turns"]) == n


class TestATurnsPage:
    def test_it_shows_the_question_answer_candidates_and_ticket(
        self, agent_client: Client, delivery: ArticleTranslation
    ) -> None:
        turn = make_turn(translation=delivery)
        html = agent_client.get(f"/assistant/turns/{turn.pk}/").content.decode()
        assert "how long does delivery take to Chennai?" in html
        assert "Parcels within the city arrive in 1 to 2 working days." in html
        assert "(passage 1)" in html
        assert "0.812" in html
        assert f'href="/kb/articles/{delivery.article_id}/"' in html
        assert f'href="/tickets/{turn.ticket.number}/"' in html

    def test_a_hand_off_shows_its_summary(self, agent_client: Client) -> None:
        turn = make_turn(outcome=Turn.Outcome.HANDED_OFF)
        html = agent_client.get(f"/assistant/turns/{turn.pk}/").content.decode()
        assert "The customer asked how long delivery takes." in html
        assert "Not confident enough" in html


class TestCorrections:
    def test_an_admin_says_which_article_should_have_answered(
        self,
        admin_client_: Client,
        admin_user: User,
        delivery: ArticleTranslation,
        returns: ArticleTranslation,
    ) -> None:
        turn = make_turn(translation=delivery)
        page = admin_client_.get(f"/assistant/turns/{turn.pk}/?find=Return")
        assert f'value="{returns.article_id}"' in page.content.decode()
        assert f'value="{delivery.article_id}"' in page.content.decode()  # a candidate
        response = admin_client_.post(
            f"/assistant/turns/{turn.pk}/correct/", {"article": returns.article_id}
        )
        assert response.status_code == 302
        correction = Correction.objects.get()
        assert (correction.turn, correction.article_id) == (turn, returns.article_id)
        assert correction.created_by == admin_user
        html = admin_client_.get(response["Location"]).content.decode()
        assert "Saved: questions like this one will be answered with “Return a purchase”." in html
        assert "Should have been answered with “Return a purchase”" in html

    def test_an_admin_says_it_should_have_gone_to_a_person(
        self, admin_client_: Client, delivery: ArticleTranslation
    ) -> None:
        turn = make_turn(translation=delivery)
        response = admin_client_.post(f"/assistant/turns/{turn.pk}/correct/", {"to_person": "on"})
        assert response.status_code == 302
        assert Correction.objects.get().article is None
        html = admin_client_.get(response["Location"]).content.decode()
        assert "Should have gone to a person" in html

    @pytest.mark.parametrize("post", [{}, {"to_person": "on", "article": "ARTICLE"}])
    def test_one_choice_is_needed(
        self, admin_client_: Client, delivery: ArticleTranslation, post: dict[str, str]
    ) -> None:
        turn = make_turn(translation=delivery)
        data = {k: str(delivery.article_id) if v == "ARTICLE" else v for k, v in post.items()}
        response = admin_client_.post(f"/assistant/turns/{turn.pk}/correct/", data)
        assert response.status_code == 422
        assert "Choose an article, or say it should have gone to a person." in (
            response.content.decode()
        )
        assert not Correction.objects.exists()

    def test_a_draft_article_cannot_be_chosen(self, admin_client_: Client) -> None:
        draft = make_article("Secret plans", status=Status.DRAFT)
        turn = make_turn()
        response = admin_client_.post(
            f"/assistant/turns/{turn.pk}/correct/", {"article": draft.article_id}
        )
        assert response.status_code == 422
        assert "Choose a published article." in response.content.decode()
        assert not Correction.objects.exists()

    def test_an_admin_deletes_a_correction(
        self, admin_client_: Client, delivery: ArticleTranslation
    ) -> None:
        turn = make_turn(translation=delivery)
        admin_client_.post(f"/assistant/turns/{turn.pk}/correct/", {"to_person": "on"})
        correction = Correction.objects.get()
        response = admin_client_.post(f"/assistant/corrections/{correction.pk}/delete/")
        assert response.status_code == 302
        assert response["Location"] == f"/assistant/turns/{turn.pk}/"
        assert not Correction.objects.exists()

    def test_agents_may_not_delete_corrections(
        self, agent_client: Client, agent: User, admin_client_: Client
    ) -> None:
        turn = make_turn()
        admin_client_.post(f"/assistant/turns/{turn.pk}/correct/", {"to_person": "on"})
        correction = Correction.objects.get()
        assert (
            agent_client.post(f"/assistant/corrections/{correction.pk}/delete/").status_code == 403
        )
        with pytest.raises(PermissionDenied):
            delete_correction(correction, actor=agent)
        assert Correction.objects.exists()


class TestCorrectionsReachTheAssistant:
    def test_a_correction_steers_later_questions_until_it_is_deleted(
        self,
        admin_client_: Client,
        delivery: ArticleTranslation,
        returns: ArticleTranslation,
    ) -> None:
        turn = make_turn(translation=delivery)
        admin_client_.post(f"/assistant/turns/{turn.pk}/correct/", {"article": returns.article_id})
        found = search(turn.question_text, language="en")
        assert found.correction is not None
        assert found.correction.article_id == returns.article_id
        assert found.candidates[0].article_id == returns.article_id
        correction = Correction.objects.get()
        admin_client_.post(f"/assistant/corrections/{correction.pk}/delete/")
        assert search(turn.question_text, language="en").correction is None


class TestTheTicketCard:
    def test_the_ticket_page_loads_the_card(self, agent_client: Client) -> None:
        ticket = TicketFactory()
        html = agent_client.get(f"/tickets/{ticket.number}/").content.decode()
        assert f'hx-get="/assistant/tickets/{ticket.number}/card/"' in html

    def test_no_card_when_the_assistant_took_no_part(self, agent_client: Client) -> None:
        ticket = TicketFactory()
        response = agent_client.get(f"/assistant/tickets/{ticket.number}/card/")
        assert response.status_code == 200
        assert response.content == b""

    def test_the_card_lists_answers_and_hand_offs(
        self, agent_client: Client, delivery: ArticleTranslation
    ) -> None:
        ticket = TicketFactory(channel=Channel.CHAT)
        answered = make_turn(ticket=ticket, translation=delivery, feedback=Turn.Feedback.NO)
        handed = make_turn(
            ticket=ticket,
            outcome=Turn.Outcome.HANDED_OFF,
            reason=Turn.Reason.NOT_HELPFUL,
            summary="Asked about delivery; the article did not help.",
        )
        html = agent_client.get(f"/assistant/tickets/{ticket.number}/card/").content.decode()
        assert "Answered with “How long delivery takes”" in html
        assert "Handed to a person: Customer said the answer did not help" in html
        assert "Asked about delivery; the article did not help." in html
        assert "Did not help" in html
        assert f'href="/assistant/turns/{answered.pk}/"' in html
        assert f'href="/assistant/turns/{handed.pk}/"' in html

    @pytest.mark.parametrize("n", [1, 12])
    def test_the_card_uses_the_same_number_of_queries_for_any_size(
        self,
        agent_client: Client,
        django_assert_num_queries,  # type: ignore[no-untyped-def]
        delivery: ArticleTranslation,
        n: int,
    ) -> None:
        ticket = TicketFactory(channel=Channel.CHAT)
        for _ in range(n):
            make_turn(ticket=ticket, translation=delivery)
        url = f"/assistant/tickets/{ticket.number}/card/"
        agent_client.get(url)  # warm the sidebar counts cache
        with django_assert_num_queries(7):
            response = agent_client.get(url)
        assert len(response.context["turns"]) == n

    def test_light_agents_see_the_card_without_links(self, light_client: Client) -> None:
        turn = make_turn(outcome=Turn.Outcome.HANDED_OFF)
        response = light_client.get(f"/assistant/tickets/{turn.ticket.number}/card/")
        assert response.status_code == 200
        assert "Handed to a person" in response.content.decode()
        assert "/assistant/turns/" not in response.content.decode()

    def test_anonymous_visitors_go_to_the_login_page(self, client: Client) -> None:
        turn = make_turn()
        response = client.get(f"/assistant/tickets/{turn.ticket.number}/card/")
        assert response.status_code == 302
