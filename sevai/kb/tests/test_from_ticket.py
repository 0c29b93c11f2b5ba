"""'Create article from ticket' with realistic conversations in English, Tamil, Tagalog and
Armenian: the draft keeps the problem and the answer, and none of the personal data."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sevai.accounts.models import User
from sevai.customers.models import Identity
from sevai.kb.actions.from_ticket import draft_article_from_ticket
from sevai.kb.models import Status
from sevai.testing.factories import CustomerFactory, TicketFactory
from sevai.tickets import actions as ticket_actions
from sevai.tickets.models import Event, Ticket

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Conversation:
    language: str
    customer: str
    email: str
    phone: str
    subject: str
    question: str
    note: str
    answer: str
    keeps: tuple[str, ...]  # words of the problem and the answer that must survive
    personal: tuple[str, ...]  # what must be gone


CONVERSATIONS = [
    Conversation(
        language="en",
        customer="Priya Natarajan",
        email="priya.natarajan@outlook.com",
        phone="+91 98450 12345",
        subject="Re: Parcel 1Z999AA10123456784 stuck in Chennai hub",
        question=(
            "Hello,\n\n"
            "My parcel 1Z999AA10123456784 (order #48213) has been stuck at the Chennai hub "
            "since Monday. I need it before my sister's wedding on Friday. Please call me on "
            "+91 98450 12345 or email priya.natarajan@outlook.com.\n\n"
            "I paid by card 4111 1111 1111 1111 and the receipt says order 123-4567.\n"
            "My refund account is GB29 NWBK 6016 1331 9268 19.\n\n"
            "Thanks,\nPriya Natarajan\n\n"
            "On Mon, 2 Mar 2026 at 10:14, Sevai Courier <help@sevai.example> wrote:\n"
            "> Your parcel JD014600006281234567 is on its way."
        ),
        note="Called hub manager Suresh on 044 2345 6789, he will push it. VIP customer.",
        answer=(
            "Hi Priya,\n\n"
            "I'm sorry about the delay. Parcels held at a hub for more than 48 hours are "
            "usually waiting for an address check. I've confirmed your address with the hub "
            "team and parcel 1Z999AA10123456784 goes out on the next van.\n\n"
            "You can follow it on the tracking page: enter the tracking number and your "
            "postcode.\n\n"
            "Best regards,\nAsha Raman\nSevai Courier"
        ),
        keeps=("stuck at the Chennai hub", "address check", "tracking page"),
        personal=(
            "Priya",
            "Natarajan",
            "1Z999AA10123456784",
            "48213",
            "98450",
            "priya.natarajan@outlook.com",
            "4111",
            "123-4567",
            "GB29",
            "JD014600006281234567",
            "Asha",
            "Suresh",
            "VIP",
        ),
    ),
    Conversation(
        language="ta",
        customer="கவிதா சுப்பிரமணியம்",
        email="kavitha.s@yahoo.co.in",
        phone="+91 98765 43210",
        subject="பார்சல் இன்னும் வரவில்லை - RR123456789IN",
        question=(
            "வணக்கம்,\n\n"
            "நான் ஐந்து நாட்களுக்கு முன் ஆர்டர் செய்த பார்சல் (ஆர்டர் எண் 55678) இன்னும் "
            "வரவில்லை. கண்காணிப்பு எண் RR123456789IN. டெலிவரி முகவரியை மாற்ற வேண்டும்.\n"
            "என் கைபேசி எண் 98765 43210, மின்னஞ்சல் kavitha.s@yahoo.co.in. "
            "வீட்டு தொலைபேசி 044-2345-6789.\n\n"
            "நன்றி,\nகவிதா சுப்பிரமணியம்"
        ),
        note="கவிதா VIP வாடிக்கையாளர். மேலாளர் சுரேஷிடம் பேசினேன்.",
        answer=(
            "வணக்கம் கவிதா,\n\n"
            "டெலிவரி முகவரியை மாற்ற, பார்சல் கிடங்கிலிருந்து வெளியே அனுப்பப்படுவதற்கு முன் "
            "எங்களுக்குத் தெரிவிக்க வேண்டும். கவிதாவுக்கு புதிய முகவரியைப் பதிவு செய்துவிட்டோம்; "
            "பார்சல் RR123456789IN நாளை வந்து சேரும்.\n\n"
            "கண்காணிப்புப் பக்கத்தில் எண்ணை உள்ளிட்டு நிலையைப் பார்க்கலாம்.\n\n"
            "அன்புடன்,\nஆஷா"
        ),
        keeps=("டெலிவரி முகவரியை மாற்ற", "கண்காணிப்புப் பக்கத்தில்"),
        personal=(
            "கவிதா",
            "சுப்பிரமணியம்",
            "55678",
            "RR123456789IN",
            "98765",
            "kavitha.s@yahoo.co.in",
            "2345",
            "ஆஷா",
            "சுரேஷ",
            "VIP",
        ),
    ),
    Conversation(
        language="tl",
        customer="Maria Clara Santos",
        email="mariaclara.santos@gmail.com",
        phone="+63 917 123 4567",
        subject="Hindi pa dumarating ang order ko #77812",
        question=(
            "Magandang hapon po!\n\n"
            "Hindi pa po dumarating yung order ko na 123-4567. Yung tracking number ay "
            'JT0001234567 at sabi sa app ay "out for delivery" pa rin mula kahapon. '
            "Pakitawagan po ako sa 0917 123 4567 o mag-email sa mariaclara.santos@gmail.com.\n\n"
            "Salamat po,\nMaria Clara Santos"
        ),
        note="Tinawagan ko na si Kuya Jun sa +63 2 8123 4567. VIP si ma'am.",
        answer=(
            "Hi Maria,\n\n"
            'Pasensya na po sa abala. Kapag "out for delivery" nang higit sa isang araw, '
            "ibig sabihin ay hindi nakarating ang rider sa address. Ipinaayos na po namin sa "
            "rider; maaasahan ninyong darating ito bukas bago mag-alas-5 ng hapon.\n\n"
            "Kung wala pa rin, sumagot lang po kayo rito at ire-refund namin ang delivery fee "
            "sa GCash number ninyong 09171234567.\n\n"
            "Salamat po,\nAsha"
        ),
        keeps=("out for delivery", "hindi nakarating ang rider", "delivery fee"),
        personal=(
            "Maria",
            "Clara",
            "Santos",
            "77812",
            "123-4567",
            "JT0001234567",
            "0917",
            "09171234567",
            "mariaclara.santos@gmail.com",
            "Asha",
            "Jun",
            "VIP",
        ),
    ),
    Conversation(
        language="hy",
        customer="Անի Պետրոսյան",
        email="ani.petrosyan@mail.am",
        phone="+374 91 234567",
        subject="Ծանրոցը չի հասել, պատվեր 88123",
        question=(
            "Բարև Ձեզ,\n\n"
            "Իմ ծանրոցը (EE123456789AM) արդեն մեկ շաբաթ է՝ չի հասել։ Պատվերի համարը 88123 է։ "
            "Խնդրում եմ զանգահարել +374 91 234567 համարով, տանը՝ 010 54 32 10, կամ գրել "
            "ani.petrosyan@mail.am հասցեով։\n\n"
            "Շնորհակալություն,\nԱնի Պետրոսյան"
        ),
        note="Անին VIP հաճախորդ է, զանգել եմ մաքսատուն։",
        answer=(
            "Բարև Ձեզ, Անի։\n\n"
            "Ներողություն ուշացման համար։ Միջազգային ծանրոցներն անցնում են մաքսային ստուգում, "
            "որը կարող է տևել մինչև 10 աշխատանքային օր։ Ձեր ծանրոցն արդեն անցել է ստուգումը "
            "և վաղը կառաքվի։ Անիին կզանգի մեր առաքիչը։\n\n"
            "Հարգանքով՝\nԱշա"
        ),
        keeps=("մաքսային ստուգում", "10 աշխատանքային օր"),
        personal=(
            "Անի",
            "Պետրոսյան",
            "EE123456789AM",
            "88123",
            "234567",
            "54 32 10",
            "ani.petrosyan@mail.am",
            "Աշա",
            "մաքսատուն",
            "VIP",
        ),
    ),
]


def solved_ticket(c: Conversation, agent: User) -> Ticket:
    customer = CustomerFactory(name=c.customer, language=c.language, email=c.email)
    Identity.objects.create(customer=customer, kind=Identity.Kind.PHONE, value=c.phone)
    ticket = TicketFactory(customer=customer, subject=c.subject, body=c.question)
    ticket_actions.add_note(ticket, c.note, actor=agent)
    ticket_actions.reply(ticket, c.answer, actor=agent, status=Ticket.Status.SOLVED)
    return Ticket.objects.get(pk=ticket.pk)


@pytest.fixture
def asha(db: None) -> User:
    return User.objects.create_user(
        "asha.r", first_name="Asha", last_name="Raman", role=User.Role.AGENT
    )


class TestDraftFromTicket:
    @pytest.mark.parametrize("c", CONVERSATIONS, ids=[c.language for c in CONVERSATIONS])
    def test_the_draft_keeps_the_problem_and_answer_without_personal_data(
        self, c: Conversation, asha: User
    ) -> None:
        ticket = solved_ticket(c, asha)
        draft = draft_article_from_ticket(ticket, actor=asha)
        text = f"{draft.translation.title}\n{draft.translation.body_markdown}"
        leaked = [p for p in c.personal if p.lower() in text.lower()]
        assert leaked == [], text
        for words in c.keeps:
            assert words in text
        assert draft.translation.language == c.language
        assert draft.translation.status == Status.DRAFT
        assert text.count("## ") == 2  # a question and an answer
        assert draft.removed["email"] >= 1 and draft.removed["phone"] >= 1

    def test_the_draft_is_linked_to_the_ticket_and_on_its_timeline(self, asha: User) -> None:
        ticket = solved_ticket(CONVERSATIONS[0], asha)
        draft = draft_article_from_ticket(ticket, actor=asha)
        assert draft.created and draft.translation.article.source_ticket == ticket
        event = ticket.events.get(kind=Event.Kind.ARTICLE)
        assert event.actor == asha
        assert event.data["article_id"] == draft.translation.article_id
        assert draft.translation.revisions.get().note == f"Drafted from ticket #{ticket.number}"

    def test_asking_twice_returns_the_same_draft(self, asha: User) -> None:
        ticket = solved_ticket(CONVERSATIONS[2], asha)
        first = draft_article_from_ticket(ticket, actor=asha)
        second = draft_article_from_ticket(ticket, actor=asha)
        assert not second.created and second.translation == first.translation
        assert ticket.events.filter(kind=Event.Kind.ARTICLE).count() == 1

    def test_an_open_ticket_cannot_become_an_article(self, asha: User) -> None:
        ticket = TicketFactory(subject="Where is my parcel?")
        with pytest.raises(ValidationError):
            draft_article_from_ticket(ticket, actor=asha)

    def test_a_light_agent_cannot_draft(self, asha: User, light_agent: User) -> None:
        ticket = solved_ticket(CONVERSATIONS[3], asha)
        with pytest.raises(PermissionDenied):
            draft_article_from_ticket(ticket, actor=light_agent)

    def test_a_ticket_without_replies_gives_only_a_question(self, asha: User) -> None:
        ticket = TicketFactory(subject="Opening hours on Sunday?", body="Are you open on Sunday?")
        ticket_actions.change_status(ticket, Ticket.Status.SOLVED, actor=asha)
        body = draft_article_from_ticket(ticket, actor=asha).translation.body_markdown
        assert body == "## Question\n\nAre you open on Sunday?"
