"""The assistant on a ticket: answers, hand-offs with their summary, feedback, corrections,
and keeping quiet once a person has taken over."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from sevai.accounts.models import User
from sevai.assistant.actions import (
    correct_turn,
    ensure_assistant_settings,
    hand_off,
    record_feedback,
    respond_to_customer,
)
from sevai.assistant.models import Correction, Passage, Turn
from sevai.assistant.queries import (
    assistant_settings,
    feedback_token,
    turn_for_feedback_token,
)
from sevai.chat.actions.conversations import post_visitor_message, start_conversation
from sevai.chat.models import ChatEntry
from sevai.chat.tests.factories import ChatWidgetFactory
from sevai.contact.models import ContactCategory
from sevai.kb.markdown import markdown_to_text
from sevai.kb.models import ArticleTranslation
from sevai.kb.tests.factories import make_article, translate
from sevai.mail.models import OutboundEmail
from sevai.testing.factories import (
    AdminFactory,
    CustomerFactory,
    TeamFactory,
    TicketFactory,
    UserFactory,
)
from sevai.tickets.actions.lifecycle import assign_ticket
from sevai.tickets.actions.messages import reply
from sevai.tickets.models import Channel, Event, Message, Ticket
from sevai.triage.models import TicketPrediction

pytestmark = pytest.mark.django_db

TRACKING = """You can follow your parcel from the moment we receive it until it reaches your door.

## Where to find the tracking number

The tracking number is on your receipt and in the SMS or email we send when the parcel is booked.

## How to track

1. Open the tracking page on our website or in the app.
2. Enter the tracking number.
3. You will see every scan: picked up, at the hub, out for delivery and delivered.
"""
TRACKING_TL = """Masusubaybayan mo ang padala mo mula nang matanggap namin ito hanggang
makarating sa pintuan mo.

## Paano mag-track

1. Buksan ang tracking page sa aming website o sa app.
2. I-type ang tracking number na nasa resibo mo.
3. Makikita mo ang bawat scan: na-pick up, nasa hub, out for delivery, at na-deliver na.
"""
REFUNDS = """When we cannot deliver a prepaid parcel, or you cancel before pickup, we refund the
full amount to the card or wallet you paid with.

