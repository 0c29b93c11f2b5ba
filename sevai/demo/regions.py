"""Where demo customers live: time zones, phone numbers and money, per language."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    time_zone: str
    phones: tuple[str, ...]  # "#" is a random digit
    currency: str  # a format with {n}
    low: float  # a typical small charge (a delivery fee, a refund)
    high: float
    decimals: int = 2
    thousands: str = ","


REGIONS = {
    r.time_zone: r
    for r in (
        Region("Asia/Kolkata", ("+91 98### #####", "+91 94### #####", "+91 70### #####"), "₹{n}",
               250, 9000, 0),
        Region("Asia/Colombo", ("+94 77 ### ####", "+94 71 ### ####"), "Rs {n}", 1500, 30000, 0),
        Region("Asia/Singapore", ("+65 9### ####", "+65 8### ####"), "S${n}", 8, 220),
        Region("Europe/London", ("+44 7700 900###",), "£{n}", 6, 180),
        Region("Asia/Manila", ("+63 917 ### ####", "+63 905 ### ####", "+63 999 ### ####"),
               "₱{n}", 150, 6500),
        Region("Asia/Dubai", ("+971 50 ### ####", "+971 55 ### ####"), "AED {n}", 30, 650),
        Region("Asia/Hong_Kong", ("+852 9### ####",), "HK${n}", 60, 1500),
        Region("Asia/Yerevan", ("+374 91 ######", "+374 77 ######", "+374 93 ######",
                                "+374 99 ######"), "{n} ֏", 2000, 60000, 0, " "),
        Region("America/Los_Angeles", ("+1 818 555 01##", "+1 213 555 01##"), "${n}", 8, 220),
        Region("America/New_York", ("+1 212 555 01##", "+1 646 555 01##"), "${n}", 8, 220),
        Region("Europe/Moscow", ("+7 9## ###-##-##",), "{n} ₽", 600, 15000, 0, " "),
        Region("Australia/Sydney", ("+61 491 570 ###",), "A${n}", 12, 300),
    )
}  # fmt: skip

# Where the speakers of each language live, with weights.
HOMES: dict[str, tuple[tuple[str, int], ...]] = {
    "en": (
        ("Europe/London", 60),
        ("America/New_York", 12),
        ("Asia/Kolkata", 12),
        ("Asia/Manila", 8),
        ("Australia/Sydney", 8),
    ),
    "ta": (("Asia/Kolkata", 75), ("Asia/Colombo", 10), ("Asia/Singapore", 8), ("Europe/London", 7)),
    "tl": (("Asia/Manila", 85), ("Asia/Dubai", 10), ("Asia/Hong_Kong", 5)),
    "hy": (("Asia/Yerevan", 85), ("America/Los_Angeles", 8), ("Europe/Moscow", 7)),
}


def pick_home(rng: random.Random, language: str) -> str:
    homes = HOMES[language]
    return rng.choices([zone for zone, _ in homes], [weight for _, weight in homes])[0]


def phone_number(rng: random.Random, time_zone: str) -> str:
    pattern = rng.choice(REGIONS[time_zone].phones)
    return "".join(str(rng.randrange(10)) if ch == "#" else ch for ch in pattern)


def money(rng: random.Random, time_zone: str, *, big: bool = False) -> str:
    """A plausible amount in the local currency; `big` for business-sized sums."""
    region = REGIONS[time_zone]
    value = rng.uniform(region.low, region.high) * (rng.uniform(8, 25) if big else 1)
    if region.decimals == 0:
        step = 500 if value > 20000 else 50 if value > 2000 else 10
        value = round(value / step) * step
        text = f"{value:,.0f}"
    else:
        text = f"{value:,.2f}"
    return region.currency.format(n=text.replace(",", region.thousands))
