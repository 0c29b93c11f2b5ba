"""Asking the assistant from a channel, once the customer's message is stored and committed.

The message is already safe when the assistant runs, so a failing assistant must not cost the
customer anything: the error is logged and the channel carries on as if it had kept quiet
(a person answers). Email intake asks only for new tickets, after its transaction commits.
"""

from __future__ import annotations

import logging

from django.db import transaction

from sevai.assistant.actions import respond_to_customer
from sevai.assistant.models import Turn
from sevai.mail.models import Mailbox
from sevai.tickets.models import Message

logger = logging.getLogger("sevai.assistant")


def answer_customer(
    message: Message, *, brand_id: int | None = None, mailbox: Mailbox | None = None
) -> Turn | None:
    """The assistant's turn on a stored customer message; None when it keeps quiet or fails."""
    try:
        return respond_to_customer(message, brand_id=brand_id, mailbox=mailbox)
    except Exception:
        logger.exception("assistant: message %s left to a person after an error", message.pk)
        return None


def answer_after_commit(message: Message, *, mailbox: Mailbox | None) -> None:
    """Ask the assistant once the current transaction (which stored `message`) commits."""
    transaction.on_commit(lambda: answer_customer(message, mailbox=mailbox))
