"""Chat widget settings (admins): add a widget, style it, copy its script tag."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sevai.accounts.decorators import admin_required
from sevai.brands.queries import default_brand
from sevai.chat.actions.widgets import rotate_secret, save_widget
from sevai.chat.forms import WidgetForm
from sevai.chat.identity import user_hash
from sevai.chat.models import ChatWidget


def _context(**extra: object) -> dict[str, object]:
    return {"section": "settings", "settings_page": "chat", **extra}


@never_cache
@admin_required
@require_http_methods(["GET", "POST"])
def widget_list(request: HttpRequest) -> HttpResponse:
    form = WidgetForm(request.POST or None, initial={"brand": default_brand().pk})
    if request.method == "POST" and form.is_valid():
        widget = save_widget(form)
        messages.success(request, _("Chat widget %(name)s added.") % {"name": widget.name})
        return redirect("chat_widget", widget.pk)
    widgets = ChatWidget.objects.select_related("brand", "team")
    return render(
        request,
        "chat/widgets.html",
        _context(widgets=widgets, form=form),
        status=400 if form.errors else 200,
    )


@never_cache
@admin_required
@require_http_methods(["GET", "POST"])
def widget_edit(request: HttpRequest, widget_id: int) -> HttpResponse:
    widget = get_object_or_404(ChatWidget.objects.select_related("brand"), pk=widget_id)
    form = WidgetForm(request.POST or None, instance=widget)
    if request.method == "POST" and form.is_valid():
        save_widget(form)
        messages.success(request, _("Chat widget %(name)s saved.") % {"name": widget.name})
        return redirect("chat_widget", widget.pk)
    context = _context(
        widget=widget,
        form=form,
        base_url=settings.BASE_URL,
        example_hash=user_hash(widget, "42"),
    )
    return render(request, "chat/widget_edit.html", context, status=400 if form.errors else 200)


@admin_required
@require_POST
def widget_rotate_secret(request: HttpRequest, widget_id: int) -> HttpResponse:
    widget = get_object_or_404(ChatWidget, pk=widget_id)
    rotate_secret(widget)
    messages.success(request, _("New secret made: update the sites that sign user identities."))
    return redirect("chat_widget", widget.pk)
