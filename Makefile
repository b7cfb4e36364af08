# Two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# Exit status 1 means "the samples have errors to send back", which they do; 2 is a real failure.
run: $(STAMP)
	$(BIN)/audit run reports_in/ || test $$? -eq 1

# Lint (ruff) and type checks (mypy), then the tests on every core, a test file per process (its
# fixtures built once); configured in pyproject.toml.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -n auto --dist loadfile

# Times `audit run` on generated corpora (1,000 and 5,000 reports; 50,000 for memory), then seconds per scanned page (image-only PDFs
# read with OCR), each serially and on every core; appends to BENCHMARK.md.
bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/ocr.py

# Parser and rules against hand-written expectation files (tests/real/, tests/fixtures/); the real
# reports are read from ../shared/real. Another folder: make eval ARGS="my/expectations --corpus my/reports"
eval: $(STAMP)
	$(BIN)/python tools/evaluate.py $(ARGS)

clean:
	rm -rf $(VENV) build *.egg-info
