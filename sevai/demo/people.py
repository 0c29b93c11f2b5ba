"""The demo desk's people: teams, staff, organizations and customers."""

from __future__ import annotations

import contextlib
import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import time_machine
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from sevai.accounts.actions import create_team, create_user, update_profile
from sevai.accounts.models import Team, User
from sevai.customers.actions import add_identity, find_or_create_customer, update_customer
from sevai.customers.models import Customer, Organization
from sevai.demo.content import BILLING, BUSINESS, DELIVERIES, TEAM_NAMES, pack
from sevai.demo.regions import HOMES, phone_number, pick_home

BRAND = "Meridian Express"
STAFF_DOMAIN = "meridian-express.example"
PERSONAL_DOMAINS = ("example.com", "example.net", "example.org", "mail.example", "inbox.example")
NATIVE_SCRIPT_SHARE = {"ta": 0.4, "hy": 0.5}
LANGUAGE_WEIGHTS = {"en": 40, "ta": 20, "tl": 20, "hy": 20}
TEAM_DESCRIPTIONS = {
    DELIVERIES: "Parcels in transit: delays, missed or damaged deliveries, pickups and returns.",
    BILLING: "Refunds, invoices, customs charges and cash-on-delivery remittances.",
    BUSINESS: "Business customers: onboarding, contracts, API and bulk shipping.",
}


@dataclass(frozen=True)
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    languages: tuple[str, ...]
    skills: tuple[str, ...]
    teams: tuple[str, ...]
    time_zone: str
    locale: str
    native_first: str = ""  # how they sign in their own script
    share: float = 1.0  # how much of the ticket load they take


STAFF = (
    StaffSpec("admin", "Meena", "Sundaram", User.Role.ADMIN, ("en", "ta"),
              ("escalations", "vip", "quality"), TEAM_NAMES, "Asia/Kolkata", "en", "மீனா", 0.3),
    StaffSpec("kavitha", "Kavitha", "Ramanathan", User.Role.AGENT, ("ta", "en"),
              ("deliveries", "returns", "cod"), (DELIVERIES, BILLING), "Asia/Kolkata", "ta",
              "கவிதா"),
    StaffSpec("joy", "Joy", "Dela Cruz", User.Role.AGENT, ("tl", "en"),
              ("deliveries", "pickups", "returns"), (DELIVERIES, BUSINESS), "Asia/Manila", "tl"),
    StaffSpec("paolo", "Paolo", "Reyes", User.Role.AGENT, ("tl", "en"),
              ("onboarding", "invoices", "api"), (BILLING, BUSINESS), "Asia/Manila", "en"),
    StaffSpec("ani", "Ani", "Petrosyan", User.Role.AGENT, ("hy", "en", "ru"),
              ("refunds", "invoices", "customs"), (BILLING, DELIVERIES), "Asia/Yerevan", "hy",
              "Անի"),
    StaffSpec("davit", "Davit", "Grigoryan", User.Role.AGENT, ("hy", "en", "ru"),
              ("api", "integrations", "bulk-shipments"), (BUSINESS, DELIVERIES), "Asia/Yerevan",
              "en", "Դավիթ"),
    StaffSpec("sarah", "Sarah", "Mitchell", User.Role.LIGHT_AGENT, ("en",),
              ("refund-approvals", "finance"), (BILLING,), "Europe/London", "en"),
)  # fmt: skip

# (name, email domain, language, VIP, notes)
ORGANIZATIONS = (
    ("Hartwell Home & Living", "hartwellhome.example", "en", True,
     "Nationwide home-goods retailer, 40 stores and a web shop. Enterprise contract with a 4-hour "
     "response target. Escalate anything stuck to the team lead."),
    ("Brightline Pharmacy", "brightlinepharmacy.example", "en", False,
     "Temperature-sensitive parcels; same-day only."),
    ("Kingsbridge Stationery", "kingsbridge.example", "en", False, ""),
    ("Tirupur Knit Exports", "tirupurknit.example", "ta", False, "Exports to the UK and the EU."),
    ("Chettinad Spice Company", "chettinadspice.example", "ta", False, ""),
    ("Kovai Pumps & Motors", "kovaipumps.example", "ta", False, "Heavy parcels, freight rates."),
    ("Bayanihan Foods Corp.", "bayanihanfoods.example", "tl", False, "COD seller, weekly payouts."),
    ("Luzon Gadget Hub", "luzongadget.example", "tl", False, ""),
    ("Mabuhay Crafts Trading", "mabuhaycrafts.example", "tl", False, ""),
    ("Ararat Ceramics LLC", "araratceramics.example", "hy", False, "Fragile goods."),
    ("Սևան Գրքեր", "sevanbooks.example", "hy", False, "Bookshop chain in Yerevan."),
    ("Nairi Tech Distribution", "nairitech.example", "hy", False, "Uses the API for bulk labels."),
)  # fmt: skip


