# pagu: the two commands that matter are `make demo` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= pagu.db
# the suite's parallel workers (pytest-xdist); `make test TEST_WORKERS=0` runs it in one process
TEST_WORKERS ?= auto
EXAMPLE := examples/renja-perubahan-2024-dinsos-kukar.txt

.PHONY: demo test lint bench clean messages

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

## demo: set up, import the bundled example into a SQLite file and show its lines
demo: $(VENV)/.installed
	$(BIN)/pagu --db $(DB) import --tz Asia/Makassar $(EXAMPLE)
	$(BIN)/pagu --db $(DB) lines

## test: set up with test dependencies, lint, type-check and run the whole suite
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

## messages: extract the messages from the code, update the Indonesian catalog, compile it
## (events/locale/id/LC_MESSAGES/pagu.po -> pagu.mo); new messages are listed untranslated
messages: $(VENV)/.installed-test
	$(BIN)/python -m tests.messages

## bench: the province-scale benchmark (README, "Performance"); make bench EVENTS=1M BACKEND=postgres
EVENTS  ?= 100k
BACKEND ?= sqlite
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py --events $(EVENTS) --backend $(BACKEND)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache pagu.db pagu.db-wal pagu.db-shm bench/out
