from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sevai.tickets.models import Notification
from sevai.workspace.actions import mark_notifications_read
from sevai.workspace.views.common import workspace_user


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = workspace_user(request)
    notifications = list(
        Notification.objects.filter(user=user).select_related("ticket", "actor")[:100]
    )
    return render(
        request,
        "workspace/notifications.html",
        {"notifications": notifications, "section": "notifications"},
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    mark_notifications_read(workspace_user(request))
    return redirect("notifications")
