"""Agents, teams and the current user: /agents, /teams, /me."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from ninja import Query, Router

from sevai.accounts import actions
from sevai.accounts.models import Team, User
from sevai.accounts.schemas import AgentOut, TeamCreate, TeamOut
from sevai.lib.cursor import CursorPage, PageParams, paginate

router = Router()


def current_user(request: HttpRequest) -> User:
    """The agent behind the API token (TokenAuth puts it on request.user)."""
    return cast(User, request.user)


@router.get("/me", response=AgentOut, tags=["agents"], summary="The agent behind the token")
def me(request: HttpRequest) -> User:
    return User.objects.prefetch_related("teams").get(pk=current_user(request).pk)


@router.get("/agents", response=CursorPage[AgentOut], tags=["agents"], summary="Active agents")
def list_agents(request: HttpRequest, page: Query[PageParams]) -> object:
    agents = User.objects.filter(is_active=True).prefetch_related("teams")
    return paginate(agents, order=["username"], cursor=page.cursor, limit=page.limit)


@router.get("/teams", response=CursorPage[TeamOut], tags=["teams"], summary="Teams by name")
def list_teams(request: HttpRequest, page: Query[PageParams]) -> object:
    return paginate(Team.objects.all(), order=["name"], cursor=page.cursor, limit=page.limit)


@router.post("/teams", response={201: TeamOut}, tags=["teams"], summary="Create a team (admins)")
def create_team(request: HttpRequest, payload: TeamCreate) -> tuple[int, Team]:
    team = actions.create_team(
        payload.name.strip(), actor=current_user(request), description=payload.description
    )
    return 201, team
