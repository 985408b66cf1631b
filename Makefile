# One entry point. `make lab` opens the lessons; `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab app test bench browser lessons pins clean site

# Binder's pinned versions are the constraints here too: the environment the tests pass in
# is the one a class gets (`make pins` writes them from this venv after an upgrade).
$(STAMP): pyproject.toml binder/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	grep '==' binder/requirements.txt > $(VENV)/constraints.txt
	$(BIN)/python -m pip install --quiet -c $(VENV)/constraints.txt -e '.[lab,test,site]'
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) lessons/

# the Explorer alone, as a web app for class (no code cells): http://127.0.0.1:8866
app: $(STAMP)
	$(BIN)/voila lessons/explorer.ipynb --Voila.ip=127.0.0.1 --port=8866

browser:
	@bash scripts/ensure-chromium.sh

test: $(STAMP) browser
	$(BIN)/python -m pytest

bench: $(STAMP) browser
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis site build/site_src

# the course website from the saved lessons (nothing is executed): open site/index.html
# through a web server (the live map is an ES module), e.g. python -m http.server -d site
site: $(STAMP)
	$(BIN)/python scripts/build_site.py

lessons: $(STAMP)
	$(BIN)/python scripts/lesson_checks.py
	$(BIN)/python scripts/run_lessons.py

# binder/requirements.txt: the exact versions of this (tested) environment
pins: $(STAMP)
	$(BIN)/python scripts/pins.py
