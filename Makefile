# unionadmin — development, tests and benchmarks on Debian 12.
# All set-up logic lives in scripts/bootstrap.sh (idempotent).

SHELL  := /bin/bash
PY     := .venv/bin/python
ARGS   ?=
BOOTSTRAP := bash scripts/bootstrap.sh

.PHONY: help setup run test lint bench clean-services

help:
	@echo "make run             set up everything, load the demo county, serve http://127.0.0.1:8000/"
	@echo "make test [ARGS=..]  set up, lint, then run the test suite (pytest)"
	@echo "make lint            set up, then ruff check (ruff.toml)"
	@echo "make bench           set up, then run every bench/*.py"
	@echo "make setup           Debian packages, .venv, PostgreSQL/Redis, var/services.env only"
	@echo "make clean-services  stop the project-local PostgreSQL (5433) and Redis (6380)"

setup:
	@$(BOOTSTRAP)

# compiled translations and collected static files, needed by run, test and bench
.PHONY: _prepare
_prepare: setup
	@echo "==> Django: compilemessages, collectstatic"
	@$(PY) manage.py compilemessages --ignore=.venv -v 0
	@$(PY) manage.py collectstatic --noinput -v 0

run: _prepare
	@echo "==> Django: migrate"
	@$(PY) manage.py migrate --noinput
	@$(PY) manage.py load_demo
	@echo "unionadmin is running at http://127.0.0.1:8000/"
	@exec .venv/bin/honcho start -f Procfile

lint: setup
	@echo "==> ruff check"
	@.venv/bin/ruff check .

test: _prepare lint
	@rc=0; $(PY) -m pytest $(ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "==> pytest collected no tests: failing"; exit 1; fi; \
	exit $$rc

bench: _prepare
	@$(PY) manage.py migrate --noinput -v 0
	@set -e; shopt -s nullglob; for f in bench/*.py; do \
	  echo "==> bench: $$f"; $(PY) "$$f"; \
	done

clean-services:
	@$(BOOTSTRAP) stop
