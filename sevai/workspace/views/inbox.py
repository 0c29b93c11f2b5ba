"""The inbox: views, filters, sorting, paging and bulk actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sevai.tickets import actions
from sevai.tickets.models import SavedView, Ticket
from sevai.tickets.queries import VIEWS_BY_KEY, inbox_tickets
from sevai.workspace import actions as workspace_actions
from sevai.workspace import saved_views
from sevai.workspace.forms import BulkForm, InboxFilterForm, SavedViewForm, agent_choices
from sevai.workspace.rows import ticket_row
from sevai.workspace.views.common import (
    PAGE_SIZE,
    error_text,
    is_htmx,
    query_without,
    workspace_user,
)


def non_empty(params: QueryDict) -> QueryDict:
    """Drop empty values (an untouched filter field means "any")."""
    cleaned = QueryDict(mutable=True)
    for key, values in params.lists():
        kept = [v for v in values if v.strip()]
        if kept:
            cleaned.setlist(key, kept)
    return cleaned


def remember_inbox(request: HttpRequest, numbers: list[int]) -> None:
    """Keep the list the agent is working through, for next/previous on ticket pages."""
    url = request.get_full_path()
    if request.session.get("inbox_numbers") != numbers or request.session.get("inbox_url") != url:
        request.session["inbox_numbers"] = numbers
        request.session["inbox_url"] = url


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = workspace_user(request)
    params = non_empty(request.GET)
    saved = None
    if params.get("saved"):
        saved = get_object_or_404(saved_views.visible_to(user), pk=params.get("saved"))
        params = non_empty(QueryDict(saved.query))
    view = params.get("view", "open")
    if view not in VIEWS_BY_KEY:
        view = "open"
    agents = agent_choices()
    form = InboxFilterForm(params, agents=agents)
    filters = form.cleaned_data if form.is_valid() else {}
    sort = filters.get("sort") or "-updated"
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    qs = inbox_tickets(user, view, filters, sort)
    start = (page - 1) * PAGE_SIZE
    tickets = list(qs[start : start + PAGE_SIZE + 1])
    has_next = len(tickets) > PAGE_SIZE
    tickets = tickets[:PAGE_SIZE]
    remember_inbox(request, [t.number for t in tickets])
    context = {
        "tickets": tickets,
        "rows": [ticket_row(t, can_edit=user.can_reply_publicly) for t in tickets],
        "form": form,
        "view": VIEWS_BY_KEY[view],
        "view_key": view,
        "saved": saved,
        "active_saved_view": saved.pk if saved else None,
        "page": page,
        "has_next": has_next,
        "has_prev": page > 1,
        "query_without_page": query_without(request, "page"),
        "filter_query": params.urlencode() if saved else query_without(request, "page", "saved"),
        "bulk_form_agents": agents,
        "active_filters": form.is_valid() and any(v for k, v in filters.items() if k != "sort"),
        "can_edit": user.can_reply_publicly,
    }
    template = "workspace/partials/inbox_list.html" if is_htmx(request) else "workspace/inbox.html"
    return render(request, template, context)


@login_required
@require_POST
def bulk_update(request: HttpRequest) -> HttpResponse:
    user = workspace_user(request)
    form = BulkForm(request.POST)
    back = request.POST.get("next") or reverse("inbox")
    if not back.startswith("/"):
        back = reverse("inbox")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    data = form.cleaned_data
    tickets: list[Ticket] = list(data["ticket"])
    try:
        with transaction.atomic():
            for ticket in tickets:
                if data["action"] == "assign":
                    actions.assign_ticket(ticket, data["assignee"], actor=user)
                elif data["action"] == "close":
                    actions.change_status(ticket, Ticket.Status.SOLVED, actor=user)
                else:
                    actions.update_ticket(ticket, actor=user, add_tags=[data["tag"]])
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return redirect(back)
    messages.success(
        request,
        ngettext("Updated %(n)d ticket.", "Updated %(n)d tickets.", len(tickets))
        % {"n": len(tickets)},
    )
    return redirect(back)


@login_required
@require_POST
def save_view(request: HttpRequest) -> HttpResponse:
    user = workspace_user(request)
    form = SavedViewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the view a name."))
        return redirect(reverse("inbox") + "?" + request.POST.get("query", ""))
    saved = workspace_actions.save_view(
        user,
        form.cleaned_data["name"],
        form.cleaned_data["query"],
        shared=form.cleaned_data["shared"],
    )
    messages.success(request, _("Saved the view “%(name)s”.") % {"name": saved.name})
    return redirect(reverse("inbox") + f"?saved={saved.pk}")


@login_required
@require_POST
def delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = workspace_user(request)
    saved = get_object_or_404(SavedView, pk=pk, owner=user)
    workspace_actions.delete_view(saved)
    messages.success(request, _("Deleted the view “%(name)s”.") % {"name": saved.name})
    return redirect("inbox")
