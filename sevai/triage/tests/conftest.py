from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sevai.triage import storage


@pytest.fixture(autouse=True)
def models_dir(settings, tmp_path: Path) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    """Each test trains into its own folder; no model leaks into another test."""
    settings.TRIAGE_MODELS_DIR = tmp_path / "models"
    settings.TRIAGE_EMBEDDINGS = False  # fast; the tests that need embeddings turn them on
    storage.forget_loaded()
    yield settings.TRIAGE_MODELS_DIR
    storage.forget_loaded()
