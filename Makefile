# Two commands for users (`make demo`, `make test`); the rest are for developers.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
# PyTorch build: cpu (default; no CUDA download) or cuda (PyPI's CUDA build, several GB). See tools/install_torch.py.
TORCH ?= cpu
# Extras besides dev, e.g. `make install EXTRAS=dev,notebooks,rllib`.
EXTRAS ?= dev
BIN := $(VENV)/bin
comma := ,
STAMP := $(VENV)/.installed-$(TORCH)-$(subst $(comma),-,$(EXTRAS))

.PHONY: demo test test-slow test-docs docs export run-nbs bench install readme-results

install: $(STAMP)

# (Re)install only when the environment is new, the dependency files changed, or TORCH/EXTRAS changed.
$(STAMP): settings.ini setup.py constraints.txt tools/install_torch.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23" -c constraints.txt
	$(BIN)/python tools/install_torch.py $(TORCH)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[$(EXTRAS)]"
	@rm -f $(VENV)/.installed*; touch $(STAMP)

# Every stage of `marl_jepa run` on configs/default.yaml; prints the report's path (run time: README, Quick start).
demo: $(STAMP)
	OMP_WAIT_POLICY=PASSIVE $(BIN)/marl_jepa run

# Exported code and cleaned notebooks must already be committed: fail if export/clean/readme change anything.
# Lines of code are at most 120 characters (tools/check_lines.py prints file:line of each one over).
test: $(STAMP)
	$(BIN)/python tools/check_sync.py
	$(BIN)/python tools/check_lines.py
	$(BIN)/python -m pytest tests -q -rfE

test-slow: $(STAMP)
	MARL_JEPA_TEST_FLAGS=slow $(BIN)/python -m pytest tests -q -rfE

export: $(STAMP)
	$(BIN)/python tools/readme_results.py render && $(BIN)/nbdev_export && $(BIN)/nbdev_clean \
	  && $(BIN)/python tools/build_docs.py --readme-only

# The README's results and run time from a finished run: `make readme-results RUN=runs/NAME` (then commit
# nbs/results/demo.json, nbs/images/demo_success.png, nbs/index.ipynb, README.md). To time a new run as well:
# `$(BIN)/python tools/readme_results.py run name=NAME`.
readme-results: $(STAMP)
	@test -n "$(RUN)" || { echo "usage: make readme-results RUN=runs/NAME"; exit 2; }
	$(BIN)/python tools/readme_results.py summarize $(RUN)
	$(MAKE) export

# Run every notebook and save its outputs (plots, tables) in place; then clean metadata.
run-nbs: $(STAMP)
	$(BIN)/python tools/run_nbs.py $(NBS)
	$(BIN)/nbdev_clean

# The offline site (tools/site_build.py); the online one is Quarto's (`nbdev_docs`, .github/workflows/deploy.yaml).
docs: $(STAMP)
	rm -rf _docs && $(BIN)/python tools/build_docs.py
	@echo "docs: open _docs/index.html"

# The built site in headless Chromium (installed from Debian's packages when missing): math, tables, links, search.
test-docs: docs
	$(BIN)/python tools/test_docs.py _docs

# Every speed benchmark at a quick size (a smoke run, about 2 min here); without --quick each prints its full table.
# One-off measurements live in experiments/ (see experiments/README.md) and are not run here.
bench: $(STAMP)
	@for f in bench/*.py; do echo "== $$f --quick"; $(BIN)/python $$f --quick || exit 1; done
