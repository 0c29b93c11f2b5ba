"""The light types shared by training, prediction and evaluation (no heavy imports)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

Progress = Callable[[str, int, int], None]  # (stage, done, total)

if TYPE_CHECKING:  # numpy stays out of the import path of ticket actions
    import numpy as np
    import numpy.typing as npt

    Embedder = Callable[[list[str]], npt.NDArray[np.float32]]


class NotEnoughHistory(Exception):
    """Too few labelled examples to train on: the desk gets no predictions (not guesses)."""


@dataclass(frozen=True)
class Example:
    text: str
    label: str | None  # None: out of scope (belongs to no label)


@dataclass(frozen=True)
class Prediction:
    label: str | None  # None: abstained
    confidence: float  # calibrated probability that `best` is right
    best: str  # the label it would have said
