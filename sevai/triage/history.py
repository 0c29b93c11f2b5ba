"""The desk's history as training examples: what each ticket was about, and how urgent.

A ticket's topic is one of its tags: the most specific one (the rarest on the desk) among
those that name a topic, i.e. not in settings.TRIAGE_IGNORE_TAGS ("vip", "escalated"...).
An agent's correction of a prediction overrides the tags. Solved and closed tickets teach;
so does any ticket whose prediction an agent corrected.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery

from sevai.tickets.models import Message, Tag, Ticket
from sevai.triage.examples import Example

TEXT_CHARS = 3000


def ticket_text(subject: str, body: str) -> str:
    """What the classifier reads: the subject and the customer's first message."""
    return f"{subject.strip()}\n{(body or '').strip()}"[:TEXT_CHARS]


@dataclass(frozen=True)
class History:
    topics: list[Example]
    priorities: list[Example]
    tickets: int  # tickets looked at (solved, closed or corrected)


def labelled_tickets() -> QuerySet[Ticket]:
    learned = Q(status__in=[Ticket.Status.SOLVED, Ticket.Status.CLOSED], merged_into__isnull=True)
    return Ticket.objects.filter(learned | Q(prediction__corrected_at__isnull=False))


def topic_tags(names: Iterable[str]) -> list[str]:
    ignored = {name.strip().lower() for name in settings.TRIAGE_IGNORE_TAGS}
    return [name for name in names if name not in ignored]


def pick_topic(names: Iterable[str], counts: Counter[str], *, min_count: int = 1) -> str | None:
    """The most specific topic tag: the rarest on the desk among those with at least
    min_count tickets (ties: alphabetical); the rarest of all when none has that many."""
    candidates = [name for name in topic_tags(names) if counts[name] > 0]
    if not candidates:
        return None
    common = [name for name in candidates if counts[name] >= min_count] or candidates
    return min(common, key=lambda name: (counts[name], name))


def desk_history(*, limit: int = 50_000) -> History:
    """Topic and priority examples from the desk's tickets, newest first (three queries)."""
    first_body = (
        Message.objects.filter(ticket=OuterRef("pk"), kind=Message.Kind.CUSTOMER)
        .order_by("created_at", "id")
        .values("body")[:1]
    )
    rows = list(
        labelled_tickets()
        .annotate(first_body=Subquery(first_body))
        .order_by("-created_at", "-id")
        .values(
            "id",
            "subject",
            "priority",
            "first_body",
            "prediction__corrected_topic",
            "prediction__corrected_priority",
        )[:limit]
    )
    ids = {row["id"] for row in rows}
    tags: dict[int, list[str]] = {}
    through = Ticket.tags.through.objects.filter(ticket__in=labelled_tickets())
    for ticket_id, name in through.values_list("ticket_id", "tag__name"):
        if ticket_id in ids:
            tags.setdefault(ticket_id, []).append(name)
    counts: Counter[str] = Counter(name for names in tags.values() for name in set(names))
    topics, priorities = [], []
    for row in rows:
        text = ticket_text(row["subject"], row["first_body"] or "")
        names = tags.get(row["id"], [])
        topic = row["prediction__corrected_topic"] or pick_topic(
            names, counts, min_count=settings.TRIAGE_MIN_PER_TOPIC
        )
        if topic:
            topics.append(Example(text, topic))
        priority = row["prediction__corrected_priority"] or row["priority"]
        priorities.append(Example(text, priority))
    return History(topics=topics, priorities=priorities, tickets=len(rows))


def known_topics() -> list[str]:
    """Tags an agent may choose as a ticket's topic (for the correction form)."""
    return topic_tags(Tag.objects.order_by("name").values_list("name", flat=True))
