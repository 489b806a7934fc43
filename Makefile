# sanxiang — make help lists the targets.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

bootstrap: ## create .venv and install the project with its dev tools
	@bash scripts/bootstrap.sh

run: bootstrap ## migrate, load demo data on first start, serve on $(HOST):$(PORT) with the worker
	@bash scripts/run.sh

lint: bootstrap ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: bootstrap ## mypy (strict for services, selectors, permissions)
	cd src && ../$(VENV)/bin/mypy -p sanxiang

test-deps: ## install the Debian packages the tests need (postgresql, chromium, CJK fonts)
	@bash scripts/install-system-deps.sh

test: bootstrap test-deps lint typecheck ## lint, types, then the whole suite on SQLite and on a real PostgreSQL server
	@bash scripts/test.sh

check: lint typecheck test ## everything CI checks

.PHONY: help bootstrap run lint typecheck test-deps test check
