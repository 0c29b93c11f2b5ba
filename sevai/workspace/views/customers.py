"""Customer profiles, search, identities, merging; organizations."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sevai.customers import actions
from sevai.customers.models import Customer, Identity, Organization
from sevai.customers.queries import customer_for, organizations_with_counts, search_customers
from sevai.tickets.models import Ticket
from sevai.workspace.forms import CustomerForm, CustomerMergeForm, IdentityForm
from sevai.workspace.views.common import error_text, workspace_user


@login_required
def customer_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    customers = search_customers(query, limit=100)
    return render(
        request,
        "workspace/customers.html",
        {"customers": customers, "q": query, "section": "customers"},
    )


@login_required
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_for(pk)
    if customer.merged_into_id:
        messages.info(request, _("This customer was merged; showing the profile kept."))
        return redirect("customer", pk=customer.merged_into_id)
    tickets = list(
        Ticket.objects.filter(customer=customer)
        .select_related("assignee", "team")
        .order_by("-created_at")[:200]
    )
    form = CustomerForm(
        initial={
            "name": customer.name,
            "organization": customer.organization_id,
            "language": customer.language,
            "time_zone": customer.time_zone,
            "is_vip": customer.is_vip,
            "value": customer.value,
            "notes": customer.notes,
        }
    )
    return render(
        request,
        "workspace/customer.html",
        {
            "customer": customer,
            "identities": list(customer.identities.all()),
            "tickets": tickets,
            "form": form,
            "identity_form": IdentityForm(),
            "merge_form": CustomerMergeForm(),
            "can_edit": workspace_user(request).can_reply_publicly,
            "section": "customers",
        },
    )


def _apply(
    request: HttpRequest, pk: int, change: Callable[[], object], success: str = ""
) -> HttpResponse:
    try:
        change()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        if success:
            messages.success(request, success)
    return redirect("customer", pk=pk)


@login_required
@require_POST
def customer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_for(pk)
    form = CustomerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("customer", pk=pk)
    user = workspace_user(request)
    return _apply(
        request,
        pk,
        lambda: actions.update_customer(customer, actor=user, **form.cleaned_data),
        _("Saved the customer's profile."),
    )


@login_required
@require_POST
def identity_add(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_for(pk)
    form = IdentityForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("customer", pk=pk)
    user = workspace_user(request)
    return _apply(
        request,
        pk,
        lambda: actions.add_identity(
            customer, form.cleaned_data["kind"], form.cleaned_data["value"], actor=user
        ),
    )


@login_required
@require_POST
def identity_remove(request: HttpRequest, pk: int, identity_id: int) -> HttpResponse:
    identity = get_object_or_404(Identity, pk=identity_id, customer_id=pk)
    user = workspace_user(request)
    return _apply(request, pk, lambda: actions.remove_identity(identity, actor=user))


@login_required
@require_POST
def customer_merge(request: HttpRequest, pk: int) -> HttpResponse:
    source = customer_for(pk)
    form = CustomerMergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("customer", pk=pk)
    target = get_object_or_404(Customer, pk=form.cleaned_data["into"])
    try:
        actions.merge_customers(source, target, actor=workspace_user(request))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return redirect("customer", pk=pk)
    messages.success(
        request,
        _("Merged %(source)s into %(target)s; all tickets and identities moved.")
        % {"source": source, "target": target},
    )
    return redirect("customer", pk=target.pk)


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workspace/organizations.html",
        {"organizations": organizations_with_counts(), "section": "organizations"},
    )


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    customers = list(
        organization.customers.filter(merged_into__isnull=True).prefetch_related("identities")
    )
    tickets = list(
        Ticket.objects.filter(customer__organization=organization)
        .select_related("customer", "assignee")
        .order_by("-updated_at")[:100]
    )
    return render(
        request,
        "workspace/organization.html",
        {
            "organization": organization,
            "customers": customers,
            "tickets": tickets,
            "section": "organizations",
        },
    )
