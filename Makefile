# Netcurate: `make run` starts the app with demo data, `make test` runs the whole suite.
# Both create or refresh .venv first; the only thing they need is Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000

.PHONY: run test lint format messages venv clean bench

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Netcurate needs Python 3.11 or newer; this is " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	@mkdir -p var
	@if [ -z "$${DEBUG+x}" ] && ! grep -qs '^DEBUG=' .env; then export DEBUG=true; fi; \
	if [ -z "$${SITE_URL+x}" ] && ! grep -qs '^SITE_URL=' .env; then export SITE_URL=http://127.0.0.1:$(PORT); fi; \
	export PORT=$(PORT); \
	$(BIN)/python manage.py migrate --no-input && \
	$(BIN)/python manage.py seed_demo && \
	echo "Netcurate: http://127.0.0.1:$(PORT)/  (Ctrl-C stops the web server, the worker and beat)" && \
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start --port $(PORT) -f Procfile

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the French catalogue after adding strings (needs GNU gettext), then translate and compile.
messages: $(STAMP)
	DEBUG=true $(BIN)/python manage.py makemessages -l fr --no-location --no-obsolete $(I18N_IGNORE)
	DEBUG=true $(BIN)/python manage.py compilemessages -l fr $(I18N_IGNORE)

I18N_IGNORE := --ignore=.venv --ignore=var --ignore=static/vendor

# Benchmarks print figures (targets live here, never in timed tests). Meant for PostgreSQL:
#   DATABASE_URL=postgres://... make bench
bench: $(STAMP)
	@export DEBUG=false ALLOWED_HOSTS=$${ALLOWED_HOSTS:-localhost} \
	  SECRET_KEY=$${SECRET_KEY:-bench-only-$$(date +%s)-not-a-secret-padding-padding-padding}; \
	$(BIN)/python manage.py migrate --no-input -v0 && \
	$(BIN)/python manage.py collectstatic --no-input -v0 && \
	$(BIN)/python manage.py bench inbox && \
	$(BIN)/python manage.py bench recognition && \
	$(BIN)/python manage.py bench dashboard

clean:
	rm -rf $(VENV) var .pytest_cache
