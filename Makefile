# Two commands on a fresh machine: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: run test lint bench index eval clean

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

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

eval: index
	$(BIN)/lanzarote-qa eval

bench: index
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) index/*.tmp-* .pytest_cache
