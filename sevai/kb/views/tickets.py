"""The knowledge base on the ticket page: 'Create article' and reply-box suggestions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sevai.kb.actions.from_ticket import draft_article_from_ticket
from sevai.kb.suggest import suggestions_for
from sevai.kb.views.common import editor_required, error_text, kb_user
from sevai.tickets.queries import ticket_for


@editor_required
@require_POST
def from_ticket(request: HttpRequest, number: int) -> HttpResponse:
    user = kb_user(request)
    ticket = ticket_for(user, number)
    try:
        draft = draft_article_from_ticket(ticket, actor=user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("ticket", number=number)
    if not draft.created:
        messages.info(request, _("This ticket already has an article; here it is."))
    else:
        removed = sum(draft.removed.values())
        messages.success(
            request,
            ngettext(
                "Draft written from the ticket; %(n)d piece of personal data was removed. "
                "Check it, then publish.",
                "Draft written from the ticket; %(n)d pieces of personal data were removed. "
                "Check them, then publish.",
                removed,
            )
            % {"n": removed},
        )
    return redirect("kb_translation_edit", pk=draft.translation.pk)


@login_required
def suggest(request: HttpRequest, number: int) -> HttpResponse:
    """Suggested articles for the reply box (an htmx partial)."""
    ticket = ticket_for(kb_user(request), number)
    return render(request, "kb/partials/suggestions.html", {"suggestions": suggestions_for(ticket)})
