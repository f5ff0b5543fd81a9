# Two commands on a fresh machine: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: run test check fast lint typecheck fuzz bench index eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# CPU torch first: any other torch pulls a CUDA build of several GB
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

index: $(STAMP)
	$(BIN)/lanzarote-qa index

run: index
	$(BIN)/python app.py

lint: $(STAMP)
	$(BIN)/ruff check src tests app.py eval bench

typecheck: $(STAMP)
	$(BIN)/mypy

# The fast tier: lint, types, and every test that needs neither the model nor a server (fake embedder).
# mypy and the tests run side by side: each takes one of the two cores.
check: lint
	$(MAKE) --no-print-directory -j2 typecheck fast

fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# The whole suite: the fast tier first, then the real model, the real index, the real server and the browser.
test: check
	$(BIN)/python -m pytest -q -m slow --durations=5

# Exploration, not CI: property tests with a random seed and many more examples.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -m "property and not slow"

eval: index
	$(BIN)/lanzarote-qa eval --report eval/report.md --chart eval/variants.png

bench: index
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) index/*.tmp-* .pytest_cache .mypy_cache
