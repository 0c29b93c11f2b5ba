"""Ticket search for agents: real sentences in four languages, ranking, snippets, filters.

Runs on SQLite by default and on PostgreSQL under `make test-postgres`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection

from sevai.customers.models import Identity
from sevai.search.index import matching_messages, reindex_all, ticket_ids_matching_text
from sevai.search.matching import parse_query
from sevai.search.tickets import next_cursor, search_tickets
from sevai.testing.factories import CustomerFactory, TicketFactory, UserFactory
from sevai.tickets import actions
from sevai.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def ids(query: str, **filters: object) -> list[int]:
    return [hit.ticket_id for hit in search_tickets(query, **filters)]  # type: ignore[arg-type]


@pytest.fixture
def desk() -> dict[str, Ticket]:
    return {
        "ta": TicketFactory(
            subject="பார்சல் வரவில்லை",
            body="வணக்கம், என் பார்சலுக்கு என்ன ஆனது? டெலிவரியை இன்னும் பெறவில்லை.",
            language="ta",
            customer=CustomerFactory(name="முருகன் செல்வம்", language="ta"),
        ),
        "hy": TicketFactory(
            subject="Առաքման հարց",
            body="Բարև ձեզ։ Որտե՞ղ է իմ ծանրոցը։ Արդեն մեկ շաբաթ է սպասում եմ։",
            language="hy",
            channel="chat",
            customer=CustomerFactory(name="Անի Պետրոսյան", language="hy"),
        ),
        "tl": TicketFactory(
            subject="Tanong tungkol sa order",
            body="Magandang araw po. Saan na ang padala ko? Ipinadala raw noong Lunes.",
            language="tl",
            channel="web_form",
            customer=CustomerFactory(name="Maria Santos", language="tl"),
        ),
        "en": TicketFactory(
            subject="Refund request",
            body="My order was marked as delivered but nothing arrived at my door.",
            language="en",
            customer=CustomerFactory(name="John Miller", email="john.miller@mail.example"),
        ),
    }


class TestMultilingualTicketSearch:
    @pytest.mark.parametrize(
        "query", ["பார்சல்", "பார்சலை", "பார்சலுக்கு", "பார்சலின்", "டெலிவரி", "டெலிவரியை"]
    )
    def test_tamil_forms_find_the_tamil_ticket(self, desk, query: str) -> None:
        assert ids(query) == [desk["ta"].pk]

    @pytest.mark.parametrize("query", ["ծանրոց", "որտեղ", "Որտե՞ղ է", "ծանրոցը։"])
    def test_armenian_punctuation_does_not_hide_words(self, desk, query: str) -> None:
        assert ids(query) == [desk["hy"].pk]

    @pytest.mark.parametrize("query", ["padala", "ipinadala", "saan na ang padala"])
    def test_tagalog_affixed_forms_find_each_other(self, desk, query: str) -> None:
        assert ids(query) == [desk["tl"].pk]

    @pytest.mark.parametrize("query", ["delivery", "delivered", "DELIVER"])
    def test_english_forms_find_each_other(self, desk, query: str) -> None:
        assert ids(query) == [desk["en"].pk]

    def test_agent_replies_and_internal_notes_are_searched(self, desk, agent) -> None:
        actions.reply(desk["tl"], "Ipinadala na namin ang kapalit.", actor=agent)
        actions.add_note(desk["en"], "Courier says the kapalit left the depot.", actor=agent)
        assert sorted(ids("kapalit")) == sorted([desk["tl"].pk, desk["en"].pk])

    def test_customer_name_and_email_find_their_tickets(self, desk) -> None:
        assert ids("Maria Santos") == [desk["tl"].pk]
        assert ids("john.miller@mail.example") == [desk["en"].pk]
        assert ids("Պետրոսյան") == [desk["hy"].pk]

    def test_customer_phone_number_digits_find_their_tickets(self, desk) -> None:
        Identity.objects.create(
            customer=desk["ta"].customer, kind=Identity.Kind.PHONE, value="+919876543210"
        )
        assert ids("9876543210") == [desk["ta"].pk]

    def test_words_from_different_tickets_do_not_combine(self, desk) -> None:
        assert ids("padala delivered") == []
        assert ids("xylophone") == []


class TestRankingAndSnippets:
    def test_subject_match_ranks_above_body_match(self, desk) -> None:
        body_only = TicketFactory(subject="Question", body="Is a refund possible?")
        hits = search_tickets("refund")
        assert [h.ticket_id for h in hits] == [desk["en"].pk, body_only.pk]
        assert hits[0].score > hits[1].score

    def test_snippet_marks_the_inflected_word(self, desk) -> None:
        (hit,) = search_tickets("பார்சல்")
        assert "<mark>பார்சலுக்கு</mark>" in hit.snippet_html
        (hit,) = search_tickets("ծանրոց")
        assert "<mark>ծանրոցը</mark>։" in hit.snippet_html

    def test_html_in_messages_is_escaped_in_snippets(self) -> None:
        TicketFactory(body='<img src=x onerror="alert(1)"> my tracking code is lost')
        (hit,) = search_tickets("tracking")
        assert "<img" not in hit.snippet_html
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in hit.snippet_html
        assert "<mark>tracking</mark>" in hit.snippet_html

    def test_merged_messages_are_found_on_the_target(self, agent) -> None:
        target, duplicate = TicketFactory(), TicketFactory(body="zebra crossing parcel")
        actions.merge_tickets(duplicate, target, actor=agent)
        assert ticket_ids_matching_text("zebra") == [target.pk]
        assert ids("zebra")[0] == target.pk

    def test_reindex_rebuilds_the_same_results(self, desk) -> None:
        assert reindex_all() == 4
        assert ids("பார்சலை") == [desk["ta"].pk]
        assert ids("padala") == [desk["tl"].pk]


class TestFilters:
    def test_status(self, desk, agent) -> None:
        actions.change_status(desk["en"], "solved", actor=agent)
        other = TicketFactory(body="Another delivery problem")
        assert ids("delivery", status="solved") == [desk["en"].pk]
        assert ids("delivery", status="new") == [other.pk]

    def test_assignee(self, desk, agent) -> None:
        actions.assign_ticket(desk["hy"], agent, actor=agent)
        TicketFactory(body="Որտե՞ղ է պատվերը։")
        assert ids("որտեղ", assignee_id=agent.pk) == [desk["hy"].pk]
        assert ids("որտեղ", assignee_id=UserFactory().pk) == []

    def test_channel_and_language(self, desk) -> None:
        TicketFactory(body="Saan na ang padala?", channel="email", language="tl")
        assert ids("padala", channel="web_form") == [desk["tl"].pk]
        assert ids("padala", language="en") == []
        assert len(ids("padala", language="tl")) == 2

    def test_created_date_range_is_inclusive(self) -> None:
        march = TicketFactory(body="parcel one", at=datetime(2026, 3, 2, 23, 30, tzinfo=UTC))
        april = TicketFactory(body="parcel two", at=datetime(2026, 4, 1, 9, tzinfo=UTC))
        assert ids("parcel", created_from=date(2026, 3, 2), created_to=date(2026, 3, 2)) == [
            march.pk
        ]
        assert ids("parcel", created_from=date(2026, 3, 3)) == [april.pk]
        assert ids("parcel", created_to=date(2026, 3, 31)) == [march.pk]

    def test_customer(self, desk) -> None:
        customer = desk["ta"].customer
        again = TicketFactory(customer=customer, body="மீண்டும் பார்சல் பிரச்சினை")
        TicketFactory(body="பார்சல் தாமதம்")
        assert sorted(ids("பார்சல்", customer_id=customer.pk)) == sorted([desk["ta"].pk, again.pk])

    def test_customer_match_respects_filters(self, desk) -> None:
        assert ids("Maria", channel="email") == []
        assert ids("Maria", channel="web_form") == [desk["tl"].pk]

    def test_filters_alone_list_tickets_without_a_query(self, desk) -> None:
        assert ids("", channel="chat") == [desk["hy"].pk]
        assert ids("") == []


class TestPaging:
    def test_cursor_continues_where_the_page_ended(self) -> None:
        tickets = [TicketFactory(body=f"parcel number {i}") for i in range(5)]
        first = search_tickets("parcel", limit=3)
        cursor = next_cursor(None, first, 3)
        second = search_tickets("parcel", limit=3, cursor=cursor)
        assert next_cursor(cursor, second, 3) is None
        seen = [h.ticket_id for h in first + second]
        assert sorted(seen) == sorted(t.pk for t in tickets)


class TestFilterWords:
    def test_query_words_never_match_the_index_filter_words(self, desk) -> None:
        assert ids("§chchat") == []
        assert ids("chchat") == []
        assert ids("lhy") == []

    def test_month_words_cover_a_range_across_a_year_end(self) -> None:
        december = TicketFactory(body="parcel", at=datetime(2025, 12, 31, 22, tzinfo=UTC))
        TicketFactory(body="parcel", at=datetime(2026, 2, 1, 9, tzinfo=UTC))
        found = ids("parcel", created_from=date(2025, 12, 15), created_to=date(2026, 1, 31))
        assert found == [december.pk]

    def test_a_long_date_range_still_filters_exactly(self) -> None:
        old = TicketFactory(body="parcel", at=datetime(2020, 5, 1, tzinfo=UTC))
        TicketFactory(body="parcel", at=datetime(2026, 5, 1, tzinfo=UTC))
        assert ids("parcel", created_from=date(2019, 1, 1), created_to=date(2024, 1, 1)) == [old.pk]


class TestScanBudget:
    """PostgreSQL reads a budget of newest rows first, then all older ones through the GIN
    index (sevai/search/postgres.py); together they must give one list, newest first."""

    @pytest.fixture(autouse=True)
    def tiny_budget(self, monkeypatch) -> None:
        monkeypatch.setattr("sevai.search.postgres.SCAN_ROWS", 2)
        monkeypatch.setattr("sevai.search.postgres.SCAN_INDEX_ROWS", 2)

    def test_messages_beyond_the_budget_are_found_newest_first(self) -> None:
        tickets = [TicketFactory(body=f"parcel {i}") for i in range(6)]
        rows = matching_messages(parse_query("parcel"), limit=10)
        assert [ticket_id for ticket_id, _m, _s in rows] == [t.pk for t in reversed(tickets)]
        assert [r[0] for r in matching_messages(parse_query("parcel"), limit=4)] == [
            t.pk for t in reversed(tickets[2:])
        ]

    def test_reading_on_and_then_the_index_give_one_list(self, django_assert_num_queries):
        # the first budget finds 1 of 3: read on for 3 budgets, find nothing, use the index
        oldest = [TicketFactory(body=f"parcel {i}") for i in range(3)]
        for i in range(7):
            TicketFactory(subject="Question", body=f"kettle {i}")
        newest = TicketFactory(body="parcel again")
        with django_assert_num_queries(1 if connection.vendor == "sqlite" else 3):
            rows = matching_messages(parse_query("parcel"), limit=3)
        assert [r[0] for r in rows] == [newest.pk, oldest[2].pk, oldest[1].pk]

    def test_each_filter_gives_the_same_list_past_the_budget(self, agent) -> None:
        at = [datetime(2026, 3, d, 9, tzinfo=UTC) for d in (2, 3, 4, 5, 6)]
        tickets = [TicketFactory(body=f"parcel {i}", at=at[i]) for i in range(5)]
        TicketFactory(body="kettle", at=at[4])
        for t in tickets[:4]:
            actions.assign_ticket(t, agent, actor=agent)
        actions.change_status(tickets[0], "pending", actor=agent)
        newest = [t.pk for t in reversed(tickets)]
        assert ids("parcel", assignee_id=agent.pk) == newest[1:]
        assert ids("parcel", status="open") == newest[1:4]
        window = {"created_from": date(2026, 3, 3), "created_to": date(2026, 3, 5)}
        assert ids("parcel", **window) == newest[1:4]
        assert ids("parcel", status="open", **window) == newest[1:4]
