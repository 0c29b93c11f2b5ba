"""Where the shared test data (../shared beside the repository) lives."""

from __future__ import annotations

from pathlib import Path

_REPO = Path(__file__).resolve().parents[2]  # sevai/testing/shared.py → the repository
# ../shared beside the checkout (as on CI); a shared/ inside it as a fallback.
SHARED = next(
    (p / "shared" for p in (_REPO.parent, _REPO) if (p / "shared").is_dir()),
    _REPO.parent / "shared",
)
SHARED_EMAILS = SHARED / "emails"
