"""Request and response bodies of the agents, teams and /me endpoints."""

from __future__ import annotations

from ninja import Field, Schema
from pydantic import ConfigDict

from sevai.accounts.models import User


class TeamRef(Schema):
    id: int
    name: str


class TeamOut(Schema):
    id: int
    name: str
    slug: str
    description: str


class TeamCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    description: str = ""


class AgentRef(Schema):
    id: int
    username: str
    name: str


class AgentOut(Schema):
    id: int
    username: str
    name: str
    email: str
    role: User.Role
    languages: list[str]
    skills: list[str]
    teams: list[TeamRef]
    is_available: bool

    @staticmethod
    def resolve_teams(obj: User) -> list[object]:
        return list(obj.teams.all())
