# The README's two commands: `make reproduce` (set up + run the whole study) and
# `make test` (set up + run every test). Both create .venv if it is missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check

# Stamps record what was installed, so a second run skips pip unless
# pyproject.toml changed.
TEST_STAMP  := $(VENV)/.installed-test
STUDY_STAMP := $(VENV)/.installed-study

.PHONY: reproduce test html lab check-reproducible clean-outputs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[notebooks,test,scale]'
	@touch $@

$(STUDY_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[notebooks,lab,test]'
	@touch $@ $(TEST_STAMP)

## Run the whole study: execute every notebook in order, regenerating figures/ and results/.
reproduce: $(STUDY_STAMP)
	$(BIN)/python -m framing.study run notebooks

## Run every test: unit, property and notebook-execution tests.
test: $(TEST_STAMP)
	$(BIN)/python -m pytest

## Render the executed notebooks to HTML (html/) for readers without Jupyter.
html: $(STUDY_STAMP)
	$(BIN)/jupyter nbconvert --to html --output-dir html notebooks/*.ipynb

## Open the notebooks in JupyterLab.
lab: $(STUDY_STAMP)
	$(BIN)/jupyter lab notebooks

## Re-run the study and fail if any tracked figure, table or notebook changed.
check-reproducible: reproduce
	git diff --stat --exit-code -- figures results notebooks
