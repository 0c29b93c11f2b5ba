"""Turning a plan into a ticket's history, step by step, through the real actions.

A story is written first as a list of timed steps, then played inside
`time_machine.travel`, so every message, event and notification carries the moment it
happened in the story, not the moment the demo ran.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import time_machine

from sevai.accounts.models import Team, User
from sevai.demo.content import DELIVERIES, Pack, fold, pack
from sevai.demo.content.internal import (
    FINANCE_APPROVALS,
    FINANCE_REQUESTS,
    FYI_NOTES,
    HANDOVER_NOTES,
    TRANSFER_NOTES,
)
from sevai.demo.people import BRAND, STAFF, StaffSpec
from sevai.demo.plans import Plan
from sevai.demo.regions import money
from sevai.tickets import actions
from sevai.tickets.models import Channel, Ticket

S = Ticket.Status
MINUTE, HOUR, DAY = 60.0, 3600.0, 86400.0
PRIORITIES = list(Ticket.Priority.values)
EXTRA_TAGS = ("follow-up", "escalated", "depot-feedback", "repeat-customer", "sla-risk")
SIGNED_CHANNELS = (Channel.EMAIL, Channel.WEB_FORM, Channel.PORTAL, Channel.API)
SPECS = {spec.username: spec for spec in STAFF}


@dataclass
class Desk:
    """The staff and teams the stories are played by."""

    staff: dict[str, User]
    teams: dict[str, Team]

    def pick_agent(self, rng: random.Random, team: str, language: str, exclude: str = "") -> User:
        """A full agent of the team who speaks the language (the admin less often)."""
        full = [s for s in STAFF if s.role != User.Role.LIGHT_AGENT and s.username != exclude]
        speakers = [s for s in full if language in s.languages]
        candidates = [s for s in speakers if team in s.teams] or speakers or full
        spec = rng.choices(candidates, [s.share for s in candidates])[0]
        return self.staff[spec.username]

    def pick_colleague(self, rng: random.Random, author: User, team: str, language: str) -> User:
        others = [s for s in STAFF if s.username != author.username]
        speakers = [s for s in others if language in s.languages]
        candidates = [s for s in speakers if team in s.teams] or speakers or others
        return self.staff[rng.choice(candidates).username]


@dataclass
class Step:
    offset: float  # seconds after the ticket arrived
    op: str
    actor: User | None = None
    body: str = ""
    value: Any = None


@dataclass
class Story:
    """Writes the steps of one ticket's history."""

    plan: Plan
    rng: random.Random
    desk: Desk
    steps: list[Step] = field(default_factory=list)
    t: float = 0.0
    priority: str = Ticket.Priority.NORMAL

    def __post_init__(self) -> None:
        person, rng = self.plan.person, self.rng
        self.pack: Pack = pack(person.language)
        self.problem = self.pack.problem(self.plan.topic.key)
        self.values = {
            "name": person.own_first,
            "full": person.full,
            "brand": BRAND,
            "tracking": f"MX{rng.randrange(10**9, 10**10)}",
            "order": f"{rng.choice(('ORD', 'SO', 'WEB'))}-{rng.randrange(100000, 999999)}",
            "invoice": f"INV-{self.plan.created_at.year % 100}-{rng.randrange(1000, 99999):05d}",
            "ref": f"RF{rng.randrange(10**7, 10**8)}",
            "amount": money(rng, person.time_zone, big=self.plan.topic.big_amount),
            "days": str(rng.randint(3, 9)),
            "city": rng.choice(self.pack.cities),
            "company": person.company,
            "agent": "",
            "mention": "",
        }

    # --- time and steps
    def wait(self, low: float, high: float) -> None:
        self.t += self.rng.uniform(low, high)

    def add(self, op: str, actor: User | None = None, body: str = "", value: Any = None) -> None:
        self.steps.append(Step(self.t, op, actor, body, value))
        self.t += 1

    def customer_pause(self) -> None:
        if self.plan.channel == Channel.CHAT:
            self.wait(1 * MINUTE, 15 * MINUTE)
        else:
            self.wait(30 * MINUTE, 30 * HOUR)

    def agent_pause(self) -> None:
        self.wait(10 * MINUTE, (1 if self.plan.channel == Channel.CHAT else 6) * HOUR)

    # --- texts
    def render(self, template: str, **extra: str) -> str:
        return fold(template).format_map({**self.values, **extra})

    def customer_text(self, template: str) -> str:
        body = self.render(template)
        if self.plan.channel in SIGNED_CHANNELS and self.rng.random() < 0.6:
            signoff = self.rng.choice(self.pack.customer_signoffs)
            body += "\n\n" + signoff.format(
                name=self.plan.person.own_first, full=self.plan.person.full
            )
        return body

    def agent_text(self, template: str, agent: User) -> str:
        body = self.render(template)
        if self.plan.channel == Channel.CHAT:
            return body
        signature = agent.first_name
        spec: StaffSpec | None = SPECS.get(agent.username)
        if (
            spec
            and spec.native_first
            and self.pack.code in spec.languages
            and self.pack.code != "en"
        ):
            signature = spec.native_first  # Kavitha signs Tamil replies கவிதா
        greeting = self.pack.greeting.format(name=self.plan.person.native_first)
        signoff = self.pack.agent_signoff.format(agent=signature, brand=BRAND)
        return f"{greeting}\n\n{body}\n\n{signoff}"

    def note(self, author: User, template: str, team: str, language: str = "en") -> None:
        mention = ""
        if "{mention}" in template:
            colleague = self.desk.pick_colleague(self.rng, author, team, language)
            mention = "@" + colleague.username
        self.add("note", author, self.render(template, mention=mention))

    # --- the story, chapter by chapter; it stops where the plan's status says
    def write(self) -> list[Step]:
        plan, status = self.plan, self.plan.status
        agent = self.arrive()
        if status == S.NEW:
            return self.steps
        agent = self.pick_up(agent)
        if status == S.OPEN and not plan.reopen and self.rng.random() < 0.35:
            return self.steps  # picked up, not answered yet
        self.first_answer(agent)
        if status == S.PENDING:
            return self.steps
        agent = self.customer_answers(agent)
        if status == S.OPEN and not plan.reopen:
            return self.steps
        if status == S.ON_HOLD:
            self.wait(5 * MINUTE, 1 * HOUR)
            self.add("note", agent, self.render(self.pack.on_hold_notes[self.plan.topic.team]))
            self.add("status", agent, value=S.ON_HOLD)
            return self.steps
        self.resolve(agent)
        return self.steps

    def arrive(self) -> User:
        """The customer writes (and maybe chases); returns who will pick it up."""
        plan, topic = self.plan, self.plan.topic
        first_team = topic.misrouted_to if plan.transfer and topic.misrouted_to else topic.team
        agent = self.desk.pick_agent(self.rng, first_team, plan.person.language)
        self.open_ticket(first_team if plan.routed else None, agent)
        if plan.chase:
            self.wait(4 * HOUR, 20 * HOUR)
            self.add("customer", body=self.rng.choice(self.pack.chasers))
        return agent

    def pick_up(self, agent: User) -> User:
        """Triage: team, assignee, and a transfer when it landed in the wrong team."""
        plan, rng, desk, home = self.plan, self.rng, self.desk, self.plan.topic.team
        self.first_response_pause()
        if not plan.routed:
            self.add("team", agent, value=desk.teams[home])
            self.add("tags", agent, value=self.open_tags())
        self.add("assign", rng.choice([agent, desk.staff["admin"]]), value=agent)
        if plan.transfer:
            self.wait(2 * MINUTE, 30 * MINUTE)
            self.note(agent, rng.choice(TRANSFER_NOTES[home]), home)
            self.add("team", agent, value=desk.teams[home])
            self.wait(5 * MINUTE, 90 * MINUTE)
            agent = desk.pick_agent(rng, home, plan.person.language, exclude=agent.username)
            self.add("assign", agent, value=agent)
        return agent

    def first_answer(self, agent: User) -> None:
        plan, rng = self.plan, self.rng
        if rng.random() < 0.4:
            self.add("tags", agent, value=[*self.open_tags(), rng.choice(EXTRA_TAGS)])
        if plan.escalate and self.priority != Ticket.Priority.URGENT:
            self.add("priority", agent, value=PRIORITIES[PRIORITIES.index(self.priority) + 1])
        if plan.fyi:
            self.note(agent, rng.choice(FYI_NOTES), plan.topic.team)
        self.wait(2 * MINUTE, 40 * MINUTE)
        self.add("reply", agent, self.agent_text(self.problem.reply, agent), S.PENDING)

    def customer_answers(self, agent: User) -> User:
        """The customer writes back; the ticket may change hands; the agent notes findings."""
        plan, rng, home = self.plan, self.rng, self.plan.topic.team
        self.customer_pause()
        self.add("customer", body=self.customer_text(self.problem.follow_up))
        if plan.handover:
            self.wait(1 * HOUR, 8 * HOUR)
            colleague = self.desk.pick_agent(rng, home, plan.person.language, agent.username)
            template = rng.choice(HANDOVER_NOTES)
            self.add("note", agent, self.render(template, mention="@" + colleague.username))
            self.add("assign", agent, value=colleague)
            agent = colleague
        if rng.random() < 0.6 or "{mention}" in self.problem.note:
            self.wait(5 * MINUTE, 2 * HOUR)
            self.note(agent, self.problem.note, home, plan.person.language)
        return agent

    def resolve(self, agent: User) -> None:
        """Solved; perhaps reopened by the customer and solved again; closed days later."""
        plan, rng = self.plan, self.rng
        if plan.finance:
            self.finance_approval(agent)
        self.agent_pause()
        self.add("reply", agent, self.agent_text(self.problem.resolution, agent), S.SOLVED)
        if plan.reopen:
            self.wait(1 * DAY, 3 * DAY)
            delivery = plan.topic.team == DELIVERIES
            reopens = [r for r in self.pack.reopens if delivery or "{tracking}" not in r]
            self.add("customer", body=self.render(rng.choice(reopens)))
            if plan.status == S.OPEN:
                return
            self.agent_pause()
            self.add("reply", agent, self.agent_text(self.pack.reopen_reply, agent))
            self.wait(3 * HOUR, 1 * DAY)
            self.add("reply", agent, self.agent_text(self.pack.reopen_resolution, agent), S.SOLVED)
        if plan.status == S.CLOSED:
            self.wait(4 * DAY, 4 * DAY + 6 * HOUR)
            self.add("status", None, value=S.CLOSED)  # closed by the nightly auto-close

    def open_tags(self) -> list[str]:
        return [*self.plan.topic.tags, *(["vip"] if self.plan.person.is_vip else [])]

    def open_ticket(self, team: str | None, agent: User) -> None:
        plan, rng = self.plan, self.rng
        self.priority = plan.topic.priority
        if plan.person.is_vip and self.priority in (Ticket.Priority.LOW, Ticket.Priority.NORMAL):
            self.priority = Ticket.Priority.HIGH
        elif plan.topic.key == "lost" and rng.random() < 0.25:
            self.priority = Ticket.Priority.URGENT
        self.add(
            "open",
            agent if plan.channel == Channel.PHONE else None,
            self.customer_text(self.problem.message),
            {
                "subject": self.render(rng.choice(self.problem.subjects)),
                "team": self.desk.teams[team] if team else None,
                "priority": self.priority,
                "tags": self.open_tags() if team else [],
            },
        )

    def first_response_pause(self) -> None:
        channel = self.plan.channel
        if channel == Channel.CHAT:
            low, high = 1 * MINUTE, 12 * MINUTE
        elif channel == Channel.PHONE:
            low, high = 1 * MINUTE, 5 * MINUTE
        else:
            low, high = 15 * MINUTE, 9 * HOUR
        scale = 0.5 if self.plan.person.is_vip else 1.0
        self.wait(low * scale, high * scale)

    def finance_approval(self, agent: User) -> None:
        approver = self.desk.staff["sarah"]
        self.wait(5 * MINUTE, 1 * HOUR)
        request = self.rng.choice(FINANCE_REQUESTS)
        self.add("note", agent, self.render(request, mention="@" + approver.username))
        self.wait(20 * MINUTE, 5 * HOUR)
        approval = self.rng.choice(FINANCE_APPROVALS)
        self.add("note", approver, self.render(approval, mention="@" + agent.username))


