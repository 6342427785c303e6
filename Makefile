# Set-up and the two commands of README.md. Plain `mkdocs build` / `mkdocs serve`
# work too, once the virtualenv below is active.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

# Every package comes from the lock for this Python (requirements/, made by `make lock`),
# hash-checked, wheels only, no dependency resolution at install time: a fresh machine gets
# exactly the packages that built the published site.
PY_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
SITE_LOCK := requirements/site-py$(PY_VERSION).txt
TEST_LOCK := requirements/test-py$(PY_VERSION).txt
# The one sdist: kiwipiepy-model, the Korean analyzer's model data (no wheel exists; see scripts/lock.py).
SOURCE_ONLY := --no-binary kiwipiepy-model
INSTALL := $(BIN)/python -m pip install --quiet --require-hashes --no-deps --only-binary :all: $(SOURCE_ONLY)

.PHONY: site test serve bench screenshots clean browser lock lock-upgrade supported-python

# Python 3.11, 3.12 and 3.13 have a lock; the venv must be made with the same Python.
supported-python:
	@test -f "$(SITE_LOCK)" || { echo "make: $(PYTHON) is Python '$(PY_VERSION)'; the site supports $$(ls requirements/site-py*.txt | sed 's/.*site-py//; s/.txt//' | tr '\n' ' ')(PYTHON=python3.12 picks another)" >&2; exit 1; }
	@if [ -x $(BIN)/python ] && [ "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$(PY_VERSION)" ]; then \
	  echo "make: $(VENV) was made with another Python than $(PYTHON) ($(PY_VERSION)); remove it (rm -rf $(VENV)) or pass VENV=.venv-$(PY_VERSION)" >&2; exit 1; fi

$(BIN)/mkdocs: pyproject.toml $(wildcard $(SITE_LOCK)) | supported-python
	@$(PYTHON) scripts/lock.py --check
	$(PYTHON) -m venv $(VENV)
	$(INSTALL) -r $(SITE_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --no-index -e .
	$(BIN)/python -m pip check
	$(BIN)/python scripts/lock.py --check-env $(SITE_LOCK)
	touch $@

$(VENV)/.test-deps: $(BIN)/mkdocs $(wildcard $(TEST_LOCK))
	$(INSTALL) -r $(TEST_LOCK)
	$(BIN)/python -m pip check
	$(BIN)/python scripts/lock.py --check-env $(TEST_LOCK)
	touch $@

# Debian's Chromium for the browser tests, and a Korean font so Hangul renders.
# CHROMIUM=/path/to/chrome uses another Chromium-based browser (tests/browser.py reads it).
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
browser:
	@if [ ! -x "$(CHROMIUM)" ] || ! fc-list 2>/dev/null | grep -qi nanum; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-nanum; fi

# axe-core (the accessibility engine the browser tests inject into each page), pinned in
# package-lock.json and installed from the npm registry.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

site: $(BIN)/mkdocs
	$(BIN)/mkdocs build --strict

serve: $(BIN)/mkdocs
	$(BIN)/mkdocs serve

test: $(VENV)/.test-deps browser node_modules/.package-lock.json
	$(BIN)/python -m pytest

bench: $(BIN)/mkdocs
	$(BIN)/python scripts/bench.py

screenshots: site $(VENV)/.test-deps browser
	$(BIN)/python scripts/screenshots.py index.html setup/ tensors/ datasets/ confusion-matrix/ overfitting/ linear-regression/ logistic-regression/ glossary/ references/

# Refresh requirements/*.txt from pyproject.toml for every supported Python (keeps the pins
# that still fit); lock-upgrade also moves every unpinned package to its newest release.
# uv runs from its own small venv, installed from the hash-locked requirements/uv.txt.
LOCK_VENV := .venv-lock
$(LOCK_VENV)/bin/uv: requirements/uv.txt
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps --only-binary :all: -r requirements/uv.txt
	touch $@

lock: $(LOCK_VENV)/bin/uv
	$(PYTHON) scripts/lock.py --uv $(LOCK_VENV)/bin/uv

lock-upgrade: $(LOCK_VENV)/bin/uv
	$(PYTHON) scripts/lock.py --uv $(LOCK_VENV)/bin/uv --upgrade

clean:
	rm -rf site .cache screenshots
