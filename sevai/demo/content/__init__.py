"""Demo texts, one module per language, and the topics they share.

Texts are written wrapped to fit the line length; `fold` joins the lines of each
paragraph again, so a blank line in a template is a paragraph break in the message.
Placeholders ({tracking}, {amount}, ...) are filled by `sevai.demo.stories`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module

LANGUAGE_CODES = ("en", "ta", "tl", "hy")

DELIVERIES, BILLING, BUSINESS = "Deliveries", "Billing", "Business accounts"
TEAM_NAMES = (DELIVERIES, BILLING, BUSINESS)

PLACEHOLDERS = (
    "name",
    "full",
    "agent",
    "brand",
    "tracking",
    "order",
    "invoice",
    "ref",
    "amount",
    "days",
    "city",
    "company",
    "mention",
)


@dataclass(frozen=True)
class Topic:
    """What a kind of problem means for routing: its team, tags and usual priority."""

    key: str
    team: str
    tags: tuple[str, ...]
    priority: str = "normal"
    misrouted_to: str | None = None  # the team such tickets often land in first
    big_amount: bool = False  # business-sized sums (invoices, COD remittances)
    needs_finance: bool = False  # a refund the finance approver signs off


TOPICS: dict[str, Topic] = {
    t.key: t
    for t in (
        Topic("not_delivered", DELIVERIES, ("delivery", "not-received")),
        Topic("delayed", DELIVERIES, ("delivery", "delay"), needs_finance=True),
        Topic("wrong_address", DELIVERIES, ("address-change",)),
        Topic("damaged", DELIVERIES, ("damaged", "claim"), needs_finance=True),
        Topic("refund", BILLING, ("refund",), misrouted_to=DELIVERIES, needs_finance=True),
        Topic(
            "double_charge",
            BILLING,
            ("invoice", "double-charge"),
            priority="high",
            misrouted_to=BUSINESS,
            big_amount=True,
            needs_finance=True,
        ),
        Topic("billing_details", BILLING, ("invoice", "billing-details"), priority="low"),
        Topic("onboarding", BUSINESS, ("business", "onboarding"), misrouted_to=BILLING),
        Topic(
            "api_bulk",
            BUSINESS,
            ("api", "bulk-shipments"),
            priority="high",
            misrouted_to=DELIVERIES,
        ),
        Topic("pickup", DELIVERIES, ("pickup",)),
        Topic("customs", BILLING, ("customs", "import"), misrouted_to=DELIVERIES),
        Topic("lost", DELIVERIES, ("lost", "claim"), priority="high"),
        Topic(
            "cod",
            BILLING,
            ("cod", "remittance"),
            priority="high",
            misrouted_to=DELIVERIES,
            big_amount=True,
        ),
        Topic("returns", DELIVERIES, ("returns",)),
    )
}


@dataclass(frozen=True)
class Problem:
    """One problem told in one language: the whole conversation of a typical ticket."""

    key: str
    subjects: tuple[str, ...]
    message: str  # the customer's first message
    reply: str  # the agent's first answer
    follow_up: str  # the customer writes back
    resolution: str  # the agent's answer that solves it
    note: str  # an internal note, in the language of the ticket


@dataclass(frozen=True)
class Pack:
    """Everything written in one language."""

    code: str
    greeting: str
    agent_signoff: str
    customer_signoffs: tuple[str, ...]
    chasers: tuple[str, ...]  # "any news?" before anyone answered
    reopens: tuple[str, ...]  # the customer writes again after the ticket was solved
    reopen_reply: str
    reopen_resolution: str
    on_hold_notes: dict[str, str]  # by team: what the ticket waits for
    cities: tuple[str, ...]
    shops: tuple[str, ...]
    first_names: tuple[tuple[str, str], ...]  # (Latin spelling, native spelling)
    last_names: tuple[tuple[str, str], ...]
    problems: tuple[Problem, ...]

    def problem(self, key: str) -> Problem:
        return self.by_key[key]

    @property
    def by_key(self) -> dict[str, Problem]:
        return {p.key: p for p in self.problems}


@cache
def pack(code: str) -> Pack:
    if code not in LANGUAGE_CODES:
        raise KeyError(code)
    module = import_module(f"sevai.demo.content.{code}")
    result: Pack = module.PACK
    return result


def names(text: str) -> tuple[tuple[str, str], ...]:
    """Parse "Latin=native Latin2=native2 ..." (or just "Latin") into spelling pairs."""
    pairs = []
    for item in text.split():
        latin, _, native = item.partition("=")
        pairs.append((latin.replace("_", " "), (native or latin).replace("_", " ")))
    return tuple(pairs)


def fold(text: str) -> str:
    """Join the wrapped lines of each paragraph; blank lines separate paragraphs."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.strip().splitlines():
        line = line.strip()
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)
