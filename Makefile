# IP Resilience Hub — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
AXE_DIR := .cache/axe
AXE_JS := $(AXE_DIR)/node_modules/axe-core/axe.min.js
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Run a second time under tests/plugin_site (no cms) by `make test`; PLUGIN_TESTS= skips it.
# PYTEST_ARGS may name cms tests, so the second run takes its own options.
PLUGIN_TESTS ?= tests/surveys tests/regions tests/experts tests/evaluation
PLUGIN_PYTEST_ARGS ?=

.PHONY: run test lint format messages messages-update migrate demo check clean-db bench profile \
	serve-production smoke

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the dependency list changes.
$(VENV)/.installed-base: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test,dev]"
	touch $@ $(VENV)/.installed-base

messages: $(VENV)/.installed-base
	$(BIN)/python scripts/compile_messages.py

# Extract the interface strings into locale/*/django.po (needs gettext); translate the new
# entries, then `make messages` compiles them. tests/test_catalogues.py fails until both are done.
MESSAGE_LOCALES := fr es ru zh_Hans ar
messages-update: $(VENV)/.installed-base
	$(BIN)/python manage.py makemessages --no-obsolete $(addprefix -l ,$(MESSAGE_LOCALES)) \
		--ignore=.venv --ignore=node_modules --ignore=.cache --ignore=tests --ignore=scripts \
		--ignore=benchmarks --ignore=build

migrate: $(VENV)/.installed-base messages
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/en/  (also /fr/ /es/ /ru/ /zh-hans/ /ar/)"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/"
	@echo "  Demo login: admin / resilience-demo"
	@echo "  Mail is printed here; exports and mail run in the task worker started beside it."
	@echo ""
	@$(BIN)/python manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# axe-core for the accessibility checks of the browser tests: fetched from the npm registry
# at test time (never committed). Without npm the browser tests say why they skip.
$(AXE_JS):
	@if command -v npm >/dev/null 2>&1; then \
		mkdir -p $(AXE_DIR) && npm install --silent --no-audit --no-fund --prefix $(AXE_DIR) axe-core@4; \
	else echo "npm not found: browser accessibility checks will be skipped"; fi

test: $(VENV)/.installed-test
	-@$(MAKE) --no-print-directory $(AXE_JS)
	$(BIN)/python scripts/compile_messages.py --check
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	$(if $(PLUGIN_TESTS),$(BIN)/python -m pytest --ds=tests.plugin_site.settings \
		$(PLUGIN_TESTS) $(PLUGIN_PYTEST_ARGS))

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(VENV)/.installed-base
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Each pair of docs/performance.md (this project against the floor), on SQLite and on
# PostgreSQL, at up to 20,000 generated participants: prints the table and writes
# benchmarks/results.json (about 15 minutes; BENCH_QUICK=1 for smaller sizes).
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# Where the indicators' and the workbook's time goes, on the 20,000 participants `make bench`
# prepared (run it first): pyinstrument call trees.
profile: $(VENV)/.installed-test
	$(BIN)/python benchmarks/profile.py $(PROFILE_ARGS)

# The Procfile as production runs it, on loopback: PostgreSQL and Redis on this machine, the
# production settings, one web process (gunicorn) and one worker, started by honcho. Plain
# HTTP on loopback only: SECURE_SSL_REDIRECT and SECURE_COOKIES are off for this trial.
PROD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/iprh
PROD_REDIS_URL ?= redis://127.0.0.1:6379/0
serve-production: $(VENV)/.installed-base
	$(BIN)/pip install --quiet honcho
	@mkdir -p .cache && [ -s .cache/production-secret-key ] || \
		$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > .cache/production-secret-key
	@export PATH="$(CURDIR)/$(BIN):$$PATH" DJANGO_SETTINGS_MODULE=config.settings.production \
		SECRET_KEY="$$(cat .cache/production-secret-key)" ALLOWED_HOSTS=127.0.0.1,localhost \
		DATABASE_URL="$(PROD_DATABASE_URL)" REDIS_URL="$(PROD_REDIS_URL)" \
		SECURE_SSL_REDIRECT=false SECURE_COOKIES=false EMAIL_URL="$${EMAIL_URL:-console:}" \
		WAGTAILADMIN_BASE_URL="$${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$(PORT)}" \
		BIND=127.0.0.1 PORT=$(PORT); \
	sh -c "$$(sed -n 's/^release: //p' Procfile)" && \
	echo "  Site: http://127.0.0.1:$(PORT)/en/ (production settings; Ctrl-C stops web and worker)" && \
	exec $(BIN)/honcho start -f Procfile --no-prefix web worker

# The production smoke test: a fresh install, the release step, two web processes, a worker
# and an SMTP sink on loopback, against a throw-away PostgreSQL database and Redis.
smoke: $(VENV)/.installed-test
	$(BIN)/python tests/production/smoke.py