def fit(steps: list[Step], available: float) -> None:
    """Squeeze a story that would run past `now` into the time it has, keeping order."""
    if not steps:
        return
    last = steps[-1].offset
    if last > available > 0:
        for step in steps:
            step.offset *= available / last
    for before, step in zip(steps, steps[1:], strict=False):
        step.offset = max(step.offset, before.offset + 1)


def play(plan: Plan, steps: list[Step]) -> Ticket:
    """Run the steps through the ticket actions, each at its own moment."""
    opening, *rest = steps
    with time_machine.travel(plan.created_at, tick=False) as clock:
        ticket = actions.open_ticket(
            customer=plan.person.customer,
            body=opening.body,
            channel=plan.channel,
            actor=opening.actor,
            language=plan.person.language,
            at=plan.created_at,
            **opening.value,
        )
        for step in rest:
            at = plan.created_at + timedelta(seconds=step.offset)
            clock.move_to(at)
            ticket = apply_step(ticket, plan, step, at)
    return ticket


def apply_step(ticket: Ticket, plan: Plan, step: Step, at: datetime) -> Ticket:
    actor = step.actor
    if step.op == "customer":
        channel = plan.channel
        if channel == Channel.PHONE:
            channel = Channel.EMAIL if plan.person.has_email else Channel.CHAT
        actions.add_customer_message(ticket, step.body, channel=channel, at=at)
    elif step.op in ("reply", "note"):
        if actor is None:
            raise ValueError(f"a {step.op} needs an author")
        if step.op == "reply":
            actions.reply(ticket, step.body, actor=actor, status=step.value, at=at)
        else:
            actions.add_note(ticket, step.body, actor=actor, at=at)
    elif step.op == "assign":
        ticket = actions.assign_ticket(ticket, step.value, actor=actor)
    elif step.op == "team":
        ticket = actions.transfer_ticket(ticket, step.value, actor=actor)
    elif step.op == "tags":
        ticket = actions.set_tags(ticket, step.value, actor=actor)
    elif step.op == "priority":
        ticket = actions.change_priority(ticket, step.value, actor=actor)
    elif step.op == "status":
        ticket = actions.change_status(ticket, step.value, actor=actor)
    else:
        raise ValueError(f"unknown step {step.op!r}")
    return ticket


def tell(plan: Plan, rng: random.Random, desk: Desk, now: datetime) -> Ticket:
    """Write and play one ticket's story, ending before `now`."""
    steps = Story(plan, rng, desk).write()
    fit(steps, (now - plan.created_at).total_seconds() - 60)
    return play(plan, steps)
