# CityDiplo — `make run` serves the app with demo data, `make test` runs the whole suite.

SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# The interpreter: PYTHON=... wins; otherwise the first Python >= 3.12 found on PATH, then in
# pyenv's usual place (used only to create the virtualenv).
PYTHON ?= $(shell for c in python3.13 python3.12 python3 \
	$(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3); do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    command -v $$c; break; fi; done)

INSTALLED := $(VENV)/.installed

.PHONY: run test coverage lint format messages demo bench soak worker clean help

help:
	@echo "make run   — set up and serve http://$(HOST):$(PORT) with demo data (SQLite, tasks in-process)"
	@echo "make test  — lint, type-check and run the whole test suite (PostgreSQL and Redis when reachable)"
	@echo "make coverage — the same suite with line coverage of the apps"
	@echo "make bench — measure DESIGN §8's budgets at scale (PostgreSQL and Redis required)"

$(INSTALLED): pyproject.toml requirements.lock
	@if [ -z "$(PYTHON)" ]; then \
	  echo "CityDiplo needs Python 3.12 or newer and none was found."; \
	  echo "Install it (Debian/Ubuntu: sudo apt install python3.12 python3.12-venv) or run: make run PYTHON=/path/to/python3.12"; \
	  exit 1; fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create a virtualenv with $(PYTHON): install its venv module (e.g. sudo apt install python3.12-venv)."; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $(INSTALLED)

run: $(INSTALLED)
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py load_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(INSTALLED)
	$(BIN)/python scripts/run_tests.py $(ARGS)

coverage: $(INSTALLED)
	$(BIN)/python scripts/run_tests.py --cov --cov-report=term:skip-covered $(ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=true $(BIN)/mypy .
	$(BIN)/lint-imports --no-cache

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(INSTALLED)
	DJANGO_DEBUG=true $(BIN)/python manage.py makemessages -l fr -l en --no-obsolete --no-location --ignore=.venv --ignore=var --ignore=bench
	DJANGO_DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv

# DESIGN §8 at scale against PostgreSQL and Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL; defaults
# 127.0.0.1, database citydiplo_bench, Redis database 3): bench/results.json, docs/performance.md.
bench: $(INSTALLED)
	$(BIN)/python bench/run.py $(ARGS)

# 50 concurrent clients for 60 s on the partnership list (gunicorn, production settings, the
# bench database): p50/p95, throughput, errors. See docs/performance.md.
soak: $(INSTALLED)
	$(BIN)/python bench/soak.py $(ARGS)

worker: $(INSTALLED)
	$(BIN)/celery -A citydiplo worker -B --loglevel=INFO

clean:
	rm -rf $(VENV) var