@dataclass
class Person:
    """A demo customer and what the story-teller needs to know about them."""

    customer: Customer
    language: str
    own_first: str  # the first name as they write it
    native_first: str  # the first name in the script of their language
    full: str
    time_zone: str
    company: str
    is_business: bool
    is_vip: bool
    has_email: bool
    weight: float


def create_teams() -> dict[str, Team]:
    teams = {}
    for name in TEAM_NAMES:
        team = Team.objects.filter(name=name).first()
        teams[name] = team or create_team(name, actor=None, description=TEAM_DESCRIPTIONS[name])
    return teams


def create_staff(
    teams: dict[str, Team], *, admin_password: str, agent_password: str, now: datetime
) -> tuple[dict[str, User], list[str]]:
    """The admin and the agents; returns them by username, and the usernames created now."""
    hashes: dict[str, str] = {}  # agents share a password: hash it once, not six times
    staff, created = {}, []
    for n, spec in enumerate(STAFF):
        existing = User.objects.filter(username=spec.username).first()
        if existing is not None:
            staff[spec.username] = existing
            continue
        password = admin_password if spec.role == User.Role.ADMIN else agent_password
        with time_machine.travel(now - timedelta(days=420 - 30 * n), tick=False):
            user = create_user(
                spec.username,
                password=None,
                role=spec.role,
                email=f"{spec.username}@{STAFF_DOMAIN}",
                first_name=spec.first_name,
                last_name=spec.last_name,
                languages=list(spec.languages),
                skills=list(spec.skills),
                teams=[teams[name] for name in spec.teams],
            )
            if password not in hashes:
                hashes[password] = make_password(password)
            user.password = hashes[password]
            user.save(update_fields=["password"])
            update_profile(
                user,
                locale=spec.locale,
                time_zone=spec.time_zone,
                is_available=spec.role != User.Role.LIGHT_AGENT,
            )
        staff[spec.username] = user
        created.append(spec.username)
    return staff, created


def create_organizations(rng: random.Random, now: datetime) -> list[tuple[Organization, str]]:
    """The business customers, each with the language its staff write in."""
    organizations = []
    for name, domain, language, vip, notes in ORGANIZATIONS:
        org = Organization.objects.filter(name=name).first()
        if org is None:
            with time_machine.travel(now - timedelta(days=rng.uniform(400, 1500)), tick=False):
                org = Organization.objects.create(name=name, domain=domain, is_vip=vip, notes=notes)
        organizations.append((org, language))
    return organizations


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def name_pack_for(language: str, time_zone: str) -> str:
    """English speakers in Chennai or Manila have Tamil or Filipino names."""
    if language != "en":
        return language
    for code in ("ta", "tl", "hy"):
        if time_zone in dict(HOMES[code]) and time_zone != "Europe/London":
            return code
    return "en"


