"""Benchmark: create tickets through the service layer, then time the inbox and ticket pages.

    .venv/bin/python bench/tickets.py [--tickets 100000] [--requests 300]
    DATABASE_URL=postgres://root@127.0.0.1:5432/sevai_bench .venv/bin/python bench/tickets.py

Creates TICKETS tickets with 4 messages each (customer message, internal note, public reply,
customer follow-up) through sevai.tickets.actions, then starts `sevai serve` and requests the
inbox first page and random ticket pages over HTTP on 127.0.0.1. Prints one JSON object.
Uses a fresh SQLite file under bench/out/ unless DATABASE_URL is set (that database is wiped).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return round(ordered[k], 2)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup_django(data_dir: Path) -> None:
    os.environ["SEVAI_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("SECRET_KEY", "bench-secret-key-0123456789-0123456789-0123456789")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sevai.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_tickets(n: int) -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from rich.progress import Progress

    from sevai.accounts.actions import create_team, create_user
    from sevai.customers.models import Customer, Identity
    from sevai.search.index import reindex_all
    from sevai.tickets import actions

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
        reindex_all()  # flush leaves the raw search table alone
    call_command("migrate", verbosity=0)
    team = create_team("Deliveries", actor=None)
    agents = [create_user(f"bench{i}", password="bench-password-1") for i in range(6)]
    for a in agents:
        a.teams.add(team)
    with transaction.atomic():
        customers = Customer.objects.bulk_create(
            [Customer(name=f"Customer {i}", language="en") for i in range(max(100, n // 20))]
        )
        Identity.objects.bulk_create(
            [Identity(customer=c, kind="email", value=f"c{c.pk}@bench.example") for c in customers]
        )
    rng = random.Random(1)
    start_at = timezone.now() - timedelta(days=90)
    statuses = ["open", "pending", "solved", "closed", "on_hold", "new"]
    started = time.perf_counter()
    with Progress() as progress:
        bar = progress.add_task("tickets", total=n)
        batch = 200
        for first in range(0, n, batch):
            with transaction.atomic():
                for i in range(first, min(n, first + batch)):
                    at = start_at + timedelta(seconds=i * 77)
                    agent = agents[i % len(agents)]
                    ticket = actions.open_ticket(
                        customer=customers[rng.randrange(len(customers))],
                        subject=f"Parcel {i} delayed at the depot",
                        body=f"Hello, my parcel SV{i:08d} has not arrived. Where is it?",
                        channel=rng.choice(["email", "chat", "web_form", "api"]),
                        at=at,
                    )
                    actions.add_note(ticket, "Checked with the depot.", actor=agent, at=at)
                    actions.reply(ticket, "It is on its way, sorry.", actor=agent, at=at)
                    actions.add_customer_message(ticket, "Thank you!", channel="email", at=at)
                    status = statuses[i % len(statuses)]
                    if status != "open":
                        actions.change_status(ticket, status, actor=agent)
            progress.update(bar, advance=min(batch, n - first))
    elapsed = time.perf_counter() - started
    return {"tickets": n, "seconds": round(elapsed, 1), "tickets_per_s": round(n / elapsed, 1)}


def count_tickets() -> int:
    from sevai.tickets.models import Ticket

    return Ticket.objects.count()


def session_cookie() -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from sevai.accounts.models import User

    user = User.objects.get(username="bench0")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key or ""


def time_pages(requests: int) -> dict[str, object]:
    import httpx

    from sevai.tickets.models import Ticket

    port = free_port()
    env = dict(os.environ)
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "sevai.cli", "serve", "--port", str(port), "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(base + "/login/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        cookies = {"sessionid": session_cookie()}
        numbers = list(Ticket.objects.values_list("number", flat=True).order_by("?")[:requests])
        results: dict[str, object] = {}
        with httpx.Client(base_url=base, cookies=cookies, timeout=30) as client:
            for name, paths in {
                "inbox_first_page": ["/inbox/?view=open"] * requests,
                "inbox_open_sorted_by_priority": ["/inbox/?view=open&sort=-priority"] * requests,
                "inbox_all_tickets": ["/inbox/?view=all"] * requests,
                "ticket_page": [f"/tickets/{n}/" for n in numbers],
                "top_bar_search_message_text": [
                    f"/search/?partial=1&q=SV{n - 10001:08d}" for n in numbers
                ],
                "top_bar_search_customer": [
                    f"/search/?partial=1&q=c{n % 1000 + 1}@bench" for n in numbers
                ],
            }.items():
                for path in paths[:10]:  # warm up
                    client.get(path)
                timings = []
                for path in paths:
                    t0 = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - t0) * 1000)
                    assert response.status_code == 200, (path, response.status_code)
                results[name] = {
                    "requests": len(timings),
                    "p50_ms": percentile(timings, 50),
                    "p95_ms": percentile(timings, 95),
                    "mean_ms": round(statistics.mean(timings), 2),
                }
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument(
        "--reuse",
        metavar="DATA_DIR",
        help="time the pages of a desk an earlier run created (SQLite data dir); create nothing",
    )
    args = parser.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    data_dir = (
        Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="tickets-", dir=out))
    )
    setup_django(data_dir)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from django.db import connection

    if args.reuse:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    created = None if args.reuse else create_tickets(args.tickets)
    pages = time_pages(args.requests)
    print(
        json.dumps(
            {
                "benchmark": "tickets",
                "database": connection.vendor,
                "cpu_count": os.cpu_count(),
                "messages_per_ticket": 4,
                "create": created,
                "tickets_in_database": count_tickets(),
                **pages,
            }
        )
    )


if __name__ == "__main__":
    main()
