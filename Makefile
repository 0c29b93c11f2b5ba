# Sevai: `make run` starts a demo desk, `make test` runs every check and test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
PG_URL ?= postgres://root@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
PYTEST_WORKERS ?= auto

.PHONY: run test check test-sqlite test-postgres system-deps messages bench clean

$(BIN)/sevai: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Sevai needs Python 3.11+ ($(PYTHON) not found; set PYTHON=python3.x)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(BIN)/sevai

run: export SEVAI_BASE_URL ?= http://$(HOST):$(PORT)
run: $(BIN)/sevai
	$(BIN)/sevai migrate --verbosity 0
	$(BIN)/sevai demo --if-empty
	$(BIN)/sevai serve --host $(HOST) --port $(PORT)

check: $(BIN)/sevai
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	SEVAI_DATA_DIR=$$(mktemp -d) $(BIN)/mypy sevai
	SEVAI_DATA_DIR=$$(mktemp -d) $(BIN)/sevai makemigrations --check --dry-run
	$(BIN)/python scripts/check_layout.py

# Debian packages the tests drive for real: chromium (browser tests), dovecot (IMAP tests).
system-deps:
	@need=""; test -x /usr/bin/chromium || need="$$need chromium"; \
	test -x /usr/sbin/dovecot || need="$$need dovecot-imapd"; \
	if [ -n "$$need" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages for the tests:$$need"; \
	    apt-get install -y -qq $$need >/dev/null || (apt-get update -qq && apt-get install -y -qq $$need >/dev/null) \
	      || echo "could not install$$need: the tests that need them will skip"; \
	  else echo "Missing$$need (apt-get install -y$$need): the tests that need them will skip"; fi; fi

test-sqlite: $(BIN)/sevai
	$(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider -m "not browser"
	$(BIN)/pytest -p no:cacheprovider -m browser

test-postgres: $(BIN)/sevai
	SEVAI_REQUIRE_SERVICES=true DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider -m "not browser"

test: $(BIN)/sevai system-deps check test-sqlite
	@if [ "$$CI" = "true" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "(PostgreSQL and Redis run with CI=true, or: make test-postgres)"; fi

messages: $(BIN)/sevai
	cd sevai && ../$(BIN)/sevai makemessages -l ta -l tl -l hy --no-obsolete --ignore "*/tests/*"
	cd sevai && ../$(BIN)/sevai compilemessages

bench: $(BIN)/sevai
	$(BIN)/python bench/tickets.py

clean:
	rm -rf $(VENV) var