class Identities:
    """Identity values that are still free, so every customer gets unique ones."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def take(self, value: str) -> str:
        candidate, n = value, 1
        while candidate in self.used:
            n += 1
            local, _, domain = value.partition("@")
            candidate = (
                f"{local}{n}@{domain}" if domain else f"{value[:-2]}{self.rng.randrange(100):02d}"
            )
        self.used.add(candidate)
        return candidate

    def email(self, first: str, last: str, domain: str | None = None) -> str:
        f, la = ascii_slug(first), ascii_slug(last)
        patterns = (f"{f}.{la}", f"{f}{la}{self.rng.randrange(70, 99)}", f"{f[0]}{la}", f"{f}_{la}")
        local = self.rng.choice(patterns[:2] if domain else patterns)
        return self.take(f"{local}@{domain or self.rng.choice(PERSONAL_DOMAINS)}")


def create_customers(
    rng: random.Random, count: int, organizations: list[tuple[Organization, str]], now: datetime
) -> list[Person]:
    ids = Identities(rng)
    business = round(count * 0.16) if count >= 12 else count // 4
    vip_people = max(1, count // 60)
    languages = list(LANGUAGE_WEIGHTS)
    people = []
    for i in range(count):
        org = None
        if i < business:
            org, language = organizations[i % len(organizations)]
        elif i - business < len(languages):
            language = languages[i - business]  # every language has a customer
        else:
            language = rng.choices(languages, list(LANGUAGE_WEIGHTS.values()))[0]
        time_zone = pick_home(rng, language)
        people.append(
            _create_person(rng, ids, language, time_zone, org, i - business < vip_people, now)
        )
    return people


def _create_person(
    rng: random.Random,
    ids: Identities,
    language: str,
    time_zone: str,
    org: Organization | None,
    vip: bool,
    now: datetime,
) -> Person:
    names = pack(name_pack_for(language, time_zone))
    (first, first_native), (last, last_native) = (
        rng.choice(names.first_names),
        rng.choice(names.last_names),
    )
    native = language in NATIVE_SCRIPT_SHARE and rng.random() < NATIVE_SCRIPT_SHARE[language]
    own_first, full = (
        (first_native, f"{first_native} {last_native}") if native else (first, f"{first} {last}")
    )
    if language == "en":
        first_native = first
    vip = vip and org is None
    roll = rng.random()
    kind = "email" if org or vip or roll < 0.82 else "phone" if roll < 0.93 else "chat"
    if kind == "email":
        value = ids.email(first, last, org.domain if org else None)
    elif kind == "phone":
        value = ids.take(phone_number(rng, time_zone))
    else:
        value = ids.take(f"visitor-{rng.getrandbits(32):08x}")
    with time_machine.travel(now - timedelta(days=rng.uniform(95, 1100)), tick=False):
        customer, _ = find_or_create_customer(kind, value, name=full, language=language)
        extras = []
        if rng.random() < 0.2:
            extras.append(("email", ids.email(first, last)))
        if kind != "phone" and rng.random() < 0.35:
            extras.append(("phone", ids.take(phone_number(rng, time_zone))))
        if language in ("ta", "tl") and rng.random() < 0.15:
            extras.append(("whatsapp", ids.take(phone_number(rng, time_zone))))
        if language == "tl" and rng.random() < 0.15:
            extras.append(("facebook", ids.take(str(rng.randrange(10**14, 10**15)))))
        if language == "hy" and rng.random() < 0.2:
            extras.append(("telegram", ids.take(f"{ascii_slug(first)}_{ascii_slug(last)}")))
        if kind != "chat" and rng.random() < 0.1:
            extras.append(("chat", ids.take(f"visitor-{rng.getrandbits(32):08x}")))
        for extra_kind, extra_value in extras:
            with contextlib.suppress(ValidationError):  # taken by an older customer (--force)
                add_identity(customer, extra_kind, extra_value, actor=None)
        fields: dict[str, object] = {"time_zone": time_zone}
        if vip:
            fields["is_vip"] = True
            fields["notes"] = "Long-standing customer; sends high-value parcels. Reply same day."
        if org is not None or rng.random() < 0.5:
            fields["value"] = Decimal(rng.randrange(20, 4000 if org is None else 90000))
        update_customer(customer, actor=None, **fields)
    return Person(
        customer=customer,
        language=language,
        own_first=own_first,
        native_first=first_native,
        full=full,
        time_zone=time_zone,
        company=org.name if org else rng.choice(pack(language).shops),
        is_business=org is not None,
        is_vip=vip or bool(org and org.is_vip),
        has_email=kind == "email" or any(k == "email" for k, _ in extras),
        weight=(4.0 if org else 2.0 if vip else 1.0) * rng.lognormvariate(0, 0.7),
    )
