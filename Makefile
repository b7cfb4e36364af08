# Two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	@for f in reports_in/*; do $(BIN)/audit parse "$$f" > /dev/null && echo "ok  $$f" || echo "ERR $$f"; done

test: $(STAMP)
	$(BIN)/pytest

clean:
	rm -rf $(VENV) build *.egg-info
