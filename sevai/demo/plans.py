"""Deciding what happens to each demo ticket, before anything is written."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from sevai.demo.content import TOPICS, Topic
from sevai.demo.people import LANGUAGE_WEIGHTS, Person
from sevai.tickets.models import Channel, Ticket

S = Ticket.Status
K = TypeVar("K")
DAY = 86400.0
HISTORY_DAYS = 90

# Topic weights for private customers and for business contacts.
TOPIC_WEIGHTS = {
    "not_delivered": (12, 5),
    "delayed": (14, 6),
    "wrong_address": (8, 2),
    "damaged": (8, 4),
    "refund": (8, 3),
    "double_charge": (1, 8),
    "billing_details": (1, 5),
    "onboarding": (4, 1),
    "api_bulk": (1, 8),
    "pickup": (7, 8),
    "customs": (6, 5),
    "lost": (6, 4),
    "cod": (1, 8),
    "returns": (9, 4),
}
CHANNELS_PRIVATE = {
    Channel.EMAIL: 40,
    Channel.CHAT: 28,
    Channel.WEB_FORM: 22,
    Channel.PORTAL: 4,
    Channel.PHONE: 6,
}
CHANNELS_BUSINESS = {Channel.EMAIL: 50, Channel.API: 25, Channel.WEB_FORM: 10, Channel.PORTAL: 10}
CHANNELS_NO_EMAIL = {Channel.CHAT: 70, Channel.PHONE: 30}

# Final status by the ticket's age: (older than days, {status: weight}); first match wins.
STATUS_BY_AGE = (
    (30, {S.CLOSED: 995, S.ON_HOLD: 5}),
    (14, {S.CLOSED: 93, S.ON_HOLD: 2, S.PENDING: 2, S.OPEN: 3}),
    (6, {S.CLOSED: 68, S.SOLVED: 12, S.ON_HOLD: 8, S.PENDING: 7, S.OPEN: 5}),
    (3, {S.SOLVED: 60, S.PENDING: 17, S.ON_HOLD: 10, S.OPEN: 11, S.NEW: 2}),
    (1, {S.SOLVED: 35, S.PENDING: 30, S.OPEN: 17, S.ON_HOLD: 8, S.NEW: 10}),
    (0.25, {S.PENDING: 30, S.OPEN: 30, S.NEW: 28, S.SOLVED: 10, S.ON_HOLD: 2}),
    (0, {S.NEW: 45, S.OPEN: 30, S.PENDING: 20, S.SOLVED: 5}),
)
# Ages (in days) at which a ticket can plausibly be in each status.
AGE_FOR_STATUS = {
    S.NEW: (0.01, 0.8),
    S.OPEN: (0.05, 5),
    S.PENDING: (0.1, 8),
    S.ON_HOLD: (1, 15),
    S.SOLVED: (0.3, 5),
    S.CLOSED: (7, HISTORY_DAYS),
}


@dataclass
class Plan:
    """One ticket's fate: who writes, about what, and how the story ends."""

    created_at: datetime
    person: Person
    topic: Topic
    channel: str
    status: str
    transfer: bool = False  # lands in the wrong team first
    routed: bool = True  # a team is set when the ticket arrives
    reopen: bool = False  # the customer writes again after it was solved
    handover: bool = False  # reassigned to a colleague in the same team
    escalate: bool = False  # priority raised by the agent
    chase: bool = False  # the customer asks for news before anyone answered
    finance: bool = False  # the refund needs the finance approver
    fyi: bool = False  # an @mention note to a colleague


def weighted(rng: random.Random, table: Mapping[K, float]) -> K:
    return rng.choices(list(table), list(table.values()))[0]


def arrival_time(rng: random.Random, person: Person, now: datetime, max_days: float) -> datetime:
    """A moment in the last max_days when this customer would write: mostly waking
    hours in their own time zone, fewer at weekends."""
    zone = ZoneInfo(person.time_zone)
    for _attempt in range(20):
        moment = now - timedelta(days=rng.uniform(0, max_days))
        local = moment.astimezone(zone)
        awake = 0.15 if local.hour < 7 or local.hour >= 23 else 1.0
        weekend = 0.6 if local.weekday() >= 5 else 1.0
        if rng.random() < awake * weekend:
            break
    return min(moment, now - timedelta(minutes=10))


