"""Loaded with `-p sevai.testing.pytest_env` before Django starts: test runs never touch ./var."""

from __future__ import annotations

import os
import tempfile

os.environ["SEVAI_DATA_DIR"] = os.environ.get("SEVAI_TEST_DATA_DIR") or tempfile.mkdtemp(
    prefix="sevai-test-"
)
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-use-0123456789")
# Parallel workers share one Redis: give each its own key space.
os.environ["SEVAI_CACHE_PREFIX"] = "sevai-test-" + os.environ.get("PYTEST_XDIST_WORKER", "main")
# Tests make many API calls as the same user id; the rate limit has its own test.
os.environ.setdefault("SEVAI_API_RATE_LIMIT", "1000000")
