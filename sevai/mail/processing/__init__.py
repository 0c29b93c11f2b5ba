"""From stored raw bytes to a ticket: parse, classify, identify, thread, write, explain.

`process_message(inbound_id)` is what the queue runs; `inspect_message(raw)` runs the same
steps without writing, for `sevai mail inspect`.
"""

from sevai.mail.processing.dry_run import inspect_message
from sevai.mail.processing.run import MAX_ATTEMPTS, process_message
from sevai.mail.processing.understand import Action, Understanding, understand

__all__ = [
    "MAX_ATTEMPTS",
    "Action",
    "Understanding",
    "inspect_message",
    "process_message",
    "understand",
]
