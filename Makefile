# The README's two commands: `make reproduce` (set up + run the whole study) and
# `make test` (set up + run every test). Both create .venv if it is missing and
# install exactly the versions in requirements.lock (hash-checked), then the
# package itself; `make lock` regenerates the lock from pyproject.toml.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
LOCK   := requirements.lock
# The locking tool, pinned like everything else (it is not needed to install).
UV     := uv==0.13.8

# One install for every command, so any order of `make reproduce` and
# `make test` gives the same environment. The stamp records it: a second run
# skips pip unless the lock or pyproject.toml changed.
STAMP := $(VENV)/.installed-lock

.PHONY: reproduce test lock html lab check-reproducible validation-mentions

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(LOCK) pyproject.toml | $(BIN)/python
	$(PIP) --require-hashes --no-deps -r $(LOCK)
	$(PIP) --no-deps -e .
	@touch $@

## Run the whole study: execute every notebook in order, regenerating figures/ and results/.
reproduce: $(STAMP)
	$(BIN)/python -m framing.report.study run notebooks

## Run every test: unit, property, CLI and notebook-execution tests.
test: $(STAMP)
	$(BIN)/python -m pytest

## Regenerate requirements.lock from pyproject.toml (every extra, every platform, with hashes).
lock: | $(BIN)/python
	$(PIP) '$(UV)'
	$(BIN)/uv pip compile pyproject.toml --all-extras --universal --fork-strategy fewest \
	    --python-version 3.11 --generate-hashes --custom-compile-command 'make lock' \
	    --output-file $(LOCK)

## Render the executed notebooks to HTML (html/) for readers without Jupyter: offline pages,
## nothing loaded from the network.
html: $(STAMP)
	$(BIN)/python -m framing.report.study html notebooks html

## Open the notebooks in JupyterLab.
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

## Re-run the study and fail if any tracked figure, table or notebook changed.
check-reproducible: reproduce
	git diff --stat --exit-code -- figures results notebooks

## Rebuild the hand-coded real mentions (validation/mentions_coded.csv: keys and verdicts, no
## text) with the current tool from the git-ignored validation/texts/, then print voice accuracy
## and target precision per rule and split. Stops on a key that no longer matches a mention.
validation-mentions: $(STAMP)
	$(BIN)/python validation/coded_mentions.py rebuild
	$(BIN)/python validation/coded_mentions.py report
