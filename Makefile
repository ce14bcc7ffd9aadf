# PRism backend. `make run` serves the API locally; `make test` is what CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
SAM_VENV := .venv-sam
# `make run PORT=8001` when 8000 is taken.
PORT ?= 8000
export SAM_CLI_TELEMETRY := 0

# The first Python >= 3.12: on PATH, else any pyenv-installed version (whose shims only
# answer when selected, so the interpreter is called by its full path).
define find_python
for cand in python3.13 python3.12 python3; do \
  if command -v $$cand >/dev/null 2>&1 && $$cand -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
    command -v $$cand; exit 0; fi; \
done; \
if command -v pyenv >/dev/null 2>&1; then \
  root=$$(pyenv root); \
  for v in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])(\.[0-9]+)?$$' | sort -rV); do \
    if [ -x "$$root/versions/$$v/bin/python3" ]; then echo "$$root/versions/$$v/bin/python3"; exit 0; fi; \
  done; \
fi; \
exit 1
endef

.PHONY: help
help:
	@echo "make run      - set up .venv, migrate, seed demo data, serve on http://127.0.0.1:8000 (PORT=...)"
	@echo "make test     - lint, migration check, template lint, tests on SQLite and PostgreSQL"
	@echo "make fuzz     - a long schemathesis run against the OpenAPI schema"
	@echo "make bench    - cold start and per-request cost through the Lambda handler"
	@echo "make openapi  - regenerate prism/openapi.json, the document /api-docs serves"
	@echo "make sam-build - build the Lambda package (sam build, no Docker needed)"

$(PY):
	@python=$$($(find_python)) || { echo "No Python >= 3.12 found. Install Python 3.13 (or 3.12) and retry." >&2; exit 1; }; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)

$(VENV)/.installed: $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

.PHONY: install
install: $(VENV)/.installed

$(SAM_VENV)/bin/sam: requirements-sam.txt
	@python=$$($(find_python)) || { echo "No Python >= 3.12 found." >&2; exit 1; }; \
	"$$python" -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-sam.txt
	touch $@

.PHONY: run
run: install
	@$(PY) scripts/check_port.py 127.0.0.1 $(PORT)
	$(COLLECTSTATIC_AS_PRODUCTION)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed --demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# lint-imports checks the one-way layers (pyproject.toml, [tool.importlinter]).
.PHONY: lint
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py spectacular --validate --fail-on-warn --format openapi-json --file /dev/null

.PHONY: lint-template
lint-template: install $(SAM_VENV)/bin/sam
	$(VENV)/bin/cfn-lint template.yaml
	$(SAM_VENV)/bin/sam validate --lint --region ap-northeast-2

# Admin assets are collected once so the tests see them as WhiteNoise serves them in production.
# DRF's browsable-API assets are left out: the API only renders JSON. Of Swagger UI's
# assets, only what /swagger-ui.html loads (no ReDoc, no source maps).
COLLECTSTATIC := $(PY) manage.py collectstatic --noinput --clear --verbosity 0 \
  --ignore "rest_framework" --ignore "redoc" --ignore "*.map" --ignore "oauth2-redirect.*" \
  --ignore "swagger-ui-standalone-preset.js" --ignore "*.LICENSE.txt"

# Collected as production collects them (hashed names and a manifest), so a local run with
# DJANGO_DEBUG=false serves the admin as the Lambda package does.
COLLECTSTATIC_AS_PRODUCTION := DJANGO_DEBUG=false \
  DJANGO_SECRET_KEY=collectstatic-only-not-a-secret-0123456789-abcdefghijklmnop $(COLLECTSTATIC)

.PHONY: static
static: install
	$(COLLECTSTATIC_AS_PRODUCTION)

.PHONY: test-sqlite
test-sqlite: install static
	$(PY) -m pytest -q

# The PostgreSQL pass runs the tests last to first: the suite must pass in any order.
.PHONY: test-postgres
test-postgres: install static
	$(PY) scripts/with_postgres.py -- $(PY) -m pytest -q --reverse-order

.PHONY: test
test: lint lint-template test-sqlite test-postgres

# The suite fuzzes every operation with 15 cases (PRISM_FUZZ_EXAMPLES); this runs 300 per
# operation and 100 per create-read-update-delete chain (about ten minutes on two cores).
# -p no:randomly keeps Hypothesis' derandomized cases stable; FUZZ_EXAMPLES=N to change.
FUZZ_EXAMPLES ?= 300
.PHONY: fuzz
fuzz: install
	PRISM_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q -p no:randomly tests/reliability/test_fuzz.py

# --- Lambda package -------------------------------------------------------------------------

# The OpenAPI document /api-docs serves (generated here, not in the Lambda package).
.PHONY: openapi
openapi: install
	$(PY) manage.py spectacular --validate --fail-on-warn --format openapi-json --file prism/openapi.json

.PHONY: sam-build
sam-build: $(SAM_VENV)/bin/sam
	$(SAM_VENV)/bin/sam build --build-in-source

# Called by `sam build` (BuildMethod: makefile) once per function, with ARTIFACTS_DIR set.
# Ships only what runs: the apps, collected static files and the runtime requirements, then
# scripts/finish_lambda_package.py drops what never runs and compiles every module to
# hash-validated bytecode (valid after Lambda unpacks the zip with 1980 timestamps).
# Pillow's wheels are manylinux_2_28 (the python3.13 runtime's glibc is 2.34), cffi's 2014.
APP_DIRS := prism accounts projects reviews posts screens
LAMBDA_PLATFORMS := --platform manylinux2014_x86_64 --platform manylinux_2_28_x86_64
define build_function
	# Production storage: hashed names, a manifest and compressed copies for WhiteNoise.
	$(COLLECTSTATIC_AS_PRODUCTION)
	cp -r $(APP_DIRS) staticfiles manage.py "$(ARTIFACTS_DIR)/"
	$(PY) -m pip install --quiet --disable-pip-version-check --target "$(ARTIFACTS_DIR)" \
	  $(LAMBDA_PLATFORMS) --implementation cp --python-version 3.13 \
	  --only-binary=:all: -r requirements.txt
	$(PY) scripts/finish_lambda_package.py "$(ARTIFACTS_DIR)"
endef

.PHONY: build-WebFunction build-MigrateFunction build-WorkerFunction
build-WebFunction: install
	$(build_function)
build-MigrateFunction: install
	$(build_function)
build-WorkerFunction: install
	$(build_function)

# The bench's floor app, built as the web function is (same platform, same finishing step).
.PHONY: build-floor
build-floor: install
	cp bench/floor/floor_app.py "$(ARTIFACTS_DIR)/"
	$(PY) -m pip install --quiet --disable-pip-version-check --target "$(ARTIFACTS_DIR)" \
	  $(LAMBDA_PLATFORMS) --implementation cp --python-version 3.13 \
	  --only-binary=:all: -r bench/floor/requirements.txt
	$(PY) scripts/finish_lambda_package.py "$(ARTIFACTS_DIR)"

# Cold start, latency, queries, memory and package size beside a floor app (a few minutes).
.PHONY: bench
bench: install static
	$(PY) -m bench.run

.PHONY: clean
clean:
	rm -rf staticfiles .aws-sam .pytest_cache .ruff_cache
