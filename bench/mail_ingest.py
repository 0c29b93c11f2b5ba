"""Benchmark: email ingest throughput, end to end from raw MIME to an indexed ticket.

    .venv/bin/python bench/mail_ingest.py [--messages 10000]
    DATABASE_URL=postgres://root@127.0.0.1:5432/sevai_bench .venv/bin/python bench/mail_ingest.py

Generates realistic multilingual mail (English, Tamil, Tagalog, Armenian; plain and HTML;
about a third with a PDF or PNG attachment; a third are replies that thread by In-Reply-To),
then for each raw message runs what the transports run: store_raw (raw bytes committed) and
process_message (parse, classify, identify, thread, write ticket/message/attachments, index).
Prints one JSON object. Uses a fresh SQLite file under bench/out/ unless DATABASE_URL is set
(that database is wiped).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 9, 1, tzinfo=UTC)

TEXTS = {
    "en": [
        ("Parcel {n} not delivered", "Hello, my parcel {n} was due on Monday and has not arrived."),
        ("Refund for order {n}", "I returned order {n} two weeks ago. When will I get my refund?"),
        ("Invoice {n} charged twice", "Our card was charged twice for invoice {n}. Please fix it."),
    ],
    "ta": [
        ("பார்சல் {n} இன்னும் வரவில்லை", "வணக்கம், என் பார்சல் {n} திங்கள் அன்று வர வேண்டும், இன்னும் வரவில்லை."),
        ("ஆர்டர் {n} பணம் திரும்ப", "ஆர்டர் {n} திருப்பி அனுப்பி இரண்டு வாரம் ஆகிறது. பணம் எப்போது வரும்?"),
    ],
    "tl": [
        ("Nasaan na ang parcel {n}?", "Hello po, tatlong araw na pong delayed ang parcel {n} ko."),
        ("Refund sa order {n}", "Naibalik ko na po ang order {n}. Kailan po ang refund?"),
    ],
    "hy": [
        (
            "Ծանրոց {n}-ը չի առաքվել",
            "Բարև Ձեզ, իմ {n} ծանրոցը պետք է առաքվեր երկուշաբթի, բայց չկա։",
        ),
        (
            "Վերադարձ՝ պատվեր {n}",
            "Երկու շաբաթ առաջ վերադարձրել եմ {n} պատվերը։ Ե՞րբ կստանամ գումարը։",
        ),
    ],
}
PDF = b"%PDF-1.4\n" + bytes(random.Random(1).randrange(256) for _ in range(40_000)) + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(random.Random(2).randrange(256) for _ in range(20_000))


def make_messages(n: int, seed: int = 5) -> list[bytes]:
    rng = random.Random(seed)
    sent: list[tuple[str, str, str]] = []  # (message id, sender, subject)
    out = []
    for i in range(n):
        lang = rng.choices(["en", "ta", "tl", "hy"], weights=[4, 2, 2, 2])[0]
        mail = EmailMessage()
        if sent and rng.random() < 0.33:
            parent_id, sender, subject = rng.choice(sent[-500:])
            mail["In-Reply-To"] = mail["References"] = f"<{parent_id}>"
            subject = f"Re: {subject}"
            body = "Any news? " + rng.choice(TEXTS[lang])[1].format(n=f"SV{i:07d}")
        else:
            sender = f"customer{rng.randrange(n // 4 + 1)}@mail{rng.randrange(50)}.example"
            template = rng.choice(TEXTS[lang])
            subject = template[0].format(n=f"SV{i:07d}")
            body = template[1].format(n=f"SV{i:07d}")
        message_id = make_msgid(domain="mail.example")
        mail["From"] = sender
        mail["To"] = "help@desk.example"
        mail["Subject"] = subject
        mail["Message-ID"] = message_id
        mail["Date"] = format_datetime(START + timedelta(minutes=i))
        mail.set_content(body + "\n\n-- \nSent from my phone\n")
        if rng.random() < 0.4:
            mail.add_alternative(f"<p>{body}</p><blockquote>earlier message</blockquote>", "html")
        kind = rng.random()
        if kind < 0.2:
            mail.add_attachment(
                PDF, maintype="application", subtype="pdf", filename=f"invoice-{i}.pdf"
            )
        elif kind < 0.33:
            mail.add_attachment(PNG, maintype="image", subtype="png", filename=f"photo-{i}.png")
        sent.append((message_id.strip("<>"), sender, subject))
        out.append(mail.as_bytes())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    os.environ["SEVAI_DATA_DIR"] = tempfile.mkdtemp(prefix="mail-", dir=out)
    os.environ.setdefault("SECRET_KEY", "bench-secret-key-0123456789-0123456789-0123456789")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sevai.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from rich.progress import Progress

    from sevai.mail.models import InboundMessage, Mailbox
    from sevai.mail.processing import process_message
    from sevai.mail.store import store_raw
    from sevai.search.index import reindex_all
    from sevai.tickets.models import Message, Ticket

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
        reindex_all()  # flush leaves the raw search table alone
    call_command("migrate", verbosity=0)
    mailbox = Mailbox.objects.create(
        name="Help", address="help@desk.example", send_acknowledgement=False
    )
    raws = make_messages(args.messages)
    total_bytes = sum(len(r) for r in raws)
    started = time.perf_counter()
    with Progress() as progress:
        bar = progress.add_task("mail", total=len(raws))
        for raw in raws:
            inbound, _created = store_raw(raw, mailbox=mailbox, source="import", enqueue=False)
            process_message(inbound.pk)
            progress.advance(bar)
    elapsed = time.perf_counter() - started
    states = dict(InboundMessage.objects.values_list("state").annotate(n=Count("id")))
    print(
        json.dumps(
            {
                "benchmark": "mail_ingest",
                "database": connection.vendor,
                "cpu_count": os.cpu_count(),
                "messages": len(raws),
                "megabytes": round(total_bytes / 1e6, 1),
                "seconds": round(elapsed, 1),
                "messages_per_s": round(len(raws) / elapsed, 1),
                "tickets": Ticket.objects.count(),
                "customer_messages": Message.objects.filter(kind="customer").count(),
                "inbound_states": states,
            }
        )
    )


if __name__ == "__main__":
    main()
