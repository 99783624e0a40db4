# Two commands for users (`make demo`, `make test`); the rest are for developers.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-slow docs export run-nbs bench install

install: $(STAMP)

# (Re)install only when the environment is new or the dependency files changed.
$(STAMP): settings.ini setup.py constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23" -c constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

# Every stage of `marl_jepa run` on configs/default.yaml (about a quarter of an hour on a 2-core CPU); prints the report's path.
demo: $(STAMP)
	OMP_WAIT_POLICY=PASSIVE $(BIN)/marl_jepa run

# Exported code and cleaned notebooks must already be committed: fail if export/clean/readme change anything.
test: $(STAMP)
	$(BIN)/python tools/check_sync.py
	$(BIN)/python -m pytest tests -q -rfE

test-slow: $(STAMP)
	MARL_JEPA_TEST_FLAGS=slow $(BIN)/python -m pytest tests -q -rfE

export: $(STAMP)
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean && $(BIN)/python tools/build_docs.py --readme-only

# Run every notebook and save its outputs (plots, tables) in place; then clean metadata.
run-nbs: $(STAMP)
	$(BIN)/python tools/run_nbs.py $(NBS)
	$(BIN)/nbdev_clean

docs: $(STAMP)
	$(BIN)/python tools/build_docs.py
	@echo "docs: open _docs/index.html"

bench: $(STAMP)
	@for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done
