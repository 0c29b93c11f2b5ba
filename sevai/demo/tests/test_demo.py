"""`sevai demo`: a realistic desk from an empty database, reproducible, and never twice."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Max
from django.test import TestCase, override_settings
from django.utils import timezone

from sevai.accounts.models import Team, User
from sevai.customers.models import Customer, Identity, Organization
from sevai.demo.content import LANGUAGE_CODES, PLACEHOLDERS, TEAM_NAMES, TOPICS, fold, pack
from sevai.demo.generate import generate_demo
from sevai.tickets.models import Event, Message, Ticket

SMALL = {"customers": 20, "tickets": 40}
SCRIPTS = {"ta": re.compile("[\u0b80-\u0bff]"), "hy": re.compile("[\u0530-\u058f]")}


def run_demo(**options: Any) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **{**SMALL, **options})
    return out.getvalue()


def table_sizes() -> dict[str, int]:
    models = (User, Team, Organization, Customer, Identity, Ticket, Message, Event)
    return {model.__name__: model.objects.count() for model in models}


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class TestSmallDemo(TestCase):
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = run_demo(admin_password="admin-pw-for-tests", agent_password="agent-pw-1")

    def test_it_creates_the_three_teams(self) -> None:
        assert sorted(Team.objects.values_list("name", flat=True)) == sorted(TEAM_NAMES)

    def test_it_creates_an_admin_and_six_agents_with_languages_and_skills(self) -> None:
        users = list(User.objects.all())
        assert len(users) == 7
        roles = sorted(u.role for u in users)
        assert roles.count(User.Role.ADMIN) == 1
        assert roles.count(User.Role.LIGHT_AGENT) == 1
        assert User.objects.get(username="admin").is_admin
        for user in users:
            assert user.languages and user.skills, user.username
            assert user.teams.exists(), user.username
        spoken = {lang for u in users for lang in u.languages}
        assert {"en", "ta", "tl", "hy"} <= spoken

    def test_the_printed_passwords_log_in(self) -> None:
        assert "Log in at http" in self.output
        assert "/login/ as admin / admin-pw-for-tests" in self.output
        assert User.objects.get(username="admin").check_password("admin-pw-for-tests")
        assert User.objects.get(username="kavitha").check_password("agent-pw-1")
        assert "share the password: agent-pw-1" in self.output

    def test_tickets_come_in_all_four_languages(self) -> None:
        assert set(Ticket.objects.values_list("language", flat=True)) == set(LANGUAGE_CODES)

    def test_tickets_are_written_in_the_script_of_their_language(self) -> None:
        for code, script in SCRIPTS.items():
            first = Message.objects.filter(ticket__language=code, kind=Message.Kind.CUSTOMER)
            assert all(script.search(m.body) for m in first), code

    def test_tickets_reach_every_status(self) -> None:
        assert set(Ticket.objects.values_list("status", flat=True)) == set(Ticket.Status.values)

    def test_tickets_have_replies_notes_and_mentions(self) -> None:
        kinds = set(Message.objects.values_list("kind", flat=True))
        assert kinds == set(Message.Kind.values)
        assert Event.objects.filter(kind=Event.Kind.MENTION).exists()

    def test_a_ticket_was_transferred_between_teams_and_one_was_reopened(self) -> None:
        transfers = Event.objects.filter(kind=Event.Kind.TEAM).exclude(data__before=None)
        assert transfers.exists()
        assert Ticket.objects.filter(transfer_count__gt=0).exists()
        assert Event.objects.filter(kind=Event.Kind.REOPENED).exists()

    def test_exactly_one_organization_is_vip(self) -> None:
        assert Organization.objects.filter(is_vip=True).count() == 1
        assert Organization.objects.count() == 12

    def test_customers_have_a_language_a_time_zone_and_a_way_to_reach_them(self) -> None:
        assert Customer.objects.count() == 20
        for customer in Customer.objects.prefetch_related("identities"):
            assert customer.language in LANGUAGE_CODES
            assert customer.time_zone
            assert customer.identities.all()

    def test_every_timeline_is_in_order_and_ends_at_the_last_activity(self) -> None:
        now = timezone.now()
        for ticket in Ticket.objects.annotate(
            last_message=Max("messages__created_at"), last_event=Max("events__created_at")
        ):
            assert ticket.updated_at == max(ticket.last_message, ticket.last_event)
            assert ticket.created_at <= ticket.updated_at < now
            events = list(ticket.events.values_list("created_at", flat=True).order_by("id"))
            assert events == sorted(events)
            assert events[0] == ticket.created_at


class TestRunningTwice:
    def test_if_empty_leaves_a_desk_in_use_alone(self, db: None) -> None:
        run_demo(tickets=10)
        before = table_sizes()
        output = run_demo(tickets=10, if_empty=True)
        assert "Demo data already present; leaving it alone." in output
        assert "Log in at http" in output
        assert " as admin / " not in output
        assert table_sizes() == before

    def test_if_empty_counts_a_lone_admin_as_in_use(self, admin_user: User) -> None:
        output = run_demo(if_empty=True)
        assert "leaving it alone" in output
        assert Ticket.objects.count() == 0

    def test_without_if_empty_or_force_it_refuses(self, admin_user: User) -> None:
        with pytest.raises(CommandError, match="--force"):
            run_demo()
        assert Ticket.objects.count() == 0

    def test_force_adds_tickets_and_keeps_existing_passwords(self, db: None) -> None:
        run_demo(tickets=5, admin_password="first-password-1")
        output = run_demo(tickets=5, force=True, admin_password="second-password-2")
        assert Ticket.objects.count() == 10
        assert User.objects.count() == 7
        assert User.objects.get(username="admin").check_password("first-password-1")
        assert "password unchanged" in output


class TestReproducible:
    def test_the_same_seed_tells_the_same_stories(self, db: None) -> None:
        now = datetime(2026, 3, 2, 9, tzinfo=UTC)

        def snapshot(seed: int) -> list[tuple[Any, ...]]:
            class Rollback(Exception):
                pass

            try:
                with transaction.atomic():
                    generate_demo(customers=10, tickets=15, seed=seed, now=now)
                    rows: list[tuple[Any, ...]] = list(
                        Ticket.objects.order_by("number").values_list(
                            "subject", "status", "language", "channel", "customer__name"
                        )
                    )
                    rows += list(Message.objects.order_by("id").values_list("body", "created_at"))
                    raise Rollback
            except Rollback:
                return rows

        first = snapshot(7)
        assert snapshot(7) == first
        assert snapshot(8) != first


class TestContentPacks:
    @pytest.mark.parametrize("code", LANGUAGE_CODES)
    def test_every_language_tells_every_topic(self, code: str) -> None:
        assert set(pack(code).by_key) == set(TOPICS)

    @pytest.mark.parametrize("code", LANGUAGE_CODES)
    def test_every_template_fills_in_completely(self, code: str) -> None:
        values = {name: f"<{name}>" for name in PLACEHOLDERS}
        language = pack(code)
        templates = [language.reopen_reply, language.reopen_resolution, *language.reopens]
        templates += [*language.chasers, *language.on_hold_notes.values()]
        for problem in language.problems:
            templates += [problem.message, problem.reply, problem.follow_up, problem.resolution]
            templates += [problem.note, *problem.subjects]
        for template in templates:
            text = fold(template).format_map(values)
            assert "{" not in text and "}" not in text, template
            assert "  " not in text, template

    @pytest.mark.parametrize("code", ["ta", "hy"])
    def test_tamil_and_armenian_are_written_in_their_own_script(self, code: str) -> None:
        for problem in pack(code).problems:
            assert SCRIPTS[code].search(problem.message), problem.key
            assert SCRIPTS[code].search(problem.reply), problem.key
