"""Every state change on tickets goes through these functions.

Each one locks the ticket, writes, records an Event in the same transaction and defers
side effects (webhooks, live updates) until commit.
"""

from sevai.tickets.actions.lifecycle import (
    assign_ticket,
    change_priority,
    change_status,
    set_tags,
    transfer_ticket,
    update_ticket,
)
from sevai.tickets.actions.linking import link_tickets, merge_tickets, unlink_tickets
from sevai.tickets.actions.messages import add_customer_message, add_note, open_ticket, reply

__all__ = [
    "add_customer_message",
    "add_note",
    "assign_ticket",
    "change_priority",
    "change_status",
    "link_tickets",
    "merge_tickets",
    "open_ticket",
    "reply",
    "set_tags",
    "transfer_ticket",
    "unlink_tickets",
    "update_ticket",
]
