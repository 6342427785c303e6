# Set-up and the two commands of README.md. Plain `mkdocs build` / `mkdocs serve`
# work too, once the virtualenv below is active.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: site test serve bench screenshots clean browser

$(BIN)/mkdocs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/mkdocs
	$(BIN)/pip install --quiet -e ".[test]"
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

clean:
	rm -rf site .cache screenshots
