"""Benchmark: how many chat visitors one `sevai serve` process holds, and message round trips.

    .venv/bin/python bench/chat.py [--connections 2000] [--messages 400] [--senders 20]

Creates a widget and CONNECTIONS conversations in a fresh SQLite database under bench/out/
(or DATABASE_URL, which is wiped), starts `sevai serve` on 127.0.0.1, opens CONNECTIONS visitor
WebSockets (at most --opening at a time: a bounded load generator), each saying hello, and keeps
them all open. Then --senders visitors at a time send MESSAGES messages in all; the round trip
is from sending a message to its acknowledgement (the message is stored on a chat ticket, and
broadcast, before the ack). While that runs every other socket stays connected. Prints one
JSON object: connections held, the time it took to open them, the server's memory, and the
round trip p50/p95.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from tickets import free_port, percentile, setup_django  # noqa: E402


def create_conversations(n: int) -> tuple[str, list[str]]:
    from django.core.management import call_command
    from django.utils import timezone
    from rich.progress import track

    from sevai.brands.queries import default_brand
    from sevai.chat.actions.widgets import save_widget
    from sevai.chat.forms import WidgetForm
    from sevai.chat.identity import new_visitor_key, visitor_token
    from sevai.chat.models import Conversation

    call_command("migrate", verbosity=0)
    form = WidgetForm(
        {"name": "Bench", "brand": default_brand().pk, "pre_chat": "off", "is_active": "on"}
    )
    assert form.is_valid(), form.errors
    widget = save_widget(form)
    now = timezone.now()
    rows = [
        Conversation(widget=widget, visitor_key=new_visitor_key(), created_at=now, last_seen_at=now)
        for _ in track(range(n), description="conversations")
    ]
    Conversation.objects.bulk_create(rows, batch_size=1000)
    tokens = [visitor_token(c) for c in Conversation.objects.filter(widget=widget).order_by("pk")]
    return widget.key, tokens


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


async def run_load(
    url: str, tokens: list[str], *, opening: int, messages: int, senders: int
) -> dict[str, object]:
    import websockets

    gate = asyncio.Semaphore(opening)
    sockets: list[object] = []
    failures = 0

    async def open_one(token: str) -> None:
        nonlocal failures
        async with gate:
            try:
                ws = await websockets.connect(
                    f"{url}?token={token}", open_timeout=60, max_queue=None
                )
                await ws.send(json.dumps({"type": "hello", "last_seq": 0}))
                await ws.recv()  # history
                await ws.recv()  # status
                sockets.append(ws)
            except Exception:
                failures += 1

    started = time.perf_counter()
    await asyncio.gather(*(open_one(t) for t in tokens))
    open_seconds = time.perf_counter() - started

    rtts: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(messages):
        queue.put_nowait(i)

    async def sender(ws: object) -> None:
        while not queue.empty():
            queue.get_nowait()
            client_id = uuid.uuid4().hex
            t0 = time.perf_counter()
            await ws.send(
                json.dumps(
                    {"type": "message", "client_id": client_id, "body": "Is my parcel on its way?"}
                )
            )  # type: ignore[attr-defined]
            while True:
                data = json.loads(await ws.recv())  # type: ignore[attr-defined]
                if data.get("type") == "ack" and data.get("client_id") == client_id:
                    break
            rtts.append((time.perf_counter() - t0) * 1000)
            await ws.recv()  # the status that follows the ack  # type: ignore[attr-defined]

    chosen = sockets[: max(1, senders)]
    t_load = time.perf_counter()
    await asyncio.gather(*(sender(ws) for ws in chosen))
    load_seconds = time.perf_counter() - t_load
    still_open = sum(1 for ws in sockets if getattr(ws, "state", None) and ws.state.name == "OPEN")  # type: ignore[attr-defined]
    for ws in sockets:
        await ws.close()  # type: ignore[attr-defined]
    return {
        "connections_requested": len(tokens),
        "connections_held": len(sockets),
        "connections_failed": failures,
        "connections_still_open_after_messages": still_open,
        "seconds_to_open_all": round(open_seconds, 1),
        "messages": len(rtts),
        "concurrent_senders": len(chosen),
        "messages_per_second": round(len(rtts) / load_seconds, 1) if load_seconds else None,
        "round_trip_ms_p50": percentile(rtts, 50) if rtts else None,
        "round_trip_ms_p95": percentile(rtts, 95) if rtts else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--connections", type=int, default=2000)
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--opening", type=int, default=100, help="connections being opened at once")
    args = parser.parse_args()

    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="chat-", dir=out))
    setup_django(data_dir)
    if os.environ.get("DATABASE_URL"):
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
    key, tokens = create_conversations(args.connections)

    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "sevai.cli", "serve", "--port", str(port), "--no-worker"],
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import httpx

        for _ in range(150):
            try:
                httpx.get(f"http://127.0.0.1:{port}/login/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        rss_before = rss_mb(server.pid)
        result = asyncio.run(
            run_load(
                f"ws://127.0.0.1:{port}/ws/chat/{key}/",
                tokens,
                opening=args.opening,
                messages=args.messages,
                senders=args.senders,
            )
        )
        result["server_rss_mb_idle"] = rss_before
        result["server_rss_mb_loaded"] = rss_mb(server.pid)
        result["database"] = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
        result["cpu_count"] = os.cpu_count()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