Refunds to cards take 5 to 7 working days; wallet refunds arrive within one day.
To ask for a refund, reply to your booking email with the tracking number.
"""


@pytest.fixture
def kb() -> dict[str, ArticleTranslation]:
    tracking = make_article("Track a parcel", body=TRACKING)
    tracking_tl = translate(tracking.article, "tl", "Paano i-track ang padala", body=TRACKING_TL)
    refunds = make_article("Refunds: when and how you get your money back", body=REFUNDS)
    return {"tracking": tracking, "tracking_tl": tracking_tl, "refunds": refunds}


def web_form_ticket(body: str, language: str = "en") -> Ticket:
    customer = CustomerFactory(language=language)
    return TicketFactory(customer=customer, body=body, channel=Channel.WEB_FORM, subject=body)


def first_message(ticket: Ticket) -> Message:
    return ticket.messages.get(kind=Message.Kind.CUSTOMER)


class TestAnswering:
    def test_a_known_question_gets_an_answer_made_of_article_passages(self, kb):
        ticket = web_form_ticket("How can I track my parcel? Where is the tracking number?")
        turn = respond_to_customer(first_message(ticket))
        assert turn is not None and turn.outcome == Turn.Outcome.ANSWERED
        assert turn.translation == kb["tracking"]
        article_text = markdown_to_text(kb["tracking"].body_markdown)
        assert turn.spans and all(span["text"] in article_text for span in turn.spans)
        answer = turn.answer
        assert answer is not None and answer.kind == Message.Kind.REPLY
        assert answer.author_user is None and answer.body == turn.answer_text
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.PENDING
        assert ticket.first_response_at is None  # a person has not answered yet
        event = ticket.events.get(kind=Event.Kind.ASSISTANT)
        assert event.data["turn"] == turn.pk and event.data["article"] == "Track a parcel"
        status = ticket.events.filter(kind=Event.Kind.STATUS).last()
        assert status is not None and status.data.get("by_assistant") is True

    def test_a_tagalog_question_is_answered_from_the_tagalog_translation(self, kb):
        ticket = web_form_ticket("paano ko po ma-track yung padala ko?", language="tl")
        turn = respond_to_customer(first_message(ticket))
        assert turn is not None and turn.outcome == Turn.Outcome.ANSWERED
        assert turn.translation == kb["tracking_tl"]
        assert turn.answer is not None and turn.answer.language == "tl"

    def test_the_words_decide_the_language_not_the_page(self, kb):
        conversation = start_conversation(ChatWidgetFactory(), language="en")
        entry, _created = post_visitor_message(conversation, "paano ko po ma-track yung padala ko?")
        assert entry.message.language == "en"  # the page's language
        turn = respond_to_customer(entry.message)
        assert turn is not None and turn.translation == kb["tracking_tl"]

    def test_webhooks_hear_of_the_answer(self, kb):
        from sevai.webhooks.actions import create_webhook
        from sevai.webhooks.models import Delivery, WebhookEvent

        create_webhook(
            "https://hooks.example.com/sevai", [WebhookEvent.MESSAGE_ADDED], actor=AdminFactory()
        )
        ticket = web_form_ticket("How can I track my parcel?")
        turn = respond_to_customer(first_message(ticket))
        assert turn is not None and turn.answer is not None
        sent = [d.payload["message"] for d in Delivery.objects.all()]
        assert {"id": turn.answer.pk, "author_user_id": None, "kind": "reply"}.items() <= next(
            m for m in sent if m["id"] == turn.answer.pk
        ).items()

    def test_the_answer_on_an_email_ticket_goes_out_through_the_outbox(self, kb):
        ticket = TicketFactory(body="How do I get a refund for my parcel?", subject="Refund")
        mailbox = _mailbox()
        assistant_settings().email_mailboxes.add(mailbox)
        turn = respond_to_customer(first_message(ticket), mailbox=mailbox)
        assert turn is not None and turn.outcome == Turn.Outcome.ANSWERED
        assert OutboundEmail.objects.filter(ticket=ticket, kind=OutboundEmail.Kind.REPLY).exists()


def _mailbox():  # type: ignore[no-untyped-def]
    from sevai.mail.models import Mailbox

    return Mailbox.objects.create(name="Support", address="help@desk.example")


class TestKeepingQuiet:
    def test_not_without_a_knowledge_base(self):
        ticket = web_form_ticket("How can I track my parcel?")
        assert respond_to_customer(first_message(ticket)) is None
        assert not ticket.messages.exclude(kind=Message.Kind.CUSTOMER).exists()
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.NEW

    def test_not_on_a_channel_that_is_switched_off(self, kb):
        current = assistant_settings()
        current.on_web_form = False
        current.save()
        ticket = web_form_ticket("How can I track my parcel?")
        assert respond_to_customer(first_message(ticket)) is None
        assert not Turn.objects.exists()

    def test_email_only_for_the_chosen_mailboxes(self, kb):
        ticket = TicketFactory(body="How can I track my parcel?")
        assert respond_to_customer(first_message(ticket), mailbox=_mailbox()) is None

    def test_not_once_someone_is_assigned(self, kb):
        ticket = web_form_ticket("How can I track my parcel?")
        assign_ticket(ticket, UserFactory(), actor=None)
        assert respond_to_customer(first_message(ticket)) is None

    def test_not_once_an_agent_has_replied(self, kb):
        ticket = web_form_ticket("How can I track my parcel?")
        reply(ticket, "Let me check that for you.", actor=UserFactory())
        assert respond_to_customer(first_message(ticket)) is None

    def test_not_after_a_hand_off(self, kb):
        ticket = web_form_ticket("I want to talk to a person please")
        first = respond_to_customer(first_message(ticket))
        assert first is not None and first.outcome == Turn.Outcome.HANDED_OFF
        assert respond_to_customer(first_message(ticket)) is None


class TestHandOff:
    def test_an_off_topic_question_goes_to_a_person_with_a_summary(self, kb):
        ticket = web_form_ticket("Can you write me a poem about the sea?")
        turn = respond_to_customer(first_message(ticket))
        assert turn is not None and turn.outcome == Turn.Outcome.HANDED_OFF
        assert turn.reason == Turn.Reason.LOW_CONFIDENCE
        note = ticket.messages.get(kind=Message.Kind.NOTE)
        assert "Can you write me a poem about the sea?" in note.body
        assert "Not confident enough" in note.body
        assert note.body == turn.summary
        assert not ticket.messages.filter(kind=Message.Kind.REPLY).exists()
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.OPEN
        assert ticket.events.filter(kind=Event.Kind.HANDED_OFF).count() == 1

    def test_asking_for_a_person_hands_off_at_once(self, kb):
        ticket = web_form_ticket("tracking not working, I want to talk to a human")
        turn = respond_to_customer(first_message(ticket))
        assert turn is not None and turn.reason == Turn.Reason.ASKED_FOR_PERSON

    def test_the_ticket_goes_to_the_team_for_its_topic(self, kb):
        billing = TeamFactory(name="Billing")
        ContactCategory.objects.create(name="Payments", tag="billing", team=billing)
        ticket = web_form_ticket("Can you write me a poem about the sea?")
        TicketPrediction.objects.update_or_create(
            ticket=ticket,
            defaults={
                "corrected_topic": "billing",
                "created_at": ticket.created_at,
                "updated_at": ticket.created_at,
            },
        )
        respond_to_customer(first_message(ticket))
        ticket.refresh_from_db()
        assert ticket.team == billing
        assert ticket.events.filter(kind=Event.Kind.TEAM).exists()

    def test_on_chat_the_visitor_is_told_a_person_will_answer(self, kb):
        widget = ChatWidgetFactory(offline_expectation="We answer within 4 hours.")
        conversation = start_conversation(widget, language="en")
        entry, _created = post_visitor_message(conversation, "who will win the football match?")
        turn = respond_to_customer(entry.message)
        assert turn is not None and turn.outcome == Turn.Outcome.HANDED_OFF
        notice = ChatEntry.objects.get(conversation=conversation, author=ChatEntry.Author.ASSISTANT)
        assert "We answer within 4 hours." in notice.message.body
        assert turn.answer == notice.message

    def test_a_chat_answer_reaches_the_widget_as_the_assistant(self, kb):
        conversation = start_conversation(ChatWidgetFactory(), language="en")
        entry, _created = post_visitor_message(conversation, "how do I track my parcel")
        turn = respond_to_customer(entry.message)
        assert turn is not None and turn.outcome == Turn.Outcome.ANSWERED
        answer = ChatEntry.objects.get(conversation=conversation, seq=2)
        assert answer.author == ChatEntry.Author.ASSISTANT and answer.message == turn.answer


class TestFeedback:
    def test_yes_solves_the_ticket_as_the_assistant_without_a_solved_mail(self, kb):
        ticket = web_form_ticket("How can I track my parcel?")
        turn = respond_to_customer(first_message(ticket))
        assert turn is not None
        record_feedback(turn, helpful=True)
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.SOLVED
        solved = ticket.events.filter(kind=Event.Kind.STATUS).last()
        assert solved is not None and solved.data["after"] == "solved"
        assert solved.data["by_assistant"] is True
        assert not OutboundEmail.objects.filter(kind=OutboundEmail.Kind.SOLVED).exists()
        turn.refresh_from_db()
        assert turn.feedback == Turn.Feedback.YES

    def test_no_hands_off_and_the_summary_says_what_was_tried(self, kb):
        ticket = web_form_ticket("How can I track my parcel?")
        turn = respond_to_customer(first_message(ticket))
        assert turn is not None
        record_feedback(turn, helpful=False)
        handed = Turn.objects.get(ticket=ticket, outcome=Turn.Outcome.HANDED_OFF)
        assert handed.reason == Turn.Reason.NOT_HELPFUL
        assert "Track a parcel" in handed.summary
        assert "did not help" in handed.summary
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.OPEN

    def test_only_the_first_click_counts(self, kb):
        ticket = web_form_ticket("How can I track my parcel?")
        turn = respond_to_customer(first_message(ticket))
        assert turn is not None
        record_feedback(turn, helpful=True)
        record_feedback(turn, helpful=False)
        assert not Turn.objects.filter(outcome=Turn.Outcome.HANDED_OFF).exists()
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.SOLVED

    def test_a_late_yes_does_not_solve_a_ticket_a_person_has_taken(self, kb):
        ticket = web_form_ticket("How can I track my parcel?")
        turn = respond_to_customer(first_message(ticket))
        assert turn is not None
        reply(ticket, "I'm checking with the hub, one moment.", actor=UserFactory())
        record_feedback(turn, helpful=True)
        ticket.refresh_from_db()
        assert ticket.status != Ticket.Status.SOLVED
        turn.refresh_from_db()
        assert turn.feedback == Turn.Feedback.YES  # what the customer said is still kept

    def test_feedback_tokens_are_signed(self, kb):
        ticket = web_form_ticket("How can I track my parcel?")
        turn = respond_to_customer(first_message(ticket))
        assert turn is not None
        token = feedback_token(turn)
        assert turn_for_feedback_token(token) == turn
        assert turn_for_feedback_token(token[:-2] + "xx") is None
        assert turn_for_feedback_token("nonsense") is None


class TestCorrections:
    def test_only_admins_correct(self, kb):
        ticket = web_form_ticket("Can you write me a poem about the sea?")
        turn = hand_off(ticket, reason=Turn.Reason.LOW_CONFIDENCE, question=first_message(ticket))
        with pytest.raises(PermissionDenied):
            correct_turn(turn, kb["refunds"].article, actor=UserFactory(role=User.Role.AGENT))
        correction = correct_turn(turn, kb["refunds"].article, actor=AdminFactory())
        assert Correction.objects.get() == correction
        assert len(bytes(correction.embedding)) == 384 * 4


class TestWrittenByAModel:
    """With an OpenAI-compatible endpoint configured (a real local HTTP server here)."""

    @pytest.fixture
    def model(self, kb):  # type: ignore[no-untyped-def]
        from sevai.assistant.tests.chat_server import chat_server

        with chat_server() as server:
            current = ensure_assistant_settings()
            current.generative_enabled = True
            current.generative_base_url = server.base_url
            current.generative_model = "qwen2.5:3b-instruct"
            current.save()
            yield server

    def _reply(self, server, content: str) -> None:  # type: ignore[no-untyped-def]
        from sevai.assistant.tests.chat_server import payload

        body = payload("ollama_cited_answer.json")
        body["choices"][0]["message"]["content"] = content
        server.reply = body

    def test_the_model_writes_the_answer_citing_the_article(self, model):
        self._reply(model, "Open the tracking page and enter your tracking number [3].")
        ticket = web_form_ticket("How can I track my parcel? Where is the tracking number?")
        turn = respond_to_customer(first_message(ticket))
        assert turn is not None and turn.outcome == Turn.Outcome.ANSWERED and turn.generated
        assert turn.answer_text == "Open the tracking page and enter your tracking number."
        cited = Passage.objects.filter(translation=kb_translation(turn)).order_by("position")[2]
        assert turn.spans == [{"passages": [cited.pk], "text": turn.answer_text}]
        sent = model.received[0].body
        assert sent["model"] == "qwen2.5:3b-instruct" and cited.text in str(sent["messages"])

    def test_a_refusal_hands_off(self, model):
        from sevai.assistant.tests.chat_server import payload

        model.reply = payload("ollama_no_answer.json")
        ticket = web_form_ticket("How can I track my parcel? Where is the tracking number?")
        turn = respond_to_customer(first_message(ticket))
        assert turn is not None and turn.outcome == Turn.Outcome.HANDED_OFF
        assert turn.reason == Turn.Reason.REFUSED

    def test_an_invented_sentence_falls_back_to_the_article_passages(self, model, kb):
        self._reply(model, "We deliver on Sundays too [1]. Tracking is free.")
        ticket = web_form_ticket("How can I track my parcel? Where is the tracking number?")
        turn = respond_to_customer(first_message(ticket))
        assert turn is not None and turn.outcome == Turn.Outcome.ANSWERED
        assert not turn.generated
        article_text = markdown_to_text(kb["tracking"].body_markdown)
        assert all(span["text"] in article_text for span in turn.spans)

    def test_an_endpoint_that_fails_falls_back_to_the_article_passages(self, model):
        model.status = 500
        ticket = web_form_ticket("How can I track my parcel? Where is the tracking number?")
        turn = respond_to_customer(first_message(ticket))
        assert turn is not None and turn.outcome == Turn.Outcome.ANSWERED
        assert not turn.generated


def kb_translation(turn: Turn) -> ArticleTranslation:
    assert turn.translation is not None
    return turn.translation