def status_for_age(rng: random.Random, age_days: float) -> str:
    for older_than, table in STATUS_BY_AGE:
        if age_days >= older_than:
            return weighted(rng, table)
    return S.NEW


def plan_tickets(rng: random.Random, count: int, people: list[Person], now: datetime) -> list[Plan]:
    """Plans for `count` tickets in the last 90 days, oldest first."""
    by_language: dict[str, list[Person]] = {}
    for person in people:
        by_language.setdefault(person.language, []).append(person)
    plans = []
    for _n in range(count):
        language = weighted(rng, LANGUAGE_WEIGHTS)
        pool = by_language.get(language) or people
        person = rng.choices(pool, [p.weight for p in pool])[0]
        topic_weights = {k: w[1] if person.is_business else w[0] for k, w in TOPIC_WEIGHTS.items()}
        topic = TOPICS[weighted(rng, topic_weights)]
        channels = (
            CHANNELS_BUSINESS
            if person.is_business
            else CHANNELS_PRIVATE
            if person.has_email
            else CHANNELS_NO_EMAIL
        )
        created_at = arrival_time(rng, person, now, HISTORY_DAYS)
        age = (now - created_at).total_seconds() / DAY
        status = status_for_age(rng, age)
        plan = Plan(created_at, person, topic, weighted(rng, channels), status)
        decide_twists(rng, plan)
        plans.append(plan)
    ensure_variety(rng, plans, people, now)
    plans.sort(key=lambda p: p.created_at)
    return plans


def decide_twists(rng: random.Random, plan: Plan) -> None:
    answered = plan.status != S.NEW
    plan.transfer = answered and plan.topic.misrouted_to is not None and rng.random() < 0.3
    plan.routed = plan.transfer or rng.random() < 0.8
    plan.reopen = plan.status in (S.SOLVED, S.CLOSED, S.OPEN) and rng.random() < 0.08
    plan.handover = answered and not plan.transfer and rng.random() < 0.07
    plan.escalate = answered and rng.random() < (0.25 if plan.person.is_vip else 0.08)
    plan.chase = plan.channel not in (Channel.CHAT, Channel.PHONE) and rng.random() < 0.1
    plan.finance = plan.topic.needs_finance and rng.random() < 0.5
    plan.fyi = answered and (plan.person.is_vip or rng.random() < 0.1)


def ensure_variety(
    rng: random.Random, plans: list[Plan], people: list[Person], now: datetime
) -> None:
    """Even a small demo shows every language, every status, a transfer and a reopening."""
    if len(plans) < len(S.values) + len(LANGUAGE_WEIGHTS):
        return
    for language in LANGUAGE_WEIGHTS:
        speakers = [p for p in people if p.language == language]
        if speakers and not any(p.person.language == language for p in plans):
            counts = Counter(p.person.language for p in plans)
            commonest = max(counts, key=lambda code: counts[code])
            plan = rng.choice([p for p in plans if p.person.language == commonest])
            plan.person = rng.choice(speakers)
    for status in S.values:
        if any(p.status == status for p in plans):
            continue
        statuses = Counter(p.status for p in plans)
        commonest = max(statuses, key=lambda s: statuses[s])
        plan = rng.choice([p for p in plans if p.status == commonest])
        low, high = AGE_FOR_STATUS[S(status)]
        plan.created_at = now - timedelta(days=rng.uniform(low, high))
        plan.status = status
        decide_twists(rng, plan)
    movable = [p for p in plans if p.status in (S.CLOSED, S.SOLVED)]
    if movable and not any(p.transfer for p in plans):
        plan = rng.choice(movable)
        plan.topic = TOPICS["refund"]
        plan.transfer = plan.routed = True
    if movable and not any(p.reopen for p in plans):
        plan = rng.choice([p for p in movable if not p.transfer] or movable)
        plan.reopen = True
