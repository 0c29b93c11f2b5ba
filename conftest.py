"""Test-wide set-up: isolated data dir, service availability, common fixtures."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SEVAI_DATA_DIR", tempfile.mkdtemp(prefix="sevai-test-"))
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-use-0123456789")
