"""Benchmark: search latency at 1,000,000 messages and 2,000 articles.

    .venv/bin/python bench/search.py [--messages 1000000] [--articles 2000] [--queries 200]
    .venv/bin/python bench/search.py --database-url postgres://root@127.0.0.1:5432/sevai_bench
    .venv/bin/python bench/search.py --reuse bench/out/search-<run>     # SQLite, measure only
    .venv/bin/python bench/search.py --reuse --database-url postgres://...  # PostgreSQL

Builds a parcel-delivery desk in English, Tamil, Tagalog and Armenian (tickets with 1-7
messages: customer messages, replies, internal notes; 50,000 customers with emails) by bulk
insert straight into the tables, indexing each batch through sevai.search.index, and 2,000
articles through sevai.search.articles. Then times, in process, sevai.search.tickets.
search_tickets (order numbers, emails, names, common words in four languages, no-match
words; with each filter) and search_articles / suggest_article_titles. Prints one JSON
object. SQLite runs in a fresh data dir under bench/out/; a PostgreSQL database is wiped.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2024, 1, 1, tzinfo=UTC)
BATCH = 10_000  # messages per insert-and-index batch

_spec = importlib.util.spec_from_file_location("bench_tickets", ROOT / "bench" / "tickets.py")
assert _spec and _spec.loader  # noqa: S101
_tickets = importlib.util.module_from_spec(_spec)
sys.modules["bench_tickets"] = _tickets
_spec.loader.exec_module(_tickets)
percentile, setup_django = _tickets.percentile, _tickets.setup_django

# --- What a parcel-delivery desk receives ---------------------------------------------------

LANGUAGES = ["en", "ta", "tl", "hy"]
LANGUAGE_WEIGHTS = [40, 20, 20, 20]

FIRST = {
    "en": ["James", "Mary", "John", "Linda", "Robert", "Sarah", "Michael", "Emma", "David",
           "Olivia", "Daniel", "Grace", "Thomas", "Chloe", "George", "Alice"],
    "ta": ["முருகன்", "லட்சுமி", "கார்த்திக்", "பிரியா", "செல்வம்", "அருண்", "மீனா", "ராஜா",
           "கவிதா", "சுரேஷ்", "தமிழ்செல்வி", "வேலு"],
    "tl": ["Maria", "Jose", "Juan", "Ana", "Mark", "Grace", "Paolo", "Liza", "Ramon", "Joy",
           "Carlo", "Bea"],
    "hy": ["Անի", "Արամ", "Նարեկ", "Մարիամ", "Դավիթ", "Լիլիթ", "Գոռ", "Աննա", "Տիգրան",
           "Սոնա"],
}  # fmt: skip
LAST = {
    "en": ["Smith", "Miller", "Brown", "Wilson", "Taylor", "Clark", "Hughes", "Walker", "Wright",
           "Green", "Baker", "Hall"],
    "ta": ["ராமன்", "குமார்", "சுப்பிரமணியம்", "நடராஜன்", "பாண்டியன்", "சேகர்", "வேலன்"],
    "tl": ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Ramos", "Aquino",
           "Villanueva", "Castillo"],
    "hy": ["Պետրոսյան", "Հակոբյան", "Սարգսյան", "Գրիգորյան", "Մկրտչյան", "Ավետիսյան",
           "Հովհաննիսյան"],
}  # fmt: skip
CITY = {
    "en": ["London", "Leeds", "Bristol", "Glasgow", "Cardiff", "York", "Belfast", "Oxford"],
    "ta": ["சென்னை", "மதுரை", "கோயம்புத்தூர்", "திருச்சி", "சேலம்", "வேலூர்"],
    "tl": ["Manila", "Cebu", "Davao", "Iloilo", "Baguio", "Quezon City", "Pasig"],
    "hy": ["Երևան", "Գյումրի", "Վանաձոր", "Աբովյան", "Կապան", "Դիլիջան"],
}
PRODUCTS = [
    "kettle", "blender", "headphones", "backpack", "desk lamp", "phone case", "rice cooker",
    "umbrella", "water bottle", "printer", "camera", "sofa cushion", "yoga mat", "toaster",
    "laptop stand", "coffee grinder", "electric fan", "school bag", "wall clock", "speaker",
]  # fmt: skip
DAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "ta": ["திங்கள்", "செவ்வாய்", "புதன்", "வியாழன்", "வெள்ளி"],
    "tl": ["Lunes", "Martes", "Miyerkules", "Huwebes", "Biyernes"],
    "hy": ["երկուշաբթի", "երեքշաբթի", "չորեքշաբթի", "հինգշաբթի", "ուրբաթ"],
}
SUBJECTS = {
    "en": ["Parcel {order} not delivered", "Refund for order {order}", "Wrong size {product}",
           "Change delivery address", "Damaged {product}", "Invoice {invoice} charged twice",
           "Where is my order?", "Courier did not come"],
    "ta": ["பார்சல் {order} இன்னும் வரவில்லை", "ஆர்டர் {order} பணம் திரும்ப",
           "டெலிவரி முகவரி மாற்றம்", "{product} உடைந்து வந்தது", "பார்சலின் நிலை என்ன?"],
    "tl": ["Nasaan na ang padala {order}?", "Refund sa order {order}", "Sira ang {product}",
           "Palitan ang address", "Hindi dumating ang parcel"],
    "hy": ["Ծանրոց {order}-ը չի առաքվել", "Վերադարձ՝ պատվեր {order}", "Վնասված {product}",
           "Որտե՞ղ է իմ պատվերը", "Առաքման հասցեի փոփոխություն"],
}  # fmt: skip
CUSTOMER = {
    "en": [
        "Hello, my parcel {order} was due on {day} and has not arrived in {city}.",
        "I ordered a {product} ({order}) but received the wrong size. Can I exchange it?",
        "The tracking page says delivered but nothing is at my door in {city}.",
        "When will I get my refund for order {order}? It has been {days} days.",
        "My card was charged twice for invoice {invoice}.",
        "The courier left the {product} with a neighbour again. Please stop doing that.",
        "Can you change the delivery address for {order} to {city}?",
        "Thank you, the package arrived today.",
        "The box was open and the {product} is scratched. I want a replacement.",
    ],
    "ta": [
        "வணக்கம், என் பார்சல் {order} {days} நாட்களாக வரவில்லை.",
        "என் பார்சலுக்கு என்ன ஆனது? டெலிவரி தேதி {day}.",
        "பார்சலை {city} முகவரிக்கு அனுப்ப முடியுமா?",
        "ஆர்டர் {order} பணம் திரும்ப எப்போது கிடைக்கும்?",
        "{product} உடைந்த நிலையில் வந்தது. மாற்று வேண்டும்.",
        "டெலிவரியை நாளைக்கு மாற்ற முடியுமா?",
        "பார்சலின் கண்காணிப்பு எண் வேலை செய்யவில்லை.",
        "நன்றி, பார்சல் இன்று கிடைத்தது.",
    ],
    "tl": [
        "Saan na ang padala ko? Order {order} pa po ito.",
        "Hindi pa po dumarating ang parcel {order} dito sa {city}.",
        "Ipinadala raw noong {day} pero wala pa rin po.",
        "Kailan po ang refund sa order {order}? {days} araw na po.",
        "Sira po ang {product} na natanggap ko.",
        "Puwede po bang palitan ang address ng padala sa {city}?",
        "Salamat po, natanggap ko na ang padala.",
        "Nagbayad na po ako pero wala pang kumpirmasyon para sa {invoice}.",
    ],
    "hy": [
        "Բարև Ձեզ։ Որտե՞ղ է իմ ծանրոցը։ Պատվեր {order}։",
        "Ծանրոցը դեռ չի հասել {city}, արդեն {days} օր է։",
        "Ե՞րբ կստանամ գումարը {order} պատվերի համար։",
        "{product}-ը վնասված է հասել։",
        "Կարո՞ղ եք փոխել առաքման հասցեն՝ {city}։",
        "Շնորհակալություն, ծանրոցը ստացա։",
        "Առաքիչը չեկավ {day}։ Ի՞նչ անեմ։",
    ],
}
AGENT = {
    "en": [
        "Sorry for the delay. Your parcel {order} is at the {city} depot and will be delivered "
        "within {days} days.",
        "We have issued a refund for order {order}; it can take {days} working days to appear.",
        "I have updated the delivery address to {city}.",
        "Could you send a photo of the damaged {product}?",
        "A replacement {product} is on its way.",
    ],
    "ta": [
        "தாமதத்திற்கு மன்னிக்கவும். உங்கள் பார்சல் {city} கிடங்கில் உள்ளது, {days} நாட்களில் டெலிவரி செய்யப்படும்.",
        "ஆர்டர் {order} க்கான பணம் திருப்பி அனுப்பப்பட்டது.",
        "டெலிவரியை மாற்றிவிட்டோம். நன்றி.",
        "உடைந்த {product} படத்தை அனுப்ப முடியுமா?",
    ],
    "tl": [
        "Pasensya na po sa abala. Ipinadala na namin ang order {order} at darating sa loob ng "
        "{days} araw.",
        "Naibalik na po namin ang bayad para sa order {order}.",
        "Nagpadala po kami ng kapalit na {product}.",
        "Paki-send po ng litrato ng sirang {product}.",
    ],
    "hy": [
        "Ներողություն ուշացման համար։ Ձեր ծանրոցը {city}-ի պահեստում է և կառաքվի {days} օրում։",
        "Գումարը վերադարձվել է {order} պատվերի համար։",
        "Առաքման հասցեն փոխված է՝ {city}։",
        "Խնդրում ենք ուղարկել վնասված {product}-ի լուսանկարը։",
    ],
}
NOTES = [
    "Checked with the courier: {order} scanned at the {city} hub.",
    "Refund approved by finance for {invoice}.",
    "Customer called twice about {order}. Escalate if no scan by {day}.",
    "Warehouse confirms the {product} left on {day}.",
]
ARTICLE_TOPICS = {
    "en": ["Tracking your parcel", "Delivery times", "Refunds and returns", "Changing the "
           "delivery address", "Damaged items", "Payment problems", "Courier did not come",
           "Wrong size or colour"],
    "ta": ["உங்கள் பார்சலை கண்காணித்தல்", "டெலிவரி நேரங்கள்", "பணம் திரும்பப் பெறுதல்",
           "டெலிவரி முகவரியை மாற்றுதல்", "உடைந்த பொருட்கள்", "கட்டண பிரச்சினைகள்"],
    "tl": ["Paano subaybayan ang padala", "Oras ng paghahatid", "Refund at pagbabalik",
           "Pagpapalit ng address", "Sirang produkto", "Problema sa bayad"],
    "hy": ["Ինչպես հետևել ծանրոցին", "Առաքման ժամկետներ", "Գումարի վերադարձ",
           "Առաքման հասցեի փոփոխություն", "Վնասված ապրանքներ", "Վճարման խնդիրներ"],
}  # fmt: skip

# What agents type: words in each language (inflected on purpose) and rarer terms.
COMMON_QUERIES = [
    "parcel", "delivered", "refund", "courier", "பார்சல்", "பார்சலை", "டெலிவரி", "ծանրոց",
    "Որտե՞ղ", "padala", "ipinadala", "refund order", "saan padala", "գումարը",
]  # fmt: skip
MEDIUM_QUERIES = [f"{p}" for p in PRODUCTS] + [c for cities in CITY.values() for c in cities]
NO_MATCH_QUERIES = ["xylophone", "zeppelin", "quokka", "ptarmigan", "գնացք", "வானவில்"]


def fill(template: str, rng: random.Random, language: str, order: str) -> str:
    return template.format(
        order=order,
        invoice=f"INV-{rng.randrange(10**6):06d}",
        city=rng.choice(CITY[language]),
        product=rng.choice(PRODUCTS),
        day=rng.choice(DAYS[language]),
        days=rng.randrange(2, 15),
    )


def body(pool: list[str], rng: random.Random, language: str, order: str) -> str:
    return " ".join(fill(rng.choice(pool), rng, language, order) for _ in range(rng.randint(1, 3)))


def article(rng: random.Random, language: str, topic: int) -> tuple[str, str]:
    topics = ARTICLE_TOPICS[language]
    title = f"{topics[topic % len(topics)]} ({rng.choice(PRODUCTS)} {topic})"
    sentences = CUSTOMER[language] + AGENT[language]
    text = " ".join(fill(rng.choice(sentences), rng, language, f"SV{topic:08d}") for _ in range(12))
    return title, text


# --- Building the dataset -------------------------------------------------------------------


def wipe() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
        with connection.cursor() as cursor:  # flush leaves the raw search tables alone
            cursor.execute("TRUNCATE search_message, search_article")


def create_people(rng: random.Random, customers: int) -> tuple[dict[str, list[int]], list[int]]:
    from django.db import transaction

    from sevai.accounts.actions import create_user
    from sevai.customers.models import Customer, Identity

    agents = [create_user(f"bench{i}", password="bench-password-1").pk for i in range(20)]
    by_language: dict[str, list[int]] = {lang: [] for lang in LANGUAGES}
    with transaction.atomic():
        rows = []
        for _ in range(customers):
            lang = rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0]
            name = f"{rng.choice(FIRST[lang])} {rng.choice(LAST[lang])}"
            rows.append(Customer(name=name, language=lang))
        created = Customer.objects.bulk_create(rows, batch_size=2000)
        Identity.objects.bulk_create(
            [
                Identity(customer=c, kind="email", value=f"c{c.pk}@mail{c.pk % 97}.example",
                         is_primary=True)
                for c in created
            ],
            batch_size=2000,
        )  # fmt: skip
        for c in created:
            by_language[c.language].append(c.pk)
    return by_language, agents


def create_messages(n: int, customers: int, seed: int = 7) -> dict[str, float]:
    """Tickets and messages by bulk insert, indexed batch by batch through index_messages."""
    from django.db import connection, transaction
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress, TimeRemainingColumn

    from sevai.search.index import index_messages, ticket_filter_words
    from sevai.tickets.models import Counter, Message, Ticket

    rng = random.Random(seed)
    by_language, agents = create_people(rng, customers)
    statuses = ["new", "open", "pending", "on_hold", "solved", "closed"]
    status_weights = [5, 20, 10, 5, 30, 30]
    channels = ["email", "chat", "web_form", "api"]
    insert_s = index_s = 0.0
    ticket_id = message_id = 0
    columns = [*Progress.get_default_columns()[:-1], MofNCompleteColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True)) as progress:
        bar = progress.add_task("messages", total=n)
        while message_id < n:
            tickets, messages, to_index = [], [], []
            while len(messages) < BATCH and message_id < n:
                ticket_id += 1
                lang = rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0]
                order = f"SV{ticket_id:08d}"
                at = START + timedelta(seconds=ticket_id * 250 + rng.randrange(200))
                count = min(rng.randint(1, 7), n - message_id)
                subject = fill(rng.choice(SUBJECTS[lang]), rng, lang, order)
                status = rng.choices(statuses, status_weights)[0]
                channel = rng.choice(channels)
                filter_words = ticket_filter_words(channel, lang, at)
                tickets.append(
                    Ticket(
                        id=ticket_id, number=10000 + ticket_id, subject=subject, status=status,
                        channel=channel, language=lang,
                        customer_id=rng.choice(by_language[lang]),
                        assignee_id=None if status == "new" else rng.choice(agents),
                        created_at=at, updated_at=at + timedelta(hours=count * 3),
                        message_count=count,
                    )
                )  # fmt: skip
                for k in range(count):
                    message_id += 1
                    kind = "customer" if k % 2 == 0 else rng.choice(["reply", "reply", "note"])
                    if kind == "customer":
                        text = body(CUSTOMER[lang], rng, lang, order)
                    elif kind == "reply":
                        text = body(AGENT[lang], rng, lang, order)
                    else:
                        text = fill(rng.choice(NOTES), rng, "en", order)
                    messages.append(
                        Message(
                            id=message_id, ticket_id=ticket_id, kind=kind, channel="email",
                            author_user_id=None if kind == "customer" else rng.choice(agents),
                            body=text, language=lang, created_at=at + timedelta(hours=k * 3),
                        )
                    )  # fmt: skip
                    to_index.append((message_id, ticket_id, subject, text, filter_words))
            t0 = time.perf_counter()
            with transaction.atomic():
                Ticket.objects.bulk_create(tickets, batch_size=2000)
                Message.objects.bulk_create(messages, batch_size=2000)
            t1 = time.perf_counter()
            with transaction.atomic():
                index_messages(to_index)
            index_s += time.perf_counter() - t1
            insert_s += t1 - t0
            progress.update(bar, advance=len(messages))
    Counter.objects.update_or_create(name="ticket", defaults={"value": 10000 + ticket_id})
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table, last in (("tickets_ticket", ticket_id), ("tickets_message", message_id)):
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, last])
        else:
            cursor.execute("INSERT INTO search_message (search_message) VALUES ('optimize')")
    finish_s = time.perf_counter() - t0
    return {
        "messages": message_id,
        "tickets": ticket_id,
        "customers": customers,
        "insert_seconds": round(insert_s, 1),
        "index_seconds": round(index_s, 1),
        "optimize_seconds": round(finish_s, 1),
        "index_messages_per_s": round(message_id / index_s) if index_s else None,
    }


def create_articles(n: int, seed: int = 11) -> dict[str, float]:
    from django.db import transaction

    from sevai.search.articles import index_article

    rng = random.Random(seed)
    t0 = time.perf_counter()
    with transaction.atomic():
        for doc_id in range(1, n + 1):
            lang = LANGUAGES[doc_id % 4]
            title, text = article(rng, lang, doc_id // 4)
            index_article(
                doc_id, article_id=doc_id // 4 + 1, language=lang, title=title, body=text,
                published=rng.random() < 0.9, brand_id=rng.choice([None, 1, 2]),
            )  # fmt: skip
    return {"articles": n, "seconds": round(time.perf_counter() - t0, 1)}


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# --- Measuring ------------------------------------------------------------------------------


def timed(calls: list[Callable[[], object]]) -> dict[str, float]:
    for call in calls[:5]:  # warm up
        call()
    timings = []
    for call in calls:
        t0 = time.perf_counter()
        call()
        timings.append((time.perf_counter() - t0) * 1000)
    return {
        "queries": len(timings),
        "p50_ms": percentile(timings, 50),
        "p95_ms": percentile(timings, 95),
        "max_ms": round(max(timings), 2),
        "mean_ms": round(statistics.mean(timings), 2),
    }


def measure(queries: int, seed: int = 3) -> dict[str, object]:
    from sevai.customers.models import Customer, Identity
    from sevai.search.articles import search_articles, suggest_article_titles
    from sevai.search.tickets import search_tickets
    from sevai.tickets.models import Ticket

    rng = random.Random(seed)
    max_ticket = Ticket.objects.order_by("-id").values_list("id", flat=True).first() or 1
    orders = [f"SV{rng.randrange(1, max_ticket + 1):08d}" for _ in range(queries)]
    emails = list(Identity.objects.order_by("?").values_list("value", flat=True)[:queries])
    names = list(Customer.objects.order_by("?").values_list("name", flat=True)[:queries])
    customer_ids = list(
        Ticket.objects.order_by("?").values_list("customer_id", flat=True)[:queries]
    )
    agents = list(Ticket.objects.exclude(assignee=None).values_list("assignee_id", flat=True)[:50])
    latest = START + timedelta(seconds=max_ticket * 250)
    common = [COMMON_QUERIES[i % len(COMMON_QUERIES)] for i in range(queries)]
    medium = [rng.choice(MEDIUM_QUERIES) for _ in range(queries)]

    def many(fn: Callable[..., object], args: list[tuple[str, dict[str, Any]]]) -> list[Any]:
        return [lambda q=q, kw=kw: fn(q, **kw) for q, kw in args]

    def month(i: int) -> dict[str, Any]:
        end = latest - timedelta(days=30 * (i % 12))
        return {"created_from": (end - timedelta(days=30)).date(), "created_to": end.date()}

    tickets: dict[str, list[Any]] = {
        "order_number": many(search_tickets, [(o, {}) for o in orders]),
        "customer_email": many(search_tickets, [(e, {}) for e in emails]),
        "customer_name": many(search_tickets, [(n, {}) for n in names]),
        "common_words": many(search_tickets, [(q, {}) for q in common]),
        "product_or_city": many(search_tickets, [(q, {}) for q in medium]),
        "no_match": many(search_tickets, [(rng.choice(NO_MATCH_QUERIES), {}) for _ in common]),
        "filter_status_open": many(search_tickets, [(q, {"status": "open"}) for q in common]),
        "filter_assignee": many(
            search_tickets, [(q, {"assignee_id": rng.choice(agents)}) for q in common]
        ),
        "filter_channel_language": many(
            search_tickets,
            [(q, {"channel": "chat", "language": rng.choice(LANGUAGES)}) for q in common],
        ),
        "filter_last_30_days_window": many(
            search_tickets, [(q, month(i)) for i, q in enumerate(common)]
        ),
        "filter_customer": many(
            search_tickets,
            [(q, {"customer_id": c}) for q, c in zip(common, customer_ids, strict=False)],
        ),
        "filter_combined": many(
            search_tickets,
            [
                (q, {"status": "solved", "channel": "email", **month(i)})
                for i, q in enumerate(common)
            ],
        ),  # fmt: skip
    }
    results: dict[str, object] = {}
    all_calls: list[Any] = []
    for name, calls in tickets.items():
        results[f"tickets_{name}"] = timed(calls)
        all_calls += calls
    rng.shuffle(all_calls)
    results["tickets_all"] = timed(all_calls)
    languages: list[str | None] = [None, *LANGUAGES]
    results["articles_search"] = timed(
        many(search_articles, [(q, {"language": rng.choice(languages)}) for q in common])
    )
    prefixes = [q[: max(1, len(q) // 2)] for q in common]
    results["articles_suggest"] = timed(
        many(suggest_article_titles, [(p, {"language": rng.choice(languages)}) for p in prefixes])
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200, help="per kind of query")
    parser.add_argument("--database-url", help="postgres://... (that database is wiped)")
    parser.add_argument(
        "--reuse", nargs="?", const="", metavar="DATA_DIR",
        help="measure the data an earlier run built (SQLite: its data dir); build nothing",
    )  # fmt: skip
    args = parser.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    fresh = Path(tempfile.mkdtemp(prefix="search-", dir=out)) if not args.reuse else None
    data_dir = Path(args.reuse) if args.reuse else fresh
    assert data_dir is not None  # noqa: S101
    setup_django(data_dir)
    from django.db import connection

    built: dict[str, object] = {}
    if args.reuse is None:
        wipe()
        started = time.perf_counter()
        built["messages"] = create_messages(args.messages, args.customers)
        built["articles"] = create_articles(args.articles)
        t0 = time.perf_counter()
        analyze()
        built["analyze_seconds"] = round(time.perf_counter() - t0, 1)
        built["total_seconds"] = round(time.perf_counter() - started, 1)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    from sevai.tickets.models import Message, Ticket

    result = {
        "benchmark": "search",
        "database": connection.vendor,
        "data_dir": str(data_dir) if connection.vendor == "sqlite" else None,
        "cpu_count": os.cpu_count(),
        "messages_in_database": Message.objects.count(),
        "tickets_in_database": Ticket.objects.count(),
        "build": built or None,
        **measure(args.queries),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
