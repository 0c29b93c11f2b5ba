"""Fill a database with a realistic demo support desk (`sevai demo`).

The work happens in plain functions so tests and other tools can call them; the
management command only parses options and shows progress.
"""

from __future__ import annotations

import random
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from time import perf_counter

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from sevai.accounts.models import Team, User
from sevai.customers.models import Customer, Identity, Organization
from sevai.demo.people import create_customers, create_organizations, create_staff, create_teams
from sevai.demo.plans import plan_tickets
from sevai.demo.stories import Desk, tell
from sevai.kb.actions.import_export import import_demo_articles
from sevai.tickets.models import Event, Message, Notification, Ticket

Progress = Callable[[str, int, int], None]  # (stage, done, total)
BATCH = 50  # tickets per transaction


@dataclass
class DemoResult:
    created_users: list[str]
    admin_password: str | None  # None when the admin existed before
    agent_password: str | None  # None when no agent was created
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    tickets_by: dict[str, dict[str, int]] = field(default_factory=dict)


def database_is_empty() -> bool:
    """True before anyone has used the desk: no user and no ticket yet."""
    return not (User.objects.exists() or Ticket.objects.exists())


def new_password() -> str:
    return secrets.token_urlsafe(12)


def login_url() -> str:
    return f"{settings.BASE_URL}/login/"


def generate_demo(
    *,
    customers: int = 300,
    tickets: int = 1500,
    seed: int = 7,
    admin_password: str | None = None,
    agent_password: str | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> DemoResult:
    """Create teams, staff, organizations, customers and tickets with full histories.

    The same seed gives the same desk; timestamps are relative to `now`.
    """
    started = perf_counter()
    now = now or timezone.now()
    rng = random.Random(seed)
    admin_password = admin_password or new_password()
    agent_password = agent_password or new_password()
    report = progress or (lambda stage, done, total: None)
    with transaction.atomic():
        teams = create_teams()
        staff, created = create_staff(
            teams, admin_password=admin_password, agent_password=agent_password, now=now
        )
        organizations = create_organizations(rng, now)
        report("Customers", 0, customers)
        people = create_customers(rng, customers, organizations, now)
        report("Customers", customers, customers)
    plans = plan_tickets(rng, tickets, people, now)
    desk = Desk(staff, teams)
    report("Tickets", 0, len(plans))
    for start in range(0, len(plans), BATCH):
        with transaction.atomic():
            for plan in plans[start : start + BATCH]:
                tell(plan, rng, desk, now)
        report("Tickets", min(start + BATCH, len(plans)), len(plans))
    mark_old_notifications_read(now)
    report("Articles", 0, 1)
    import_demo_articles()  # the knowledge base, in the desk's four languages
    report("Articles", 1, 1)
    result = DemoResult(
        created_users=created,
        admin_password=admin_password if "admin" in created else None,
        agent_password=agent_password if set(created) - {"admin"} else None,
    )
    result.counts, result.tickets_by = summarize()
    result.seconds = perf_counter() - started
    return result


def mark_old_notifications_read(now: datetime) -> None:
    """Agents have read what is older than a day; the recent ones wait for them."""
    Notification.objects.filter(created_at__lt=now - timedelta(days=1), read_at=None).update(
        read_at=F("created_at") + timedelta(hours=2)
    )


def summarize() -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    events = Counter(dict(Event.objects.values_list("kind").annotate(n=Count("id"))))
    messages = Counter(dict(Message.objects.values_list("kind").annotate(n=Count("id"))))
    counts = {
        "teams": Team.objects.count(),
        "users": User.objects.count(),
        "organizations": Organization.objects.count(),
        "VIP organizations": Organization.objects.filter(is_vip=True).count(),
        "customers": Customer.objects.count(),
        "VIP customers": Customer.objects.filter(is_vip=True).count(),
        "identities": Identity.objects.count(),
        "tickets": Ticket.objects.count(),
        "customer messages": messages[Message.Kind.CUSTOMER],
        "public replies": messages[Message.Kind.REPLY],
        "internal notes": messages[Message.Kind.NOTE],
        "mentions": events[Event.Kind.MENTION],
        "transfers": Ticket.objects.filter(transfer_count__gt=0).count(),
        "reopened tickets": Ticket.objects.filter(reopen_count__gt=0).count(),
        "events": sum(events.values()),
    }
    tickets_by = {
        name: dict(Ticket.objects.values_list(name).annotate(n=Count("id")).order_by(name))
        for name in ("status", "language", "channel", "priority")
    }
    return counts, tickets_by
