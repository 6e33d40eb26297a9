# Industrie-Dialog. `make run` starts the platform with the Aachen data on SQLite;
# `make test` runs the whole suite. `make help` lists everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(BIN)/industriedialog
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_CONCURRENCY ?= 2
PYTEST_ARGS ?=
DEMO_ENV := DEBUG=true DEMO_MODE=true

.PHONY: help run serve test test-postgres lint format seed bench migrate system-packages vendor-kern messages clean

help: ## Diese Hilfe / this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-16s %s\n", $$1, $$2}'

$(VENV)/.installed-run: pyproject.toml
	@PYTHON=$$(scripts/find-python.sh) && { [ -x $(PY) ] || $$PYTHON -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[postgres]'
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-run
	$(PY) -m pip install --quiet -e '.[postgres,dev]'
	@touch $@

migrate: $(VENV)/.installed-run ## Datenbank migrieren / migrate the database
	$(DEMO_ENV) $(MANAGE) migrate --no-input
	$(DEMO_ENV) $(MANAGE) createcachetable

seed: migrate ## Aachener Daten laden (idempotent) / load the Aachen data
	$(DEMO_ENV) $(MANAGE) seed

run: migrate ## Plattform mit Aachener Daten auf http://127.0.0.1:8000 / run the platform
	$(DEMO_ENV) $(MANAGE) seed --print-demo-logins
	@echo "Industrie-Dialog läuft auf http://$(HOST):$(PORT)/  (Strg+C beendet)"
	$(DEMO_ENV) $(MANAGE) runserver $(HOST):$(PORT)

var/secret_key:
	@mkdir -p var && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: $(VENV)/.installed-run var/secret_key ## Wie run, aber unter gunicorn (WEB_CONCURRENCY Worker)
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) seed
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(BIN)/gunicorn industriedialog.wsgi:application --workers $(WEB_CONCURRENCY) \
		--bind $(HOST):$(PORT) --access-logfile - --timeout 60
serve: export SECRET_KEY ?= $(shell cat var/secret_key 2>/dev/null)
serve: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: export SECURE_COOKIES ?= false

test: $(VENV)/.installed-dev ## Ganze Testsuite / the whole test suite
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-dev ## Testsuite gegen PostgreSQL (DATABASE_URL)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/industriedialog} \
		$(BIN)/pytest -n 2 --dist loadfile --create-db $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev ## ruff, mypy und Migrationsprüfung / linters
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	DJANGO_SETTINGS_MODULE=industriedialog.settings_test $(BIN)/mypy src/industriedialog
	DJANGO_SETTINGS_MODULE=industriedialog.settings_test $(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.installed-dev ## Code formatieren / format code
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: $(VENV)/.installed-dev ## Benchmarks; schreibt docs/benchmarks.md
	@for script in bench/[!_]*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

system-packages: ## Debian-Pakete (PDF, Schriften, Chromium) installieren
	bash scripts/install-system-packages.sh

vendor-kern: ## KERN UX (festgelegte Version) neu einbinden
	bash scripts/vendor-kern.sh

messages: $(VENV)/.installed-dev ## Übersetzungen aktualisieren und kompilieren
	# English: generated from the German source strings. German (locale/de): hand-kept
	# overrides of third-party texts (formal "Sie" for allauth), only compiled.
	cd src/industriedialog && DEBUG=true ../../$(MANAGE) makemessages -l en --no-obsolete \
		--ignore "*/tests/*" && DEBUG=true ../../$(MANAGE) compilemessages

clean: ## venv und lokale Datenbank löschen
	rm -rf $(VENV) var
