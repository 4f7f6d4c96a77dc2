# Two entry points for a fresh machine:
#   make site   set up, then build the website (site/) and the offline docs (dist/)
#   make test   set up (Python packages and Debian's Chromium), then run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site website offline serve test browser check images bench snapshot clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

clean:
	rm -rf site site-offline dist test-artifacts
