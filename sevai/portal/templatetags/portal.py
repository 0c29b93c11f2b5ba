"""Customer-facing words for ticket states."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from sevai.tickets.models import Ticket

register = template.Library()


@register.filter
def customer_status(status: str) -> str:
    """What a ticket's status means to the customer who asked."""
    if status == Ticket.Status.PENDING:
        return _("Waiting for you")
    if status == Ticket.Status.SOLVED:
        return _("Solved")
    if status == Ticket.Status.CLOSED:
        return _("Closed")
    return _("Waiting for us")  # new, open, on hold: our turn
