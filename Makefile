# `make run` and `make test` do all set-up themselves, on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests run in parallel, one worker per core; `make test TEST_WORKERS=0` runs them in one process.
# `--dist load` keeps pytest-django's order on each worker: database-flushing (live-server) tests
# run after the others, which rely on Wagtail's root page.
TEST_WORKERS ?= auto
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run serve test bench lint format install messages catalogues migrate demo browser checkers varnish designsystemet screenshots clean

run: install messages migrate demo
	@$(PY) manage.py demo_admin
	$(PY) manage.py runserver $(HOST):$(PORT)

# The production stack on this machine: gunicorn (2 workers) and a background-job worker, on
# production settings; with Redis as the shared cache when REDIS_URL is set (else no page cache).
SERVE_ENV := DJANGO_SETTINGS_MODULE=samhandling.settings.production SECURE_SSL_REDIRECT=false \
	SECRET_KEY=$${SECRET_KEY:-local-serve-only-$$(hostname)-not-secret-0123456789abcdef} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-localhost,127.0.0.1,lidal.localhost}
serve: install messages demo
	$(SERVE_ENV) $(PY) manage.py collectstatic --no-input -v0
	$(SERVE_ENV) $(PY) manage.py check --deploy
	trap 'kill 0' INT TERM EXIT; \
	$(SERVE_ENV) $(PY) manage.py db_worker & \
	$(SERVE_ENV) $(VENV)/bin/gunicorn samhandling.wsgi --workers 2 --bind $(HOST):$(PORT)

test: install messages browser checkers varnish
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist load

# Figures, not assertions: import time and queries per page for 10, 100, 300 and 1 000 elements;
# the page cache: cached vs uncached per page, and 1 vs many municipalities (ratios);
# backing up and restoring one municipality (seconds, and restore vs a plain import);
# validating 300 and 3 000 services (seconds, and the ratio);
# the production stack over HTTP (gunicorn + Redis + Varnish, a throwaway PostgreSQL database):
# requests/s, p50/p99 and CPU per request against a static file and a stock Wagtail site,
# a profile of the uncached model page, publish-to-Varnish time (docs/operations.md).
# Imports and many municipalities are measured on PostgreSQL, as in production (SQLite scans
# the page table for Wagtail's tree queries); BENCH_DATABASE_URL= (empty) keeps them on SQLite.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/samhandling_bench
BENCH_DB = $(if $(BENCH_DATABASE_URL),DATABASE_URL=$(BENCH_DATABASE_URL))
bench: install messages varnish
	$(BENCH_DB) $(PY) tests/benchmarks/model_size.py
	$(BENCH_DB) $(PY) tests/benchmarks/page_cache.py
	$(PY) tests/benchmarks/render_cost.py
	$(PY) tests/benchmarks/first_visit.py
	$(PY) tests/benchmarks/backup_restore.py
	$(PY) tests/benchmarks/validation.py
	$(PY) tests/benchmarks/production.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
	touch $@

# Compiled catalogues are build output, not committed.
messages: $(MO_FILES)

# After changing interface text: update both catalogues (no line numbers, so that branches
# merge cleanly), then translate every new entry in nb and nn (tests/test_translations.py).
catalogues: install
	$(PY) manage.py makemessages -l nb -l nn --no-location --no-obsolete -i ".venv/*" -i "node_modules/*" -i "tests/*"

%.mo: %.po
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext; }
	msgfmt --check -o $@ $<

migrate: install
	$(PY) manage.py migrate --no-input -v0

# Each demo site is imported only when it does not exist yet: re-running keeps every edit.
demo: migrate
	$(PY) manage.py import_model fixtures/demo.json --only-new
	$(PY) manage.py load_demo_documents
# A second municipality, writing nynorsk, as its own site: http://lidal.localhost:$(PORT)/
	$(PY) manage.py import_model fixtures/demo-nn.json --site lidal.localhost --only-new

# Browser tests drive Debian's Chromium (a downloaded browser build is not possible here).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium; }

# The exact purge is proven against a real Varnish (Debian's), started by the test itself.
varnish:
	@test -x /usr/sbin/varnishd || { apt-get update -qq && apt-get install -y -qq varnish; }

# The accessibility and HTML checks: axe-core and the Nu HTML checker (vnu.jar) from
# package-lock.json, run on Java. --ignore-scripts: vnu-jar's postinstall would download a JRE.
checkers: node_modules/.installed
	@command -v java >/dev/null || { apt-get update -qq && apt-get install -y -qq default-jre-headless; }

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Designsystemet (Digdir, MIT) is vendored into static/ so that neither npm nor a build step is
# needed to run the site. After changing its pinned version in package.json: `make designsystemet`
# copies the stylesheet, the default theme and the licence from the lock file's install.
DS_CSS := node_modules/@digdir/designsystemet-css
DS_OUT := static/vendor/designsystemet
designsystemet: node_modules/.installed
	mkdir -p $(DS_OUT)
	cp $(DS_CSS)/dist/src/index.css $(DS_OUT)/designsystemet.css
	cp $(DS_CSS)/dist/theme/designsystemet.css $(DS_OUT)/theme.css
	cp $(DS_CSS)/LICENSE $(DS_OUT)/LICENSE
	node -p '"@digdir/designsystemet-css " + require("./$(DS_CSS)/package.json").version' > $(DS_OUT)/VERSION

# Screenshots of the public pages at 360 and 1280 px from a running demo (`make run` first).
screenshots:
	$(PY) tests/screenshots.py http://$(HOST):$(PORT) after

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media static_collected
