"""Users, teams and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sevai.accounts.models import ApiToken, Team, User

TOKEN_PREFIX = "sev_"  # noqa: S105 (a public prefix, not a secret)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the raw secret is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the token a name, so you know later what uses it."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=raw[:12], token_hash=hash_token(raw)
    )
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User) -> ApiToken:
    if token.user_id != actor.pk and not actor.is_admin:
        raise PermissionDenied(_("You can only revoke your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for_token(raw: str) -> User | None:
    """The active user behind a raw token, or None. Marks the token used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def create_user(
    username: str,
    *,
    password: str | None,
    role: str = User.Role.AGENT,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    languages: list[str] | None = None,
    skills: list[str] | None = None,
    teams: list[Team] | None = None,
) -> User:
    if role not in User.Role.values:
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role})
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("The username %(u)s is taken.") % {"u": username})
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        languages=languages or [],
        skills=skills or [],
        is_staff=role == User.Role.ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    if teams:
        user.teams.set(teams)
    return user


@transaction.atomic
def update_profile(user: User, **fields: object) -> User:
    allowed = {"display_name", "languages", "skills", "locale", "time_zone", "is_available"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for key, value in fields.items():
        setattr(user, key, value)
    user.save(update_fields=list(fields))
    return user


@transaction.atomic
def create_team(name: str, *, actor: User | None, description: str = "") -> Team:
    if actor is not None and not actor.is_admin:
        raise PermissionDenied(_("Only admins manage teams."))
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Give the team a name."))
    if Team.objects.filter(name__iexact=name).exists():
        raise ValidationError(_("A team named %(name)s exists already.") % {"name": name})
    base = slugify(name)[:40] or "team"
    slug, n = base, 1
    while Team.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Team.objects.create(name=name[:100], slug=slug, description=description.strip())


def generate_password() -> str:
    """A random initial password, shown once to the admin who creates the account."""
    return secrets.token_urlsafe(12)


def active_admins_besides(user: User) -> bool:
    return User.objects.filter(role=User.Role.ADMIN, is_active=True).exclude(pk=user.pk).exists()


@transaction.atomic
def update_user_by_admin(
    user: User,
    *,
    actor: User,
    role: str,
    teams: Iterable[Team],
    is_active: bool,
    languages: list[str],
    skills: list[str],
) -> User:
    """An admin changes someone's role, teams, languages, skills or deactivates them.

    Accounts are deactivated, never deleted: their messages and events keep an author.
    At least one active admin always remains.
    """
    if not actor.is_admin:
        raise PermissionDenied(_("Only admins manage users."))
    if role not in User.Role.values:
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role})
    user = User.objects.select_for_update().get(pk=user.pk)
    stays_admin = role == User.Role.ADMIN and is_active
    if user.is_admin and user.is_active and not stays_admin and not active_admins_besides(user):
        raise ValidationError(
            _("%(name)s is the last active admin; make someone else an admin first.")
            % {"name": user.name}
        )
    user.role = role
    user.is_staff = role == User.Role.ADMIN
    user.is_active = is_active
    user.languages = languages
    user.skills = skills
    user.save(update_fields=["role", "is_staff", "is_active", "languages", "skills"])
    user.teams.set(list(teams))
    return user


@transaction.atomic
def set_availability(user: User, available: bool) -> User:
    """Switch "available for chat" on or off for the agent."""
    if user.is_available != available:
        user.is_available = available
        user.save(update_fields=["is_available"])
    return user
