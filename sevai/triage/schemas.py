from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

Priority = Literal["low", "normal", "high", "urgent"]


class FlagOut(Schema):
    raised: bool
    confidence: float
    cues: list[str]


class PredictionOut(Schema):
    """Triage for one ticket. Empty topic: the model abstained or none is trained yet."""

    ticket: int = Field(description="The ticket's number.")
    language: str = Field(description="The ticket's language (detected unless given).")
    topic: str
    topic_confidence: float = Field(description="Probability the topic is right (0-1).")
    priority: Priority | Literal[""]
    priority_confidence: float
    priority_reason: str = Field(description="model, flags, vip or default.")
    urgent: FlagOut
    angry: FlagOut
    churn_risk: FlagOut
    model_version: str = Field(description='"" when no trained model was used.')
    corrected_topic: str
    corrected_priority: Priority | Literal[""]
    corrected_at: datetime | None
    updated_at: datetime


class CorrectionIn(Schema):
    """What the topic and/or priority really are; applied to the ticket unless apply=false."""

    model_config = ConfigDict(extra="forbid")

    topic: str | None = Field(None, max_length=64)
    priority: Priority | None = None
    apply: bool = True
