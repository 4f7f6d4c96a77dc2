# Two entry points for a fresh machine:
#   make site   set up, then build the website (site/) and the offline docs (dist/)
#   make test   set up (Python packages and Debian's Chromium), lint and type-check, then run every test
# The edit loop: make unit (the library and hooks, no browser, no full build: seconds).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site website offline serve test browser check images bench snapshot plugin-snapshots golden clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# Website (directory URLs, sitemap, 404) in site/; offline docs (file://, no
# network) unpacked in site-offline/$(OFFLINE_NAME)/ and zipped into dist/.
OFFLINE_NAME := docker-notes-offline

site: setup website offline

website: setup
	$(BIN)/mkdocs build --strict --site-dir site

offline: setup
	OFFLINE=true SITE_URL= $(BIN)/mkdocs build --strict --site-dir site-offline/$(OFFLINE_NAME)
	mkdir -p dist
	rm -f dist/$(OFFLINE_NAME).zip
	cd site-offline && $(abspath $(BIN))/python -m zipfile -c ../dist/$(OFFLINE_NAME).zip $(OFFLINE_NAME)

# Live preview on http://127.0.0.1:8000, rebuilt on every change to docs/,
# img/, overrides/ or mkdocs.yml (restart it after editing hooks/*.py).
serve: setup
	$(BIN)/mkdocs serve

# Debian's Chromium (Playwright's own browser download does not work here) and
# CJK fonts for the screenshots; apt-get only when one of them is missing.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ]; then \
		apt-get update && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-cjk; \
	fi

# Every test, in three workers (pytest-xdist; more than the two cores: many tests wait on a
# subprocess, a browser or a timeout); browser and docker-oracle tests fail
# instead of skipping when CI is set (.ci/run sets it).
test: setup browser lint
	$(BIN)/python -m pytest -n 3 --dist worksteal

# The fast loop: no browser, no full site build, no docker oracle, a fifth of the property examples.
unit: setup
	PROPERTY_SCALE=0.2 $(BIN)/python -m pytest -n auto -m "not slow and not browser and not oracle"

# ruff (lint and format) and mypy, configured in pyproject.toml.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Check the docker commands in docs/ without building the site.
check: setup
	$(BIN)/dockercheck docs

# Regenerate the committed snapshot of docker's help from the docker on PATH.
snapshot: setup
	$(BIN)/python -m dockercheck.snapshot

# The compose and buildx grammar snapshots (README: "docker compose and buildx").
# Always rewrites the golden files of the test fixture; with the plugins' git
# directories and release tags also the committed snapshots and their flag indexes:
#   make plugin-snapshots COMPOSE_GIT=.../compose.git COMPOSE_TAG=v5.5.0 BUILDX_GIT=.../buildx.git BUILDX_TAG=v0.36.1
REFERENCE_FIXTURES := tests/fixtures/reference
plugin-snapshots: setup
	$(BIN)/python -m dockercheck.reference --partial \
		--compose $(REFERENCE_FIXTURES)/compose --buildx $(REFERENCE_FIXTURES)/buildx \
		--output-dir $(REFERENCE_FIXTURES)/expected --index-dir $(REFERENCE_FIXTURES)/expected
	@if [ -n "$(COMPOSE_GIT)$(BUILDX_GIT)" ]; then \
		$(BIN)/python -m dockercheck.reference --index-dir $(REFERENCE_FIXTURES) \
			$(if $(COMPOSE_GIT),--compose-git $(COMPOSE_GIT) --compose-tag $(COMPOSE_TAG)) \
			$(if $(BUILDX_GIT),--buildx-git $(BUILDX_GIT) --buildx-tag $(BUILDX_TAG)); \
	fi

# Rewrite the cheat sheet's golden files (tests/fixtures/cheatsheet/expected-*) from its notes; review the diff.
golden: setup
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q -p no:randomly tests/test_cheatsheet_golden.py

# Benchmarks of the checker (a few minutes): prints the tables and rewrites BENCHMARKS.md.
bench: setup
	$(BIN)/python bench/run.py

# Diagrams: render img/src/*.html to img/*.png (Debian's Chromium via
# Playwright; run `make browser` first on a fresh machine).
images: setup
	$(BIN)/python tools/render_images.py

clean:
	rm -rf site site-offline dist test-artifacts
