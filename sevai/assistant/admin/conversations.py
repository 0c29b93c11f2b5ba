"""The assistant's conversations in the workspace: every turn with filters and the deflection
summary, a turn's page with its correction form, and the card on the agent's ticket page.

Agents and admins see them; only admins correct (and delete corrections). Light agents see
the card on tickets they open, not these pages.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sevai.accounts.decorators import admin_required, current_user
from sevai.assistant import actions
from sevai.assistant.admin import queries
from sevai.assistant.admin.actions import delete_correction
from sevai.assistant.admin.forms import DEFAULT_PERIOD, CorrectionForm, TurnFilterForm
from sevai.assistant.models import Correction, Turn
from sevai.assistant.queries import turns_for_ticket
from sevai.tickets.queries import ticket_for
from sevai.workspace.views.common import PAGE_SIZE, error_text, query_without

View = Callable[..., HttpResponse]


def reviewer_required(view: View) -> View:
    """Agents and admins; anonymous visitors go to the login page, light agents get 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not current_user(request).can_reply_publicly:
            raise PermissionDenied(_("Only agents and admins can see the assistant's work."))
        return view(request, *args, **kwargs)

    return wrapper


@reviewer_required
@require_GET
def turn_list(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("period", DEFAULT_PERIOD)
    form = TurnFilterForm(data)
    filters = form.cleaned_data if form.is_valid() else {}
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    qs = queries.filtered_turns(filters)
    turns, has_next = queries.turns_page(qs, page=page, size=PAGE_SIZE)
    context = {
        "section": "assistant",
        "form": form,
        "turns": turns,
        "summary": queries.deflection(qs),
        "page": page,
        "has_prev": page > 1,
        "has_next": has_next,
        "query_without_page": query_without(request, "page"),
    }
    return render(request, "assistant/turns.html", context)


def _turn_page(
    request: HttpRequest,
    turn: Turn,
    *,
    form: CorrectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    find = request.GET.get("find", "").strip()[:200]
    context = {
        "section": "assistant",
        "turn": turn,
        "corrections": queries.corrections_for(turn),
        "can_correct": current_user(request).is_admin,
        "choices": queries.article_choices(turn, find),
        "find": find,
        "form": form or CorrectionForm(),
    }
    return render(request, "assistant/turn.html", context, status=status)


@reviewer_required
@require_GET
def turn_detail(request: HttpRequest, turn_id: int) -> HttpResponse:
    return _turn_page(request, queries.turn_for_page(turn_id))


@admin_required
@require_POST
def turn_correct(request: HttpRequest, turn_id: int) -> HttpResponse:
    turn = queries.turn_for_page(turn_id)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _turn_page(request, turn, form=form, status=422)
    article = form.cleaned_data["article"]
    try:
        actions.correct_turn(turn, article, actor=current_user(request))
    except (ValidationError, PermissionDenied) as exc:
        form.add_error(None, error_text(exc))
        status = 403 if isinstance(exc, PermissionDenied) else 422
        return _turn_page(request, turn, form=form, status=status)
    if article is None:
        messages.success(request, _("Saved: questions like this one will go to a person."))
    else:
        title = queries.article_title(article, turn.language)
        messages.success(
            request,
            _("Saved: questions like this one will be answered with “%(title)s”.")
            % {"title": title},
        )
    return redirect("assistant_turn", turn_id=turn.pk)


@admin_required
@require_POST
def correction_delete(request: HttpRequest, correction_id: int) -> HttpResponse:
    correction = get_object_or_404(Correction, pk=correction_id)
    turn_id = correction.turn_id
    try:
        delete_correction(correction, actor=current_user(request))
    except PermissionDenied as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The correction is deleted."))
    if turn_id is None:
        return redirect("assistant_turns")
    return redirect("assistant_turn", turn_id=turn_id)


@login_required
@require_GET
def ticket_card(request: HttpRequest, number: int) -> HttpResponse:
    """The ticket page's assistant card (loaded by htmx); empty when the assistant has not
    taken part in the ticket."""
    user = current_user(request)
    ticket = ticket_for(user, number)
    turns = list(turns_for_ticket(ticket))
    if not turns:
        return HttpResponse("")
    context = {"ticket": ticket, "turns": turns, "can_open": user.can_reply_publicly}
    return render(request, "assistant/partials/ticket_card.html", context)
