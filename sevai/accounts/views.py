"""Settings pages: profile, API tokens, users and teams."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from sevai.accounts import actions
from sevai.accounts.decorators import admin_required, current_user
from sevai.accounts.forms import ApiTokenForm, ProfileForm, TeamForm, UserCreateForm, UserEditForm
from sevai.accounts.models import ApiToken, Team, User


def settings_context(page: str, **extra: Any) -> dict[str, Any]:
    """Context every settings page shares: the sidebar highlights nothing, the tabs `page`."""
    return {"section": "settings", "settings_page": page, **extra}


def error_messages(exc: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc) or _("You are not allowed to do this.")]


# --- Profile -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = ProfileForm.for_user(user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            actions.update_profile(user, **form.profile_fields())
            messages.success(request, _("Your profile is saved."))
            return redirect("profile")
        return render(
            request, "accounts/profile.html", settings_context("profile", form=form), status=422
        )
    return render(request, "accounts/profile.html", settings_context("profile", form=form))


@login_required
@require_POST
def availability(request: HttpRequest) -> HttpResponse:
    """Switch "available for chat" from anywhere; htmx gets the button back."""
    user = actions.set_availability(current_user(request), request.POST.get("available") == "1")
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "accounts/partials/availability.html", {"user": user})
    if user.is_available:
        messages.success(request, _("You are available for chat."))
    else:
        messages.success(request, _("You are away: no new chats are offered to you."))
    return redirect("profile")


# --- API tokens ----------------------------------------------------------------------------


def _tokens_page(
    request: HttpRequest, form: ApiTokenForm, *, raw: str = "", status: int = 200
) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=current_user(request)).order_by("-created_at")
    context = settings_context(
        "tokens",
        form=form,
        tokens=tokens,
        raw_token=raw,
        api_url=f"{settings.BASE_URL}/api/v1/tickets",
    )
    return render(request, "accounts/api_tokens.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _tokens_page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form, status=422)
    try:
        _token, raw = actions.create_api_token(current_user(request), form.cleaned_data["name"])
    except ValidationError as exc:
        form.add_error("name", exc)
        return _tokens_page(request, form, status=422)
    # The raw token is rendered on this response only; it is stored hashed.
    return _tokens_page(request, ApiTokenForm(), raw=raw)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    user = current_user(request)
    token = get_object_or_404(ApiToken, pk=token_id, user=user)
    actions.revoke_api_token(token, actor=user)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("api_tokens")


# --- Users and teams (admins) --------------------------------------------------------------


def _users_page(
    request: HttpRequest,
    *,
    user_form: UserCreateForm | None = None,
    team_form: TeamForm | None = None,
    status: int = 200,
) -> HttpResponse:
    users = User.objects.prefetch_related("teams").order_by("-is_active", "username")
    teams = Team.objects.annotate(member_count=Count("members")).order_by("name")
    context = settings_context(
        "users",
        users=users,
        teams=teams,
        user_form=user_form or UserCreateForm(),
        team_form=team_form or TeamForm(),
    )
    return render(request, "accounts/users.html", context, status=status)


@never_cache
@sensitive_post_parameters("password")
@admin_required
@require_http_methods(["GET", "POST"])
def admin_users(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _users_page(request)
    form = UserCreateForm(request.POST)
    if not form.is_valid():
        return _users_page(request, user_form=form, status=422)
    data = form.cleaned_data
    password = data["password"] or actions.generate_password()
    try:
        user = actions.create_user(
            data["username"],
            password=password,
            role=data["role"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            languages=form.spoken_languages(),
            skills=form.skill_list(),
            teams=list(data["teams"]),
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _users_page(request, user_form=form, status=422)
    context = settings_context(
        "users",
        new_user=user,
        # Shown once, only when we generated it; an admin who typed one knows it.
        generated_password="" if data["password"] else password,
    )
    return render(request, "accounts/user_created.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
def admin_user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(User, pk=user_id)
    form = UserEditForm.for_user(user, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.update_user_by_admin(
                    user,
                    actor=current_user(request),
                    role=data["role"],
                    teams=data["teams"],
                    is_active=data["is_active"],
                    languages=form.spoken_languages(),
                    skills=form.skill_list(),
                )
            except (ValidationError, PermissionDenied) as exc:
                for message in error_messages(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, _("%(name)s is saved.") % {"name": user.name})
                return redirect("admin_users")
    context = settings_context("users", form=form, edited=user)
    return render(request, "accounts/user_edit.html", context, status=status)


@admin_required
@require_http_methods(["GET", "POST"])
def admin_teams(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("admin_users")
    form = TeamForm(request.POST)
    if form.is_valid():
        try:
            team = actions.create_team(
                form.cleaned_data["name"],
                actor=current_user(request),
                description=form.cleaned_data["description"],
            )
        except (ValidationError, PermissionDenied) as exc:
            for message in error_messages(exc):
                form.add_error("name", message)
        else:
            messages.success(request, _("The team %(name)s is created.") % {"name": team.name})
            return redirect("admin_users")
    return _users_page(request, team_form=form, status=422)
