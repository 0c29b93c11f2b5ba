"""Trained models on disk: settings.TRIAGE_MODELS_DIR/triage-v0001.joblib (+ .json metadata).

Versions count up; the newest file is the one in use, so a model trained by the worker
reaches the web processes on their next prediction. The last settings.TRIAGE_KEEP_MODELS
versions are kept (a bad model is rolled back by deleting its file). Files are written to a
temporary name and renamed, so a reader never sees half a model. joblib files are pickles:
only load what this desk wrote, from its own data directory.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from sevai.triage.classifier import TopicClassifier

FILE = re.compile(r"^triage-v(\d{4,})\.joblib$")


@dataclass
class TriageModels:
    """The models one training run produced (either may be missing: too little history)."""

    version: str
    topic: TopicClassifier | None
    priority: TopicClassifier | None
    metadata: dict[str, Any] = field(default_factory=dict)


def models_dir() -> Path:
    return Path(settings.TRIAGE_MODELS_DIR)


def versions() -> list[tuple[int, Path]]:
    folder = models_dir()
    if not folder.is_dir():
        return []
    found = []
    for entry in os.scandir(folder):
        match = FILE.match(entry.name)
        if match:
            found.append((int(match.group(1)), Path(entry.path)))
    return sorted(found)


def write_models(
    topic: TopicClassifier | None, priority: TopicClassifier | None, metadata: dict[str, Any]
) -> TriageModels:
    """Store a new version and prune old ones; returns what was stored."""
    folder = models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    existing = versions()
    number = existing[-1][0] + 1 if existing else 1
    version = f"v{number:04d}"
    stored = TriageModels(version, topic, priority, {**metadata, "version": version})
    _atomic_write(folder / f"triage-{version}.json", json.dumps(stored.metadata, indent=2))
    import joblib

    with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as handle:
        joblib.dump(stored, handle, compress=3)
    os.replace(handle.name, folder / f"triage-{version}.joblib")
    for _number, path in versions()[: -max(1, settings.TRIAGE_KEEP_MODELS)]:
        path.unlink(missing_ok=True)
        path.with_suffix(".json").unlink(missing_ok=True)
    return stored


def _atomic_write(path: Path, text: str) -> None:
    with tempfile.NamedTemporaryFile(
        "w", dir=path.parent, suffix=".tmp", delete=False, encoding="utf-8"
    ) as handle:
        handle.write(text)
    os.replace(handle.name, path)


_lock = threading.Lock()
_loaded: TriageModels | None = None
_loaded_path: Path | None = None


def latest_models() -> TriageModels | None:
    """The newest stored models, loaded once per process and reloaded when a newer version
    appears; None when none was trained yet."""
    global _loaded, _loaded_path
    found = versions()
    if not found:
        return None
    path = found[-1][1]
    if path != _loaded_path:
        with _lock:
            if path != _loaded_path:
                import joblib

                try:
                    models = joblib.load(path)
                except FileNotFoundError:  # pruned by a newer run just now
                    return _loaded
                _loaded, _loaded_path = models, path
    return _loaded


def latest_metadata() -> dict[str, Any] | None:
    found = versions()
    if not found:
        return None
    try:
        data = json.loads(found[-1][1].with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def forget_loaded() -> None:
    """Drop the cached models (tests, after a change of TRIAGE_MODELS_DIR)."""
    global _loaded, _loaded_path
    with _lock:
        _loaded, _loaded_path = None, None
